"""Does each page's cost stay bounded as the archive grows? For each size of generated corpus
(1,000 and 10,000 briefings; 30,000 with --large), into a fresh store: the ingest rate, the rate
of re-ingesting the unchanged corpus, and the stores' sizes on disk; then the app served by
gunicorn as in production (2 workers x 4 threads, page cache off), every kind of page asked
--requests times by one client (p50/p95/max; the server's memory before and after), then by
--clients concurrent clients. Last, each kind's one-client p95 by size, and how the largest size
compares with the smallest ('!' marks a figure past its target).
Usage: python bench/scale.py [--sizes 1000,10000] [--large] [--keep DIR] [--clients 8] [--requests N] [--seed 11] [--pages-only]
(--keep DIR keeps each size's corpus and ingested data in DIR/<size>/, and reuses them when present).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from ingest import measured_ingest, stop_server  # noqa: E402
from web import free_port, percentile, run_clients, serve, workload  # noqa: E402

WORKERS, THREADS = 2, 4
SAMPLE_ENTITIES = 40
DEEP_HOPS = 4                      # next-page links followed from the first page: the fifth page
RATIO_LIMIT, P95_LIMIT_10K, ENTITY_P95_LIMIT = 1.5, 150.0, 50.0
INGEST_RATIO_TARGET, REINGEST_TARGET = 0.9, 10.0
Jobs = list[tuple[str, str]]


@dataclass
class IngestRates:
    """Briefings per second: the first ingest into a fresh store, and the unchanged corpus again."""

    first: float
    again: float


@dataclass
class Targets:
    """What the pages are asked about, drawn from the ingested store."""

    hubs: list[str]                # the entities mentioned in the most briefings, busiest first
    others: list[str]              # a seeded sample of the other entities
    briefings: list[str]           # a seeded sample of the briefings
    searches: list[str]            # /search paths for gazetteer names


@dataclass
class SizeResult:
    size: int
    rates: IngestRates
    p95: dict[str, float]          # one client, by kind


def parse_sizes(text: str, large: bool) -> list[int]:
    sizes = {int(part) for part in text.split(",") if part.strip()}
    return sorted((sizes | {30000}) if large else sizes)


def corpus_ready(folder: Path, size: int) -> bool:
    return folder.is_dir() and sum(1 for _ in folder.iterdir()) == size


def ingest(corpus: Path, data: Path, jobs: int) -> tuple[float, str]:
    """(seconds, report) of one `briefgraph ingest`; its error output ends the run if it fails."""
    try:
        return measured_ingest(corpus, data, jobs)[:2]
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"briefgraph ingest {corpus} failed:\n{exc.stderr[-3000:]}") from None


def ingest_twice(corpus: Path, data: Path, size: int, jobs: int) -> IngestRates:
    """Ingest into a fresh store, then the unchanged corpus again; print both rates."""
    try:
        seconds, report = ingest(corpus, data, jobs)
        print(f"  ingest: {seconds:.1f} s = {size / seconds:.1f} briefings/s ({report})")
        again, report = ingest(corpus, data, jobs)
        print(f"  re-ingest of the unchanged corpus: {again:.1f} s = {size / again:.1f} briefings/s, "
              f"{seconds / again:.1f} times the first ({report})")
    finally:
        stop_server(data)
    return IngestRates(size / seconds, size / again)


def prepare(folder: Path, size: int, seed: int) -> IngestRates:
    """The corpus generated and ingested under `folder` (what an earlier run left there is reused:
    the rates are then the ones it measured)."""
    corpus, data, marker = folder / "corpus", folder / "data", folder / "ingest.json"
    if marker.exists() and (data / "graph").exists() and (data / "rdf").exists():
        rates = IngestRates(**json.loads(marker.read_text()))
        print(f"  reusing the data in {data}: it was ingested at {rates.first:.1f} briefings/s, "
              f"re-ingested at {rates.again:.1f} briefings/s")
        return rates
    if not corpus_ready(corpus, size):
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, size, seed)
    shutil.rmtree(data, ignore_errors=True)            # a fresh store: nothing of an interrupted run
    rates = ingest_twice(corpus, data, size, min(4, (os.cpu_count() or 1) + 1))
    marker.write_text(json.dumps(asdict(rates)))
    return rates


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def quad_count(rdf: Path) -> int:
    """The quads of the embedded RDF store, read as the app reads it (a read-only handle)."""
    from briefgraph.store.rdf.oxigraph_handles import open_read_only

    return len(open_read_only(rdf))


def explore(data: Path, seed: int, requests: int) -> tuple[Targets, int, int]:
    """The pages' targets, and the graph's node and relationship counts."""
    from briefgraph.store.graph.falkordb_store import FalkorGraph

    rnd = random.Random(seed)
    searches = [path for kind, path in workload(data, 2 * requests, seed) if kind == "search"]
    graph = FalkorGraph.embedded(data / "graph")
    try:
        hubs = [row[0] for row in graph.read("MATCH (n:Entity)-[m:MENTIONED_IN]->(:Briefing) "
                                             "RETURN n.id, count(m) AS c ORDER BY c DESC, n.id LIMIT 10").rows]
        entities = sorted(row[0] for row in graph.read("MATCH (n:Entity) RETURN n.id").rows)
        briefings = sorted(row[0] for row in graph.read("MATCH (b:Briefing) RETURN b.id").rows)
        nodes = graph.read("MATCH (n) RETURN count(n)").rows[0][0]
        edges = graph.read("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    finally:
        graph.close()
        stop_server(data)
    busy = set(hubs)
    others = [ident for ident in entities if ident not in busy]
    targets = Targets(hubs, rnd.sample(others, min(SAMPLE_ENTITIES, len(others))),
                      rnd.sample(briefings, min(requests, len(briefings))), searches)
    return targets, nodes, edges


def print_store(data: Path, nodes: int, edges: int) -> None:
    graph, rdf = folder_bytes(data / "graph"), folder_bytes(data / "rdf")
    quads = quad_count(data / "rdf")
    print(f"  store: graph {graph / 1e6:.1f} MB ({nodes} nodes, {edges} relationships), RDF {rdf / 1e6:.1f} MB "
          f"({quads} quads, {rdf / max(quads, 1):.0f} bytes a quad)")


def short_name(title: str, taken: set[str]) -> str:
    """The first three words of an example's title, as a kind's name ('who-met-whom')."""
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", ""))
    name = "-".join(words[:3])
    while name in taken:
        name += "+"
    taken.add(name)
    return name


def query_paths() -> Jobs:
    """(kind, path) of every example query of the consoles, asking for JSON results."""
    from briefgraph.webapp.examples import CYPHER_EXAMPLES, SPARQL_EXAMPLES

    paths: Jobs = []
    for prefix, route, param, examples in (("sparql", "/sparql", "query", SPARQL_EXAMPLES),
                                           ("cypher", "/cypher", "statement", CYPHER_EXAMPLES)):
        taken: set[str] = set()
        for title, query in examples:
            paths.append((f"{prefix}:{short_name(title, taken)}",
                          f"{route}?{urllib.parse.urlencode({param: query, 'format': 'json'})}"))
    return paths


def next_link(body: object, link_header: str) -> str | None:
    """The next page's HTML path that a JSON twin of the briefing list gives: a `next` or
    `next_url` key, a `links` entry, or a Link header with rel="next"; None when it gives none."""
    found: object = None
    if isinstance(body, dict):
        links = body.get("links")
        found = body.get("next") or body.get("next_url")
        if isinstance(links, dict):
            found = found or links.get("next")
        elif isinstance(links, list):
            found = found or next((link.get("href") for link in links
                                   if isinstance(link, dict) and link.get("rel") == "next"), None)
    header = re.search(r'<([^>]+)>\s*;\s*rel="?next"?', link_header)
    found = found or (header.group(1) if header else None)
    if not isinstance(found, str) or not found.startswith(("/", "?", "http")):
        return None
    parts = urllib.parse.urlsplit(urllib.parse.urljoin("/briefings", found))
    return parts.path.removesuffix(".json") + (f"?{parts.query}" if parts.query else "")


def deep_briefings(port: int, errors: list[str]) -> str:
    """A later page of the briefing list: the next-page links of the JSON twin followed from the
    first page, or ?page=5 when the twin gives no such link."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    path, hops = "/briefings", 0
    try:
        while hops < DEEP_HOPS:
            twin = urllib.parse.urlsplit(path)
            conn.request("GET", f"{twin.path}.json" + (f"?{twin.query}" if twin.query else ""))
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                errors.append(f"GET {path}.json: HTTP {response.status}")
                break
            following = next_link(json.loads(body), response.getheader("Link", ""))
            if following is None:
                break
            path, hops = following, hops + 1
    finally:
        conn.close()
    return path if hops else f"/briefings?page={DEEP_HOPS + 1}"


def page_jobs(targets: Targets, deep: str, requests: int, console: bool = True) -> Jobs:
    """`requests` (kind, path) pairs of every kind of page, kind after kind (the consoles' example
    queries too, unless `console` is false)."""
    quarter = urllib.parse.urlencode({"from": "2023-01-01", "to": "2023-03-31"})
    candidates: dict[str, list[str]] = {
        "home": ["/"],
        "briefings": ["/briefings"],
        "briefings-deep": [deep],
        "events": ["/events"],
        "events-filtered": ["/events?type=Deployment", "/events?" + urllib.parse.urlencode({"actor": targets.hubs[0]}),
                            "/events?" + quarter],
        "entity-busy": ["/id/" + ident for ident in targets.hubs],
        "entity-sample": ["/id/" + ident for ident in targets.others],
        "search": targets.searches,
        "briefing": ["/briefings/" + ident for ident in targets.briefings],
    }
    for kind, path in query_paths() if console else ():
        candidates[kind] = [path]
    return [(kind, paths[i % len(paths)]) for kind, paths in candidates.items() for i in range(requests)]


def process_tree(root: int) -> list[int]:
    """The process and its descendants (from every process's parent in /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue                                 # gone meanwhile
            children.setdefault(parent, []).append(int(entry.name))
    tree: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_mb(root: int) -> tuple[float, int]:
    """(summed resident memory in MB, number of processes) of a process and its descendants."""
    total, count = 0, 0
    for pid in process_tree(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total, count = total + (int(found.group(1)) if found else 0), count + 1
    return total / 1024, count


def graph_server_pid(data: Path) -> int | None:
    """The embedded FalkorDB server of `data`, from the registry stop_server reads (it runs
    detached: no process of gunicorn's tree)."""
    try:
        return int(Path(json.loads((data / "graph" / "graph.db.settings").read_text())["pidfile"]).read_text())
    except (OSError, ValueError, KeyError):
        return None


def memory(server: int, data: Path) -> tuple[float, int, float]:
    """(MB, processes) of gunicorn's tree, and MB of the embedded FalkorDB server."""
    graph = graph_server_pid(data)
    return (*rss_mb(server), rss_mb(graph)[0] if graph else 0.0)


def print_times(times: dict[str, list[float]], order: list[str]) -> None:
    width = max(len(kind) for kind in order)
    for kind in order:
        values = times.get(kind, [])
        if values:
            print(f"    {kind:{width}s} n={len(values):<4d} p50 {percentile(values, 50):7.1f} ms  "
                  f"p95 {percentile(values, 95):7.1f} ms  max {max(values):7.1f} ms")


def print_errors(errors: list[str]) -> None:
    for error in errors[:10]:
        print("    error:", error)
    if len(errors) > 10:
        print(f"    ... and {len(errors) - 10} more errors")


def measure_pages(data: Path, targets: Targets, args: argparse.Namespace, errors: list[str]) -> dict[str, float]:
    """Serve the data; every kind of page from one client, then from --clients clients; the
    one-client p95 by kind."""
    port = free_port()
    server = serve(data, port, WORKERS, THREADS, 0)
    try:
        jobs = page_jobs(targets, deep_briefings(port, errors), args.requests, not args.pages_only)
        order = list(dict.fromkeys(kind for kind, _ in jobs))
        warm_up = [job for kind in order for job in [j for j in jobs if j[0] == kind][:3]]
        errors.extend(run_clients(port, warm_up, max(2, args.clients))[1])
        before, processes, graph_before = memory(server.pid, data)
        times, failed = run_clients(port, jobs, 1)
        after, processes_after, graph_after = memory(server.pid, data)
        print(f"  one client, {len(jobs)} requests ({args.requests} of each kind), page cache off; "
              f"{len(failed)} errors")
        print_times(times, order)
        print(f"  web server memory: {before:.0f} MB after warm-up ({processes} processes), {after:.0f} MB after "
              f"the one-client run ({processes_after} processes), {100 * (after - before) / before:+.1f}%; "
              f"the embedded FalkorDB server: {graph_before:.0f} MB, then {graph_after:.0f} MB")
        mixed = jobs.copy()
        random.Random(args.seed).shuffle(mixed)
        start = time.perf_counter()
        concurrent, failed_too = run_clients(port, mixed, args.clients)
        wall = time.perf_counter() - start
        print(f"  {args.clients} clients, the same {len(jobs)} requests shuffled: {wall:.1f} s = "
              f"{len(jobs) / wall:.0f} requests/s; {len(failed_too)} errors")
        print_times(concurrent, order)
    finally:
        server.terminate()
        server.wait(timeout=30)
        stop_server(data)
    print_errors(failed + failed_too)
    errors.extend(failed + failed_too)
    return {kind: percentile(values, 95) for kind, values in times.items()}


def run_size(root: Path, size: int, args: argparse.Namespace, errors: list[str]) -> SizeResult:
    print(f"{size} briefings")
    rates = prepare(root / str(size), size, args.seed)
    data = root / str(size) / "data"
    targets, nodes, edges = explore(data, args.seed, args.requests)
    print_store(data, nodes, edges)
    return SizeResult(size, rates, measure_pages(data, targets, args, errors))


def flag(bad: bool) -> str:
    return "!" if bad else " "


def print_summary(results: list[SizeResult]) -> None:
    """Each kind's one-client p95 by size and the largest size against the smallest; the ingest
    rates and re-ingest speed-ups."""
    small, large = results[0], results[-1]
    kinds = list(dict.fromkeys(kind for result in results for kind in result.p95))
    width = max(len(kind) for kind in kinds)
    print(f"\none-client p95 in ms by size (! past a target: ratio > {RATIO_LIMIT}, p95 > {P95_LIMIT_10K:.0f} ms "
          f"at 10000, an entity page > {ENTITY_P95_LIMIT:.0f} ms)")
    print(f"  {'kind':{width}s} " + "".join(f"{r.size:>10d} " for r in results) + "     ratio")
    for kind in kinds:
        cells = []
        for r in results:
            p95 = r.p95.get(kind)
            bad = p95 is not None and ((r.size == 10000 and p95 > P95_LIMIT_10K)
                                       or (kind.startswith("entity") and p95 > ENTITY_P95_LIMIT))
            cells.append(f"{p95:9.1f}{flag(bad)} " if p95 is not None else f"{'-':>9s}  ")
        ratio = large.p95[kind] / small.p95[kind] if kind in large.p95 and small.p95.get(kind) else None
        shown = f"{ratio:9.2f}{flag(ratio > RATIO_LIMIT)}" if ratio is not None else f"{'-':>9s}"
        print(f"  {kind:{width}s} " + "".join(cells) + shown)
    ingest_ratio = large.rates.first / small.rates.first
    print("ingest, briefings/s: " + ", ".join(f"{r.size}: {r.rates.first:.1f}" for r in results)
          + f"; {large.size} against {small.size}: {ingest_ratio:.2f}{flag(ingest_ratio < INGEST_RATIO_TARGET)}"
          f" (target >= {INGEST_RATIO_TARGET})")
    print("re-ingest speed-up: " + ", ".join(
        f"{r.size}: {r.rates.again / r.rates.first:.1f}x{flag(r.rates.again / r.rates.first < REINGEST_TARGET)}"
        for r in results) + f" (target >= {REINGEST_TARGET:.0f}x)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--large", action="store_true", help="add 30000 to the sizes")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) each size's corpus and data in DIR/<size>/")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=40, help="requests of each kind of page")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--pages-only", action="store_true",
                    help="leave out the consoles' example queries (the heavy ones take seconds at 10,000)")
    args = ap.parse_args()
    errors: list[str] = []
    with nullcontext(str(args.keep)) if args.keep else tempfile.TemporaryDirectory(prefix="briefgraph-scale-") as tmp:
        results = [run_size(Path(tmp).resolve(), size, args, errors) for size in parse_sizes(args.sizes, args.large)]
    print_summary(results)
    if errors:
        print(f"{len(errors)} requests failed:")
        print_errors(errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
