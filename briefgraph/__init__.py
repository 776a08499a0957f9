"""Briefgraph."""
