"""Issue 19's findings on the SPARQL side and the pages: a query or an identifier never makes a
store call another server (on the embedded store and on Fuseki), the page cache is bounded in
bytes and keyed by what a page depends on, conditional requests, reads while the store's files
are rewritten, the pages' reads beside busy consoles, and query workers that die with their server."""
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from markupsafe import Markup

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_briefing
from briefgraph.store.graph.base import QueryRefused
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.oxigraph_handles import open_read_only
from briefgraph.store.rdf.open_store import OxigraphStore, SparqlHttpStore
from briefgraph.store.rdf.sparql import StoreUnavailable, _refusal
from briefgraph.store.view import View
from briefgraph.store.writer import Writer
from briefgraph.webapp import create_app
from tests.webapp.conftest import BASE, SAMPLES, settings_for

BRIEFING = "01-zapad-2021-review"


@pytest.fixture(scope="module")
def folder(tmp_path_factory, rules_pipeline):
    """Stores holding three samples (a graph server that the module stops at its end)."""
    folder = tmp_path_factory.mktemp("hardening")
    graph, rdf = FalkorGraph.embedded(folder / "graph"), OxigraphStore(folder / "rdf")
    paths = sorted(p for p in SAMPLES.iterdir() if p.name != "README.md")[:3]
    Writer(graph, rdf, BASE).write_many([extract(read_briefing(p), rules_pipeline) for p in paths])
    rdf.close()
    yield folder
    graph.close()


def make_app(folder: Path, rdf=None, **config):
    graph = FalkorGraph.embedded(folder / "graph")
    view = View(graph, rdf if rdf is not None else folder / "rdf")
    return create_app({"TESTING": True, "VIEW": view, "SETTINGS": settings_for(folder / "rdf", query_timeout=5),
                       **config})


@pytest.fixture(scope="module")
def apps(folder, engines):
    """The app over the embedded Oxigraph, and over Fuseki (which need not hold anything here)."""
    return {"oxigraph": make_app(folder), "fuseki": make_app(folder, SparqlHttpStore(engines.get("fuseki", "pages").url))}


@pytest.fixture
def listener():
    """A server on loopback that counts every request it gets and answers each with one row."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hits.append(f"{self.command} {self.path}")
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"leak"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        do_GET = do_POST = answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def service_queries(url: str) -> list[str]:
    return [
        # the bypass: the guard's regex read `<2)SERVICE#>` as an IRI, the engine `#>` as a comment
        f"PREFIX e: <{url}/> SELECT * WHERE {{ FILTER(1<2)SERVICE#>\ne:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}/p> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <{url}/q> {{ ?a ?b ?c }} }} }} LIMIT 1",
    ]


@pytest.mark.parametrize("store", ["oxigraph", "fuseki"])
def test_no_sparql_query_reaches_another_server(apps, listener, store):
    url, hits = listener
    client = apps[store].test_client()
    for query in service_queries(url):
        response = client.get("/sparql", query_string={"query": query, "format": "json"})
        assert response.status_code == 400, (query, response.get_data(as_text=True))
        assert "SERVICE" in response.get_data(as_text=True)
    assert hits == []


def test_the_query_workers_cannot_reach_the_network_past_any_guard(folder, listener):
    """The engine itself, asked directly (no guard in front): its worker has no network."""
    url, hits = listener
    store = OxigraphStore(folder / "rdf", read_only=True)
    try:
        with pytest.raises(QueryRefused, match="SERVICE is refused"):
            store.query(f"SELECT * WHERE {{ SERVICE <{url}/p> {{ ?s ?p ?o }} }}", timeout_s=10, limit=10)
        assert store.query("ASK { ?s ?p ?o }", timeout_s=10, limit=1).boolean is True
    finally:
        store.close()
    assert hits == []


@pytest.mark.parametrize("store", ["oxigraph", "fuseki"])
def test_an_identifier_in_a_url_never_reaches_a_query(apps, listener, store):
    url, hits = listener
    port = url.rsplit(":", 1)[1]
    injected = (f"x%3E%20UNDEF%20%7D%20SERVICE%20%3Chttp:%5Cu002F%5Cu002F127.0.0.1:{port}%5Cu002Fp%3E"
                f"%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D%20%23")
    oracle = f"x%3E%20%7D%20FILTER%20EXISTS%20%7B%20SERVICE%20%3Chttp://127.0.0.1:{port}/p%3E%20%7B%7D%20%7D%20%23"
    client = apps[store].test_client()
    for path in (f"/briefings/{injected}.ttl", f"/id/person/{injected}.ttl", f"/briefings/{oracle}.nt",
                 "/briefings/a%20b.ttl", "/id/person/a%3Eb.jsonld"):
        assert client.get(path).status_code == 404, path
    assert hits == []


def test_the_page_cache_is_bounded_in_bytes_and_ignores_unknown_parameters(folder):
    app = make_app(folder, PAGE_CACHE_BYTES=800_000)
    client = app.test_client()
    sizes = [len(client.get(f"/briefings/{BRIEFING}?v={i}").data) for i in range(40)]
    cache = app.extensions["briefgraph.pages"]
    assert len(set(sizes)) == 1 and len(cache) == 1        # one page, whatever the unknown parameter
    first = client.get(f"/briefings/{BRIEFING}?v=1")
    assert "v=1" not in first.headers["Link"]
    for name in ("02-bruzgi-border-standoff", "03-union-resolve-buildup"):
        client.get(f"/briefings/{name}")
        client.get(f"/briefings/{name}.json")
    assert cache.bytes <= 800_000 and len(cache) == 5
    small = make_app(folder, PAGE_CACHE_BYTES=8 * sizes[0] - 1)         # the page is over an eighth of it
    small.test_client().get(f"/briefings/{BRIEFING}")
    assert len(small.extensions["briefgraph.pages"]) == 0


def test_conditional_requests(apps):
    client = apps["oxigraph"].test_client()
    page = client.get("/id/person/alexander-lukashenko")
    tag = page.headers["ETag"]
    assert client.get("/id/person/alexander-lukashenko", headers={"If-None-Match": tag}).status_code == 304
    assert client.get("/id/person/alexander-lukashenko", headers={"If-None-Match": "W/" + tag}).status_code == 304
    assert client.get("/id/person/alexander-lukashenko", headers={"If-None-Match": "*"}).status_code == 304
    missing = client.get("/id/person/nobody-at-all", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "ETag" not in missing.headers


def test_a_store_whose_files_are_gone_is_a_503_with_retry_after_and_no_path(folder, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(folder / "rdf", copy / "rdf")
    app = make_app(folder, View(FalkorGraph.embedded(folder / "graph"), copy / "rdf").rdf)
    shutil.move(copy / "rdf", tmp_path / "aside")                 # as a compaction would, for every file
    response = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert str(tmp_path) not in response.get_data(as_text=True) and ".sst" not in response.get_data(as_text=True)
    shutil.move(tmp_path / "aside", copy / "rdf")
    again = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"})
    assert again.status_code == 200 and again.get_json()["boolean"] is True


def test_a_read_only_open_retries_while_a_compaction_pulls_files(folder, monkeypatch):
    from briefgraph.store.rdf import oxigraph_handles
    real, failures = oxigraph_handles.Store.read_only, []

    def flaky(path):
        if len(failures) < 2:
            failures.append(path)
            raise RuntimeError("Corruption: IO error: No such file or directory: While open a file: /x/000284.sst")
        return real(path)
    monkeypatch.setattr(oxigraph_handles.Store, "read_only", flaky)
    assert len(open_read_only(folder / "rdf")) > 0 and len(failures) == 2
    refusal = _refusal(RuntimeError("Corruption: IO error: No such file or directory: /srv/data/rdf/000284.sst"), "ASK{}")
    assert isinstance(refusal, StoreUnavailable) and "/srv" not in str(refusal)


def test_linked_data_answers_while_both_console_workers_are_busy(folder):
    app = make_app(folder)
    client = app.test_client()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    consoles = [threading.Thread(target=client.get, args=("/sparql",), kwargs={"query_string": {"query": slow}})
                for _ in range(2)]
    for thread in consoles:
        thread.start()
    time.sleep(1.0)                                   # both console workers are running the slow query
    described = app.test_client().get("/id/person/alexander-lukashenko.ttl")
    assert described.status_code == 200
    assert all(thread.is_alive() for thread in consoles)       # answered before either console query ended
    for thread in consoles:
        thread.join()


def children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def test_a_killed_server_leaves_no_query_worker_running(folder):
    script = textwrap.dedent(f"""
        import threading, time
        from pathlib import Path
        from briefgraph.store.rdf.open_store import OxigraphStore
        if __name__ == "__main__":
            store = OxigraphStore(Path({str(folder / 'rdf')!r}), read_only=True)
            slow = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}"
            threading.Thread(target=store.query, args=(slow,), kwargs={{"timeout_s": 300, "limit": 1}},
                             daemon=True).start()
            print("started", flush=True)
            time.sleep(600)
    """)
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=str(SAMPLES.parent))
    assert server.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 30
    while not children(server.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = children(server.pid)
    assert workers
    time.sleep(1.0)                                   # the worker is inside the query
    server.send_signal(signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_reordering_controls_in_a_briefing_are_shown_as_codes(tmp_path, rules_pipeline):
    from briefgraph.ingest.readers import read_bytes
    text = ("---\ntitle: \"Weekly note \u202etxt.exe\"\npublished: 2024-03-05\n---\n\n"
            "On 4 March Alexander Lukashenko met Vladimir Putin in Minsk \u2066quietly\u2069.\n")
    graph, rdf = FalkorGraph.embedded(tmp_path / "graph"), OxigraphStore(tmp_path / "rdf")
    try:
        Writer(graph, rdf, BASE).write(extract(read_bytes(text.encode(), "rtl-note.md"), rules_pipeline))
        rdf.close()
        app = create_app({"TESTING": True, "VIEW": View(graph, tmp_path / "rdf"), "SETTINGS": settings_for(tmp_path / "rdf")})
        page = app.test_client().get("/briefings/rtl-note").get_data(as_text=True)
        assert "\u202e" not in page and "\u2066" not in page and "\u2069" not in page and "txt.exe" in page
        # whatever reaches a template, as text or as markup, prints its reordering controls as codes
        template = app.jinja_env.from_string("<h1>{{ title }}</h1>{{ body }}")
        with app.app_context():
            html = template.render(title="Weekly note \u202etxt.exe", body=Markup("<p>a \u2066quietly\u2069</p>"))
        assert html == "<h1>Weekly note [U+202E]txt.exe</h1><p>a [U+2066]quietly[U+2069]</p>"
    finally:
        graph.close()
