"""Score the extraction with the shared scorer (../shared/tools/score_extraction.py) on the
development set (../shared/dev-set) and on the project's own evaluation set (bench/evalset, written
from other publishers' reports without sight of the rules).

Prints the scorer's per-file lines and totals for each set, plus quantity recall and date accuracy
summed over all files (the scorer reports those per file).
Usage: python bench/devset.py [--dev-set DIR ...] [--ner auto] [-v]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scorer import SHARED, load_scorer  # noqa: E402 - a sibling script's module, found through the path above

SETS = (SHARED / "dev-set", ROOT / "bench" / "evalset")
METRICS = ("entities", "events", "event_arguments", "relations")


def _pipeline(ner: str) -> Any:
    from briefgraph.ingest.pipeline import build_pipeline, default_config

    config = default_config()
    config["components"]["ner"]["model"] = ner
    return build_pipeline(config)


def totals(folder: Path, ner: str = "off") -> dict[str, float]:
    """F1 of each metric over every briefing of a set, the scorer's totals."""
    from briefgraph.ingest.extraction import extract_file

    pipeline = _pipeline(ner)
    scorer = load_scorer()
    results = []
    for briefing in sorted((folder / "briefings").iterdir()):
        gold = json.loads((folder / "gold" / f"{briefing.stem}.json").read_text(encoding="utf-8"))
        results.append(scorer.score(gold, extract_file(briefing, pipeline).to_json()))
    summed = scorer.total(results)
    return {metric: summed[metric]["f1"] for metric in METRICS}


def report(folder: Path, ner: str, verbose: bool) -> None:
    """The scorer's own report of one set, and the sums it leaves to the reader."""
    from briefgraph.ingest.extraction import extract_file

    pipeline = _pipeline(ner)
    print(f"== {folder}  (pipeline: {' '.join(pipeline.names)})")
    gold_dir = folder / "gold"
    with tempfile.TemporaryDirectory() as out:
        for briefing in sorted((folder / "briefings").iterdir()):
            data = extract_file(briefing, pipeline).to_json()
            (Path(out) / f"{briefing.stem}.json").write_text(json.dumps(data), encoding="utf-8")
        scorer = [sys.executable, str(SHARED / "tools" / "score_extraction.py"), "--dir", str(gold_dir), out]
        print(subprocess.run(scorer + (["-v"] if verbose else []), capture_output=True, text=True, check=True).stdout)
        answer = json.loads(subprocess.run(scorer + ["--json"], capture_output=True, text=True, check=True).stdout)
    q_found = q_gold = d_ok = d_gold = 0
    for gold_file, result in zip(sorted(gold_dir.glob("*.json")), answer["files"]):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        nq = sum(len(e.get("quantities", [])) for e in gold["events"])
        nd = sum(1 for e in gold["events"] if e.get("date"))
        q_gold += nq
        d_gold += nd
        q_found += round((result["quantity_recall"] or 0) * nq)
        d_ok += round((result["date_accuracy"] or 0) * nd)
    print(f"TOTAL quantity_recall  {q_found / q_gold:.3f}  ({q_found}/{q_gold})")
    print(f"TOTAL date_accuracy    {d_ok / d_gold:.3f}  ({d_ok}/{d_gold})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-set", type=Path, nargs="+", default=list(SETS),
                    help="the sets to score (default: the dev set and bench/evalset)")
    ap.add_argument("--ner", default="off", help="statistical NER: off (default), auto, or a model name")
    ap.add_argument("-v", action="store_true", help="list what was missed")
    args = ap.parse_args()
    for folder in args.dev_set:
        report(folder, args.ner, args.v)
    return 0


if __name__ == "__main__":
    sys.exit(main())
