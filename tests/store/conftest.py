"""Real stores for the store tests: an embedded FalkorDB always, Neo4j when
BRIEFGRAPH_TEST_NEO4J_URL is set (with BRIEFGRAPH_TEST_NEO4J_USER / _PASSWORD), embedded Oxigraph."""
import os
from pathlib import Path

import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.pipeline import build_pipeline, default_config
from briefgraph.ingest.readers import read_briefing, read_bytes
from briefgraph.store.graph_falkordb import FalkorGraph
from briefgraph.store.rdf_store import OxigraphStore
from briefgraph.store.writer import Writer

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = "http://briefgraph.test"
NEO4J_URL = os.environ.get("BRIEFGRAPH_TEST_NEO4J_URL")


def backends() -> list[str]:
    return ["falkordb"] + (["neo4j"] if NEO4J_URL else [])


@pytest.fixture(scope="session")
def pipeline():
    config = default_config()
    config["components"]["ner"]["model"] = "off"
    return build_pipeline(config)


@pytest.fixture(scope="session")
def sample_extractions(pipeline):
    return [extract(read_briefing(p), pipeline) for p in sorted(SAMPLES.iterdir()) if p.name != "README.md"]


@pytest.fixture(scope="module", params=backends())
def graph_server(request, tmp_path_factory):
    if request.param == "neo4j":
        from briefgraph.store.graph_neo4j import Neo4jGraph
        store = Neo4jGraph(NEO4J_URL, os.environ.get("BRIEFGRAPH_TEST_NEO4J_USER", "neo4j"),
                           os.environ.get("BRIEFGRAPH_TEST_NEO4J_PASSWORD", ""))
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
def make(pipeline):
    """An extraction of a Markdown briefing written in the test."""
    def make_(name: str, body: str, published: str = "2023-05-02"):
        text = f"---\ntitle: {name}\npublished: {published}\n---\n\n{body}\n"
        return extract(read_bytes(text.encode(), f"{name}.md"), pipeline)
    return make_
