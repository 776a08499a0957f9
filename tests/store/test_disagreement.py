"""Where the sources disagree: the contradictions found in the test editions (tests/data) and
nothing else, on both graph engines; the rules themselves on hand-made reports."""
import pytest

from briefgraph.store.graph.disagreement import Report, between_events, independent_sources, within_event
from tests.store.editions import MEETING as MEETING_MINSK
from tests.store.editions import MEETING_BREST, TRANSFER, VIOLATION, WEEKS

FOUND = ("MATCH (c:Contradiction) RETURN c.kind, c.detail, c.events, c.briefings, c.said "
         "ORDER BY c.kind, c.briefings[0]")


def test_the_editions_disagree_on_a_transfer_a_meeting_place_an_incident_and_a_deployment(series, graph):
    series(WEEKS)
    assert graph.read(FOUND).rows == [
        ["modality", "reported / denied", [VIOLATION], ["border-watch-2025-11", "minsk-review-2025-03-18"],
         ["reported", "denied"]],
        ["place", "", [MEETING_MINSK, MEETING_BREST], ["border-watch-2025-10", "eastern-flank-2025-03-11"],
         ["place/minsk", "place/brest"]],
        ["quantity", "troops", [TRANSFER], ["border-watch-2025-10", "eastern-flank-2025-03-11"],
         ["500 troops", "1,500 troops"]],
        # Iskanders deployed in Belarus (Border Watch), not deployed (the Minsk review)
        ["relation", "DEPLOYED_TO", [], ["border-watch-2025-12", "minsk-review-2025-03-18"], ["reported", "denied"]]]
    # each contradiction is linked to its events, which the pages flag, or to the related entities
    assert graph.read("MATCH (c:Contradiction)-[:CONCERNS]->(e:Event) RETURN c.kind, e.id ORDER BY c.kind, e.id").rows == [
        ["modality", VIOLATION], ["place", MEETING_BREST], ["place", MEETING_MINSK], ["quantity", TRANSFER]]
    assert graph.read("MATCH (c:Contradiction)-[:CONCERNS]->(n:Entity) RETURN c.kind, c.relation, n.id "
                      "ORDER BY n.id").rows == [
        ["relation", "weapon/9k720-iskander DEPLOYED_TO state/belarus", "state/belarus"],
        ["relation", "weapon/9k720-iskander DEPLOYED_TO state/belarus", "weapon/9k720-iskander"]]


def test_a_contradiction_goes_when_the_briefing_that_made_it_is_removed(series, graph, tmp_path):
    from datetime import datetime

    from briefgraph.store.rdf.open_store import OxigraphStore
    from briefgraph.store.writer import Writer
    from tests.store.conftest import BASE
    series(WEEKS)
    with Writer(graph, OxigraphStore(tmp_path / "rdf"), BASE,
                clock=lambda: datetime.fromisoformat("2025-04-01T00:00:00+00:00")) as writer:
        writer.delete("eastern-flank-2025-03-11")
    assert [row[0] for row in graph.read(FOUND).rows] == ["modality", "relation"]
    with Writer(graph, OxigraphStore(tmp_path / "rdf"), BASE,
                clock=lambda: datetime.fromisoformat("2025-04-02T00:00:00+00:00")) as writer:
        writer.delete("minsk-review-2025-03-18")
    assert graph.read(FOUND).rows == []


def _report(event="event/x", briefing="a", publisher="A", modality="reported", quantities=(), day=739000,
            type_="TroopTransfer"):
    return Report(event, type_, day, briefing, publisher, publisher.casefold(), 739010, 1, modality, tuple(quantities),
                  "evidence", 0, 8)


@pytest.mark.parametrize("a, b, disagree", [
    ([("troops", 500.0, "500 troops", "")], [("troops", 1500.0, "1,500 troops", "")], True),
    ([("troops", 500.0, "about 500 troops", "")], [("troops", 550.0, "550 troops", "")], False),
    ([("troops", 500.0, "more than 500 troops", "")], [("troops", 1500.0, "1,500 troops", "")], False),
    ([("troops", 500.0, "up to 500 troops", "")], [("troops", 1500.0, "1,500 troops", "")], True),
    ([("tanks", 30.0, "30-40 tanks", "min"), ("tanks", 40.0, "30-40 tanks", "max")],
     [("tanks", 35.0, "35 tanks", "")], False),
    ([("tanks", 30.0, "30-40 tanks", "min"), ("tanks", 40.0, "30-40 tanks", "max")],
     [("tanks", 60.0, "60 tanks", "")], True),
    ([("troops", 500.0, "500 troops", "")], [("tanks", 1500.0, "1,500 tanks", "")], False),
    ([("troops", 500.0, "several troops", "")], [("troops", 1500.0, "1,500 troops", "")], False),
])
def test_numbers_disagree_only_when_no_value_fits_both(a, b, disagree):
    found = within_event([_report(quantities=a), _report(briefing="b", publisher="B", quantities=b)])
    assert [c["kind"] for c in found] == (["quantity"] if disagree else [])


def test_a_denial_contradicts_a_report_not_a_forecast_and_one_briefing_never_contradicts_itself():
    assert [c["kind"] for c in within_event([_report(), _report(briefing="b", modality="denied")])] == ["modality"]
    assert within_event([_report(modality="forecast"), _report(briefing="b", modality="denied")]) == []
    assert within_event([_report(), _report(modality="denied")]) == []


def test_two_events_of_one_publisher_or_told_by_one_briefing_are_two_events():
    places = {"event/1": ["place/x"], "event/2": ["place/y"]}
    def told(p1, p2, b2="b2", day2=739000):
        return {"event/1": [_report("event/1", "b1", p1, type_="Meeting")],
                "event/2": [_report("event/2", b2, p2, type_="Meeting", day=day2)]}
    pair = [("event/1", "event/2")]
    assert [c["kind"] for c in between_events(told("A", "B"), places, pair)] == ["place"]
    assert between_events(told("A", "A"), places, pair) == []
    assert between_events(told("A", "B", "b1"), places, pair) == []
    same_place = {"event/1": ["place/x"], "event/2": ["place/x"]}
    assert [c["kind"] for c in between_events(told("A", "B", day2=739002), same_place, pair)] == ["date"]
    assert between_events(told("A", "B", day2=739004), same_place, pair) == []      # four days apart: two events


def test_independent_sources_count_publishers_once():
    assert independent_sources(["Border Watch", "border  watch", None, "Eastern Flank"], ["a", "b", "c", "d"]) == 3


def test_the_contradictions_list_pages_the_latest_first_through_the_day_index(series, graph):
    from briefgraph.store.view import View
    series(WEEKS)
    view = View(graph)
    everything = [(c["kind"], c["day"]) for c in view.contradictions(limit=50)]
    assert [kind for kind, _ in everything] == ["relation", "modality", "place", "quantity"]
    assert [day for _, day in everything] == sorted((day for _, day in everything), reverse=True)
    pages, after = [], None
    while True:
        page = view.contradictions(limit=1, after=after)
        if not page:
            break
        pages.append(page[0]["kind"])
        after = (page[0]["day"], page[0]["id"])
    assert pages == ["relation", "modality", "place", "quantity"]
    assert [c["kind"] for c in view.contradictions(limit=50, kind="place")] == ["place"]
    assert View(graph).contradictions(limit=5, kind="date") == []


def test_contradictions_a_killed_process_left_unfound_are_found_by_the_next_writer(graph, rdf, make, tmp_path,
                                                                                    monkeypatch):
    from briefgraph.store.rdf.open_store import OxigraphStore
    from briefgraph.store.writer import Writer
    from tests.store.conftest import BASE
    with Writer(graph, rdf, BASE) as writer:
        writer.write(make("b1", "Iskander missile systems are currently deployed in Belarus."))
        # the process dies after the write's transaction, before the refresh after it
        monkeypatch.setattr(Writer, "_contradictions", lambda self, events, relations: None)
        writer.write(make("b2", "Iskander missile systems are not deployed in Belarus."))
        monkeypatch.undo()
    assert graph.read(FOUND).rows == []
    assert graph.read("MATCH (m:Meta {id: 'store'}) RETURN m.pending_relations").rows == [
        [["weapon/9k720-iskander DEPLOYED_TO state/belarus"]]]
    Writer(graph, OxigraphStore(tmp_path / "rdf-next"), BASE).close()       # the next run opens a writer
    assert graph.read(FOUND).rows == [["relation", "DEPLOYED_TO", [], ["b1", "b2"], ["reported", "denied"]]]
    assert graph.read("MATCH (m:Meta {id: 'store'}) RETURN m.pending_events, m.pending_relations").rows == [[[], []]]
