"""Score the extraction on the development set (../shared/dev-set) with the shared scorer.

Prints the scorer's totals, plus quantity recall and date accuracy summed over all files
(the scorer reports those per file). Usage: python bench/devset.py [--dev-set DIR] [--ner auto] [-v]
`--dev-set bench/evalset` scores the project's own evaluation set, written without sight of the rules.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev-set", type=Path, default=SHARED / "dev-set")
    ap.add_argument("--ner", default="off", help="statistical NER: off (default), auto, or a model name")
    ap.add_argument("-v", action="store_true", help="list what was missed")
    args = ap.parse_args()
    from briefgraph.ingest.extraction import extract_file
    from briefgraph.ingest.pipeline import build_pipeline, default_config

    config = default_config()
    config["components"]["ner"]["model"] = args.ner
    pipeline = build_pipeline(config)
    print(f"pipeline: {' '.join(pipeline.names)}")
    gold_dir = args.dev_set / "gold"
    with tempfile.TemporaryDirectory() as out:
        for briefing in sorted((args.dev_set / "briefings").iterdir()):
            data = extract_file(briefing, pipeline).to_json()
            (Path(out) / f"{briefing.stem}.json").write_text(json.dumps(data), encoding="utf-8")
        scorer = [sys.executable, str(SHARED / "tools" / "score_extraction.py"), "--dir", str(gold_dir), out]
        print(subprocess.run(scorer + (["-v"] if args.v else []), capture_output=True, text=True, check=True).stdout)
        report = json.loads(subprocess.run(scorer + ["--json"], capture_output=True, text=True, check=True).stdout)
    q_found = q_gold = d_ok = d_gold = 0
    for gold_file, result in zip(sorted(gold_dir.glob("*.json")), report["files"]):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        nq = sum(len(e.get("quantities", [])) for e in gold["events"])
        nd = sum(1 for e in gold["events"] if e.get("date"))
        q_gold += nq
        d_gold += nd
        q_found += round((result["quantity_recall"] or 0) * nq)
        d_ok += round((result["date_accuracy"] or 0) * nd)
    print(f"TOTAL quantity_recall  {q_found / q_gold:.3f}  ({q_found}/{q_gold})")
    print(f"TOTAL date_accuracy    {d_ok / d_gold:.3f}  ({d_ok}/{d_gold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
