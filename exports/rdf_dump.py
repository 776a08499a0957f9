"""RDF dumps that stream: quads go from the store to the writer one at a time, so memory does not
grow with the graph. Dataset formats (N-Quads, TriG) keep one named graph per briefing; graph
formats (Turtle, N-Triples, JSON-LD, RDF/XML) carry the union of the graphs, where a triple that
several briefings state appears once per briefing (every loader merges them)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from briefgraph.formats import Format
from briefgraph.ontology.model import PREFIXES
from briefgraph.store.rdf.base import RdfStore, iri_term


def as_triples(quads: Iterable[Quad]) -> Iterator[Triple]:
    """The triples of quads (their graphs dropped)."""
    for quad in quads:
        yield Triple(quad.subject, quad.predicate, quad.object)


def write_quads(quads: Iterable[Quad], fmt: Format, output: BinaryIO) -> None:
    """Serialise quads in an RDF format, streaming: dataset formats keep the graphs. Turtle and TriG
    declare the vocabularies' prefixes only (instance IRIs hold '/', '#' and '=', which as prefixed
    names would all need escapes)."""
    if fmt.rdf is None:
        raise ValueError(f"{fmt.name} is not an RDF format")
    source = quads if fmt.kind == "dataset" else as_triples(quads)
    options = {"prefixes": PREFIXES} if fmt.name in ("turtle", "trig") else {}
    serialize(source, output, fmt.rdf, **options)


def resource_quads(rdf: RdfStore, base_url: str, kind: str, ident: str, *, timeout_s: float,
                   generation: str | None = None) -> list[Quad]:
    """What the archive says of one resource: a briefing's named graph, or an entity's or event's
    description with its sources (ValueError for an identifier that makes no IRI)."""
    if kind == "briefing":
        return list(rdf.graph_quads(iri_term(f"{base_url}/briefings/{ident}/graph")))
    return rdf.describe(iri_term(f"{base_url}/id/{ident}"), timeout_s=timeout_s, limit=DESCRIPTION_CAP,
                        generation=generation)


# Quads one resource's description holds at most: a bound on what one page or export keeps in memory.
DESCRIPTION_CAP = 200_000


def write_description(quads: list[Quad], fmt: Format, output: BinaryIO) -> None:
    """One resource's description in an RDF format, as the Linked Data twins and `export --entity`
    both give it, sorted: the graphs kept in the dataset formats, each triple once in the graph formats,
    Turtle with the vocabularies' prefixes and JSON-LD compacted with them as its context."""
    # In the order of their N-Triples text, whatever order the store gave them in: the same
    # description is the same bytes from every store.
    if fmt.kind == "dataset":
        write_quads(sorted(set(quads), key=str), fmt, output)
        return
    triples = sorted(set(as_triples(quads)), key=str)
    if fmt.name == "jsonld":
        output.write(_compacted_jsonld(triples))
        return
    options = {"prefixes": PREFIXES} if fmt.name == "turtle" else {}
    serialize(triples, output, fmt.rdf, **options)


def _compacted_jsonld(triples: list[Triple]) -> bytes:
    """JSON-LD compacted with a context of the vocabularies' prefixes (rdflib does the compaction)."""
    from rdflib import Graph

    graph = Graph().parse(data=serialize(triples, None, RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode("utf-8")
