"""SPARQL results in the SPARQL 1.1 Query Results formats: written by the store's query workers, so
the writers live with the store's answers (store/sparql_results.py); named here for the web app."""
from __future__ import annotations

from briefgraph.store.sparql_results import render

__all__ = ["render"]
