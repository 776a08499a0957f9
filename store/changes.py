"""The record of changes, read: the change sets (what each ingest added, changed and removed, and
what appeared in the archive or left it) and what the archive learnt about one entity, when. The
model and its statements are store/graph/history.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgraph.store.graph import history
from briefgraph.store.graph.base import GraphStore

KINDS = ("briefings", "entities", "events", "relations")
# the part lists of each kind: what was added and what removed ("changed" is for briefings only)
_LISTS = {"briefings": ("added", "changed", "removed"), "entities": ("entities_added", "entities_removed"),
          "events": ("events_added", "events_removed"), "relations": ("relations_added", "relations_removed")}
NEWEST = 2 ** 62            # before any change set: the first page of the list
# An entity named in more briefings than this is a hub: its history is read a window of change sets
# at a time (history.ENTITY_TOUCHES_WINDOW), not through all its edges from the change sets.
HUB_BRIEFINGS = 200


@dataclass
class ChangeSet:
    """One ingest's change to the archive. `lists` holds, for each kind, what was added, changed
    or removed, each list cut at the reader's cap; `counts` how many there are in all."""

    id: int
    time: str
    counts: dict[str, dict[str, int]]
    lists: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "time": self.time, "counts": self.counts}
        if self.lists:
            out.update(self.lists)
        return out

    def summary(self) -> str:
        """'briefings: 2 added, 1 changed; events: 3 added' (what is not zero)."""
        parts = [f"{kind}: " + ", ".join(f"{n} {verb}" for verb, n in self.counts[kind].items() if n)
                 for kind in KINDS if any(self.counts[kind].values())]
        return "; ".join(parts) or "nothing"


def _verb(name: str) -> str:
    return name.rsplit("_", 1)[-1]


def _counts(row: dict[str, Any]) -> dict[str, dict[str, int]]:
    """A row's sizes of the part lists (by their names), by kind and verb."""
    return {kind: {_verb(name): int(row[name] or 0) for name in names} for kind, names in _LISTS.items()}


class ChangeLog:
    """Reads of the change sets in a graph store."""

    def __init__(self, graph: GraphStore):
        self.graph = graph

    def latest(self) -> int | None:
        rows = self.graph.read(history.LATEST_CHANGE).rows
        return rows[0][0] if rows else None

    def at(self, time: str) -> int:
        """The last change set recorded by a time (ISO 8601, UTC, 'YYYY-MM-DDTHH:MM:SSZ'): the
        state a record-time view reads (View.recorded); 0 before the first."""
        rows = self.graph.read(history.CHANGE_AT, {"time": time}).rows
        return int(rows[0][0] or 0) if rows else 0

    def page(self, before: int | None = None, limit: int = 20) -> list[ChangeSet]:
        """The change sets before `before` (a sequence number; None: the newest), newest first."""
        rows = self.graph.read(history.CHANGE_SETS, {"before": NEWEST if before is None else before,
                                                     "limit": limit}).dicts()
        return [ChangeSet(row["id"], row["time"], _counts(row)) for row in rows]

    def get(self, seq: int, cap: int = 500) -> ChangeSet | None:
        """One change set with its lists (each cut at `cap`), or None."""
        parts = sorted(self.graph.read(history.CHANGE_PARTS, {"id": seq, "cap": cap}).dicts(),
                       key=lambda p: int(p["part"].split("/")[1]))
        if not parts:
            return None
        counts = _counts({name: sum(p["n_" + name] for p in parts) for names in _LISTS.values() for name in names})
        lists = {kind: {_verb(name): sorted({x for p in parts for x in p[name]})[:cap] for name in names}
                 for kind, names in _LISTS.items()}
        return ChangeSet(seq, parts[0]["time"], counts, lists)

    def _touches(self, ident: str, limit: int, cap: int) -> list[dict[str, Any]]:
        """The entity's edges from the latest `limit` change sets that concerned it."""
        found = self.graph.read(history.ENTITY_BRIEFINGS, {"id": ident}).rows
        if not found or found[0][0] <= HUB_BRIEFINGS:
            return self.graph.read(history.ENTITY_TOUCHES, {"id": ident, "limit": limit, "cap": cap}).dicts()
        rows: list[dict[str, Any]] = []
        hi, width = (self.latest() or 0) + 1, limit
        while hi > 1 and len({row["change"] for row in rows}) < limit:
            lo = max(1, hi - width)
            rows += self.graph.read(history.ENTITY_TOUCHES_WINDOW, {"id": ident, "lo": lo, "hi": hi, "cap": cap}).dicts()
            hi, width = lo, width * 2
        kept = set(sorted({row["change"] for row in rows}, reverse=True)[:limit])
        return [row for row in rows if row["change"] in kept]

    def entity_history(self, ident: str, limit: int = 50, cap: int = 10) -> list[dict[str, Any]]:
        """What the archive learnt about an entity, newest first: one entry a change set (its parts
        merged), with the briefings that newly name it and the relations and events that appeared
        or disappeared (each list its first `cap`, and `n_<list>` how many in all); `first` marks
        the change set that brought it into the archive."""
        merged: dict[int, dict[str, Any]] = {}
        for row in self._touches(ident, limit, cap):
            entry = merged.setdefault(row["change"], {"change": row["change"], "time": row["time"], "first": False,
                                                      **{k: [] for k in history.TOUCH_LISTS},
                                                      **{f"n_{k}": 0 for k in history.TOUCH_LISTS}})
            entry["first"] = entry["first"] or bool(row["first"])
            for key in history.TOUCH_LISTS:
                # a part's lists are sorted: the first `cap` of the union are among each part's first
                entry[key] = sorted(set(entry[key]) | set(row[key] or []))[:cap]
                entry[f"n_{key}"] += row[f"n_{key}"] or 0
        return [merged[k] for k in sorted(merged, reverse=True)]
