"""Exports: every format of the registry (formats.py), for the whole archive, one briefing or one
entity, written to a binary stream. Shared by `briefgraph export`, the downloads and the Linked
Data twins."""
from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from pyoxigraph import Quad

from .cypher_script import literal, write_cypher_script
from .formats import Format, UnknownFormat, get_format
from .neo4j_csv import write_neo4j_csv
from .rdf_dump import describe_query, store_quads, write_quads

__all__ = ["Format", "UnknownFormat", "get_format", "export", "lookup_query", "description_quads"]


def lookup_query(kind: str, ident: str) -> str:
    """The Cypher that returns an entity, event or briefing with its relationships (a `.cypher` twin)."""
    root = {"briefing": "Briefing", "event": "Event"}.get(kind, "Entity")
    return (f"MATCH (n:{root} {{id: {literal(ident)}}})\nOPTIONAL MATCH (n)-[r]-(m)\n"
            "RETURN n, r, m\nLIMIT 1000\n")


def description_quads(rows: Iterable) -> Iterable[Quad]:
    """Quads from the rows of `describe_query` (s, p, o, g)."""
    for s, p, o, g in rows:
        yield Quad(s, p, o, g)


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
    if entity:
        iri = f"{base_url}/id/{entity}"
        rows = rdf.store.query(describe_query(iri), use_default_graph_as_union=True)
        quads = description_quads((r[0], r[1], r[2], r[3]) for r in rows)
    elif briefing:
        quads = store_quads(rdf, f"{base_url}/briefings/{briefing}/graph")
    else:
        quads = store_quads(rdf)
    write_quads(quads, fmt, output)
