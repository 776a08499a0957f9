"""A FalkorDB server reached by URL (BRIEFGRAPH_GRAPH_URL=redis://…, falkor://… or unix://…): the
same store code against a running server, here the one falkordblite starts, on its socket."""
import json

from briefgraph.settings import Settings
from briefgraph.store.graph.base import open_graph
from briefgraph.store.graph.falkordb_store import FalkorGraph


def test_server_url_reaches_a_running_falkordb(tmp_path):
    embedded = FalkorGraph.embedded(tmp_path / "graph")
    embedded.ensure_schema()
    embedded.write([("CREATE (:Entity {id: 'state/belarus', names: 'Belarus'})", {})])
    socket = json.loads((tmp_path / "graph" / "graph.db.settings").read_text())["unixsocket"]
    settings = Settings.from_env({"BRIEFGRAPH_GRAPH_URL": f"unix://{socket}"})
    assert settings.graph_backend == "falkordb-server"
    remote = open_graph(settings)
    try:
        assert remote.read("MATCH (n:Entity) RETURN n.id").rows == [["state/belarus"]]
        assert remote.search("Belarus").rows[0][0] == "state/belarus"
    finally:
        remote.close()
        embedded.close()


def test_unreachable_server_is_a_clear_error(tmp_path):
    import pytest

    from briefgraph.store.graph.base import GraphError
    with pytest.raises(GraphError, match="cannot reach the FalkorDB server at unix://"):
        open_graph(Settings.from_env({"BRIEFGRAPH_GRAPH_URL": f"unix://{tmp_path}/none.sock"}))


def test_a_server_that_dies_is_a_clear_error_for_reads_and_writes(tmp_path):
    import os
    import signal

    import pytest

    from briefgraph.store.graph.base import GraphError
    embedded = FalkorGraph.embedded(tmp_path / "graph")
    embedded.write([("CREATE (:Entity {id: 'x'})", {})])
    settings_file = json.loads((tmp_path / "graph" / "graph.db.settings").read_text())
    remote = open_graph(Settings.from_env({"BRIEFGRAPH_GRAPH_URL": f"unix://{settings_file['unixsocket']}"}))
    assert remote.read("MATCH (n) RETURN count(n)").rows == [[1]]
    os.kill(int(open(settings_file["pidfile"]).read()), signal.SIGKILL)
    with pytest.raises(GraphError, match=r"the FalkorDB server cannot be reached .*; tried 4 times over 1.7 s"):
        remote.read("MATCH (n) RETURN count(n)")
    with pytest.raises(GraphError, match="dropped the connection during a write .* run the ingest again"):
        remote.write([("CREATE (:Entity {id: 'y'})", {})])
    remote.close()
    embedded.close()


def test_an_unreachable_neo4j_is_a_clear_error():
    import pytest

    from briefgraph.store.graph.base import GraphError
    from briefgraph.store.graph.neo4j_store import Neo4jGraph
    with pytest.raises(GraphError, match="cannot reach Neo4j at bolt://127.0.0.1:1"):
        Neo4jGraph("bolt://127.0.0.1:1", "neo4j", "secret")
