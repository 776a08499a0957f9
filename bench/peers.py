"""The engines side by side: the same generated briefings written into FalkorDB and Neo4j, and into
Oxigraph and Fuseki, in one run on this machine; then the entity page's queries on each graph
engine and the SPARQL console's example queries on each RDF engine. Prints the time each store
spent writing, p50/p95 of the queries, and each production engine's figures as a ratio of the
embedded one's (the machine is shared: ratios of one run are what compare).
Usage: python bench/peers.py [--count 1000] [--entities 200] [--repeats 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://briefgraph.bench"


class Timed:
    """A store whose named methods add the seconds they take to `seconds` (everything else passes)."""

    def __init__(self, store: Any, methods: tuple[str, ...]):
        self._store, self._methods, self.seconds = store, methods, 0.0

    def __getattr__(self, name: str):
        attr = getattr(self._store, name)
        if name not in self._methods:
            return attr

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return timed


def _prepare(path: Path):
    from briefgraph.ingest.extraction import extract
    from briefgraph.ingest.pipeline import build_pipeline, default_config
    from briefgraph.ingest.readers import read_briefing
    from briefgraph.store.writer import prepare

    global _PIPELINE
    if "_PIPELINE" not in globals():
        config = default_config()
        config["components"]["ner"]["model"] = "off"
        _PIPELINE = build_pipeline(config)
    return prepare(extract(read_briefing(path), _PIPELINE), BASE)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(samples)
    return 1000 * statistics.median(ordered), 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed_calls(call, items, repeats: int) -> list[float]:
    """Seconds of each call(item), `repeats` rounds over the items after one warm-up round."""
    for item in items:
        call(item)
    out = []
    for _ in range(repeats):
        for item in items:
            start = time.perf_counter()
            call(item)
            out.append(time.perf_counter() - start)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--entities", type=int, default=200, help="entity pages timed on each graph engine")
    ap.add_argument("--repeats", type=int, default=5, help="rounds of the timed queries")
    ap.add_argument("--batch", type=int, default=32, help="briefings a write (as `briefgraph ingest`)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from briefgraph.engines import FusekiServer, Neo4jServer
    from briefgraph.store.graph.falkordb_store import FalkorGraph
    from briefgraph.store.graph.neo4j_store import Neo4jGraph
    from briefgraph.store.rdf.open_store import OxigraphStore, SparqlHttpStore
    from briefgraph.store.view import View
    from briefgraph.store.writer import Writer
    from briefgraph.webapp.examples import SPARQL_EXAMPLES

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(folder / "briefings", args.count)
        began = time.perf_counter()
        with ProcessPoolExecutor(2) as pool:
            prepared = list(pool.map(_prepare, paths, chunksize=8))
        print(f"{args.count} briefings generated and extracted in {time.perf_counter() - began:.1f} s")
        with Neo4jServer(folder / "neo4j", heap="2g", pagecache="512m") as neo4j, \
                FusekiServer(folder / "fuseki", heap="2g", query_timeout_ms=60_000) as fuseki:
            pairs = {"embedded": (FalkorGraph.embedded(folder / "falkordb"), OxigraphStore(folder / "oxigraph")),
                     "production": (Neo4jGraph(neo4j.url, "neo4j", ""), SparqlHttpStore(fuseki.url))}
            write: dict[str, float] = {}
            for label, (graph, rdf) in pairs.items():
                timed_graph = Timed(graph, ("write",))
                timed_rdf = Timed(rdf, ("load_graphs", "prune_entities"))
                writer = Writer(timed_graph, timed_rdf, BASE)
                start = time.perf_counter()
                for i in range(0, len(prepared), args.batch):
                    writer.write_prepared(prepared[i:i + args.batch])
                wall = time.perf_counter() - start
                write[graph.backend] = timed_graph.seconds
                write[type(rdf).__name__] = timed_rdf.seconds
                print(f"{label}: {args.count} briefings written in {wall:.1f} s (both stores at once)")
            if isinstance(pairs["embedded"][1], OxigraphStore):
                pairs["embedded"][1].close()
                pairs["embedded"] = (pairs["embedded"][0], OxigraphStore(folder / "oxigraph", read_only=True))
            views = {label: View(graph, rdf) for label, (graph, rdf) in pairs.items()}
            ids = [row[0] for row in views["embedded"].graph.read(
                "MATCH (n:Entity) RETURN n.id ORDER BY n.id").rows][:args.entities]
            entity = {label: timed_calls(view.entity, ids, args.repeats) for label, view in views.items()}
            queries = [query for _, query in SPARQL_EXAMPLES]
            sparql = {label: timed_calls(lambda q, v=view: v.sparql(q, timeout_s=60, limit=10_000), queries,
                                         args.repeats) for label, view in views.items()}
            for view in views.values():
                view.close()
    falkor, neo = write["falkordb"], write["neo4j"]
    oxi, fus = write["OxigraphStore"], write["SparqlHttpStore"]
    print(f"\nwriting {args.count} briefings (seconds the store spent in its writes; ratio to the embedded one):")
    print(f"  graph  FalkorDB {falkor:7.1f} s   Neo4j  {neo:7.1f} s   Neo4j/FalkorDB {neo / falkor:5.2f}")
    print(f"  RDF    Oxigraph {oxi:7.1f} s   Fuseki {fus:7.1f} s   Fuseki/Oxigraph {fus / oxi:5.2f}")
    for title, samples, names in (("entity page queries", entity, ("FalkorDB", "Neo4j")),
                                  ("SPARQL console examples", sparql, ("Oxigraph", "Fuseki"))):
        (e50, e95), (p50, p95) = percentiles(samples["embedded"]), percentiles(samples["production"])
        print(f"{title} ({len(samples['embedded'])} timed on each):")
        print(f"  {names[0]:9s} p50 {e50:7.1f} ms  p95 {e95:7.1f} ms")
        print(f"  {names[1]:9s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms   ratio p50 {p50 / e50:5.2f}  p95 {p95 / e95:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
