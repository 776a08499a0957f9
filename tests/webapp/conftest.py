"""The web app over real stores holding the sample briefings, plus one hostile briefing whose
title and body carry markup, for the escaping tests."""
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_briefing, read_bytes
from briefgraph.settings import Settings
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.view import View
from briefgraph.store.writer import Writer
from briefgraph.webapp import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = "http://briefgraph.test"
# Markdown: the reader drops the body's tags, the title keeps them. Plain text keeps everything.
HOSTILE = """---
title: "<script>alert('title')</script> Minsk <img src=x onerror=alert(1)>"
published: 2024-03-05
---

On 4 March <script>alert('body')</script> Alexander Lukashenko met Vladimir Putin in Minsk.
<img src=x onerror="alert(2)"> The <b onmouseover=alert(3)>Belarusian</b> leader said that
Russia would transfer 2,000 troops to Belarus. <a href="javascript:alert(4)">link</a>
"""
HOSTILE_PLAIN = """<script>alert("plain")</script> Weekly note

On 4 March 2024 <script>alert('body')</script> Alexander Lukashenko met Vladimir Putin in Minsk.
<img src=x onerror="alert(2)"> The <b onmouseover=alert(3)>Belarusian</b> leader said that Russia
would transfer 2,000 troops to Belarus. <a href="javascript:alert(4)">link</a>
"""


GRAPH_BACKENDS = ["falkordb", "neo4j"]
RECORDED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


def open_graph_for(backend: str, folder: Path, engines):
    """An empty graph store of the backend: an embedded FalkorDB in the folder, or the session's
    Neo4j for the pages (Neo4j Community has one database, so it is wiped first). The writer
    creates the schema."""
    if backend == "neo4j":
        from briefgraph.store.graph.neo4j_store import Neo4jGraph
        graph = Neo4jGraph(engines.get("neo4j", "pages").url, "neo4j", "")
        graph.write([("MATCH (n) DETACH DELETE n", {})])
        return graph
    return FalkorGraph.embedded(folder / "graph")


@pytest.fixture(scope="session")
def loaded_stores(tmp_path_factory, rules_pipeline, engines):
    """The stores of a graph backend, loaded on first use and kept for the session: (graph store,
    folder of an embedded Oxigraph), both holding the samples and the hostile briefings. A test
    that compares the backends asks for both."""
    made: dict[str, tuple] = {}
    extractions: list = []

    def load(backend: str) -> tuple:
        if backend not in made:
            if not extractions:
                extractions.extend(extract(read_briefing(p), rules_pipeline)
                                   for p in sorted(SAMPLES.iterdir()) if p.name != "README.md")
                extractions.append(extract(read_bytes(HOSTILE.encode(), "zz-hostile.md"), rules_pipeline))
                extractions.append(extract(read_bytes(HOSTILE_PLAIN.encode(), "zz-hostile-plain.txt"), rules_pipeline))
            folder = tmp_path_factory.mktemp(f"webapp-stores-{backend}")
            graph = open_graph_for(backend, folder, engines)
            rdf = OxigraphStore(folder / "rdf")
            # one time for both backends' change sets: their exports are compared byte for byte
            Writer(graph, rdf, BASE, clock=lambda: RECORDED).write_many(extractions)
            rdf.close()
            made[backend] = (graph, folder / "rdf")
        return made[backend]

    yield load
    for graph, _ in made.values():
        graph.close()


@pytest.fixture(scope="session", params=GRAPH_BACKENDS)
def stores(request, loaded_stores):
    """A graph store (embedded FalkorDB, or Neo4j) and the folder of an embedded Oxigraph, holding
    the samples and the hostile briefings: every test that reads them runs over both backends."""
    return loaded_stores(request.param)


# The reason phrases of the statuses the app answers with, for the error bodies the tests expect.
TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
          413: "Request Entity Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error",
          503: "Service Unavailable"}


def error(status: int, message: str) -> dict:
    """The one JSON error body every endpoint answers with."""
    return {"error": {"status": status, "title": TITLES[status], "message": message}}


def settings_for(rdf_path: Path, **changes) -> Settings:
    """The settings of a test app over the test stores (their base URL, their data folder)."""
    return replace(Settings.from_env({}), base_url=BASE, data_dir=rdf_path.parent, **changes)


@pytest.fixture(scope="session")
def app(stores):
    graph, rdf_path = stores
    return create_app({"TESTING": True, "VIEW": View(graph, rdf_path), "SETTINGS": settings_for(rdf_path)})


@pytest.fixture
def client(app):
    return app.test_client()
