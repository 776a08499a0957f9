"""Ingest throughput into the embedded stores: 1,000 generated briefings, then 2,000 in a fresh
store (linearity), then the unchanged 1,000 again (re-ingest), with peak memory.
Usage: python bench/ingest.py [--count 1000] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_ingest(folder: Path, data: Path, jobs: int) -> tuple[float, str]:
    """Run `briefgraph ingest` in a child process; (seconds, its report)."""
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "briefgraph.cli", "ingest", str(folder), "--jobs", str(jobs)],
                          env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[0]


def stop_server(data: Path) -> None:
    """Stop the embedded FalkorDB the run left behind."""
    import json
    import signal
    registry = data / "graph" / "graph.db.settings"
    try:
        pid = int(Path(json.loads(registry.read_text())["pidfile"]).read_text())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError):
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=min(4, (os.cpu_count() or 1) + 1))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        n, n2 = args.count, 2 * args.count
        generate(tmp_path / "first", n)
        generate(tmp_path / "double", n2)
        t1, r1 = run_ingest(tmp_path / "first", tmp_path / "data1", args.jobs)
        t_re, r_re = run_ingest(tmp_path / "first", tmp_path / "data1", args.jobs)
        stop_server(tmp_path / "data1")
        t2, r2 = run_ingest(tmp_path / "double", tmp_path / "data2", args.jobs)
        stop_server(tmp_path / "data2")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"ingest {n}: {t1:.1f} s = {n / t1:.1f} briefings/s ({r1})")
    print(f"ingest {n2} into a fresh store: {t2:.1f} s = {n2 / t2:.1f} briefings/s; "
          f"{n2} take {t2 / t1:.2f} times as long as {n}")
    print(f"re-ingest the unchanged {n}: {t_re:.1f} s, {t1 / t_re:.1f} times faster than the first ({r_re})")
    print(f"peak RSS of one ingest process or worker: {peak:.0f} MB ({args.jobs} extraction processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
