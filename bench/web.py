"""Page latency under load: the entity page and search on the 1,000-briefing generated corpus,
served by gunicorn as in production, 8 concurrent client processes; the same requests with the
page cache off, then on; prints p50/p95/p99 per kind.
Usage: python bench/web.py [--count 1000] [--clients 8] [--requests 1600] [--data DIR]
(--data reuses a data folder that an earlier run ingested, and keeps it)."""
from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def typo(word: str, rnd: random.Random) -> str:
    """One letter dropped from a longer word: what a hurried reader types."""
    if len(word) < 6:
        return word
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]


def workload(data: Path, total: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, path) pairs: entity pages of entities in the store, searches for gazetteer names,
    a tenth of them with a typo, shuffled deterministically."""
    from briefgraph.ontology.gazetteer import load_gazetteer
    from briefgraph.store.graph.falkordb_store import FalkorGraph

    rnd = random.Random(seed)
    graph = FalkorGraph.embedded(data / "graph")
    ids = sorted(row[0] for row in graph.read("MATCH (n:Entity) RETURN n.id").rows)
    hubs = [row[0] for row in graph.read("MATCH (n:Entity)-[m:MENTIONED_IN]->() RETURN n.id, count(m) AS c "
                                         "ORDER BY c DESC LIMIT 20").rows]
    graph.close()
    names = sorted({text for e in load_gazetteer().entries.values() for text, _ in e.forms()[:3]})
    jobs = []
    for i in range(total // 2):
        # a quarter of the entity pages are the most-mentioned entities (the slowest pages)
        ident = rnd.choice(hubs) if i % 4 == 0 else rnd.choice(ids)
        jobs.append(("entity", "/id/" + ident))
        name = rnd.choice(names)
        if i % 10 == 0:
            name = " ".join(typo(w, rnd) for w in name.split())
        jobs.append(("search", "/search?" + urllib.parse.urlencode({"q": name})))
    rnd.shuffle(jobs)
    return jobs


def corpus(data: Path | None, tmp: Path, count: int) -> Path:
    """`data` if it holds an ingested corpus, else a folder under `tmp` where `count` generated
    briefings are ingested now (printing how long that took)."""
    if data is not None and (data / "graph").exists() and (data / "rdf").exists():
        return data
    from generate import generate
    from ingest import run_ingest
    data = data or tmp / "data"
    generate(tmp / "corpus", count)
    seconds, report = run_ingest(tmp / "corpus", data, min(4, (os.cpu_count() or 1) + 1))
    print(f"ingested the corpus in {seconds:.0f} s ({report})")
    return data


def timed(conn: http.client.HTTPConnection, port: int, method: str, path: str, body=None,
          headers=None) -> tuple[float, str | None, http.client.HTTPConnection]:
    """One request on a keep-alive connection: (ms, error or None, the connection to go on with)."""
    start = time.perf_counter()
    error = None
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            error = f"{method} {path[:80]}: HTTP {response.status}"
    except OSError as exc:
        error = f"{method} {path[:80]}: {exc}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    return (time.perf_counter() - start) * 1000, error, conn


# A request: (kind, path) for a GET, or (kind, path, form body) for a form POST.
Job = tuple[str, str] | tuple[str, str, bytes]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _client(args: tuple[int, list[Job]]) -> list[tuple[str, float, str | None]]:
    """One client: its requests in order over one keep-alive connection; (kind, ms, error)."""
    port, jobs = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = []
    for kind, path, *body in jobs:
        if body:
            ms, error, conn = timed(conn, port, "POST", path, body[0], FORM)
        else:
            ms, error, conn = timed(conn, port, "GET", path)
        out.append((kind, ms, error))
    conn.close()
    return out


def run_clients(port: int, jobs: list[Job], clients: int) -> tuple[dict[str, list[float]], list[str]]:
    """Send the jobs from `clients` processes (not threads: the clients must not queue on one
    interpreter's lock and count that as the server's time), each with its own connection."""
    from multiprocessing import get_context

    shares = [(port, jobs[i::clients]) for i in range(clients)]
    with get_context("fork").Pool(clients) as pool:
        results = pool.map(_client, shares)
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    for kind, ms, error in (row for result in results for row in result):
        times.setdefault(kind, []).append(ms)
        if error:
            errors.append(error)
    return times, errors


def serve(data: Path, port: int, workers: int, threads: int, cache: int) -> subprocess.Popen:
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": "",
           "BRIEFGRAPH_PAGE_CACHE": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
                             str(workers), "--threads", str(threads), "--log-level", "warning",
                             "briefgraph.webapp:create_app()"], env=env)
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=1600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--data", type=Path, help="an ingested data folder to reuse")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = corpus(args.data, Path(tmp), args.count)
        jobs = workload(data, args.requests)
        warm_up = workload(data, 100, seed=8)      # other requests: the measured ones start uncached
        failed = False
        # The page cache off (every request reads the store), then on (the default: a page is
        # computed once per generation of the data, per process), the same requests in the same order.
        for label, cache in (("page cache off", 0), ("page cache on", 2048)):
            port = free_port()
            server = serve(data, port, args.workers, args.threads, cache)
            try:
                run_clients(port, warm_up, args.clients)          # templates compiled, connections open
                start = time.perf_counter()
                times, errors = run_clients(port, jobs, args.clients)
                wall = time.perf_counter() - start
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"{label}: {len(jobs)} requests from {args.clients} clients in {wall:.1f} s = "
                  f"{len(jobs) / wall:.0f} requests/s; gunicorn {args.workers} workers x {args.threads} threads; "
                  f"{len(errors)} errors")
            for kind, values in sorted(times.items()):
                print(f"  {kind:7s} n={len(values)}  p50 {percentile(values, 50):6.1f} ms  p95 "
                      f"{percentile(values, 95):6.1f} ms  p99 {percentile(values, 99):6.1f} ms  max {max(values):6.1f} ms")
            for error in errors[:10]:
                print("  error:", error)
            failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
