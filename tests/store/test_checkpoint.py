"""The embedded FalkorDB's checkpoint after an ingest: the append-only file becomes a snapshot (so
the next start loads it instead of replaying every write), and nothing is lost across a restart."""
from briefgraph.store.graph.falkordb_store import FalkorGraph


def test_checkpoint_turns_the_log_into_a_snapshot_and_keeps_everything(tmp_path):
    graph = FalkorGraph.embedded(tmp_path / "graph")
    # the server never rewrites its log by itself during an ingest: only the checkpoint does
    assert graph.client.config_get("auto-aof-rewrite-percentage") == {"auto-aof-rewrite-percentage": "0"}
    graph.ensure_schema()
    graph.write([("UNWIND range(1, 500) AS i CREATE (:Entity {id: 'e' + toString(i)})", {})])
    graph.checkpoint()
    aof = tmp_path / "graph" / "appendonlydir"
    incremental = [p for p in aof.iterdir() if p.name.endswith(".incr.aof")]
    assert [p.stat().st_size for p in incremental] == [0]
    assert any(p.name.endswith(".base.rdb") and p.stat().st_size > 0 for p in aof.iterdir())
    graph.close()
    del graph
    import gc
    gc.collect()                                  # the last user gone: the embedded server stops
    again = FalkorGraph.embedded(tmp_path / "graph")
    assert again.read("MATCH (n:Entity) RETURN count(n)").rows == [[500]]
    again.close()
