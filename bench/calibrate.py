"""Measure how often each kind of fact the extraction finds is right, and write the table that gives
every fact its confidence (ingest/confidence.toml, read by ingest/confidence.py).

A fact is right when the shared scorer (../shared/tools/score_extraction.py) counts it: the score
of the file with the fact removed has one true positive fewer. Mentions count as right when the
entity they name matches a gold entity; events of a modality the scorer leaves out (forecast,
conditional, denied) are not counted. Usage:
    python bench/calibrate.py [--sets ../shared/dev-set bench/evalset] [--write]
Without --write it prints the table; with it, it writes ingest/confidence.toml.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scorer import SHARED, load_scorer  # noqa: E402 - a sibling script's module, found through the path above

TABLE = ROOT / "ingest" / "confidence.toml"


def counted(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any], part: str, metric: str) -> list[bool]:
    """For each fact of pred[part]: whether removing it costs a true positive of `metric`."""
    full = scorer.score(gold, pred)[metric]["tp"]
    out = []
    for i in range(len(pred[part])):
        without = {**pred, part: pred[part][:i] + pred[part][i + 1:]}
        out.append(scorer.score(gold, without)[metric]["tp"] < full)
    return out


def measure(sets: list[Path]) -> dict[str, dict[str, list[int]]]:
    """kind -> key -> [correct, found] over every briefing of the sets."""
    from briefgraph.ingest.confidence import event_key, mention_key, relation_key
    from briefgraph.ingest.extraction import extract_file

    scorer = load_scorer()
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for folder in sets:
        for path in sorted((folder / "briefings").iterdir()):
            gold_file = folder / "gold" / f"{path.stem}.json"
            if not gold_file.exists():
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            extraction = extract_file(path)
            pred = extraction.to_json()
            for entity, right in zip(extraction.entities, counted(scorer, gold, pred, "entities", "entities")):
                for m in entity.mentions:
                    _add(table["mention"][mention_key(m.extractor)], right)
            scored = [(e, j) for e, j in zip(extraction.events, pred["events"])
                      if j["modality"] not in scorer.UNSCORED_MODALITIES]
            only_scored = {**pred, "events": [j for _, j in scored]}
            for (event, _), right in zip(scored, counted(scorer, gold, only_scored, "events", "events")):
                _add(table["event"][event_key(event.extractor, len(event.participants) + bool(event.place))], right)
            for relation, right in zip(extraction.relations, counted(scorer, gold, pred, "relations", "relations")):
                _add(table["relation"][relation_key(relation.extractor)], right)
    return table


def _add(cell: list[int], right: bool) -> None:
    cell[0] += int(right)
    cell[1] += 1


def render(table: dict[str, dict[str, list[int]]], sets: list[Path]) -> str:
    names = ", ".join(p.resolve().name for p in sets)
    lines = ["# Written by bench/calibrate.py: how many facts of each kind the extraction found on the",
             f"# annotated sets ({names}), and how many of them the gold annotations confirm.",
             "# A fact's confidence is (correct + 1) / (found + 2) of its kind (ingest/confidence.py)."]
    for kind in ("mention", "event", "relation"):
        lines += ["", f"[{kind}]"]
        for key, (right, found) in sorted(table.get(kind, {}).items()):
            lines.append(f'"{key}" = {{ correct = {right}, found = {found} }}   # {(right + 1) / (found + 2):.3f}')
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", type=Path, default=[SHARED / "dev-set", ROOT / "bench" / "evalset"])
    ap.add_argument("--write", action="store_true", help=f"write {TABLE.relative_to(ROOT)}")
    args = ap.parse_args()
    text = render(measure(args.sets), args.sets)
    print(text, end="")
    if args.write:
        TABLE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
