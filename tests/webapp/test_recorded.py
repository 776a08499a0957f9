"""The archive as recorded at a time (`?recorded_as_of=`): what it held then, the versions of
briefings changed since included and marked, on both graph backends, over the test editions:
three weekly ingests (10, 17 and 24 March) and the correction of the second edition (26 March)."""
import pytest

from tests.store.editions import KHRENIN_MINSK, KHRENIN_MOSCOW, MEETING, MEETING_BREST, TRANSFER
from tests.webapp.conftest import error
from tests.webapp.test_changes import client  # noqa: F401 - the fixture: the editions, on both backends

CORRECTED_ID = "border-watch-2025-11"


def _ids(rows, key="id"):
    return [row[key] for row in rows]


def test_before_the_correction_the_briefing_page_shows_the_first_version_marked_superseded(client):
    page = client.get(f"/briefings/{CORRECTED_ID}.json?recorded_as_of=2025-03-25").get_json()
    assert page["title"] == "Border Watch weekly: 10-16 March 2025"
    assert page["superseded"] == f"{CORRECTED_ID}@1" and page["held_until"] == "2025-03-26T09:00:00Z"
    assert page["recorded_as_of"] == "2025-03-25T23:59:59Z"
    assert KHRENIN_MOSCOW in _ids(page["events"], "event") and KHRENIN_MINSK not in _ids(page["events"], "event")
    html = client.get(f"/briefings/{CORRECTED_ID}?recorded_as_of=2025-03-25").get_data(as_text=True)
    assert "Version 1 of this briefing, which the archive held until" in html
    assert "As recorded at <time datetime=\"2025-03-25T23:59:59Z\">" in html
    now = client.get(f"/briefings/{CORRECTED_ID}.json").get_json()
    assert now["title"].endswith("(corrected)") and "superseded" not in now
    after = client.get(f"/briefings/{CORRECTED_ID}.json?recorded_as_of=2025-03-26T09:00:00Z").get_json()
    assert after["title"].endswith("(corrected)") and "superseded" not in after


@pytest.mark.parametrize("when, briefings", [
    ("2025-03-10T17:59:59Z", []),
    ("2025-03-10", ["eastern-flank-2025-03-11", "border-watch-2025-10"]),
    ("2025-03-17T18:00:00Z", [CORRECTED_ID, "eastern-flank-2025-03-11", "border-watch-2025-10"]),
    ("2025-03-25", ["border-watch-2025-12", "minsk-review-2025-03-18", CORRECTED_ID, "eastern-flank-2025-03-11",
                    "border-watch-2025-10"]),
])
def test_the_briefing_list_as_recorded_holds_what_the_archive_held(client, when, briefings):
    listing = client.get(f"/briefings.json?recorded_as_of={when}").get_json()
    assert _ids(listing["briefings"]) == briefings and listing["total"] == len(briefings)
    superseded = [b["id"] for b in listing["briefings"] if b.get("superseded")]
    assert superseded == ([CORRECTED_ID] if CORRECTED_ID in briefings else [])


def test_an_entity_as_recorded_before_the_correction_takes_part_in_the_first_meeting(client):
    before = client.get("/id/person/viktor-khrenin.json?recorded_as_of=2025-03-25").get_json()
    events = {e["event"]: e for e in before["events"]}
    assert sorted(events) == sorted([MEETING, MEETING_BREST, KHRENIN_MOSCOW])
    assert [s["briefing"] for s in events[KHRENIN_MOSCOW]["sources"]] == [CORRECTED_ID]
    assert before["counts"] == {"briefings": 3, "events": 3}
    assert [(m["briefing"], m.get("superseded")) for m in before["mentions"]] == [
        (CORRECTED_ID, f"{CORRECTED_ID}@1"), ("eastern-flank-2025-03-11", None), ("border-watch-2025-10", None)]
    assert [h["change"] for h in before["history"]] == [2, 1]
    now = client.get("/id/person/viktor-khrenin.json").get_json()
    assert sorted(e["event"] for e in now["events"]) == sorted([MEETING, MEETING_BREST, KHRENIN_MINSK])
    assert [h["change"] for h in now["history"]] == [4, 2, 1]
    html = client.get("/id/person/viktor-khrenin?recorded_as_of=2025-03-25").get_data(as_text=True)
    assert f'href="/briefings/{CORRECTED_ID}?recorded_as_of=2025-03-25T23%3A59%3A59Z"' in html
    assert '<span class="superseded" title="version border-watch-2025-11@1, held until 2025-03-26T09:00:00Z">' in html


def test_an_event_only_a_superseded_version_reported_is_shown_as_recorded_then_and_gone_now(client):
    then = client.get(f"/id/{KHRENIN_MOSCOW}.json?recorded_as_of=2025-03-20").get_json()
    assert [(r["briefing"], r["superseded"]) for r in then["reports"]] == [(CORRECTED_ID, f"{CORRECTED_ID}@1")]
    assert {(p["role"], p["id"]) for p in then["participants"]} >= {("PLACE", "place/moscow")}
    assert client.get(f"/id/{KHRENIN_MOSCOW}.json").status_code == 404
    assert client.get(f"/id/{KHRENIN_MINSK}.json?recorded_as_of=2025-03-20").get_json() == error(
        404, f"There is no event '{KHRENIN_MINSK}' in the archive as recorded at 2025-03-20T23:59:59Z.")


def test_the_timeline_and_search_as_recorded(client):
    timeline = _ids(client.get("/events.json?recorded_as_of=2025-03-20").get_json()["events"], "event")
    assert KHRENIN_MOSCOW in timeline and KHRENIN_MINSK not in timeline
    assert TRANSFER in timeline
    first = _ids(client.get("/events.json?recorded_as_of=2025-03-10T18:00:00Z").get_json()["events"], "event")
    assert KHRENIN_MOSCOW not in first and TRANSFER in first
    hits = client.get("/search.json?q=Belousov&recorded_as_of=2025-03-17T17:00:00Z").get_json()["entities"]
    assert [h["id"] for group in hits.values() for h in group] == []
    hits = client.get("/search.json?q=Belousov&recorded_as_of=2025-03-20").get_json()["entities"]
    assert [h["id"] for group in hits.values() for h in group] == ["person/andrei-belousov"]


def test_the_graph_view_as_recorded_has_the_superseded_edges(client):
    graph = client.get("/graph.json?id=person/viktor-khrenin&recorded_as_of=2025-03-20").get_json()
    assert KHRENIN_MOSCOW in _ids(graph["nodes"]) and KHRENIN_MINSK not in _ids(graph["nodes"])
    now = client.get("/graph.json?id=person/viktor-khrenin").get_json()
    assert KHRENIN_MINSK in _ids(now["nodes"]) and KHRENIN_MOSCOW not in _ids(now["nodes"])


def test_a_malformed_record_time_is_refused(client):
    assert client.get("/briefings.json?recorded_as_of=yesterday").get_json() == error(
        400, "recorded_as_of='yesterday': give a day as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM:SSZ (or with an offset).")
