"""What the reviewers' verdicts say of the extraction: by kind of fact, how many they confirmed,
rejected, corrected or left unsure, and the precision that follows (confirmed over judged, a
corrected fact counted as wrong), with its 95 % Wilson interval: the figure a maintainer watches
as the extraction changes. Only the decision that holds for each fact counts."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .decisions import Decisions, Kind, Verdict

# What counts as a judgement of whether the extraction was right (an alias or a Wikidata id adds
# to a right fact; a merge says the entity was found twice: wrong as a separate entity).
RIGHT = {Verdict.CONFIRM}
WRONG = {Verdict.REJECT, Verdict.CORRECT, Verdict.MERGE, Verdict.SPLIT}


@dataclass(frozen=True)
class KindStats:
    """The verdicts on one kind of fact."""

    kind: str
    confirmed: int
    wrong: int                  # rejected, corrected, merged or split off
    unsure: int
    precision: float | None     # confirmed / (confirmed + wrong); None before any judgement
    low: float | None           # its 95 % Wilson interval
    high: float | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def wilson(right: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (sound for small counts, unlike the normal one)."""
    p = right / judged
    centre = (p + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z * math.sqrt(p * (1 - p) / judged + z * z / (4 * judged * judged)) / (1 + z * z / judged)
    return max(0.0, centre - half), min(1.0, centre + half)


def review_stats(decisions: Decisions) -> list[KindStats]:
    """Precision by kind of fact, from the decisions that hold, in the order of the kinds."""
    counts = {k: [0, 0, 0] for k in Kind}
    for d in decisions.standing():
        if d.verdict in RIGHT:
            counts[d.fact.kind][0] += 1
        elif d.verdict in WRONG:
            counts[d.fact.kind][1] += 1
        elif d.verdict is Verdict.UNSURE:
            counts[d.fact.kind][2] += 1
    out = []
    for kind, (right, wrong, unsure) in counts.items():
        judged = right + wrong
        if judged:
            low, high = wilson(right, judged)
            out.append(KindStats(kind.value, right, wrong, unsure, right / judged, low, high))
        else:
            out.append(KindStats(kind.value, right, wrong, unsure, None, None, None))
    return out


def render(stats: list[KindStats]) -> str:
    """The table `briefgraph review-stats` prints."""
    lines = [f"{'fact':10s} {'confirmed':>9s} {'wrong':>6s} {'unsure':>6s} {'precision':>9s}  95 % interval"]
    for s in stats:
        if s.precision is None:
            figure, interval = "-", "-"
        else:
            figure, interval = f"{s.precision:.3f}", f"{s.low:.3f}-{s.high:.3f}"
        lines.append(f"{s.kind:10s} {s.confirmed:9d} {s.wrong:6d} {s.unsure:6d} {figure:>9s}  {interval}")
    return "\n".join(lines)
