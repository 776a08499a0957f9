"""How each format is written, looked up by its name, as rdflib's plugin registry maps a format
name to its serialiser: one `Writer` per format, which writes the whole archive, one resource's
description (an entity, an event or a briefing) or a graph given as triples (the ontology). The
families: RDF (pyoxigraph, JSON-LD compacted by rdflib), the Cypher script, the neo4j-admin CSV
files. A format of the registry (formats.py) that the exports offer has a writer here."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO, Literal, Protocol

from pyoxigraph import Quad, Triple

from briefgraph.errors import BriefgraphError
from briefgraph.formats import Format, UnknownFormat
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.rdf.base import RdfStore

from .as_of import quads_as_of
from .cypher_script import literal, write_cypher_script
from .neo4j_csv import write_neo4j_csv
from .rdf_dump import compacted_jsonld, sorted_quads, sorted_triples, write_quads, write_statements


class NothingToDescribe(BriefgraphError, ValueError):
    """An entity, event or briefing the archive says nothing about."""

    http_status = 404


@dataclass(frozen=True)
class Stores:
    """The stores a whole export reads: the graph for the property-graph formats, the RDF store for
    the others (a caller opens only the one its format needs)."""

    graph: GraphStore | None = None
    rdf: RdfStore | None = None
    as_of: dt.date | None = None            # the archive as of a report day (exports/as_of.py)
    base_url: str = ""

    def need_graph(self) -> GraphStore:
        """The graph store (ValueError without one)."""
        if self.graph is None:
            raise ValueError("this format is written from the graph store, and none was given")
        return self.graph

    def need_rdf(self) -> RdfStore:
        """The RDF store (ValueError without one)."""
        if self.rdf is None:
            raise ValueError("this format is written from the RDF store, and none was given")
        return self.rdf


@dataclass(frozen=True)
class Resource:
    """One resource to describe, and how to read what the archive says of it: called only by the
    formats that need it (the Cypher lookup does not), so the caller decides the time limit and
    what a failed read means (a page answers 503, an export stops with the error)."""

    kind: Literal["briefing", "entity"]     # an event is an entity here: its id starts with "event/"
    ident: str
    read: Callable[[], list[Quad]]


def lookup_query(kind: str, ident: str) -> str:
    """The Cypher that returns an entity, event or briefing with its relationships (a `.cypher` twin)."""
    root = {"briefing": "Briefing", "event": "Event"}.get(kind, "Entity")
    return (f"MATCH (n:{root} {{id: {literal(ident)}}})\nOPTIONAL MATCH (n)-[r]-(m)\n"
            "RETURN n, r, m\nLIMIT 1000\n")


class Writer(Protocol):
    """What a format offers the exports, the downloads, the Linked Data twins and the ontology page."""

    def write_archive(self, stores: Stores, output: BinaryIO) -> None:
        """The whole archive (what `briefgraph export` and the downloads write)."""

    def write_resource(self, resource: Resource, output: BinaryIO) -> None:
        """One resource's description (`export --entity`/`--briefing`, a Linked Data twin);
        NothingToDescribe when the archive says nothing about it."""

    def write_graph(self, triples: Iterable[Triple], output: BinaryIO) -> None:
        """A graph given as triples, in the order given (the ontology page)."""


class RdfWriter:
    """An RDF format, written by pyoxigraph; a description is sorted, each triple once in the graph
    formats, the graphs kept in the dataset formats."""

    def __init__(self, fmt: Format):
        self.format = fmt

    def write_archive(self, stores: Stores, output: BinaryIO) -> None:
        rdf = stores.need_rdf()
        write_quads(rdf.quads() if stores.as_of is None else quads_as_of(rdf, stores.base_url, stores.as_of),
                    self.format, output)

    def write_resource(self, resource: Resource, output: BinaryIO) -> None:
        quads = resource.read()
        if not quads:
            raise NothingToDescribe(f"there is nothing about {resource.kind} {resource.ident!r} in the archive")
        if self.format.kind == "dataset":
            write_quads(sorted_quads(quads), self.format, output)
        else:
            self.write_graph(sorted_triples(quads), output)

    def write_graph(self, triples: Iterable[Triple], output: BinaryIO) -> None:
        write_statements(triples, self.format, output)


class CompactedJsonLdWriter(RdfWriter):
    """JSON-LD: the archive streamed by pyoxigraph as it comes; a document of one resource (or the
    ontology) compacted with the vocabularies' prefixes as its context, for people to read."""

    def write_graph(self, triples: Iterable[Triple], output: BinaryIO) -> None:
        output.write(compacted_jsonld(triples))


def _whole(stores: Stores, name: str) -> None:
    """The property-graph formats rebuild today's graph: no as-of view of them."""
    if stores.as_of is not None:
        raise ValueError(f"{name} rebuilds the graph as it is today; --as-of is for the RDF formats")


class _PropertyGraphWriter:
    """What the property-graph formats share: they write no RDF."""

    def __init__(self, fmt: Format):
        self.format = fmt

    def write_graph(self, triples: Iterable[Triple], output: BinaryIO) -> None:
        raise ValueError(f"{self.format.name} is not an RDF format")


class CypherWriter(_PropertyGraphWriter):
    """The Cypher script that rebuilds the graph; a resource's description is the query that fetches it."""

    def write_archive(self, stores: Stores, output: BinaryIO) -> None:
        _whole(stores, self.format.name)
        text = io.TextIOWrapper(output, encoding="utf-8", newline="\n", write_through=True)
        write_cypher_script(stores.need_graph(), text)
        text.flush()
        text.detach()               # the caller's stream stays open

    def write_resource(self, resource: Resource, output: BinaryIO) -> None:
        kind = "briefing" if resource.kind == "briefing" else resource.ident.split("/", 1)[0]
        output.write(lookup_query(kind, resource.ident).encode("utf-8"))


class Neo4jCsvWriter(_PropertyGraphWriter):
    """The neo4j-admin import files, of the whole graph only."""

    def write_archive(self, stores: Stores, output: BinaryIO) -> None:
        _whole(stores, self.format.name)
        write_neo4j_csv(stores.need_graph(), output)

    def write_resource(self, resource: Resource, output: BinaryIO) -> None:
        raise ValueError("the neo4j-admin CSV files are of the whole graph: drop --briefing and --entity")


_WRITERS: dict[str, Callable[[Format], Writer]] = {}


def register(name: str, factory: Callable[[Format], Writer]) -> None:
    """Let a format (by its registry name) be written by what `factory` makes of it."""
    _WRITERS[name] = factory


for _name in ("turtle", "ntriples", "rdfxml", "nquads", "trig"):
    register(_name, RdfWriter)
register("jsonld", CompactedJsonLdWriter)
register("cypher", CypherWriter)
register("neo4j-csv", Neo4jCsvWriter)


def writer_for(fmt: Format) -> Writer:
    """The writer of a format (UnknownFormat for a format the exports do not write)."""
    factory = _WRITERS.get(fmt.name)
    if factory is None:
        if fmt.kind == "results":
            raise UnknownFormat(f"{fmt.name} is a format of query results, not of exports")
        raise UnknownFormat(f"{fmt.name} has no writer")
    return factory(fmt)
