"""Full Turtle dumps of the 1,000- and 2,000-briefing generated corpora: time and peak memory of
the `briefgraph export` process and the processes it starts (their resident memory summed, sampled
every 50 ms). Exports stream, so the peak memory of the 2,000 dump should be within 10 % of the
1,000 one.
Usage: python bench/dump.py [--count 1000] [--format turtle] [--data1 DIR --data2 DIR]"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def tree_rss_mb(root: int) -> float:
    """The resident memory of a process and all its descendants, summed (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(p, 0) for p in tree) / 2**20


def dump(data: Path, fmt: str, out: Path) -> tuple[float, float, int]:
    """(seconds, peak memory in MB of the export and every process it starts, summed, bytes)."""
    import threading

    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "export", "--format", fmt, "-o", str(out)], env=env)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = proc.wait()
    sampler.join()
    elapsed = time.perf_counter() - start
    if status:
        raise SystemExit(f"export failed with status {status}")
    return elapsed, peak[0], out.stat().st_size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--format", default="turtle")
    ap.add_argument("--data1", type=Path)
    ap.add_argument("--data2", type=Path)
    args = ap.parse_args()
    from generate import generate
    from ingest import run_ingest, stop_server

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        results = []
        for n, given in ((args.count, args.data1), (2 * args.count, args.data2)):
            data = given
            if data is None or not (data / "rdf").exists():
                data = data or tmp_path / f"data{n}"
                generate(tmp_path / f"corpus{n}", n)
                run_ingest(tmp_path / f"corpus{n}", data, 3)
                stop_server(data)
            seconds, peak, size = dump(data, args.format, tmp_path / f"dump{n}")
            results.append((n, seconds, peak, size))
            print(f"{args.format} dump of {n} briefings: {seconds:.1f} s, {size / 1e6:.0f} MB written, "
                  f"peak memory {peak:.0f} MB (the export and its processes, summed)")
    (n1, _, p1, _), (n2, _, p2, _) = results
    print(f"peak memory of the {n2} dump is {100 * (p2 / p1 - 1):+.1f} % of the {n1} one (target within 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
