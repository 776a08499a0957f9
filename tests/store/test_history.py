"""Record time: every write is a change set, a replaced briefing's earlier version is kept with the
interval in which the archive held it, and an entity's history says what was learnt about it
when. Both graph engines, over the test editions of tests/data (three weekly editions of one
digest, a second publisher, a denial, and a correction)."""
from datetime import datetime

from briefgraph.store.changes import ChangeLog
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.writer import Writer
from tests.store.conftest import BASE
from tests.store.editions import (CORRECTED, KHRENIN_MINSK, KHRENIN_MOSCOW, MEETING, MEETING_BREST, TRANSFER, WEEK11,
                                  WEEK12, WEEKS)

def test_each_ingest_that_writes_is_one_change_set_with_exactly_what_it_changed(series, graph):
    stamps = series(WEEKS + [("2025-03-24T19:00:00+00:00", [WEEK11, WEEK12]),      # unchanged: no change set
                             ("2025-03-26T09:00:00+00:00", [CORRECTED])])
    assert [s and (s.seq, s.time) for s in stamps] == [
        (1, "2025-03-10T18:00:00Z"), (2, "2025-03-17T18:00:00Z"), (3, "2025-03-24T18:00:00Z"), None,
        (4, "2025-03-26T09:00:00Z")]
    log = ChangeLog(graph)
    assert [(c.id, c.summary()) for c in log.page()] == [
        (4, "briefings: 1 changed; events: 1 added, 1 removed"),
        (3, "briefings: 2 added; entities: 3 added; events: 4 added; relations: 1 added"),
        (2, "briefings: 1 added; entities: 5 added; events: 2 added"),
        (1, "briefings: 2 added; entities: 7 added; events: 4 added")]
    assert [c.id for c in log.page(before=3, limit=1)] == [2]
    first = log.get(1)
    assert first.lists["briefings"] == {"added": ["border-watch-2025-10", "eastern-flank-2025-03-11"],
                                        "changed": [], "removed": []}
    assert first.lists["entities"]["added"] == ["person/alexander-lukashenko", "person/viktor-khrenin", "place/baranovichi",
                                                "place/brest", "place/minsk", "place/smolensk", "state/russia"]
    assert TRANSFER in first.lists["events"]["added"]
    assert log.get(3).lists["entities"] == {"added": ["government/ministry-of-defence-of-belarus",
                                                      "person/vladimir-putin", "weapon/9k720-iskander"], "removed": []}
    # stated by one briefing and denied by the other: one relation
    assert log.get(3).lists["relations"] == {"added": ["weapon/9k720-iskander DEPLOYED_TO state/belarus"],
                                             "removed": []}
    correction = log.get(4).to_json()
    assert correction["briefings"] == {"added": [], "changed": ["border-watch-2025-11"], "removed": []}
    assert correction["events"] == {"added": [KHRENIN_MINSK], "removed": [KHRENIN_MOSCOW]}
    # Moscow is still named by the third edition: nothing left the archive but the first meeting
    assert correction["entities"] == {"added": [], "removed": []}
    assert log.get(5) is None and log.latest() == 4


def test_a_corrected_briefing_keeps_its_earlier_version_with_the_interval_it_was_held(series, graph):
    series(WEEKS + [("2025-03-26T09:00:00+00:00", [CORRECTED])])
    [[version]] = graph.read("MATCH (v:BriefingVersion) RETURN properties(v)").rows
    assert {k: version[k] for k in ("id", "briefing", "version", "change_from", "recorded_from", "change_to",
                                    "recorded_to", "title")} == {
        "id": "border-watch-2025-11@1", "briefing": "border-watch-2025-11", "version": 1, "change_from": 2,
        "recorded_from": "2025-03-17T18:00:00Z", "change_to": 4, "recorded_to": "2025-03-26T09:00:00Z",
        "title": "Border Watch weekly: 10-16 March 2025"}
    assert KHRENIN_MOSCOW in version["events"] and KHRENIN_MINSK not in version["events"]
    assert graph.read("MATCH (b:Briefing {id: 'border-watch-2025-11'}) RETURN b.version, b.change, b.recorded, "
                      "b.title").rows == [[2, 4, "2025-03-26T09:00:00Z", "Border Watch weekly: 10-16 March 2025 (corrected)"]]


def test_an_entity_history_says_what_was_learnt_about_it_and_when(series, graph):
    series(WEEKS + [("2025-03-26T09:00:00+00:00", [CORRECTED])])
    history = ChangeLog(graph).entity_history("person/viktor-khrenin")
    assert [(h["change"], h["first"], h["mentions"], h["events_added"], h["events_removed"]) for h in history] == [
        (4, False, [], [KHRENIN_MINSK], [KHRENIN_MOSCOW]),
        (2, False, ["border-watch-2025-11"], [KHRENIN_MOSCOW], []),
        (1, True, ["border-watch-2025-10", "eastern-flank-2025-03-11"], [MEETING_BREST, MEETING], [])]
    # an entity that a replacement names again keeps its node, so its history survives
    assert [h["change"] for h in ChangeLog(graph).entity_history("place/moscow")] == [4, 3, 2]


def test_a_removed_briefing_is_a_change_set_and_keeps_its_version(series, graph, tmp_path):
    series(WEEKS[:1])
    with Writer(graph, OxigraphStore(tmp_path / "rdf"), BASE,
                clock=lambda: datetime.fromisoformat("2025-04-01T00:00:00+00:00")) as writer:
        writer.delete("eastern-flank-2025-03-11")
    removal = ChangeLog(graph).get(2).to_json()
    assert removal["briefings"] == {"added": [], "changed": [], "removed": ["eastern-flank-2025-03-11"]}
    # the transfer is still reported by the weekly edition; only the meeting in Brest, and Brest, left the archive
    assert removal["events"] == {"added": [], "removed": [MEETING_BREST]}
    assert removal["entities"] == {"added": [], "removed": ["place/brest"]}
    assert graph.read("MATCH (v:BriefingVersion) RETURN v.id, v.change_from, v.change_to").rows == [
        ["eastern-flank-2025-03-11@1", 1, 2]]


def test_the_rdf_store_holds_the_same_record_in_prov(series, graph, tmp_path):
    from pyoxigraph import Store
    series(WEEKS + [("2025-03-26T09:00:00+00:00", [CORRECTED])])
    store = Store.read_only(str(tmp_path / "rdf"))
    prefixes = "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX bg: <https://w3id.org/briefgraph/ontology#> "
    changes = store.query(prefixes + "SELECT ?n ?t (COUNT(?b) AS ?briefings) WHERE { GRAPH ?g { ?c a bg:ChangeSet ; "
                          "bg:changeNumber ?n ; prov:startedAtTime ?t ; bg:addedBriefing|bg:changedBriefing ?b } } "
                          "GROUP BY ?n ?t ORDER BY ?n")
    assert [(int(r["n"].value), r["t"].value, int(r["briefings"].value)) for r in changes] == [
        (1, "2025-03-10T18:00:00Z", 2), (2, "2025-03-17T18:00:00Z", 1), (3, "2025-03-24T18:00:00Z", 2),
        (4, "2025-03-26T09:00:00Z", 1)]
    corrected = f"<{BASE}/briefings/border-watch-2025-11/graph>"
    assert [r["c"].value for r in store.query(prefixes + f"SELECT ?c WHERE {{ GRAPH ?g {{ {corrected} prov:wasGeneratedBy ?c }} }}")] == [
        f"{BASE}/changes/4"]
    versions = store.query(prefixes + "SELECT ?v ?from ?to WHERE { GRAPH ?g { ?v a bg:BriefingVersion ; "
                           "prov:generatedAtTime ?from ; prov:invalidatedAtTime ?to } }")
    assert [(r["v"].value, r["from"].value, r["to"].value) for r in versions] == [
        (f"{BASE}/briefings/border-watch-2025-11/versions/1", "2025-03-17T18:00:00Z", "2025-03-26T09:00:00Z")]


def test_a_batch_whose_record_cannot_be_read_is_refused_and_leaves_the_earlier_batch_recorded(
        graph, tmp_path, rules_pipeline, monkeypatch):
    """The undo of a refused batch forgets that batch's part only: not the one written before it."""
    from briefgraph.ingest.extraction import extract
    from briefgraph.ingest.readers import read_briefing
    from briefgraph.store.graph import history
    from tests.store.editions import DATA, WEEK10
    with Writer(graph, OxigraphStore(tmp_path / "rdf"), BASE,
                clock=lambda: datetime.fromisoformat("2025-03-10T18:00:00+00:00")) as writer:
        writer.write_many([extract(read_briefing(DATA / WEEK10), rules_pipeline)])

        def unreadable(*args, **kwargs):
            raise RuntimeError("the graph cannot be read")
        monkeypatch.setattr(history, "batch_delta", unreadable)
        [outcome] = writer.write_many([extract(read_briefing(DATA / WEEK11), rules_pipeline)])
    assert outcome.status == "failed" and "the graph cannot be read" in outcome.reason
    assert graph.read("MATCH (p:ChangePart) RETURN p.id, p.added").rows == [["1/1", ["border-watch-2025-10"]]]


def test_a_hubs_history_read_a_window_of_change_sets_at_a_time_is_the_same(series, graph, monkeypatch):
    from briefgraph.store import changes
    series(WEEKS + [("2025-03-26T09:00:00+00:00", [CORRECTED])])
    log = ChangeLog(graph)
    cases = [(ident, limit) for ident in ("person/viktor-khrenin", "place/moscow") for limit in (1, 2, 50)]
    through_edges = [log.entity_history(ident, limit) for ident, limit in cases]
    monkeypatch.setattr(changes, "HUB_BRIEFINGS", 0)
    assert [log.entity_history(ident, limit) for ident, limit in cases] == through_edges
    assert [h["change"] for h in log.entity_history("place/moscow", 2)] == [4, 3]


def test_an_entity_history_cuts_its_lists_and_says_how_many_there_are(series, graph):
    series(WEEKS + [("2025-03-26T09:00:00+00:00", [CORRECTED])])
    [*_, first] = ChangeLog(graph).entity_history("person/viktor-khrenin", cap=1)
    assert (first["change"], first["mentions"], first["n_mentions"]) == (1, ["border-watch-2025-10"], 2)
    assert (first["events_added"], first["n_events_added"]) == ([MEETING_BREST], 2)
