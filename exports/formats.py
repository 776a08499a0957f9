"""The registry of output formats, under the exports' name. It lives in briefgraph/formats.py, below
the store, whose query workers write the SPARQL endpoint's answers in its formats."""
from __future__ import annotations

from briefgraph.formats import FORMATS, Format, UnknownFormat, formats, get_format

__all__ = ["FORMATS", "Format", "UnknownFormat", "formats", "get_format"]
