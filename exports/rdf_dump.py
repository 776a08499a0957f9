"""RDF dumps that stream: quads go from the store to the writer one at a time, so memory does not
grow with the graph. Dataset formats (N-Quads, TriG) keep one named graph per briefing; graph
formats (Turtle, N-Triples, JSON-LD, RDF/XML) carry the union of the graphs, where a triple that
several briefings state appears once per briefing (every loader merges them)."""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from briefgraph.formats import Format
from briefgraph.ontology.model import PREFIXES
from briefgraph.store.rdf.base import RdfStore, iri_term

# Quads one resource's description holds at most: a bound on what one page or export keeps in memory.
DESCRIPTION_CAP = 200_000


def as_triples(quads: Iterable[Quad]) -> Iterator[Triple]:
    """The triples of quads (their graphs dropped)."""
    for quad in quads:
        yield Triple(quad.subject, quad.predicate, quad.object)


def _rdf_format(fmt: Format) -> RdfFormat:
    if fmt.rdf is None:
        raise ValueError(f"{fmt.name} is not an RDF format")
    return fmt.rdf


def write_statements(statements: Iterable[Quad] | Iterable[Triple], fmt: Format, output: BinaryIO) -> None:
    """Serialise triples or quads as they come, streaming, with the vocabularies' prefixes in the
    formats that declare them (instance IRIs hold '/', '#' and '=', which as prefixed names would
    all need escapes, so only the vocabularies get one)."""
    serialize(statements, output, _rdf_format(fmt), prefixes=PREFIXES if fmt.prefixed else None)


def write_quads(quads: Iterable[Quad], fmt: Format, output: BinaryIO) -> None:
    """Serialise quads in an RDF format, streaming: dataset formats keep the graphs."""
    write_statements(quads if fmt.kind == "dataset" else as_triples(quads), fmt, output)


def resource_quads(rdf: RdfStore, base_url: str, kind: str, ident: str, *, timeout_s: float,
                   generation: str | None = None) -> list[Quad]:
    """What the archive says of one resource: a briefing's named graph, or an entity's or event's
    description with its sources (ValueError for an identifier that makes no IRI)."""
    if kind == "briefing":
        return list(rdf.graph_quads(iri_term(f"{base_url}/briefings/{ident}/graph")))
    return rdf.describe(iri_term(f"{base_url}/id/{ident}"), timeout_s=timeout_s, limit=DESCRIPTION_CAP,
                        generation=generation)


def sorted_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Each quad once, in the order of its N-Quads text: the same description is the same bytes
    from every store, whatever order the store gave them in."""
    return sorted(set(quads), key=str)


def sorted_triples(quads: Iterable[Quad]) -> list[Triple]:
    """Each triple of the quads once (their graphs dropped), in the order of its N-Triples text."""
    return sorted(set(as_triples(quads)), key=str)


def compacted_jsonld(triples: Iterable[Triple]) -> bytes:
    """JSON-LD compacted with a context of the vocabularies' prefixes (rdflib does the compaction)."""
    from rdflib import Graph

    ntriples = io.BytesIO()
    serialize(triples, ntriples, RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=ntriples.getvalue().decode("utf-8"), format="nt")
    text: str = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return text.encode("utf-8")
