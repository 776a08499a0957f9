"""The reviewers' decisions log, the overlay that applies them to an extraction, and the precision
the verdicts give: exact outcomes on a small briefing of our own."""
import json
import sqlite3
import subprocess
import sys

import pytest

from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_bytes
from briefgraph.store.curation.database import Database
from briefgraph.store.curation.decisions import CurationError, Decisions, Fact, Kind, Verdict
from briefgraph.store.curation.overlay import Overlay, curate, fingerprint
from briefgraph.store.curation.review_stats import review_stats, wilson

BRIEFING = """---
title: "A week on the border"
published: 2025-03-10
---

On 4 March 2025 Belarus transferred 2,000 troops to the Brest region. Defence Minister Viktor Khrenin
said the troops would stay. Belarus is a member of the CSTO. Alexander Lukashenko met Vladimir Putin
in Minsk on 6 March 2025.
"""


@pytest.fixture
def log(tmp_path):
    return Decisions(Database(tmp_path / "curation.sqlite"))


@pytest.fixture(scope="module")
def extraction(rules_pipeline):
    return extract(read_bytes(BRIEFING.encode(), "border-week.md"), rules_pipeline)


def relation_fact(extraction, predicate="memberOf"):
    r = next(r for r in extraction.relations if r.predicate == predicate)
    ev = r.evidence
    return Fact(Kind.RELATION, f"{r.subject}|{r.predicate}|{r.object}", extraction.briefing.id, ev.start, ev.end,
                ev.text)


def test_the_latest_decision_not_undone_holds(log):
    fact = Fact(Kind.RELATION, "a/x|leads|b/y", "br", 10, 20, "words")
    first = log.record(fact, Verdict.REJECT, "ann")
    second = log.record(fact, Verdict.CONFIRM, "bob")
    assert [d.id for d in log.standing()] == [second.id]
    log.undo(second.id, "ann")
    assert [(d.id, d.verdict) for d in log.standing()] == [(first.id, Verdict.REJECT)]
    assert [(d.verdict.value, d.author, d.undoes) for d in log.history(fact)] == [
        ("reject", "ann", None), ("confirm", "bob", None), ("undo", "ann", second.id)]
    with pytest.raises(CurationError, match="already undone"):
        log.undo(second.id, "bob")
    with pytest.raises(CurationError, match="is an undo"):
        log.undo(log.history(fact)[-1].id, "bob")


@pytest.mark.parametrize("fact, verdict, value, message", [
    (Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2), Verdict.MERGE, {"into": "a/z"}, "cannot be given the verdict 'merge'"),
    (Fact(Kind.ENTITY, "a/x"), Verdict.MERGE, {"into": "a/x"}, "another entity"),
    (Fact(Kind.ENTITY, "a/x"), Verdict.WIKIDATA, {"wikidata": "Q0"}, "Q followed by digits"),
    (Fact(Kind.QUANTITY, "event/e", "br", 1, 2), Verdict.CORRECT, {"value": "many"}, "a number"),
    (Fact(Kind.QUANTITY, "event/e", "br", 1, 2), Verdict.CORRECT, {"date": "2025"}, "not date"),
    (Fact(Kind.EVENT, "event/e"), Verdict.REJECT, {}, "names its briefing"),
    (Fact(Kind.ENTITY, "a/x", "br", 1, 2), Verdict.ALIAS, {"alias": "X"}, "give no briefing"),
    (Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2), Verdict.REJECT, {"value": 1}, "takes no value"),
    (Fact(Kind.EVENT, "event/e", "br", 1, 2), Verdict.CORRECT, {"class": "<script>alert(1)</script>"},
     "class '<script>alert\\(1\\)</script>' is not one the ontology has for an event"),
    (Fact(Kind.EVENT, "event/e", "br", 1, 2), Verdict.CORRECT, {"class": "Person"}, "not one the ontology has"),
    (Fact(Kind.ENTITY, "a/x"), Verdict.CORRECT, {"class": "Meeting"}, "not one the ontology has for an entity"),
    (Fact(Kind.EVENT, "event/e", "br", 1, 2), Verdict.CORRECT, {"modality": "rumoured"}, "modality 'rumoured'"),
    (Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2), Verdict.CORRECT, {"modality": "planned"}, "modality 'planned'"),
    (Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2), Verdict.CORRECT, {"predicate": "likes"}, "predicate 'likes'"),
    (Fact(Kind.ROLE, "event/e|agent|a/x", "br", 1, 2), Verdict.CORRECT, {"role": "hero"}, "role 'hero'"),
    (Fact(Kind.EVENT, "event/e", "br", 1, 2), Verdict.CORRECT, {"date": "2025-02-30"}, "a date is YYYY-MM-DD"),
])
def test_a_decision_its_fact_cannot_take_is_refused_and_not_recorded(log, fact, verdict, value, message):
    with pytest.raises(CurationError, match=message):
        log.record(fact, verdict, "ann", value)
    assert log.count() == 0


def test_a_correction_the_ontology_has_is_taken(log):
    made = log.record(Fact(Kind.EVENT, "event/e", "br", 1, 2), Verdict.CORRECT, "ann",
                      {"class": "Meeting", "modality": "planned", "date": "2025-03"})
    assert made.value == {"class": "Meeting", "date": "2025-03", "modality": "planned"}


def test_a_bulk_verdict_is_all_or_none(log):
    good = Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2)
    bad = Fact(Kind.EVENT, "event/e")
    with pytest.raises(CurationError):
        log.record_many([(good, Verdict.CONFIRM, {}), (bad, Verdict.CONFIRM, {})], "ann")
    assert log.count() == 0
    made = log.record_many([(good, Verdict.CONFIRM, {}), (Fact(Kind.EVENT, "event/e", "br", 3, 4), Verdict.REJECT, {})],
                           "ann", "checked against the source")
    assert [(d.verdict.value, d.reason) for d in made] == [("confirm", "checked against the source"),
                                                           ("reject", "checked against the source")]


def test_a_decision_is_on_disk_when_recorded(log, tmp_path):
    log.record(Fact(Kind.ENTITY, "person/x"), Verdict.ALIAS, "ann", {"alias": "X"})
    # another process reads it at once (no close, no checkpoint of the WAL)
    out = subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                          "print(c.execute('select verdict, value from decisions').fetchall())",
                          str(tmp_path / "curation.sqlite")], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('alias', '{\"alias\": \"X\"}')]"
    assert sqlite3.connect(tmp_path / "curation.sqlite").execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_rejected_relation_is_left_out_and_found_again_after_an_edit(log, extraction, rules_pipeline):
    fact = relation_fact(extraction)
    log.record(fact, Verdict.REJECT, "ann")
    curated = curate(extraction, Overlay.of(log.standing()))
    assert [(r.subject, r.predicate, r.object) for r in curated.extraction.relations] == [
        ("person/viktor-khrenin", "leads", "government/ministry-of-defence-of-belarus")]
    assert [d.verdict for d in curated.applied] == [Verdict.REJECT] and curated.orphaned == ()
    assert curated.fingerprint and curated.fingerprint == fingerprint(
        Overlay.of(log.standing()).relevant(extraction.briefing.id, [e.id for e in extraction.entities]))
    # the same briefing with a sentence added before: every offset moves, the words find it
    edited = extract(read_bytes(BRIEFING.replace("On 4 March", "A quiet week. On 4 March").encode(), "border-week.md"),
                     rules_pipeline)
    again = curate(edited, Overlay.of(log.standing()))
    assert [r.predicate for r in again.extraction.relations] == ["leads"] and again.orphaned == ()
    # the sentence rewritten: the decision finds nothing, and is orphaned (kept)
    rewritten = extract(read_bytes(BRIEFING.replace("Belarus is a member of the CSTO.",
                                                    "Belarus is still a member of the CSTO.").encode(),
                                   "border-week.md"), rules_pipeline)
    assert [r.predicate for r in rewritten.relations] == ["leads", "memberOf"]
    lost = curate(rewritten, Overlay.of(log.standing()))
    assert [d.id for d in lost.orphaned] == [d.id for d in log.standing()]


def test_a_quantity_corrected_says_so(log, extraction):
    event = next(e for e in extraction.events if e.quantities)
    q = event.quantities[0]
    assert q.text == "2,000 troops"
    log.record(Fact(Kind.QUANTITY, event.id, extraction.briefing.id, q.start, q.end, q.text), Verdict.CORRECT, "ann",
               {"value": 2500})
    curated = curate(extraction, Overlay.of(log.standing()))
    fixed = next(e for e in curated.extraction.events if e.id == event.id).quantities[0]
    assert (fixed.value, fixed.unit, fixed.text, fixed.start, fixed.end) == (
        2500, "troops", "2,500 troops (corrected; the briefing says \u201c2,000 troops\u201d)", q.start, q.end)


def test_a_merge_moves_every_fact_and_name(log, extraction):
    gone, kept = "person/viktor-khrenin", "person/alexander-lukashenko"
    log.record(Fact(Kind.ENTITY, gone), Verdict.MERGE, "ann", {"into": kept})
    curated = curate(extraction, Overlay.of(log.standing())).extraction
    ids = [e.id for e in curated.entities]
    assert gone not in ids and kept in ids
    merged = next(e for e in curated.entities if e.id == kept)
    assert "Viktor Khrenin" in merged.aliases
    assert {m.text for m in merged.mentions} >= {"Viktor Khrenin", "Alexander Lukashenko"}
    assert all(gone not in (r.subject, r.object) for r in curated.relations)


def test_review_stats_count_the_decisions_that_hold(log):
    def fact(kind, n):
        return Fact(kind, f"a/x|leads|b/{n}" if kind is Kind.RELATION else f"event/{n}", "br", n, n + 1)
    for n in range(8):
        log.record(fact(Kind.RELATION, n), Verdict.CONFIRM, "ann")
    log.record(fact(Kind.RELATION, 8), Verdict.REJECT, "ann")
    wrong = log.record(fact(Kind.RELATION, 9), Verdict.REJECT, "ann")
    log.record(fact(Kind.RELATION, 9), Verdict.CONFIRM, "bob")             # the later wins
    log.record(fact(Kind.QUANTITY, 1), Verdict.CORRECT, "ann", {"value": 3})
    log.record(fact(Kind.EVENT, 2), Verdict.UNSURE, "ann")
    stats = {s.kind: s for s in review_stats(log)}
    assert (stats["relation"].confirmed, stats["relation"].wrong, stats["relation"].precision) == (9, 1, 0.9)
    assert (round(stats["relation"].low, 3), round(stats["relation"].high, 3)) == (0.596, 0.982)
    assert (stats["quantity"].confirmed, stats["quantity"].wrong, stats["quantity"].precision) == (0, 1, 0.0)
    assert (stats["event"].unsure, stats["event"].precision) == (1, None)
    assert wrong.id in [d.id for d in log.history(fact(Kind.RELATION, 9))]
    assert wilson(9, 10) == (stats["relation"].low, stats["relation"].high)


def test_the_review_stats_command(tmp_path, log, monkeypatch, capsys):
    from briefgraph.cli import main
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path))
    log.record(Fact(Kind.RELATION, "a/x|leads|b/y", "br", 1, 2), Verdict.CONFIRM, "ann")
    log.record(Fact(Kind.RELATION, "a/x|leads|b/z", "br", 1, 2), Verdict.REJECT, "ann")
    assert main(["review-stats", "--format", "json"]) == 0
    relation = next(s for s in json.loads(capsys.readouterr().out) if s["kind"] == "relation")
    assert (relation["confirmed"], relation["wrong"], relation["precision"]) == (1, 1, 0.5)
    assert main(["review-stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["fact", "confirmed", "wrong", "unsure", "precision", "95", "%", "interval"]
    assert next(line for line in lines if line.startswith("relation")).split()[:5] == ["relation", "1", "1", "0", "0.500"]
    monkeypatch.setenv("BRIEFGRAPH_DATA_DIR", str(tmp_path / "empty"))
    assert main(["review-stats"]) == 1
    assert "no verdict was recorded yet" in capsys.readouterr().err


def test_decisions_on_an_event_a_decision_identified_anew_still_find_it(log, extraction):
    """Rejecting a participant changes a dated event's identity (its id is its class, date and
    participants); the decisions made on it under its first id still apply."""
    event = next(e for e in extraction.events if e.quantities and len(e.participants) >= 1)
    role = event.participants[0]
    q = event.quantities[0]
    bid, ev = extraction.briefing.id, event.evidence
    log.record(Fact(Kind.ROLE, f"{event.id}|{role.role}|{role.entity}", bid, ev.start, ev.end, ev.text), Verdict.REJECT,
               "ann")
    log.record(Fact(Kind.QUANTITY, event.id, bid, q.start, q.end, q.text), Verdict.CORRECT, "ann", {"value": 2500})
    curated = curate(extraction, Overlay.of(log.standing()))
    assert curated.orphaned == () and len(curated.applied) == 2
    fixed = next(e for e in curated.extraction.events if e.evidence.start == ev.start and e.quantities)
    assert fixed.id != event.id and role not in fixed.participants
    assert fixed.quantities[0].value == 2500


def test_decisions_hold_when_the_extraction_changes(log, extraction):
    """Another version of the extraction finds the same words but dates the events otherwise (no
    date here), so that they take other ids, and finds a relation more; the decisions on the facts
    it still finds apply to them."""
    from dataclasses import replace as changed

    from briefgraph.ingest.facts import Relation
    bid = extraction.briefing.id
    events = tuple(changed(e, id=f"event/{bid}-{n}", time=None) for n, e in enumerate(extraction.events))
    extra = changed(relation_fact_relation(extraction), predicate="partOf")
    other = changed(extraction, events=events, relations=extraction.relations + (extra,))
    assert isinstance(extra, Relation)
    event = next(e for e in extraction.events if e.quantities)
    q = event.quantities[0]
    log.record(relation_fact(extraction), Verdict.REJECT, "ann")
    log.record(Fact(Kind.QUANTITY, event.id, bid, q.start, q.end, q.text), Verdict.CORRECT, "ann", {"value": 2500})
    role = event.participants[0]
    ev = event.evidence
    log.record(Fact(Kind.ROLE, f"{event.id}|{role.role}|{role.entity}", bid, ev.start, ev.end, ev.text), Verdict.REJECT,
               "ann")
    curated = curate(other, Overlay.of(log.standing()))
    assert curated.orphaned == () and len(curated.applied) == 3
    assert [r.predicate for r in curated.extraction.relations] == ["leads", "partOf"]
    fixed = next(e for e in curated.extraction.events if e.quantities)
    assert fixed.quantities[0].value == 2500 and role not in fixed.participants


def relation_fact_relation(extraction, predicate="memberOf"):
    return next(r for r in extraction.relations if r.predicate == predicate)
