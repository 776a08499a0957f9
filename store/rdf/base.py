"""What every RDF store offers, embedded Oxigraph or a SPARQL 1.1 server: the write side the
writer uses (named graphs replaced whole) and the read side the web app, Linked Data, the exports,
the downloads and `stats` use (a query with a time limit and a row cap, a resource's description,
one graph's quads, the whole store graph by graph, counts). Nothing outside the store modules
touches an engine's own objects."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Triple, parse

from briefgraph.errors import BriefgraphError
from briefgraph.ontology.model import BG, ONTOLOGY_IRI, ontology_path
from briefgraph.store.rdf.sparql import SparqlResult

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HASHES_QUERY = f"SELECT ?b ?h WHERE {{ GRAPH ?g {{ ?b <{BG}contentHash> ?h }} }}"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RdfError(BriefgraphError, RuntimeError):
    """The RDF store failed or refused."""

    http_status = 503


def iri_term(iri: str) -> NamedNode:
    """A validated IRI as a term (ValueError when it is not one: a space, '>', a missing scheme),
    so that an identifier from a URL reaches a query only as a well-formed IRI."""
    return NamedNode(iri)


def insert_update(graph: NamedNode, triples: Iterable[Triple]) -> str:
    """One SPARQL update that replaces a named graph's content (no triples: the graph is dropped)."""
    body = "".join(f"{t} .\n" for t in triples)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}}} }}"


def prune_update(entity_graph: NamedNode) -> str:
    """Remove from the entity graph what it says of entities no briefing graph names any more (and
    of their points, `…/id/place/x#point`, with them)."""
    return (f"DELETE {{ GRAPH {entity_graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {entity_graph} {{ ?s ?p ?o }} "
            'BIND(IF(CONTAINS(STR(?s), "#"), IRI(STRBEFORE(STR(?s), "#")), ?s) AS ?e) '
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ {{ ?e ?x ?y }} UNION {{ ?y ?x ?e }} }} FILTER(?g != {entity_graph}) }} }}")


def briefing_id_of(iri: str) -> str:
    """The briefing id at the end of a briefing IRI ({base}/briefings/{id})."""
    return iri.rsplit("/briefings/", 1)[-1]


def hash_ask(graph: NamedNode, briefing: NamedNode, content_hash: str) -> str:
    """ASK whether the named graph holds the briefing at this content hash."""
    return f'ASK {{ GRAPH {graph} {{ {briefing} <{BG}contentHash> "{content_hash}" }} }}'


def describe_query(iri: NamedNode) -> str:
    """SELECT the quads that describe a resource: what it states, what states something of it
    (events' roles, relations, mentions), and the places, times and offsets of those facts.
    The IRI is a validated term, never raw text."""
    return f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{
  {{ {iri} ?p ?o . BIND({iri} AS ?s) }}
  UNION {{ ?s ?p {iri} . BIND({iri} AS ?o) }}
  UNION {{ ?x ?r {iri} . ?x ?p ?o . BIND(?x AS ?s)
           FILTER(?p IN (<{RDF_TYPE}>, <{BG}modality>, <{BG}time>,
                         <{BG}inBriefing>, <{BG}start>, <{BG}end>, <{BG}evidence>)) }}
}} }}"""


def quads_of(result: SparqlResult) -> list[Quad]:
    """The quads of a (s, p, o, g) SELECT's rows."""
    return [Quad(s, p, o, g) for s, p, o, g in result.rows]


_Term = TypeVar("_Term")


def ontology_triples() -> list[Triple]:
    """The ontology's triples, blank nodes skolemised to IRIs numbered in file order, so that
    every store and every export holds byte-identical ontology triples."""
    names: dict[str, NamedNode] = {}

    def skolem(term: _Term) -> _Term | NamedNode:
        if isinstance(term, BlankNode):
            return names.setdefault(term.value, NamedNode(f"{ONTOLOGY_IRI}/.well-known/genid/{len(names) + 1}"))
        return term

    out: list[Triple] = []
    for name in ("briefgraph.ttl", "typologies.ttl"):
        with ontology_path(name).open("rb") as fh:
            for t in parse(fh, format=RdfFormat.TURTLE, base_iri=str(ONTOLOGY_IRI)):
                out.append(Triple(skolem(t.subject), t.predicate, skolem(t.object)))
    return out


class RdfStore(Protocol):
    """A place for named graphs, queried with SPARQL."""

    # -- the write side (the ingest's writer) --------------------------------------------------

    def replace_graph(self, graph: NamedNode, triples: list[Triple]) -> None:
        """Replace the named graph's content with these triples."""

    def load_graphs(self, graphs: list[NamedNode], nquads: str, markers: str) -> None:
        """Replace named graphs' contents with the N-Quads given, the markers (content-hash
        triples that say a graph is complete) last."""

    def drop_graph(self, graph: NamedNode) -> None:
        """Remove a named graph."""

    def prune_entities(self, entity_graph: NamedNode) -> None:
        """Remove from the entity graph the entities no briefing names any more."""

    def ensure_ontology(self) -> None:
        """Load the ontology into its own named graph (idempotent)."""

    def record(self, update: str, nquads: str) -> None:
        """Run a SPARQL update of the record of changes (store/rdf/record.py; may be empty), then
        add its N-Quads."""

    # -- the read side (the web app, Linked Data, exports, downloads, stats) ---------------------

    def query(self, query: str, *, timeout_s: float, limit: int, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, generation: str | None = None,
              formats: dict[str, str] | None = None) -> SparqlResult:
        """A read-only query (never an update), stopped at the time limit (QueryTimeout), cut at
        `limit` rows or triples; QueryRefused for a query the engine rejects. The default graph is
        the union of the named graphs unless the query or `default_graphs` names its dataset.
        `formats` ({"results": name, "graph": name}) lets a store hand back the body already
        serialised (SparqlResult.body); `generation` lets it reuse what it opened for the same data."""

    def describe(self, iri: NamedNode, *, timeout_s: float, limit: int, generation: str | None = None) -> list[Quad]:
        """The quads that describe a resource (see describe_query), in the graphs that state them."""

    def graph_quads(self, graph: NamedNode) -> Iterator[Quad]:
        """Every quad of one named graph."""

    def quads(self) -> Iterable[Quad]:
        """Every quad of the store, graph by graph."""

    def ask(self, query: str) -> bool:
        """Run an ASK query (the store's own queries, not a user's)."""

    def count(self) -> int:
        """How many quads the store holds (what quads() would yield)."""

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""

    def close(self) -> None:
        """Release the store."""
