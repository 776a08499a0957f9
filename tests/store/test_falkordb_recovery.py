"""The embedded FalkorDB when its server dies (killed, or out of memory): the next read starts it
again on its files, with what it had acknowledged; and `briefgraph serve` stopped by SIGTERM, what
process managers send, stops the server it started instead of leaving it running."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from briefgraph.engines import free_port
import threading

from briefgraph.store.graph.base import QueryTimeout
from briefgraph.store.graph.falkordb_store import MODULE_ARGS, QUERY_LIMITS, FalkorGraph


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_embedded_server_is_started_again_with_its_data(tmp_path):
    graph = FalkorGraph.embedded(tmp_path / "graph")
    try:
        graph.ensure_schema()
        graph.write([("CREATE (:Entity {id: 'state/belarus'})", {})])
        limits = dict(graph.client.execute_command("GRAPH.CONFIG", "GET", "*"))
        assert {k: limits[k] for k in QUERY_LIMITS} == QUERY_LIMITS
        assert {k: limits[k] for k in MODULE_ARGS} == MODULE_ARGS
        first = graph._owner.client.pid
        os.kill(first, signal.SIGKILL)
        while alive(first):
            time.sleep(0.05)
        assert graph.read("MATCH (n:Entity) RETURN n.id").rows == [["state/belarus"]]
        assert graph._owner.client.pid != first and alive(graph._owner.client.pid)
    finally:
        graph.close()


def test_serve_stopped_by_sigterm_stops_its_graph_server(tmp_path):
    port = free_port()
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(tmp_path), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    server = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.3)
        registry = json.loads((tmp_path / "graph" / "graph.db.settings").read_text())
        redis_pid = int(Path(registry["pidfile"]).read_text())
        assert alive(redis_pid)
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
        deadline = time.monotonic() + 15
        while alive(redis_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(redis_pid)
    finally:
        if server.poll() is None:
            server.kill()


def test_a_short_query_is_answered_while_two_long_ones_run(tmp_path):
    """The server's query threads outnumber the cores: two researchers' queries running to their
    time limit do not make a page's query wait for them (with two threads, it waited 3 s)."""
    graph = FalkorGraph.embedded(tmp_path / "graph")
    try:
        graph.write([("CREATE (:Entity {id: 'state/belarus'})", {})])
        long = ("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b WITH a, b WHERE toString(a * b) ENDS WITH '77' "
                "RETURN count(*)")
        outcomes = []

        def run_long() -> None:
            try:
                outcomes.append(graph.read(long, timeout_ms=3000, limit=10))
            except QueryTimeout as exc:
                outcomes.append(exc)

        runners = [threading.Thread(target=run_long) for _ in range(2)]
        for runner in runners:
            runner.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert graph.read("MATCH (n:Entity) RETURN n.id").rows == [["state/belarus"]]
        short = time.monotonic() - started
        for runner in runners:
            runner.join()
        assert len(outcomes) == 2 and short < 1.0, (short, outcomes)
    finally:
        server = graph._owner.client.pid
        graph.close()
    # Closing stops the server although three threads left connections in the pool (it was left
    # running, unseen: redis-server overwrites its environment, where the suite's mark was).
    deadline = time.monotonic() + 5
    while alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(server)
