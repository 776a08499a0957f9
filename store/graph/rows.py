"""The graph store's projection of the typed facts (ingest/facts.py): the rows the Cypher of
store/graph/cypher.py writes, grouped by label and relationship type. The RDF store's projection
of the same facts is its sibling, store/rdf/quads.py. Property values are what both engines store:
scalars and lists of one kind, so a mention's spans are "start-end" strings and an event report's
quantities four parallel lists (neither engine stores a map or a list of lists)."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from briefgraph.ingest.facts import Extraction
from briefgraph.ontology.gazetteer import Gazetteer, load_gazetteer
from briefgraph.ontology.model import load_model, relationship_type
from briefgraph.ontology.names import name_key
from briefgraph.ontology.places import Point, point_of
from briefgraph.store.graph.keyset import NO_DAY, UNDATED

Row = dict[str, Any]        # the properties of one node or relationship, as a Cypher parameter


@dataclass
class GraphRows:
    """Everything one briefing (or a batch) contributes, grouped the way the writer sends it."""

    briefing: Row
    entities: dict[str, list[Row]] = field(default_factory=dict)        # by class
    mentions: list[Row] = field(default_factory=list)
    events: dict[str, list[Row]] = field(default_factory=dict)          # by class
    reports: list[Row] = field(default_factory=list)
    roles: dict[str, list[Row]] = field(default_factory=dict)           # by relationship type
    relations: dict[str, list[Row]] = field(default_factory=dict)       # by relationship type


def span_text(start: int, end: int) -> str:
    """A span as the graph stores it: '12-30'."""
    return f"{start}-{end}"


def parse_span(text: str) -> tuple[int, int]:
    """'12-30' -> (12, 30)."""
    a, b = text.split("-", 1)
    return int(a), int(b)


def briefing_row(extraction: Extraction, file_sha256: str = "", curation: str = "") -> Row:
    """The Briefing node's properties (the body included, for the pages that show it)."""
    b = extraction.briefing
    return {
        "id": b.id, "title": b.title, "layout": b.layout, "section": b.section, "trend": b.trend,
        "publisher": b.publisher, "author": b.author, "source_url": b.source_url,
        "published": b.published.isoformat() if b.published else None,
        "period_start": b.period_start.isoformat() if b.period_start else None,
        "period_end": b.period_end.isoformat() if b.period_end else None,
        "content_hash": b.content_hash, "file_sha256": file_sha256, "extractor": extraction.extractor,
        "curation": curation,
        "body": b.body, "paragraphs": [span_text(s, e) for s, e in b.paragraphs],
        # the list's key (latest first): the end of the period covered, else the publication day
        "day": day.toordinal() if (day := b.period_end or b.published) else NO_DAY,
        "reported": reported_day(b.published, b.period_end),
    }


def event_signature(cls: str, people: list[tuple[str, str]]) -> str:
    """A dated event's class and participants (role and entity, its place aside), the key under
    which two events that may be one told differently are found (store/graph/disagreement.py);
    '' for an event without participants."""
    if not people:
        return ""
    return cls + "|" + ",".join(sorted({f"{role}:{entity}" for role, entity in people}))


def reported_day(published: dt.date | None, period_end: dt.date | None) -> int:
    """A briefing's report time, the key of the as-of views ("what the briefings published by
    then said"): the ordinal of its publication day, else of the end of the period it covers;
    UNDATED for a briefing with neither, which no as-of view shows."""
    day = published or period_end
    return day.toordinal() if day else UNDATED


def point_row(point: Point | None) -> Row:
    """The properties of a place's point, or of its event's: none (nulls) without one."""
    if point is None:
        return {"lat": None, "lon": None, "precision": None}
    return {"lat": point.lat, "lon": point.lon, "precision": point.precision}


def to_rows(extraction: Extraction, file_sha256: str = "", curation: str = "",
            gazetteer: Gazetteer | None = None) -> GraphRows:
    """The rows one briefing's facts become in the graph store (the entities' aliases from the
    gazetteer given: the reviewers' names included, else the bundled one)."""
    model, gazetteer = load_model(), gazetteer or load_gazetteer()
    bid = extraction.briefing.id
    out = GraphRows(briefing=briefing_row(extraction, file_sha256, curation))
    reported = out.briefing["reported"]
    entities: dict[str, list[Row]] = defaultdict(list)
    points = {e.id: point_of(e.id, e.label, e.type) for e in extraction.entities}
    for e in extraction.entities:
        entry = gazetteer.entries.get(e.id)
        aliases = sorted({a for a, _ in entry.aliases}) if entry else []
        entities[e.type].append({
            "id": e.id, "label": e.label, "kind": e.kind, "class": e.type,
            "aliases": aliases, "wikidata": e.wikidata, "known": bool(entry), **point_row(points[e.id]),
            # One string of every name, for the full-text indexes of both engines.
            "names": " ; ".join(dict.fromkeys([e.label, *aliases, *(name_key(a) for a in [e.label, *aliases])])),
        })
        out.mentions.append({
            "entity": e.id, "briefing": bid, "count": len(e.mentions),
            "texts": sorted({m.text for m in e.mentions}),
            "spans": [span_text(m.start, m.end) for m in e.mentions],
            "sentences": [m.sentence for m in e.mentions],
            "extractors": sorted({m.extractor for m in e.mentions}),
        })
    out.entities = dict(sorted(entities.items()))
    events: dict[str, list[Row]] = defaultdict(list)
    roles: dict[str, list[Row]] = defaultdict(list)
    for v in extraction.events:
        time = v.time
        events[v.type].append({
            "id": v.id, "type": v.type, "modality": v.modality, "date": v.date,
            "date_text": time.text if time else None,
            "date_start": time.earliest.isoformat() if time else None,
            "date_end": time.latest.isoformat() if time else None,
            "day": time.earliest.toordinal() if time else UNDATED,      # the timeline's key
            "sig": event_signature(v.type, [(relationship_type(p.role), p.entity) for p in v.participants])
                   if time else "",
            # where it happened: its place's point (none for an event without a place that has one)
            "place": v.place if v.place and points.get(v.place) else None, **point_row(points.get(v.place or "")),
        })
        q = v.quantities
        out.reports.append({
            "event": v.id, "briefing": bid, "modality": v.modality, "sentence": v.evidence.sentence,
            "start": v.evidence.start, "end": v.evidence.end, "evidence": v.evidence.text,
            "trigger": v.trigger.text, "extractor": v.extractor,
            "q_values": [x.as_float() for x in q], "q_units": [x.unit for x in q],
            "q_texts": [x.text for x in q], "q_bounds": [x.bound or "" for x in q],
        })
        for p in v.participants:
            roles[relationship_type(p.role)].append({"event": v.id, "entity": p.entity, "briefing": bid,
                                                     "reported": reported})
        if v.place:
            roles["PLACE"].append({"event": v.id, "entity": v.place, "briefing": bid, "reported": reported})
    out.events = dict(sorted(events.items()))
    out.roles = {k: dedupe(rows) for k, rows in sorted(roles.items())}
    relations: dict[str, list[Row]] = defaultdict(list)
    for r in extraction.relations:
        relations[model.properties[r.predicate].relationship_type].append({
            "subject": r.subject, "object": r.object, "briefing": bid, "reported": reported,
            "sentence": r.evidence.sentence, "start": r.evidence.start, "end": r.evidence.end,
            "evidence": r.evidence.text, "extractor": r.extractor, "modality": r.modality,
        })
    out.relations = {k: dedupe(rows, ("subject", "object")) for k, rows in sorted(relations.items())}
    return out


# What the graph engines refuse in a property, measured on both (tests/store/test_durability.py):
# FalkorDB cannot parse a string holding NUL (the whole statement fails: "Failed to parse query
# parameter") and has no literal for NaN or an infinity; it wraps an integer beyond 64 bits
# silently, which Neo4j's driver refuses; a lone surrogate cannot be encoded as UTF-8 for either;
# Neo4j refuses a list that mixes kinds, and neither stores a null or a list inside a list.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
INT64 = (-(2 ** 63), 2 ** 63 - 1)


def check_values(rows: GraphRows) -> None:
    """Raise ValueError naming the first value of the rows the graph store would refuse or
    corrupt, so that one briefing is refused before its batch is written."""
    groups: list[tuple[str, list[Row]]] = [("the briefing", [rows.briefing]), ("a mention", rows.mentions),
                                           ("an event report", rows.reports)]
    groups += [(f"an entity of class {cls}", group) for cls, group in rows.entities.items()]
    groups += [(f"an event of class {cls}", group) for cls, group in rows.events.items()]
    groups += [(f"a {kind} role", group) for kind, group in rows.roles.items()]
    groups += [(f"a {kind} relation", group) for kind, group in rows.relations.items()]
    for what, group in groups:
        for row in group:
            for key, value in row.items():
                problem = unstorable(value)
                if problem is not None:
                    raise ValueError(f"{what}: {key!r} {problem}")


def unstorable(value: object) -> str | None:
    """What makes one parameter value unstorable, or None. Types are compared exactly: a bool is
    stored as a boolean, not as the integer it subclasses."""
    if type(value) is str:
        found = _UNSTORABLE.search(value)
        if found is None:
            return None
        char = found.group()
        what = "a NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"
        return f"contains {what} at character {found.start() + 1}"
    if type(value) is float:
        return None if math.isfinite(value) else f"is {value}, not a finite number"
    if type(value) is int:
        return None if INT64[0] <= value <= INT64[1] else "is an integer beyond 64 bits"
    if type(value) is list or type(value) is tuple:
        # A property list: scalars of one kind, no nulls (Neo4j stores typed arrays; neither
        # engine stores a null in a list).
        items: list[object] = list(value)
        kinds = {_LIST_KINDS.get(type(item), "other") for item in items}
        if kinds - {"text", "number", "boolean"}:
            return "is a list holding a null or a nested value"
        if len(kinds) > 1:
            return f"is a list mixing {' and '.join(sorted(kinds))} values"
        return next((p for p in map(unstorable, items) if p is not None), None)
    return None


_LIST_KINDS: dict[type, str] = {str: "text", int: "number", float: "number", bool: "boolean"}


def combine(many: list[GraphRows]) -> GraphRows:
    """Several briefings' rows as one batch: one UNWIND per class or type for all of them.
    An entity or event that two of them share is written once."""
    out = GraphRows(briefing={})
    for one in many:
        for cls, group in one.entities.items():
            out.entities.setdefault(cls, []).extend(group)
        for cls, group in one.events.items():
            out.events.setdefault(cls, []).extend(group)
        for kind, group in one.roles.items():
            out.roles.setdefault(kind, []).extend(group)
        for kind, group in one.relations.items():
            out.relations.setdefault(kind, []).extend(group)
        out.mentions.extend(one.mentions)
        out.reports.extend(one.reports)
    out.entities = {k: dedupe(v, ("id",)) for k, v in sorted(out.entities.items())}
    out.events = {k: dedupe(v, ("id",)) for k, v in sorted(out.events.items())}
    out.roles = dict(sorted(out.roles.items()))
    out.relations = dict(sorted(out.relations.items()))
    return out


def dedupe(rows: list[Row], keys: tuple[str, ...] = ("event", "entity")) -> list[Row]:
    """The rows without repeats of their keys, first kept."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in rows:
        k = tuple(row[x] for x in keys)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
