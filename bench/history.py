"""What the record of time and change costs (issue 15), on generated briefings in the embedded stores:

1. bookkeeping: the same 1,000 briefings ingested into fresh stores with the record (change sets,
   superseded versions, contradictions) and without it (its statements replaced by none, in this
   process only), alternately, twice each; the share of the ingest time the record takes;
2. as-of pages: on the 1,000-briefing store, entity pages (the ten busiest and a sample) read
   today and as of the middle of the archive, interleaved, page cache off; p50/p95 and their ratio;
3. a weekly archive: the 1,000 briefings ingested as 50 change sets (an archive with a history:
   its feeds full), then 100 ingests of 10 new briefings each, each a change set; after each, the
   pages a reader of changes opens (home, /changes, its feed, /contradictions, /events, a hub's
   page today, as of a day and as recorded at a time, its feed); the mean of the first ten and of
   the last ten.

Usage: python bench/history.py [--count 1000] [--history 50] [--weeks 100] [--per-week 10] [--rounds 5]
                               [--phases 1,2,3]
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from web import percentile  # noqa: E402

from briefgraph.ingest_command import ingest  # noqa: E402
from briefgraph.settings import Settings  # noqa: E402
from briefgraph.store.graph import disagreement, history  # noqa: E402
from briefgraph.store.graph.falkordb_store import FalkorGraph  # noqa: E402
from briefgraph.store.view import View  # noqa: E402
from briefgraph.webapp import create_app  # noqa: E402


def settings_for(data: Path) -> Settings:
    return replace(Settings.from_env({}), data_dir=data, page_cache=0)


@contextlib.contextmanager
def without_record() -> Iterator[None]:
    """The writer with none of the record's statements or reads (this process, for the baseline)."""
    saved = history.batch_delta, history.write_change, disagreement.refresh, disagreement.refresh_relations
    history.batch_delta = lambda read, new, old, removed=(): history.Delta(added=sorted(new))  # type: ignore[assignment]
    history.write_change = lambda stamp, part, delta, versions: []                             # type: ignore[assignment]
    disagreement.refresh = lambda read, touched: []                                            # type: ignore[assignment]
    disagreement.refresh_relations = lambda read, relations: []                                # type: ignore[assignment]
    try:
        yield
    finally:
        (history.batch_delta, history.write_change, disagreement.refresh,
         disagreement.refresh_relations) = saved


def timed_ingest(paths: list[Path], data: Path, jobs: int) -> float:
    began = time.perf_counter()
    report, status = ingest([str(p) for p in paths], settings_for(data), jobs=jobs)
    if status != 0:
        raise SystemExit(f"ingest failed: {report}")
    return time.perf_counter() - began


def stop(data: Path) -> None:
    """Stop the embedded graph server of a data folder (the ingest leaves it to the next user)."""
    graph = FalkorGraph.embedded(data / "graph")
    graph.close()


def bookkeeping(corpus: list[Path], tmp: Path, jobs: int) -> Path:
    """Phase 1; returns the data folder of the last run with the record (for phase 2)."""
    times: dict[str, list[float]] = {"with the record": [], "without": []}
    kept = tmp / "with-record"
    for run in range(2):
        for label in ("with the record", "without"):
            data = tmp / f"run-{run}-{label.split()[0]}"
            with (without_record() if label == "without" else contextlib.nullcontext()):
                times[label].append(timed_ingest(corpus, data, jobs))
            stop(data)
            if label == "with the record" and run == 1:
                shutil.move(str(data), kept)
            else:
                shutil.rmtree(data)
    with_, without = statistics.median(times["with the record"]), statistics.median(times["without"])
    print(f"\n1. bookkeeping, {len(corpus)} briefings into fresh stores (seconds, each run):")
    for label, values in times.items():
        print(f"   {label:16s} {', '.join(f'{v:.1f}' for v in values)}; median {statistics.median(values):.1f} "
              f"({len(corpus) / statistics.median(values):.1f} briefings/s)")
    print(f"   the record's share of the ingest: {(with_ - without) / with_ * 100:.1f} % (target <= 10 %)")
    return kept


def client_for(data: Path):
    settings = settings_for(data)
    view = View(FalkorGraph.embedded(data / "graph"), data / "rdf")
    app = create_app({"VIEW": view, "SETTINGS": settings, "PAGE_CACHE_SIZE": 0})
    return app.test_client(), view


def get_ms(client, path: str) -> float:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    return elapsed


def middle_day(view: View) -> str:
    rows = view.graph.read("MATCH (b:Briefing) WHERE b.published IS NOT NULL RETURN b.published ORDER BY b.published").rows
    return rows[len(rows) // 2][0]


def as_of_pages(data: Path, rounds: int, seed: int) -> None:
    """Phase 2."""
    client, view = client_for(data)
    day = middle_day(view)
    busiest = [row["id"] for row in view.most_connected(10)]
    everyone = [row[0] for row in view.graph.read("MATCH (n:Entity) RETURN n.id ORDER BY n.id").rows]
    sample = random.Random(seed).sample([e for e in everyone if e not in busiest], min(40, len(everyone) - 10))
    # an entity named only after the day has no page as of it: the sample is of those it has
    sample = [e for e in sample if client.get(f"/id/{e}.json?as_of={day}").status_code == 200]
    times: dict[str, list[float]] = {k: [] for k in ("busiest, today", "busiest, as of", "sample, today", "sample, as of")}
    for _ in range(rounds):
        for group, ids in (("busiest", busiest), ("sample", sample)):
            for ident in ids:
                times[f"{group}, today"].append(get_ms(client, f"/id/{ident}"))
                times[f"{group}, as of"].append(get_ms(client, f"/id/{ident}?as_of={day}"))
    print(f"\n2. entity pages today and as of {day} ({len(busiest)} busiest, {len(sample)} others, "
          f"{rounds} rounds, page cache off), ms:")
    for name, values in times.items():
        print(f"   {name:16s} p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}")
    for group in ("busiest", "sample"):
        ratio = percentile(times[f"{group}, as of"], 95) / percentile(times[f"{group}, today"], 95)
        print(f"   {group}: p95 as of / today = {ratio:.2f} (target <= 1.5)")
    view.close()


WEEKLY_PAGES = ("/", "/changes", "/changes.atom", "/contradictions", "/events", "/id/state/belarus",
                "/id/state/belarus?as_of={day}", "/id/state/belarus?recorded_as_of={time}",
                "/id/state/belarus/changes.atom")


def middle_change(view: View) -> str:
    """The time of the change set in the middle of the record."""
    rows = view.graph.read("MATCH (c:ChangeSet) RETURN c.time ORDER BY c.id").rows
    return rows[len(rows) // 2][0]


def weekly(tmp: Path, base: list[Path], history_sets: int, weeks: int, per_week: int, jobs: int, seed: int) -> None:
    """Phase 3."""
    corpus = generate(tmp / "weekly-corpus", weeks * per_week, seed=seed + 1, start=len(base))
    data = tmp / "weekly"
    size = max(1, -(-len(base) // history_sets))
    for i in range(0, len(base), size):
        timed_ingest(base[i:i + size], data, jobs)
    rows: list[tuple[float, dict[str, float]]] = []
    for week in range(weeks):
        spent = timed_ingest(corpus[week * per_week:(week + 1) * per_week], data, jobs)
        client, view = client_for(data)
        day, when = middle_day(view), middle_change(view)
        pages = {}
        for page in WEEKLY_PAGES:
            path = page.format(day=day, time=when)
            pages[page] = statistics.median(get_ms(client, path) for _ in range(5))
        view.close()
        rows.append((spent, pages))
    stop(data)
    first, last = rows[:10], rows[-10:]
    print(f"\n3. {len(base)} briefings as {-(-len(base) // size)} change sets, then {weeks} weekly ingests of "
          f"{per_week} briefings, one store (page: median of 5 requests after each ingest, ms; the mean over the "
          "first ten ingests and over the last ten):")
    print(f"   {'ingest, s':34s} {statistics.mean(r[0] for r in first):7.2f} {statistics.mean(r[0] for r in last):7.2f}")
    for page in WEEKLY_PAGES:
        a, b = statistics.mean(r[1][page] for r in first), statistics.mean(r[1][page] for r in last)
        print(f"   {page:34s} {a:7.1f} {b:7.1f}  ratio {b / a:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--history", type=int, default=50, help="phase 3: change sets the corpus is ingested as")
    ap.add_argument("--weeks", type=int, default=100)
    ap.add_argument("--per-week", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--phases", default="1,2,3")
    args = ap.parse_args(argv)
    phases = {int(p) for p in args.phases.split(",")}
    tmp = Path(tempfile.mkdtemp(prefix="bg-history-"))
    try:
        corpus = generate(tmp / "corpus", args.count, seed=args.seed)
        print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {args.count} generated briefings (seed {args.seed})")
        kept = bookkeeping(corpus, tmp, args.jobs) if phases & {1, 2} else None
        if 2 in phases and kept is not None:
            as_of_pages(kept, args.rounds, args.seed)
            stop(kept)
        if 3 in phases:
            weekly(tmp, corpus, args.history, args.weeks, args.per_week, args.jobs, args.seed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
