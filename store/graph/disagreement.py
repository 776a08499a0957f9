"""Where the sources disagree, and how many independent sources agree.

An event that several briefings report is one node with one `REPORTED_IN` edge a report
(ingest/identity.py: its class, date and participants identify it). Two reports of it contradict
each other when they state numbers of one unit that cannot both be true (the intervals their
hedges allow do not meet: "500 troops" and "1,500 troops", not "about 500" and "550"), or when one
denies what the other reports. Two events contradict each other when they look like one event
told differently: the same class and the same participants on the same day in two places, or in
the same place one to three days apart, told by different publishers and by no briefing together
(two briefings' different dates or places are what makes them two events in the graph). A relation
contradicts itself when one briefing states it and another denies it ('Belarus has joined the
treaty', 'Belarus has not joined the treaty'); such a contradiction concerns the two entities.

A report is independent of another when their publishers differ: briefings of one publisher are
one source, whichever of its editions says it (a publisher's briefings cite its own earlier
reporting); a briefing without a publisher is a source of its own.

Contradictions are kept as `Contradiction` nodes, linked by `CONCERNS` to their events, and found
again for the events a write touched, after the write (store/writer.py)."""
from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from briefgraph.ingest.quantities import interval
from briefgraph.store.graph.base import Statement
from briefgraph.store.graph.keyset import UNDATED

KINDS = ("quantity", "modality", "place", "date", "relation")
ASSERTED = frozenset({"reported", "alleged"})
DENIED = "denied"
NEAR_DAYS = 3               # how far apart two dates of "one event" may be

REPORTS = ("MATCH (e:Event) WHERE e.id IN $ids MATCH (e)-[r:REPORTED_IN]->(b:Briefing) "
           "RETURN e.id AS event, e.type AS type, e.day AS day, e.date AS date, b.id AS briefing, "
           "b.publisher AS publisher, b.reported AS reported, b.change AS change, r.modality AS modality, r.q_values AS q_values, r.q_units AS q_units, "
           "r.q_texts AS q_texts, r.q_bounds AS q_bounds, r.evidence AS evidence, r.start AS start, r.end AS end "
           "ORDER BY event, briefing, start")
# Of some events, those more than one report tells (the only ones whose reports can disagree).
TOLD_TWICE = ("MATCH (e:Event) WHERE e.id IN $ids MATCH (e)-[r:REPORTED_IN]->(:Briefing) "
              "WITH e, count(r) AS reports WHERE reports > 1 RETURN e.id AS id")
# The touched events' keys, and the events with the same class and participants (their signature,
# rows.event_signature: an index lookup) within days of each: the candidates for "one event told
# differently".
KEYS = "MATCH (e:Event) WHERE e.id IN $ids AND e.sig <> '' RETURN e.id AS id, e.sig AS sig, e.day AS day"
NEARBY = ("UNWIND $rows AS row MATCH (o:Event {sig: row.sig}) WHERE o.day >= row.lo AND o.day <= row.hi "
          "AND o.id <> row.id RETURN row.id AS event, o.id AS other")
PLACES = "MATCH (e:Event) WHERE e.id IN $ids MATCH (e)-[:PLACE]->(p:Entity) RETURN e.id AS event, p.id AS place"
FORGET = "MATCH (c:Contradiction)-[:CONCERNS]->(e:Event) WHERE e.id IN $ids DETACH DELETE c"
RECORD = ("UNWIND $rows AS row MERGE (c:Contradiction {id: row.id}) SET c.kind = row.kind, c.detail = row.detail, "
          "c.events = row.events, c.briefings = row.briefings, c.publishers = row.publishers, "
          "c.evidence = row.evidence, c.starts = row.starts, c.ends = row.ends, c.said = row.said, "
          "c.day = row.day, c.reported = row.reported, c.change = row.change WITH c, row UNWIND row.events AS ident MATCH (e:Event {id: ident}) MERGE (c)-[:CONCERNS]->(e)")
_FIELDS = ("c.id AS id, c.kind AS kind, c.detail AS detail, c.day AS day, c.events AS events, "
           "c.briefings AS briefings, c.publishers AS publishers, c.evidence AS evidence, c.starts AS starts, "
           "c.ends AS ends, c.said AS said, c.relation AS relation")
# One event's contradictions; which of some events have any (the timelines' flags); a page of all
# of them (or of one kind), latest first, a window of days at a time through the index of their
# days (keyset.py), after a cursor, and where that list's first page begins.
# (As of a report day: only what both sides had said by then.)
# (The event or entity found first, then its contradictions: matched the other way, FalkorDB scans
# every contradiction.)
OF_EVENT = (f"MATCH (e:Event {{id: $id}}) WITH e MATCH (c:Contradiction)-[:CONCERNS]->(e) "
            f"WHERE c.reported <= $as_of AND c.change <= $change "
            f"RETURN {_FIELDS} ORDER BY kind, id")
FLAGS = ("MATCH (e:Event) WHERE e.id IN $ids WITH e MATCH (c:Contradiction)-[:CONCERNS]->(e) "
         "WHERE c.reported <= $as_of AND c.change <= $change "
         "RETURN e.id AS event, collect(DISTINCT c.kind) AS kinds")
_WINDOW = "MATCH (c:Contradiction) WHERE c.day >= $lo AND c.day < $hi AND NOT (c.day = $after_day AND c.id <= $after_id) "
PAGE = f"{_WINDOW}RETURN {_FIELDS} ORDER BY day DESC, id LIMIT $limit"
PAGE_OF_KIND = f"{_WINDOW}AND c.kind = $kind RETURN {_FIELDS} ORDER BY day DESC, id LIMIT $limit"
ANCHORS = "MATCH (m:Meta {id: 'store'}) RETURN m.contradiction_day_min AS first, m.contradiction_day_max AS last"
# The days the list spans, widened by what a write found (never narrowed: a bound, not the extent).
WIDEN = ("MERGE (m:Meta {id: 'store'}) SET m.contradiction_day_min = CASE WHEN m.contradiction_day_min IS NULL "
         "OR m.contradiction_day_min > $first THEN $first ELSE m.contradiction_day_min END, "
         "m.contradiction_day_max = CASE WHEN m.contradiction_day_max IS NULL OR m.contradiction_day_max < $last "
         "THEN $last ELSE m.contradiction_day_max END")
# Every briefing's statement of some relations (subject, predicate, object: both ends bound, so the
# engines expand into the pair), with how it states it; the relations' contradictions, dropped
# before a write that changes their statements and recorded after it; an entity's contradictions.
RELATION_SIDES = ("UNWIND $rows AS row MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
                  "MATCH (s)-[r]->(o) WHERE type(r) = row.predicate AND r.briefing IS NOT NULL "
                  "MATCH (b:Briefing {id: r.briefing}) "
                  "RETURN row.subject AS subject, row.predicate AS predicate, row.object AS object, b.id AS briefing, "
                  "b.publisher AS publisher, b.reported AS reported, b.change AS change, b.day AS day, "
                  "coalesce(r.modality, 'reported') AS modality, r.evidence AS evidence, r.start AS start, "
                  "r.end AS end ORDER BY subject, predicate, object, briefing, start")
FORGET_RELATIONS = "MATCH (c:Contradiction) WHERE c.relation IN $keys DETACH DELETE c"
RECORD_RELATIONS = ("UNWIND $rows AS row MERGE (c:Contradiction {id: row.id}) SET c.kind = row.kind, "
                    "c.detail = row.detail, c.events = row.events, c.briefings = row.briefings, "
                    "c.publishers = row.publishers, c.evidence = row.evidence, c.starts = row.starts, c.ends = row.ends, "
                    "c.said = row.said, c.day = row.day, c.reported = row.reported, c.change = row.change, "
                    "c.relation = row.relation, c.entities = row.entities "
                    "WITH c, row UNWIND row.entities AS ident MATCH (n:Entity {id: ident}) MERGE (c)-[:CONCERNS]->(n)")
OF_ENTITY = (f"MATCH (n:Entity {{id: $id}}) WITH n MATCH (c:Contradiction)-[:CONCERNS]->(n) "
             f"WHERE c.reported <= $as_of AND c.change <= $change RETURN {_FIELDS} ORDER BY kind, id")
# What a write leaves for the refresh after it (in the write's transaction), cleared by the refresh
# (in the refresh's): a writer that finds it set when it opens refreshes it, so that a process
# killed between the write and the refresh does not leave the contradictions unfound.
PENDING = "MATCH (m:Meta {id: 'store'}) RETURN m.pending_events AS events, m.pending_relations AS relations"
SET_PENDING = "MERGE (m:Meta {id: 'store'}) SET m.pending_events = $events, m.pending_relations = $relations"
STATEMENTS = (REPORTS, TOLD_TWICE, KEYS, NEARBY, PLACES, FORGET, RECORD, OF_EVENT, FLAGS, PAGE, PAGE_OF_KIND, ANCHORS,
              WIDEN, RELATION_SIDES,
              FORGET_RELATIONS, RECORD_RELATIONS, OF_ENTITY, PENDING, SET_PENDING)     # for the linter (tools/catalogue.py)


@dataclass(frozen=True)
class Report:
    event: str
    type: str
    day: int
    briefing: str
    publisher: str          # as the briefing names it ('' when it does not)
    source: str             # who it counts as (source_of)
    reported: int           # the briefing's report day (rows.reported_day)
    change: int             # the change set that recorded the briefing's version (history.py)
    modality: str
    quantities: tuple[tuple[str, float, str, str], ...]     # (unit, value, text, bound)
    evidence: str
    start: int
    end: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> "Report":
        q = tuple(zip(row["q_units"] or [], row["q_values"] or [], row["q_texts"] or [], row["q_bounds"] or []))
        return cls(row["event"], row["type"], row["day"], row["briefing"], row["publisher"] or "",
                   source_of(row["publisher"], row["briefing"]), row["reported"], row["change"] or 0,
                   row["modality"], q,
                   row["evidence"] or "",
                   row["start"], row["end"])


def source_of(publisher: str | None, briefing: str) -> str:
    """Who a report counts as: its publisher (case and spacing aside), else the briefing itself."""
    return " ".join(publisher.split()).casefold() if publisher and publisher.strip() else f"briefing:{briefing}"


def independent_sources(publishers: list[str | None], briefings: list[str]) -> int:
    """How many independent sources the reports of an event come from."""
    return len({source_of(p, b) for p, b in zip(publishers, briefings)})


def _intervals(report: Report) -> dict[str, tuple[float, float]]:
    """Each unit's allowed values in a report: a range's two ends together; a unit stated twice
    otherwise (two numbers of one thing) is left out, as it cannot be compared."""
    by_unit: dict[str, list[tuple[str, float, str, str]]] = defaultdict(list)
    for q in report.quantities:
        by_unit[q[0]].append(q)
    out = {}
    for unit, qs in by_unit.items():
        spans = [interval(value, text, bound) for _, value, text, bound in qs]
        if len(qs) == 1 or all(bound for *_, bound in qs):
            out[unit] = (max(lo for lo, _ in spans), min(hi for _, hi in spans))
    return out


def _said(report: Report, unit: str | None = None) -> str:
    if unit is not None:
        return "; ".join(text for u, _, text, _ in report.quantities if u == unit)
    return report.modality


def _row(kind: str, detail: str, day: int, pair: tuple[Report, Report], said: tuple[str, str]) -> dict[str, Any]:
    """A contradiction's properties, its two sides in the order of their briefings."""
    a, b = pair
    if (b.briefing, b.start) < (a.briefing, a.start):
        a, b, said = b, a, (said[1], said[0])
    key = "|".join([kind, detail, a.event, a.briefing, str(a.start), b.event, b.briefing, str(b.start)])
    return {"id": "contradiction/" + hashlib.sha1(key.encode()).hexdigest()[:16], "kind": kind, "detail": detail,
            "day": day, "reported": max(a.reported, b.reported), "change": max(a.change, b.change), "events": list(dict.fromkeys([a.event, b.event])), "briefings": [a.briefing, b.briefing],
            "publishers": [a.publisher, b.publisher], "evidence": [a.evidence, b.evidence],
            "starts": [a.start, b.start], "ends": [a.end, b.end], "said": list(said)}


def within_event(reports: list[Report]) -> list[dict[str, Any]]:
    """Two reports of one event that cannot both be right (numbers, or reported against denied)."""
    out = []
    for a, b in itertools.combinations(reports, 2):
        if a.briefing == b.briefing:
            continue
        ia, ib = _intervals(a), _intervals(b)
        for unit in sorted(ia.keys() & ib.keys()):
            (lo_a, hi_a), (lo_b, hi_b) = ia[unit], ib[unit]
            if hi_a < lo_b or hi_b < lo_a:
                out.append(_row("quantity", unit, a.day, (a, b), (_said(a, unit), _said(b, unit))))
        if {a.modality, b.modality} & {DENIED} and (a.modality in ASSERTED or b.modality in ASSERTED):
            out.append(_row("modality", f"{a.modality} / {b.modality}", a.day, (a, b), (_said(a), _said(b))))
    return out


def between_events(reports: dict[str, list[Report]], places: dict[str, list[str]],
                   pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Of pairs of events with one class and the same participants (their signature) days apart,
    those that look like one event told differently (see the module's docstring)."""
    out = []
    for x, y in sorted({tuple(sorted(p)) for p in pairs}):
        rx, ry = reports.get(x, []), reports.get(y, [])
        if not rx or not ry or {r.briefing for r in rx} & {r.briefing for r in ry}:
            continue                    # one briefing tells both: two events
        if not {r.source for r in rx}.isdisjoint({r.source for r in ry}):
            continue                    # one source's two events
        place_x, place_y = places.get(x, []), places.get(y, [])
        a, b = rx[0], ry[0]
        if a.day == b.day and place_x and place_y and place_x != place_y:
            out.append(_row("place", "", a.day, (a, b), (", ".join(place_x), ", ".join(place_y))))
        elif a.day != b.day and abs(a.day - b.day) <= NEAR_DAYS and place_x == place_y:
            out.append(_row("date", "", min(a.day, b.day), (a, b), (x, y)))
    return out


def pending(events: list[str], relations: list[dict[str, str]]) -> Statement:
    """Mark the events and relations a write touches as waiting for their contradictions."""
    return SET_PENDING, {"events": events, "relations": sorted({relation_key(r) for r in relations})}


def pending_of(read: Any) -> tuple[list[str], list[dict[str, str]]]:
    """The events and relations a write left waiting for the refresh (none, normally)."""
    rows = read(PENDING, {})
    if not rows:
        return [], []
    relations = [dict(zip(("subject", "predicate", "object"), key.split(" ", 2))) for key in rows[0]["relations"] or []]
    return list(rows[0]["events"] or []), relations


def forget(events: list[str]) -> Statement:
    """Drop the contradictions of these events (sent with the write that changes them, before it)."""
    return FORGET, {"ids": events}


def relation_key(row: dict[str, Any]) -> str:
    """A relation's key: 'subject predicate object' (as the change sets write it)."""
    return f"{row['subject']} {row['predicate']} {row['object']}"


def forget_relations(relations: list[dict[str, str]]) -> Statement:
    """Drop the contradictions of these relations ({subject, predicate, object}), before a write."""
    return FORGET_RELATIONS, {"keys": sorted({relation_key(r) for r in relations})}


def within_relation(sides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One relation's statements (RELATION_SIDES rows) that one briefing states and another denies."""
    out = []
    reports = [Report(event="", type=row["predicate"], day=row["day"] or 0, briefing=row["briefing"],
                      publisher=row["publisher"] or "", source=source_of(row["publisher"], row["briefing"]),
                      reported=row["reported"], change=row["change"] or 0, modality=row["modality"], quantities=(),
                      evidence=row["evidence"] or "", start=row["start"], end=row["end"]) for row in sides]
    for a, b in itertools.combinations(reports, 2):
        if a.briefing != b.briefing and {a.modality, b.modality} & {DENIED} and (
                a.modality in ASSERTED or b.modality in ASSERTED):
            found = _row("relation", a.type, max(a.day, b.day), (a, b), (_said(a), _said(b)))
            found.update(events=[], relation=relation_key(sides[0]), entities=[sides[0]["subject"], sides[0]["object"]])
            out.append(found)
    return out


def refresh_relations(read: Any, relations: list[dict[str, str]]) -> list[Statement]:
    """The statements recording the contradictions of the relations a write touched
    ({subject, predicate, object}; the write dropped their earlier ones, see `forget_relations`)."""
    unique = [dict(zip(("subject", "predicate", "object"), key.split(" ", 2)))
              for key in sorted({relation_key(r) for r in relations})]
    if not unique:
        return []
    sides: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in read(RELATION_SIDES, {"rows": unique}):
        sides[relation_key(row)].append(row)
    found = [c for key in sorted(sides) if len(sides[key]) > 1 for c in within_relation(sides[key])]
    return [(RECORD_RELATIONS, {"rows": found}), widen(found)] if found else []


def refresh(read: Any, touched: list[str]) -> list[Statement]:
    """The statements recording the contradictions of the events a write touched (their ids; the
    write dropped their earlier ones, see `forget`): among the reports of those more than one
    report tells, and against the events of their class and participants near them in time;
    `read(statement, params)` reads the graph as written (rows as dicts)."""
    if not touched:
        return []
    twice = [r["id"] for r in read(TOLD_TWICE, {"ids": touched})]
    keys = [{"id": r["id"], "sig": r["sig"], "lo": r["day"] - NEAR_DAYS, "hi": r["day"] + NEAR_DAYS}
            for r in read(KEYS, {"ids": touched}) if r["day"] is not None and 0 < r["day"] < UNDATED]
    pairs = [(r["event"], r["other"]) for r in read(NEARBY, {"rows": keys})] if keys else []
    involved = sorted(set(twice) | {e for pair in pairs for e in pair})
    if not involved:
        return []
    reports: dict[str, list[Report]] = defaultdict(list)
    for row in read(REPORTS, {"ids": involved}):
        reports[row["event"]].append(Report.of(row))
    places: dict[str, list[str]] = defaultdict(list)
    if pairs:
        for row in read(PLACES, {"ids": sorted({e for pair in pairs for e in pair})}):
            places[row["event"]].append(row["place"])
        places = defaultdict(list, {k: sorted(v) for k, v in places.items()})
    found = [c for event in twice for c in within_event(reports[event])]
    found += between_events(reports, places, pairs)
    return [(RECORD, {"rows": found}), widen(found)] if found else []


def widen(found: list[dict[str, Any]]) -> Statement:
    """Widen the days the contradictions list spans to those of contradictions found."""
    days = [c["day"] for c in found]
    return WIDEN, {"first": min(days), "last": max(days)}
