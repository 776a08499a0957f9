"""The RDF store over the SPARQL 1.1 Protocol (BRIEFGRAPH_RDF_URL), against a real Apache Jena
Fuseki that the tests start: the writer, and every read the web app and the exports make, give
what the embedded Oxigraph gives for the same briefings."""
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pyoxigraph import NamedNode

from briefgraph.store.graph.base import QueryRefused, QueryTimeout
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.base import RdfError
from briefgraph.store.rdf.open_store import OxigraphStore, SparqlHttpStore
from briefgraph.store.writer import Writer

from .conftest import BASE

LUKASHENKO = f"{BASE}/id/person/alexander-lukashenko"
RECORDED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def fuseki(engines):
    """The session's Fuseki, emptied."""
    store = SparqlHttpStore(engines.get("fuseki", "store").url)
    store._update("DROP ALL")
    return store


@pytest.fixture(scope="module")
def both(fuseki, tmp_path_factory, sample_extractions):
    """The embedded store and Fuseki, each written by the writer with the same three samples (the
    graph store beside them is an embedded FalkorDB: it plays no part in what is compared)."""
    folder = tmp_path_factory.mktemp("rdf-remote")
    graph, local = FalkorGraph.embedded(folder / "graph"), OxigraphStore(folder / "rdf")
    # each the first change set of its archive, at the same time: their record of changes is the same too
    Writer(graph, local, BASE, clock=lambda: RECORDED).write_many(sample_extractions[:3])
    graph.write([("MATCH (n) DETACH DELETE n", {})])
    Writer(graph, fuseki, BASE, clock=lambda: RECORDED).write_many(sample_extractions[:3])
    yield local, fuseki
    local.close()
    graph.close()


DECIMAL = re.compile(r'"([-+0-9.]+)"\^\^<http://www.w3.org/2001/XMLSchema#decimal>')


def by_value(text: str) -> str:
    """xsd:decimal literals written by value: each store keeps the value, not the lexical form,
    and gives it back in its own canonical form (Oxigraph "2", Jena "2.0")."""
    return DECIMAL.sub(lambda m: f'"{Decimal(m.group(1)).normalize():f}"^^<decimal>', text)


def lines(quads) -> list[str]:
    return sorted(by_value(f"{q} .") for q in quads)


def test_the_writer_gives_the_same_quads_and_counts(both):
    local, remote = both
    assert lines(remote.quads()) == lines(local.quads())
    assert remote.count() == local.count() == len(lines(local.quads()))
    assert remote.hashes() == local.hashes() and len(remote.hashes()) == 3


def test_one_graph_and_one_description_are_the_same(both):
    local, remote = both
    graph = NamedNode(f"{BASE}/briefings/{sorted(local.hashes())[0]}/graph")
    assert lines(remote.graph_quads(graph)) == lines(local.graph_quads(graph))
    described = remote.describe(NamedNode(LUKASHENKO), timeout_s=10, limit=10_000)
    assert described and lines(described) == lines(local.describe(NamedNode(LUKASHENKO), timeout_s=10, limit=10_000))


def rows(result) -> list[str]:
    """A result's rows (or triples) as text, by value, in order."""
    return [by_value(" ".join(str(t) for t in row)) for row in result.rows] + [by_value(str(t)) for t in result.triples]


@pytest.mark.parametrize("query, ordered", [
    # (ORDER BY leaves literals that differ only by language tag in an order of the engine's)
    ("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", False),
    ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", False),
    ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    (f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{LUKASHENKO}> ?p ?o }} }} GROUP BY ?g ORDER BY ?g", True),
    (f"ASK {{ <{LUKASHENKO}> ?p ?o }}", True),
    (f"CONSTRUCT {{ <{LUKASHENKO}> ?p ?o }} WHERE {{ <{LUKASHENKO}> ?p ?o }}", False),
], ids=["select-distinct-union", "select-graphs", "count", "group-by-graph", "ask", "construct"])
def test_queries_answer_the_same(both, query, ordered):
    local, remote = both
    a = local.query(query, timeout_s=10, limit=100_000)
    b = remote.query(query, timeout_s=10, limit=100_000)
    assert (b.kind, b.variables, b.boolean, b.truncated) == (a.kind, a.variables, a.boolean, False)
    assert rows(b) == rows(a) if ordered else sorted(rows(b)) == sorted(rows(a))
    assert rows(a) or a.boolean


def test_the_union_default_graph_is_a_set_on_fuseki_and_a_bag_on_oxigraph(both):
    """A triple that several briefings state is in the union default graph once (an RDF merge),
    as Fuseki answers; pyoxigraph 0.5 counts it once per graph (Oxigraph issue 1919, fixed in its
    0.6 line). When this fails, the engine was fixed: drop the DISTINCTs the examples carry."""
    local, remote = both
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT * WHERE { ?s ?p ?o } }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    n = {q: [int(s.query(q, timeout_s=10, limit=1).rows[0][0].value) for s in (local, remote)]
         for q in (count, distinct, in_graphs)}
    assert n[distinct][0] == n[distinct][1] == n[count][1] < n[count][0] == n[in_graphs][0] == n[in_graphs][1]


def test_the_row_cap_cuts_and_says_so(both):
    _, remote = both
    result = remote.query("SELECT * WHERE { ?s ?p ?o }", timeout_s=10, limit=7)
    assert len(result.rows) == 7 and result.truncated is True


def test_a_malformed_query_is_refused_and_a_runaway_one_stopped(both):
    _, remote = both
    with pytest.raises(QueryRefused, match="400"):
        remote.query("SELEC * WHERE { ?s ?p ?o }", timeout_s=5, limit=10)
    with pytest.raises(QueryTimeout):
        remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                     timeout_s=1, limit=10)
    assert remote.count() > 0                      # the server answers the next request


def test_dropping_a_graph(fuseki):
    graph = NamedNode(f"{BASE}/briefings/not-a-sample/graph")
    fuseki.replace_graph(graph, [])
    fuseki._update(f"INSERT DATA {{ GRAPH {graph} {{ <{BASE}/a> <{BASE}/b> 'c' }} }}")
    assert fuseki.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    fuseki.drop_graph(graph)
    assert not fuseki.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")


def test_a_server_that_is_gone_is_a_clear_error(tmp_path):
    from briefgraph.engines import free_port
    gone = SparqlHttpStore(f"http://127.0.0.1:{free_port()}/ds")
    with pytest.raises(RdfError, match="cannot be reached"):
        gone.count()

