"""RDF dumps that stream: quads go from the store to the writer one at a time, so memory does not
grow with the graph. Dataset formats (N-Quads, TriG) keep one named graph per briefing; graph
formats (Turtle, N-Triples, JSON-LD, RDF/XML) carry the union of the graphs, where a triple that
several briefings state appears once per briefing (every loader merges them)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, Triple, serialize

from briefgraph.ontology.model import BG

from .formats import Format

PREFIXES = {
    "bg": str(BG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
}


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


def store_quads(rdf, graph: str | None = None) -> Iterable[Quad]:
    """Every quad of the RDF store, or of one named graph."""
    if graph is None:
        return rdf.quads()
    return rdf.store.quads_for_pattern(None, None, None, NamedNode(graph))


def describe_query(iri: str) -> str:
    """SELECT the quads that describe a resource: what it states, what states something of it
    (events' roles, relations, mentions), and the places, times and offsets of those facts."""
    return f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{
  {{ <{iri}> ?p ?o . BIND(<{iri}> AS ?s) }}
  UNION {{ ?s ?p <{iri}> . BIND(<{iri}> AS ?o) }}
  UNION {{ ?x ?r <{iri}> . ?x ?p ?o . BIND(?x AS ?s)
           FILTER(?p IN (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>, <{BG}modality>, <{BG}time>,
                         <{BG}inBriefing>, <{BG}start>, <{BG}end>, <{BG}evidence>)) }}
}} }}"""
