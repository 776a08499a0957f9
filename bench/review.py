"""What curation costs (issue 16), on generated briefings in the embedded stores:

1. the queue: the 1,000 briefings ingested (the queue filled as they are written), then 10,000
   verdicts recorded on the facts at the head of the queue (where reviewers work: the first page
   then skips all of them), a mix of confirm, reject, unsure and corrections; the first page of
   the queue (HTML and JSON) and a page of a reviewer's log, p50/p95 over the rounds;
2. one verdict as a reviewer makes it: POST, recorded, applied to both stores (its briefing
   extracted again and written), answered; p50/p95;
3. the entity pages before and after the 10,000 verdicts are applied (the stores rewritten with
   them: the read path has no step of its own for decisions), the ten busiest and a sample,
   interleaved rounds, page cache off; the ratio of their p95.

Usage: python bench/review.py [--count 1000] [--verdicts 10000] [--rounds 20] [--jobs 3]
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from history import client_for, get_ms, settings_for, stop, timed_ingest  # noqa: E402
from web import percentile  # noqa: E402

from briefgraph.store.curation.apply import apply_pending  # noqa: E402
from briefgraph.store.curation.database import Database, curation_path  # noqa: E402
from briefgraph.store.curation.decisions import Decisions, Kind, Verdict  # noqa: E402
from briefgraph.store.curation.queue import Queue  # noqa: E402
from briefgraph.store.curation.users import Users  # noqa: E402
from briefgraph.store.graph.falkordb_store import FalkorGraph  # noqa: E402
from briefgraph.store.rdf.open_store import OxigraphStore  # noqa: E402
from briefgraph.store.view import View  # noqa: E402
from briefgraph.store.writer import Writer  # noqa: E402
from briefgraph.webapp import create_app  # noqa: E402

PASSWORD = "benchmark password"
BASE = "http://127.0.0.1:5000"


def verdicts(queue: Queue, log: Decisions, count: int, seed: int) -> None:
    """Record `count` verdicts on the facts at the head of the queue, in bulk transactions of 500."""
    rng = random.Random(seed)
    items = queue.page(count, 0)
    batch = []
    for item in items:
        roll = rng.random()
        if item.fact.kind is Kind.QUANTITY and roll < 0.2:
            batch.append((item.fact, Verdict.CORRECT, {"value": rng.randrange(1, 5000)}))
        else:
            verdict = Verdict.CONFIRM if roll < 0.7 else Verdict.REJECT if roll < 0.9 else Verdict.UNSURE
            batch.append((item.fact, verdict, {}))
        if len(batch) == 500:
            log.record_many(batch, "bench")
            batch = []
    if batch:
        log.record_many(batch, "bench")


def signed_in(data: Path, view: View):
    settings = settings_for(data)
    graph = view.graph
    app = create_app({"VIEW": view, "SETTINGS": settings, "PAGE_CACHE_SIZE": 0, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False,
                      "CURATION_WRITER": lambda: Writer(graph, OxigraphStore(data / "rdf"), settings.base_url)})
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"csrf_token": token, "name": "bench", "password": PASSWORD})
    page = client.get("/sign-in").get_data(as_text=True)          # the signed-in session's token
    return client, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--verdicts", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bg-review-"))
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), f"{args.count} generated briefings (seed {args.seed})")
    try:
        corpus = generate(tmp / "corpus", args.count, seed=args.seed)
        data = tmp / "data"
        spent = timed_ingest(corpus, data, args.jobs)
        db = Database(curation_path(data))
        log, queue = Decisions(db), Queue(db)
        Users(db).add("bench", "reviewer", PASSWORD)
        print(f"\ningest: {spent:.1f} s; the queue holds {queue.size()} facts ({queue.counts()})")
        began = time.perf_counter()
        verdicts(queue, log, args.verdicts, args.seed)
        print(f"{log.count()} verdicts recorded in {time.perf_counter() - began:.1f} s")

        client, view = client_for(data)
        busiest = [row["id"] for row in view.most_connected(10)]
        everyone = [row[0] for row in view.graph.read("MATCH (n:Entity) RETURN n.id ORDER BY n.id").rows]
        sample = random.Random(args.seed).sample([e for e in everyone if e not in busiest], 30)
        view.close()
        stop(data)
        raw = tmp / "raw"
        shutil.copytree(data, raw)          # the archive as extracted, for phase 3's baseline

        view = View(FalkorGraph.embedded(data / "graph"), OxigraphStore(data / "rdf", read_only=True))
        client, token = signed_in(data, view)
        times: dict[str, list[float]] = {"queue, first page": [], "queue, JSON": [], "queue, relations only": [],
                                         "a reviewer's log": []}
        for _ in range(args.rounds):
            times["queue, first page"].append(get_ms(client, "/review"))
            times["queue, JSON"].append(get_ms(client, "/review.json"))
            times["queue, relations only"].append(get_ms(client, "/review?kind=relation"))
            times["a reviewer's log"].append(get_ms(client, "/review/log?author=bench"))
        print(f"\n1. the queue with {log.count()} verdicts on the facts at its head ({args.rounds} requests each), ms:")
        for name, values in times.items():
            print(f"   {name:24s} p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}")
        print("   target: first page p95 <= 100 ms")

        began = time.perf_counter()
        with Writer(view.graph, OxigraphStore(data / "rdf"), settings_for(data).base_url) as writer:
            applied = apply_pending(log, queue, writer)
        applying = time.perf_counter() - began
        print(f"\n   the {len(applied.decisions)} verdicts applied: {len(applied.briefings)} briefings extracted again "
              f"and written in {applying:.1f} s ({len(applied.orphaned)} orphaned, {len(applied.failed)} failed)")

        one: list[float] = []
        for item in queue.page(args.rounds, 0, Kind.RELATION):
            f = item.fact
            form = {"csrf_token": token, "verdict": "reject", "kind": f.kind.value, "key": f.key,
                    "briefing": f.briefing or "", "start": str(f.start), "end": str(f.end), "text": f.text or ""}
            began = time.perf_counter()
            r = client.post("/review/decide", data=form, headers={"Accept": "application/json"})
            one.append((time.perf_counter() - began) * 1000)
            if r.status_code != 201:
                raise SystemExit(f"verdict: {r.status_code} {r.get_data(as_text=True)[:300]}")
        print(f"\n2. one verdict, recorded and applied before its answer ({len(one)} of them), ms: "
              f"p50 {percentile(one, 50):.1f}  p95 {percentile(one, 95):.1f}")
        view.close()
        stop(data)

        # 3. the same entity pages on the archive as extracted (a copy taken before the verdicts were
        # applied) and with them applied, the two served at once, requests interleaved
        raw_client, raw_view = client_for(raw)
        curated_client, curated_view = client_for(data)
        times = {f"{group}, {state}": [] for group in ("busiest", "sample") for state in ("raw", "curated")}
        for _ in range(args.rounds // 2):
            for group, ids in (("busiest", busiest), ("sample", sample)):
                for ident in ids:
                    times[f"{group}, raw"].append(get_ms(raw_client, f"/id/{ident}"))
                    times[f"{group}, curated"].append(get_ms(curated_client, f"/id/{ident}"))
        print(f"\n3. entity pages without and with the {len(applied.decisions)} verdicts applied "
              f"({args.rounds // 2} rounds, page cache off), ms:")
        for name, values in times.items():
            print(f"   {name:18s} p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}")
        for group in ("busiest", "sample"):
            ratio = percentile(times[f"{group}, curated"], 95) / percentile(times[f"{group}, raw"], 95)
            print(f"   {group}: p95 with / without = {ratio:.2f} (target <= 1.2)")
        raw_view.close()
        curated_view.close()
        stop(raw)
        stop(data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
