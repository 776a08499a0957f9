"""The JVM engines the project starts (briefgraph/engines.py): they answer, die with the process
that started them, and `briefgraph engine` runs one around a command."""
import os
import signal
import subprocess
import sys
import time

import pytest

from briefgraph.engines import EngineUnavailable, FusekiServer, classpath


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:                 # a zombie has died: only its entry is left
        return fh.read().split(") ", 1)[1][0] != "Z"


def test_a_missing_engine_says_how_to_fetch_it(tmp_path):
    with pytest.raises(EngineUnavailable, match=r"run `make engines` .*tools/engines/neo4j/pom.xml"):
        classpath("neo4j", tmp_path)


def test_an_engine_dies_with_the_process_that_started_it(engines, tmp_path):
    engines.get("fuseki", "store")                           # the jars are there (else skipped, or failed under CI)
    script = ("import sys, time\nfrom pathlib import Path\nfrom briefgraph.engines import FusekiServer\n"
              f"server = FusekiServer(Path({str(tmp_path)!r})).start()\n"
              "print(server.process.pid, flush=True)\ntime.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    java = int(parent.stdout.readline())
    assert alive(java)
    parent.send_signal(signal.SIGKILL)                       # no clean-up code runs in the parent
    parent.wait()
    deadline = time.monotonic() + 30
    while alive(java) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(java)


def test_the_engine_command_runs_a_command_with_the_engine_url(engines, tmp_path):
    engines.get("fuseki", "store")
    done = subprocess.run([sys.executable, "-m", "briefgraph.cli", "engine", "fuseki", "--data", str(tmp_path), "--",
                           sys.executable, "-c", "import os; print(os.environ['BRIEFGRAPH_RDF_URL'])"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    url = done.stdout.strip()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/ds")
    assert f"fuseki answers at {url}" in done.stderr
    port = int(url.split(":")[2].split("/")[0])
    assert not FusekiServer(tmp_path, port=port).ready()     # stopped when the command ended


def test_the_tests_neo4j_reads_no_file_through_load_csv(engines):
    """LOAD CSV is a read clause, so read-only access does not stop it: the server's own setting does."""
    from briefgraph.store.graph.base import QueryRefused
    from briefgraph.store.graph.neo4j_store import Neo4jGraph

    graph = Neo4jGraph(engines.get("neo4j", "store").url, "neo4j", "")
    try:
        with pytest.raises(QueryRefused, match="(?i)file"):
            graph.read("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")
    finally:
        graph.close()
