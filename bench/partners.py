"""What the partners' tools cost (issue 17), on the generated corpus served by gunicorn as in
production, with 8 concurrent client processes:

1. reconciliation: batches of 10 queries, POSTed as OpenRefine sends them (names of entities in
   the store, from the gazetteer's labels and aliases in any script, a tenth with a typo, each
   with the type of its entity's top class; every fifth batch with a country condition on each
   query); suggest: prefixes of those names, as a user types them; p50/p95/p99 of each;
2. `/events.geojson` for the whole corpus, consumed in the benchmark's own process through the
   app: the features, the bytes, the time, and the peak memory the stream allocated (tracemalloc),
   against the same for a filter that selects a tenth of the events: memory that does not grow
   with the number of events is constant.

Usage: python bench/partners.py [--count 1000] [--clients 8] [--batches 400] [--suggests 800] [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from web import Job, corpus, free_port, percentile, run_clients, serve, typo  # noqa: E402

TOP_TYPES = ("Person", "State", "Government", "ArmedForces", "MilitaryUnit", "Organization", "Place",
             "WeaponSystem", "Agreement", "Operation")


def names_in_store(data: Path, seed: int) -> list[tuple[str, str]]:
    """(name, type) pairs: every form of the gazetteer's entities that the store holds, with the
    top class of the entity."""
    from briefgraph.ontology.gazetteer import load_gazetteer
    from briefgraph.ontology.model import load_model
    from briefgraph.store.graph.falkordb_store import FalkorGraph

    graph = FalkorGraph.embedded(data / "graph")
    stored = {row[0] for row in graph.read("MATCH (n:Entity) RETURN n.id").rows}
    graph.close()
    model = load_model()
    out = []
    for entry in load_gazetteer().entries.values():
        if entry.id not in stored:
            continue
        top = next((t for t in TOP_TYPES if model.cls(entry.cls).is_a(t)), "Entity")
        out += [(text, top) for text, form in entry.forms() if form in ("label", "alias")]
    random.Random(seed).shuffle(out)
    return out


def batches(names: list[tuple[str, str]], count: int, seed: int) -> list[Job]:
    """(kind, path, form body) of `count` batches of 10 queries."""
    rnd = random.Random(seed)
    jobs = []
    for i in range(count):
        queries = {}
        for j in range(10):
            name, cls = rnd.choice(names)
            if rnd.random() < 0.1:
                name = " ".join(typo(w, rnd) for w in name.split())
            query: dict[str, object] = {"query": name, "type": cls, "limit": 5}
            if i % 5 == 0:
                query["properties"] = [{"pid": "country", "v": rnd.choice(["Belarus", "Russia", "Украина"])}]
            queries[f"q{j}"] = query
        jobs.append(("reconcile batch of 10", "/reconcile",
                     urllib.parse.urlencode({"queries": json.dumps(queries, ensure_ascii=False)}).encode()))
    return jobs


def suggests(names: list[tuple[str, str]], count: int, seed: int) -> list[Job]:
    rnd = random.Random(seed)
    jobs = []
    for _ in range(count):
        name, _ = rnd.choice(names)
        prefix = name[:rnd.randint(3, max(3, min(len(name), 8)))]
        jobs.append(("suggest entity", "/reconcile/suggest/entity?" + urllib.parse.urlencode({"prefix": prefix})))
    return jobs


def stream(data: Path, query: str, early: int = 1000) -> tuple[int, int, float, int, int]:
    """(features, bytes, seconds, peak bytes allocated once `early` features were read, peak bytes
    allocated by the end) of /events.geojson?query, read a chunk at a time as a client would: the
    same two peaks, however many features follow, are memory that does not grow with them."""
    from briefgraph.settings import Settings
    from briefgraph.webapp import create_app

    settings = Settings.from_env({"BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""})
    app = create_app({"SETTINGS": settings, "PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    with client.get("/events.geojson?type=Election") as warm:     # the view opened, the model loaded
        warm.get_data()
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get("/events.geojson" + query, buffered=False)
    size = features = 0
    early_peak = None
    for chunk in response.response:
        size += len(chunk)
        features += chunk.count(b'"type": "Feature",')
        if early_peak is None and features >= early:
            early_peak = tracemalloc.get_traced_memory()[1]
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return features, size, seconds, early_peak or peak, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--batches", type=int, default=400)
    ap.add_argument("--suggests", type=int, default=800)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--data", type=Path, help="an ingested data folder to reuse")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = corpus(args.data, Path(tmp), args.count)
        names = names_in_store(data, 5)
        jobs = batches(names, args.batches, 11) + suggests(names, args.suggests, 12)
        random.Random(13).shuffle(jobs)
        warm_up = batches(names, 16, 21) + suggests(names, 16, 22)
        port = free_port()
        server = serve(data, port, args.workers, args.threads, 0)
        try:
            run_clients(port, warm_up, args.clients)
            started = time.perf_counter()
            times, errors = run_clients(port, jobs, args.clients)
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{len(jobs)} requests from {args.clients} clients in {wall:.1f} s; gunicorn {args.workers} workers x "
              f"{args.threads} threads, page cache off; {len(errors)} errors")
        for kind, values in sorted(times.items()):
            print(f"  {kind:22s} n={len(values)}  p50 {percentile(values, 50):6.1f} ms  p95 "
                  f"{percentile(values, 95):6.1f} ms  p99 {percentile(values, 99):6.1f} ms  max {max(values):6.1f} ms")
        for error in errors[:10]:
            print("  error:", error)
        for label, query in (("whole corpus", ""), ("exercises only", "?type=Exercise")):
            features, size, seconds, early, peak = stream(data, query)
            print(f"  /events.geojson {label:15s} {features:6d} features, {size / 1e6:6.2f} MB in {seconds:5.2f} s "
                  f"({features / seconds:,.0f} features/s); peak allocated {early / 1e6:5.2f} MB after the first 1,000 "
                  f"features, {peak / 1e6:5.2f} MB by the last")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
