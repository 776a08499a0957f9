"""Exports: every format of the registry (formats.py), for the whole archive, one briefing or one
entity, written to a binary stream. Shared by `briefgraph export`, the downloads and the Linked
Data twins."""
from __future__ import annotations

import io
from typing import BinaryIO

from briefgraph.formats import Format, UnknownFormat, get_format

from .cypher_script import literal, write_cypher_script
from .neo4j_csv import write_neo4j_csv
from .rdf_dump import resource_quads, write_description, write_quads

__all__ = ["Format", "UnknownFormat", "get_format", "export", "lookup_query"]

# Seconds `briefgraph export --entity` lets the description's query run (a page's limit is the
# console's; an export run by hand may wait longer).
EXPORT_TIMEOUT_S = 300.0


def lookup_query(kind: str, ident: str) -> str:
    """The Cypher that returns an entity, event or briefing with its relationships (a `.cypher` twin)."""
    root = {"briefing": "Briefing", "event": "Event"}.get(kind, "Entity")
    return (f"MATCH (n:{root} {{id: {literal(ident)}}})\nOPTIONAL MATCH (n)-[r]-(m)\n"
            "RETURN n, r, m\nLIMIT 1000\n")


def export(fmt: Format, output: BinaryIO, *, graph=None, rdf=None, base_url: str, briefing: str | None = None,
           entity: str | None = None) -> None:
    """Write one export. `graph` and `rdf` are the stores (what the format needs of them)."""
    if briefing and entity:
        raise ValueError("give --briefing or --entity, not both")
    if fmt.kind == "results":
        raise UnknownFormat(f"{fmt.name} is a format of query results, not of exports")
    if fmt.name == "neo4j-csv":
        if briefing or entity:
            raise ValueError("the neo4j-admin CSV files are of the whole graph: drop --briefing and --entity")
        write_neo4j_csv(graph, output)
        return
    if fmt.name == "cypher":
        text = io.TextIOWrapper(output, encoding="utf-8", newline="\n", write_through=True)
        if briefing or entity:
            kind, ident = ("briefing", briefing) if briefing else (entity.split("/", 1)[0], entity)
            text.write(lookup_query(kind, ident))
        else:
            write_cypher_script(graph, text)
        text.flush()
        text.detach()
        return
    if entity or briefing:
        kind, ident = ("briefing", briefing) if briefing else ("entity", entity)
        quads = resource_quads(rdf, base_url, kind, ident, timeout_s=EXPORT_TIMEOUT_S)
        if not quads:
            raise ValueError(f"there is nothing about {kind} {ident!r} in the archive")
        write_description(quads, fmt, output)
        return
    write_quads(rdf.quads(), fmt, output)
