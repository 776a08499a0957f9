"""Pages of a list whose cost does not grow with the archive: keyset pagination over a day key.

Briefings (latest first) and events (earliest first) are ordered by an integer day key stored on the
node, with its id to break ties. Neither engine reads a range index in order and stops at a LIMIT
(FalkorDB sorts every node the index gives it, Neo4j every node a label scan gives it), so a page is
read window by window: the nodes whose day falls in a window of days next to the cursor, through the
range index, the window doubling until the page is full or the key's range is exhausted. The first
window is sized from the density of what the list shows (its count over the days the archive spans)
to hold about a page, so a page reads about a page of nodes, whatever the archive's size.

A list that shows few of the nodes (an entity's events, a rare type) is cheaper read through what
selects them (the entity's own edges, the type's label) when they are fewer than the nodes the
windows would read: `through_selector` decides.

A cursor is the last row's (day, id), written in a URL as 'DAY~ID'."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The day keys: a date's proleptic ordinal (0001-01-01 is 1). A briefing without a date sorts after
# every dated one in the list (latest first: NO_DAY); an event without one after every dated event
# on the timeline (earliest first: UNDATED).
NO_DAY = 0
UNDATED = 3_652_060          # 9999-12-31's ordinal + 1
EVERY_REPORT = UNDATED + 1   # the report day (rows.reported_day) of a read that is not as of a day
EVERY_CHANGE = 2 ** 62       # the change set (store/graph/history.py) of a read that is not as recorded then
# Days of the first window at least: a read costs about a millisecond of round trip whatever it holds,
# and a list is often sparser at its ends than on average (10,000 briefings: three reads of 1, 2 and 4
# days for the timeline's first page, 4.5 ms, against one of 8 days, 3.2 ms).
FIRST_WINDOW = 8
SLACK = 1.5                  # a first window holds this many pages, on average


def day_of(iso: str | None, missing: int) -> int:
    """The day key of an ISO date ('2023-05-01', or its first ten characters), `missing` if none."""
    if not iso:
        return missing
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return missing


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the day key and id of its last row."""

    day: int
    id: str

    def token(self) -> str:
        return f"{self.day}~{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> "Cursor | None":
        """A cursor from its URL form; None for none; ValueError for a malformed one."""
        if not token:
            return None
        day, sep, ident = token.partition("~")
        if not sep or not day.isdigit() or not ident:
            raise ValueError(f"{token!r} is not a page cursor (DAY~ID)")
        return cls(int(day), ident)


Reader = Callable[[dict[str, Any]], list[dict[str, Any]]]


def first_window(limit: int, span_days: int, shown: int) -> int:
    """Days that hold about SLACK pages of a list that shows `shown` nodes spread over `span_days`,
    FIRST_WINDOW at least."""
    if shown <= 0 or span_days <= 0:
        return FIRST_WINDOW
    return max(FIRST_WINDOW, math.ceil(SLACK * limit * span_days / shown))


def through_selector(selected: int, limit: int, total: int) -> bool:
    """Whether a list of `selected` nodes among `total` is cheaper read through what selects them
    (all `selected`) than through the day index (about limit * total / selected nodes)."""
    return selected * selected <= limit * total


def read_page(read: Reader, *, anchor: int, after: Cursor | None, limit: int, descending: bool,
              lowest: int = NO_DAY, highest: int = UNDATED, width: int = FIRST_WINDOW) -> list[dict[str, Any]]:
    """Up to `limit` rows after the cursor (or from `anchor`, the first page's day), in order.

    `read(params)` runs the list's statement for the window [$lo, $hi) of day keys, after the
    cursor ($after_day, $after_id: rows of the cursor's day with a greater id, then the days beyond
    it), and returns at most $limit rows in the list's order, each with its `day` and `id`. Windows
    beyond [lowest, highest] are never read."""
    rows: list[dict[str, Any]] = []
    if after is not None:
        start, after_day, after_id = after.day, after.day, after.id
    else:
        start = anchor
        after_day, after_id = (highest + 1, "") if descending else (lowest - 1, "")
    # the first window holds the start day itself
    lo, hi = (start - width + 1, start + 1) if descending else (start, start + width)
    while len(rows) < limit:
        if descending and hi <= lowest or not descending and lo > highest:
            break
        params = {"lo": max(lo, lowest), "hi": min(hi, highest + 1), "after_day": after_day, "after_id": after_id,
                  "limit": limit - len(rows)}
        rows += read(params)
        width *= 2
        lo, hi = (lo - width, lo) if descending else (hi, hi + width)
    return rows[:limit]
