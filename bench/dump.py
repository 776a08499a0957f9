"""Full Turtle dumps of the 1,000- and 2,000-briefing generated corpora: time and peak memory of
the `briefgraph export` process. Exports stream, so the peak memory of the 2,000 dump should be
within 10 % of the 1,000 one.
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


def dump(data: Path, fmt: str, out: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, bytes) of one export, in a child process of its own."""
    env = {**os.environ, "BRIEFGRAPH_DATA_DIR": str(data), "BRIEFGRAPH_GRAPH_URL": "", "BRIEFGRAPH_RDF_URL": ""}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "briefgraph.cli", "export", "--format", fmt, "-o", str(out)], env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        raise SystemExit(f"export failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024, out.stat().st_size


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
                  f"peak RSS {peak:.0f} MB")
    (n1, _, p1, _), (n2, _, p2, _) = results
    print(f"peak memory of the {n2} dump is {100 * (p2 / p1 - 1):+.1f} % of the {n1} one (target within 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
