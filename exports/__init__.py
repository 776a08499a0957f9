"""Exports: every format of the registry (formats.py), for the whole archive, one briefing or one
entity, written to a binary stream by the format's writer (writers.py). Shared by `briefgraph
export`, the downloads and the Linked Data twins."""
from __future__ import annotations

import datetime as dt

from typing import BinaryIO, Literal

from pyoxigraph import Quad

from briefgraph.formats import Format, UnknownFormat, get_format
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.rdf.base import RdfStore

from .rdf_dump import resource_quads
from .writers import NothingToDescribe, Resource, Stores, Writer, lookup_query, writer_for

__all__ = ["Format", "UnknownFormat", "get_format", "export", "lookup_query", "writer_for", "Writer", "Resource",
           "Stores", "NothingToDescribe"]

# Seconds `briefgraph export --entity` lets the description's query run (a page's limit is the
# console's; an export run by hand may wait longer).
EXPORT_TIMEOUT_S = 300.0


def export(fmt: Format, output: BinaryIO, *, graph: GraphStore | None = None, rdf: RdfStore | None = None,
           base_url: str, briefing: str | None = None, entity: str | None = None,
           as_of: dt.date | None = None) -> None:
    """Write one export. `graph` and `rdf` are the stores (what the format needs of them); `as_of`,
    the whole archive as the briefings published by that day had it (exports/as_of.py)."""
    if briefing and entity:
        raise ValueError("give --briefing or --entity, not both")
    if as_of is not None and (briefing or entity):
        raise ValueError("--as-of is for the whole archive: drop --briefing and --entity")
    writer = writer_for(fmt)
    stores = Stores(graph, rdf, as_of, base_url)
    if briefing:
        writer.write_resource(_resource("briefing", briefing, stores, base_url), output)
    elif entity:
        writer.write_resource(_resource("entity", entity, stores, base_url), output)
    else:
        writer.write_archive(stores, output)


def _resource(kind: Literal["briefing", "entity"], ident: str, stores: Stores, base_url: str) -> Resource:
    def read() -> list[Quad]:
        return resource_quads(stores.need_rdf(), base_url, kind, ident, timeout_s=EXPORT_TIMEOUT_S)
    return Resource(kind, ident, read)
