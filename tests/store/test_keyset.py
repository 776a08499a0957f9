"""Keyset pagination over day keys (store/graph/keyset.py): windows, cursors and the choice of
reading through a selector, on plain rows (no store)."""
import pytest

from briefgraph.store.graph.keyset import (FIRST_WINDOW, NO_DAY, UNDATED, Cursor, day_of, first_window, read_page,
                                           through_selector)

# (day, id) of the rows of a list: three on day 100, one on 90, one on 40, one undated (0)
ROWS = [(100, "a"), (100, "b"), (100, "c"), (90, "d"), (40, "e"), (0, "f")]


def reader(rows, descending, seen):
    """A statement's stand-in: the rows of [lo, hi) after the cursor, in the list's order."""
    def read(p):
        seen.append((p["lo"], p["hi"]))
        inside = [{"day": d, "id": i} for d, i in rows if p["lo"] <= d < p["hi"]
                  and not (d == p["after_day"] and i <= p["after_id"])]
        inside.sort(key=lambda r: ((-r["day"] if descending else r["day"]), r["id"]))
        return inside[:p["limit"]]
    return read


def test_latest_first_pages_follow_each_other_without_gaps_or_repeats():
    pages, after = [], None
    while True:
        seen = []
        page = read_page(reader(ROWS, True, seen), anchor=100, after=after, limit=2, descending=True)
        if not page:
            break
        pages.append([(r["day"], r["id"]) for r in page])
        after = Cursor(page[-1]["day"], page[-1]["id"])
    assert pages == [[(100, "a"), (100, "b")], [(100, "c"), (90, "d")], [(40, "e"), (0, "f")]]


def test_earliest_first_pages_and_the_windows_they_read():
    seen = []
    page = read_page(reader(ROWS, False, seen), anchor=0, after=None, limit=3, descending=False, width=50)
    assert [(r["day"], r["id"]) for r in page] == [(0, "f"), (40, "e"), (90, "d")]
    assert seen == [(0, 50), (50, 150)]        # the window doubles until the page is full
    seen = []
    after = Cursor(90, "d")
    page = read_page(reader(ROWS, False, seen), anchor=0, after=after, limit=3, descending=False, width=50)
    assert [(r["day"], r["id"]) for r in page] == [(100, "a"), (100, "b"), (100, "c")]
    assert seen == [(90, 140)]                 # from the cursor's day, not the anchor


def test_a_page_stops_at_the_ends_of_the_range():
    seen = []
    page = read_page(reader(ROWS, True, seen), anchor=100, after=None, limit=50, descending=True, lowest=50,
                     width=FIRST_WINDOW)
    assert [r["id"] for r in page] == ["a", "b", "c", "d"]
    assert min(lo for lo, _ in seen) == 50 and seen[-1][0] == 50


def test_cursors_round_trip_and_refuse_what_is_not_one():
    assert Cursor.parse(Cursor(738000, "gen-00012").token()) == Cursor(738000, "gen-00012")
    assert Cursor.parse("738000~event/ab~c") == Cursor(738000, "event/ab~c")
    assert Cursor.parse(None) is None and Cursor.parse("") is None
    for bad in ("738000", "x~gen", "~gen", "12~"):
        with pytest.raises(ValueError, match="is not a page cursor"):
            Cursor.parse(bad)


def test_day_keys_windows_and_the_choice_of_a_selector():
    assert day_of("2023-05-01", NO_DAY) == 738641 and day_of("2023-05-01/2023-05-07", NO_DAY) == 738641
    assert day_of(None, UNDATED) == UNDATED and day_of("May 2023", NO_DAY) == NO_DAY
    assert first_window(limit=50, span_days=1000, shown=1_000) == 75      # 1.5 * 50 * 1000 / 1000
    assert first_window(limit=50, span_days=1000, shown=100_000) == FIRST_WINDOW   # 0.75 days: a week at least
    assert first_window(limit=50, span_days=1000, shown=0) == FIRST_WINDOW
    assert through_selector(selected=1_000, limit=100, total=10_000)      # 1,000 edges < 1,000 index reads
    assert not through_selector(selected=2_000, limit=100, total=10_000)  # 2,000 edges > 500 index reads
