"""How sure the extraction is of each fact: a confidence in [0, 1], the precision measured for facts
found the same way. The table (ingest/confidence.toml) is written by `bench/calibrate.py`, which
scores every fact of the development and evaluation sets against their gold annotations; a kind of
fact the table has not seen gets the prior, 0.5."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

PRIOR = 0.5


def mention_key(extractor: str) -> str:
    """Mentions are told apart by the component that found them (gazetteer, place-pattern…)."""
    return extractor


def event_key(extractor: str, arguments: int) -> str:
    """Events by their extractor and how many entities they bind (participants and place: 0, 1, 2+);
    an event with no argument is the likeliest to be a trigger word used in another sense."""
    return f"{extractor}:{min(arguments, 2)}"


def relation_key(extractor: str) -> str:
    """Relations by the pattern that found them, every verb cue ('cue:signed') counted as one."""
    return extractor.split(":", 1)[0]


@dataclass(frozen=True)
class Calibration:
    """Measured precision by kind of fact and key: (correct + 1) / (found + 2)."""

    counts: dict[str, dict[str, tuple[int, int]]]      # kind -> key -> (correct, found)
    values: dict[tuple[str, str], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Computed once: the extraction asks for a confidence tens of times a briefing.
        object.__setattr__(self, "values", {
            (kind, key): round((correct + 1) / (found + 2), 3) if found else PRIOR
            for kind, table in self.counts.items() for key, (correct, found) in table.items()})

    def confidence(self, kind: str, key: str) -> float:
        return self.values.get((kind, key), PRIOR)


@cache
def load_calibration() -> Calibration:
    """The table shipped with the package."""
    with resources.files("briefgraph.ingest").joinpath("confidence.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return Calibration({kind: {key: (int(v["correct"]), int(v["found"])) for key, v in table.items()}
                        for kind, table in data.items() if isinstance(table, dict)})
