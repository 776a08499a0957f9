"""Real stores for the store tests: an embedded FalkorDB, the Neo4j 5 that the tests start (see
tests/conftest.py, Engines), embedded Oxigraph."""
from datetime import datetime
from pathlib import Path

import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_briefing
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.writer import Writer
from tests.conftest import briefing_of
from tests.store.editions import DATA

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = "http://briefgraph.test"
BACKENDS = ["falkordb", "neo4j"]


@pytest.fixture(scope="session")
def sample_extractions(rules_pipeline):
    return [extract(read_briefing(p), rules_pipeline) for p in sorted(SAMPLES.iterdir()) if p.name != "README.md"]


@pytest.fixture(scope="module", params=BACKENDS)
def graph_server(request, tmp_path_factory, engines):
    if request.param == "neo4j":
        from briefgraph.store.graph.neo4j_store import Neo4jGraph
        store = Neo4jGraph(engines.get("neo4j", "store").url, "neo4j", "")
    else:
        store = FalkorGraph.embedded(tmp_path_factory.mktemp("graph"))
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture
def graph(graph_server):
    """An empty graph store (every test starts from nothing)."""
    graph_server.write([("MATCH (n) DETACH DELETE n", {})])
    return graph_server


@pytest.fixture
def rdf(tmp_path):
    store = OxigraphStore(tmp_path / "rdf")
    yield store
    store.close()


@pytest.fixture
def writer(graph, rdf):
    return Writer(graph, rdf, BASE)


@pytest.fixture
def make(rules_pipeline):
    """An extraction of a Markdown briefing written in the test."""
    def make_(name: str, body: str, published: str = "2023-05-02"):
        return extract(briefing_of(body, published, name), rules_pipeline)
    return make_


@pytest.fixture
def series(graph, tmp_path, rules_pipeline):
    """Ingest a list of (time, files) one writer (one change set) each; return the writers' stamps."""
    def run(steps):
        stamps = []
        for when, files in steps:
            rdf = OxigraphStore(tmp_path / "rdf")
            with Writer(graph, rdf, BASE, clock=lambda: datetime.fromisoformat(when)) as writer:
                writer.write_many([extract(read_briefing(DATA / f), rules_pipeline) for f in files])
            stamps.append(writer.change)
        return stamps
    return run


