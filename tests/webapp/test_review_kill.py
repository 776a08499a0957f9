"""A kill -9 of the app while reviewers' verdicts arrive loses none that it acknowledged: each is
on disk before its answer, and the next run applies those it had not finished applying."""
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

from briefgraph.ingest_command import ingest
from briefgraph.settings import Settings
from briefgraph.store.curation.database import Database, curation_path
from briefgraph.store.curation.decisions import Decisions
from briefgraph.store.curation.users import Users
from briefgraph.store.graph.falkordb_store import FalkorGraph

from ..store.test_durability import stop_server

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PASSWORD = "a long enough password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A client with a cookie jar, as a reviewer's browser is."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.read()

    def post(self, path: str, data: dict, json_answer: bool = False) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode(),
                                         headers={"Accept": "application/json"} if json_answer else {})
        with self.opener.open(request, timeout=120) as r:
            return r.status, r.read()

    def token(self) -> str:
        return re.search(rb'name="csrf_token" value="([^"]+)"', self.get("/sign-in")).group(1).decode()


def test_a_kill_of_the_app_loses_no_acknowledged_verdict(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(SAMPLES.glob("0[1-4]-*")):
        shutil.copy(name, folder / name.name)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = replace(Settings.from_env({}), data_dir=tmp_path / "data", base_url=base)
    assert ingest([str(folder)], settings)[1] == 0
    Users(Database(curation_path(settings.data_dir))).add("ann", "reviewer", PASSWORD)
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(settings.data_dir), "BRIEFGRAPH_BASE_URL": base,
           "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": "", "BRIEFGRAPH_SECRET_KEY": "kill-test"}
    server = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    acknowledged: list[int] = []
    try:
        browser = Browser(base)
        deadline = time.monotonic() + 90
        while True:
            try:
                browser.get("/")
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.3)
        browser.post("/sign-in", {"csrf_token": browser.token(), "name": "ann", "password": PASSWORD})
        items = json.loads(browser.get("/review.json"))["items"]
        assert len(items) >= 20
        token = browser.token()

        def decide_all() -> None:
            for item in items:
                fact = {k: "" if v is None else str(v) for k, v in item["fact"].items()}
                try:
                    status, body = browser.post("/review/decide", {"csrf_token": token, "verdict": "reject", **fact},
                                                json_answer=True)
                except OSError:
                    return                      # the app is gone
                assert status == 201
                acknowledged.append(json.loads(body)["id"])

        worker = threading.Thread(target=decide_all)
        worker.start()
        while len(acknowledged) < 4 and worker.is_alive():
            time.sleep(0.01)
        time.sleep(0.05)                        # into the next verdict: recorded, or being applied
        os.kill(server.pid, signal.SIGKILL)
        worker.join(60)
        assert 4 <= len(acknowledged) < len(items)         # killed half-way
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(30)
        stop_server(settings.data_dir)          # the graph server the app had started
    log = Decisions(Database(curation_path(settings.data_dir)))
    recorded = {d.id for d in log.standing()}
    assert set(acknowledged) <= recorded
    # the next run applies what the killed one had recorded and not applied
    report, status = ingest([str(folder)], settings)
    assert status == 0, report.render()
    assert log.pending() == []
    graph = FalkorGraph.embedded(settings.data_dir / "graph")
    try:
        for d in log.standing():
            if d.fact.kind.value == "relation":
                subject, predicate, obj = d.fact.key.split("|")
                rows = graph.read("MATCH (a:Entity {id: $s})-[r]->(b:Entity {id: $o}) WHERE r.briefing = $b "
                                  "AND r.start = $start RETURN count(r)",
                                  {"s": subject, "o": obj, "b": d.fact.briefing, "start": d.fact.start}).rows
                assert rows == [[0]], d
    finally:
        graph.close()
        stop_server(settings.data_dir)
