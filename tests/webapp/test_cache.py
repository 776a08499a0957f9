"""The page cache: a page is computed once per generation of the store, a write makes the next
request compute it again, and a client holding the page's ETag gets 304."""
import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.view import View
from briefgraph.store.writer import Writer
from briefgraph.webapp import create_app
from tests.conftest import briefing_of


@pytest.fixture
def small(tmp_path, rules_pipeline):
    graph = FalkorGraph.embedded(tmp_path / "graph")
    rdf = OxigraphStore(tmp_path / "rdf")
    writer = Writer(graph, rdf, "http://briefgraph.test")
    write = lambda name, body: writer.write(extract(briefing_of(body, "2024-02-01", name), rules_pipeline))
    write("first", "On 1 February Alexander Lukashenko met Vladimir Putin in Minsk.")
    app = create_app({"TESTING": True, "VIEW": View(graph, tmp_path / "rdf")})
    yield app, write, writer
    rdf.close()
    graph.close()


def test_a_page_is_computed_once_per_generation(small, monkeypatch):
    app, write, _ = small
    client = app.test_client()
    assert client.get("/index.json").get_json()["counts"]["briefings"] == 1
    calls = []
    original = View.counts
    monkeypatch.setattr(View, "counts", lambda self: calls.append(1) or original(self))
    assert client.get("/index.json").get_json()["counts"]["briefings"] == 1
    assert calls == []                                   # served from the cache
    write("second", "On 2 February Viktor Khrenin visited Moscow.")
    assert client.get("/index.json").get_json()["counts"]["briefings"] == 2
    assert calls == [1]                                  # the write made it compute again
    assert "Viktor Khrenin" in client.get("/search?q=Khrenin").get_data(as_text=True)


def test_a_deleted_briefing_disappears_from_cached_pages(small):
    app, write, writer = small
    client = app.test_client()
    write("second", "On 2 February Viktor Khrenin visited Moscow.")
    assert client.get("/briefings/second").status_code == 200
    writer.delete("second")
    assert client.get("/briefings/second").status_code == 404


def test_etag_gives_304_until_the_data_change(small):
    app, write, _ = small
    client = app.test_client()
    first = client.get("/briefings")
    tag = first.headers["ETag"].strip('"')
    again = client.get("/briefings", headers={"If-None-Match": f'"{tag}"'})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["Link"] == first.headers["Link"]
    json_twin = client.get("/briefings.json")
    assert json_twin.headers["ETag"] != first.headers["ETag"]     # each format has its own tag
    write("third", "On 3 February Belarus closed the border with Lithuania.")
    changed = client.get("/briefings", headers={"If-None-Match": f'"{tag}"'})
    assert changed.status_code == 200 and "third" in changed.get_data(as_text=True)


def test_html_and_json_are_cached_apart(small):
    app, _, _ = small
    client = app.test_client()
    html = client.get("/briefings")
    by_accept = client.get("/briefings", headers={"Accept": "application/json"})
    assert html.content_type.startswith("text/html") and by_accept.content_type == "application/json"
