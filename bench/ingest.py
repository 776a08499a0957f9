"""Ingest throughput into the embedded stores: 1,000 generated briefings, three times, each into
a fresh store (the median counts: this machine is shared, and one run can lose a fifth of its
speed to its neighbours); then 2,000 in a fresh store (linearity, against that median); then the
unchanged 1,000 again (re-ingest), with peak memory and the processor time the machine spent
(every process, the database server's included) per briefing, which neighbours change less (they
still slow the processors themselves: 68-87 ms a briefing in runs of the same code).
Usage: python bench/ingest.py [--count 1000] [--jobs N] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def machine_busy_seconds() -> float:
    """Processor time this machine has spent busy since boot, all processors (from /proc/stat;
    time stolen by the host's other guests is not counted)."""
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run_ingest(folder: Path, data: Path, jobs: int) -> tuple[float, str]:
    """Run `briefgraph ingest` in a child process; (seconds, its report)."""
    return measured_ingest(folder, data, jobs)[:2]


def measured_ingest(folder: Path, data: Path, jobs: int) -> tuple[float, str, float]:
    """Run `briefgraph ingest` in a child process; (seconds, its report, busy processor seconds)."""
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    busy = machine_busy_seconds()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "briefgraph.cli", "ingest", str(folder), "--jobs", str(jobs)],
                          env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[0], machine_busy_seconds() - busy


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
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        n, n2 = args.count, 2 * args.count
        generate(tmp_path / "first", n)
        generate(tmp_path / "double", n2)
        runs = []
        for i in range(args.runs):
            runs.append(measured_ingest(tmp_path / "first", tmp_path / f"data1-{i}", args.jobs))
            if i < args.runs - 1:
                stop_server(tmp_path / f"data1-{i}")
                shutil.rmtree(tmp_path / f"data1-{i}")
        last = tmp_path / f"data1-{args.runs - 1}"
        t_re, r_re, _ = measured_ingest(tmp_path / "first", last, args.jobs)
        stop_server(last)
        t2, r2, busy2 = measured_ingest(tmp_path / "double", tmp_path / "data2", args.jobs)
        stop_server(tmp_path / "data2")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    t1, r1, busy1 = sorted(runs)[len(runs) // 2]
    print(f"ingest {n}: {t1:.1f} s = {n / t1:.1f} briefings/s, the median of {len(runs)} runs "
          f"({', '.join(f'{n / t:.1f}' for t, _, _ in runs)}/s) ({r1})")
    print(f"  processor time: {1000 * busy1 / n:.0f} ms a briefing, all processes ({busy1 / t1:.2f} processors busy "
          f"of {os.cpu_count()})")
    print(f"ingest {n2} into a fresh store: {t2:.1f} s = {n2 / t2:.1f} briefings/s; "
          f"{n2} take {t2 / t1:.2f} times as long as {n} ({busy2 / busy1:.2f} times the processor time)")
    print(f"re-ingest the unchanged {n}: {t_re:.1f} s, {t1 / t_re:.1f} times faster than the first ({r_re})")
    print(f"peak RSS of one ingest process or worker: {peak:.0f} MB ({args.jobs} extraction processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
