"""Researchers' SPARQL runs in workers of its own, at a lower priority than the pages' workers:
when the processor is short, pages come first (bench/load.py's hostile phase)."""
import os

from pyoxigraph import Literal, NamedNode, Quad

from briefgraph.store.rdf.oxigraph_store import CONSOLE_NICENESS
from briefgraph.store.rdf.open_store import OxigraphStore


def test_console_workers_run_at_a_lower_priority_than_page_workers(tmp_path):
    writer = OxigraphStore(tmp_path / "rdf")
    writer.store.add(Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o"),
                          NamedNode("https://example.org/graph")))
    writer.close()
    store = OxigraphStore(tmp_path / "rdf", read_only=True)
    try:
        assert store.query("ASK { ?s ?p ?o }", timeout_s=10, limit=10).boolean is True
        assert len(store.describe(NamedNode("https://example.org/s"), timeout_s=10, limit=10)) == 1
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        niceness = {purpose: {os.getpriority(os.PRIO_PROCESS, worker.process.pid) - ours
                              for worker in pool._idle}
                    for purpose, pool in store._pools.items()}
        assert niceness == {"console": {CONSOLE_NICENESS}, "pages": {0}}
    finally:
        store.close()
