"""What the archive held at a change set and no longer holds: the superseded briefing versions of a
record-time view (View.recorded).

The live graph answers a record-time read for every briefing whose current version the archive
held by then (its edges carry the change set that wrote them). A briefing changed or removed since
held an earlier version then; store/graph/history.py keeps each such version, with the record-time
interval in which the archive held it and everything it said, as the rows the writer writes. This
module reads the versions held at a change set and gives their facts in the shapes of the view's
own answers, each marked with the version and the time the archive stopped holding it, so that a
page merges them with the live facts and says which are superseded."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from briefgraph.ontology.model import load_model
from briefgraph.ontology.names import name_key
from briefgraph.store.graph.rows import GraphRows

Row = dict[str, Any]

_HELD = ("MATCH (v:BriefingVersion) WHERE v.change_from <= $change AND v.change_to > $change {} "
         "RETURN v.id AS id, v.recorded_to AS until, v.rows AS rows ORDER BY id")
HELD = _HELD.format("")                                         # every version held then (the lists)
HELD_NAMING = _HELD.format("AND $id IN v.entities")             # ... that names an entity
HELD_REPORTING = _HELD.format("AND $id IN v.events")            # ... that reports an event
HELD_BRIEFING = _HELD.format("AND v.briefing = $id")            # ... of one briefing
STATEMENTS = (HELD, HELD_NAMING, HELD_REPORTING, HELD_BRIEFING)  # for the linter (tools/catalogue.py)


@dataclass(frozen=True)
class Held:
    """A superseded version the archive held at the view's change set."""

    version: str                # 'briefing-id@N'
    until: str                  # when the archive stopped holding it (ISO 8601, UTC)
    rows: GraphRows

    @classmethod
    def of(cls, row: Row) -> "Held":
        stored = json.loads(row["rows"]) if row["rows"] else {"briefing": {}}
        return cls(row["id"], row["until"], GraphRows(**stored))

    @property
    def briefing(self) -> Row:
        return self.rows.briefing

    @property
    def mark(self) -> Row:
        """What every fact of this version carries: which version, and until when."""
        return {"superseded": self.version, "held_until": self.until}

    def entity(self, ident: str) -> Row | None:
        return next((row for group in self.rows.entities.values() for row in group if row["id"] == ident), None)

    def event(self, ident: str) -> Row | None:
        return next((row for group in self.rows.events.values() for row in group if row["id"] == ident), None)

    def labels(self) -> dict[str, str]:
        return {row["id"]: row["label"] for group in self.rows.entities.values() for row in group}

    def roles(self) -> list[tuple[str, Row]]:
        return [(kind, row) for kind, group in self.rows.roles.items() for row in group]

    def relations(self) -> list[tuple[str, Row]]:
        return [(kind, row) for kind, group in self.rows.relations.items() for row in group]


def held(read: Any, statement: str, params: dict[str, Any], as_of: int | None) -> list[Held]:
    """The versions a statement of this module finds (`read(statement, params)` gives dicts), as of
    a report day too when the view has one."""
    found = [Held.of(row) for row in read(statement, params)]
    return [h for h in found if as_of is None or (h.briefing.get("reported") or 0) <= as_of]


def entity_summary(versions: list[Held], ident: str) -> Row | None:
    """An entity that only superseded versions name, as ENTITY gives one."""
    for h in versions:
        row = h.entity(ident)
        if row is not None:
            return {k: row.get(k) for k in ("id", "label", "class", "aliases", "wikidata", "known", "lat", "lon", "precision")}
    return None


def entity_mentions(versions: list[Held], ident: str) -> list[Row]:
    """An entity's mentions in superseded versions, as ENTITY_MENTIONS gives them (with the day)."""
    out = []
    for h in versions:
        for m in h.rows.mentions:
            if m["entity"] == ident:
                out.append({"briefing": h.briefing["id"], "title": h.briefing.get("title"), "texts": m["texts"],
                            "spans": m["spans"], "sentences": m["sentences"], "day": h.briefing.get("day") or 0,
                            "id": h.briefing["id"], **h.mark})
    return out


def entity_relations(versions: list[Held], ident: str) -> list[Row]:
    """An entity's relations in superseded versions, as entity_relations() gives them (`stated`
    counts the version's statement; the view adds the live ones)."""
    out = []
    for h in versions:
        labels = h.labels()
        for kind, r in h.relations():
            if ident not in (r["subject"], r["object"]):
                continue
            outgoing = r["subject"] == ident
            other = r["object"] if outgoing else r["subject"]
            out.append({"predicate": kind, "outgoing": outgoing, "other": other, "other_label": labels.get(other),
                        "stated": 1, "briefing": h.briefing["id"], "sentence": r.get("sentence"),
                        "start": r.get("start"), "end": r.get("end"), "evidence": r.get("evidence"),
                        "modality": r.get("modality") or "reported", **h.mark})
    return out


def _report(h: Held, event: str) -> list[Row]:
    return [r for r in h.rows.reports if r["event"] == event]


def entity_events(versions: list[Held], ident: str) -> list[Row]:
    """The events an entity takes part in by superseded versions, as ENTITY_EVENTS gives them."""
    out = []
    for h in versions:
        for kind, role in h.roles():
            if role["entity"] != ident or (e := h.event(role["event"])) is None:
                continue
            for r in _report(h, e["id"]):
                out.append({"event": e["id"], "type": e["type"], "modality": e["modality"], "date": e["date"],
                            "date_start": e["date_start"], "role": kind, "briefing": h.briefing["id"],
                            "evidence": r["evidence"], "start": r["start"], "end": r["end"], **h.mark})
    return out


def event(versions: list[Held], ident: str) -> Row | None:
    """An event only superseded versions report, as EVENT gives one."""
    for h in versions:
        e = h.event(ident)
        if e is not None:
            return {"id": e["id"], "type": e["type"], "labels": list(load_model().cls(e["type"]).graph_labels),
                    "modality": e["modality"], "date": e["date"], "date_text": e["date_text"],
                    "date_start": e["date_start"], "date_end": e["date_end"]}
    return None


def event_participants(versions: list[Held], ident: str) -> list[Row]:
    """An event's participants by superseded versions, as EVENT_PARTICIPANTS gives them."""
    out = []
    for h in versions:
        entities = {row["id"]: row for group in h.rows.entities.values() for row in group}
        for kind, role in h.roles():
            if role["event"] == ident and role["entity"] in entities:
                n = entities[role["entity"]]
                out.append({"role": kind, "id": n["id"], "label": n["label"], "class": n["class"], **h.mark})
    return out


def event_reports(versions: list[Held], ident: str) -> list[Row]:
    """An event's reports in superseded versions, as EVENT_REPORTS gives them."""
    return [{"briefing": h.briefing["id"], "title": h.briefing.get("title"), "publisher": h.briefing.get("publisher"),
             "modality": r["modality"], "sentence": r["sentence"], "start": r["start"], "end": r["end"],
             "evidence": r["evidence"], "trigger": r["trigger"], "quantities": r["q_texts"], **h.mark}
            for h in versions for r in _report(h, ident)]


def briefing(h: Held) -> Row:
    """A superseded version as the briefing page shows one (BRIEFING, its mentions and events)."""
    b = h.briefing
    keys = ("id", "title", "body", "paragraphs", "period_start", "period_end", "section", "trend", "published",
            "publisher", "author", "source_url", "layout", "content_hash")
    entities = {row["id"]: row for group in h.rows.entities.values() for row in group}
    events = {row["id"]: row for group in h.rows.events.values() for row in group}
    mentions = sorted(({"entity": m["entity"], "label": entities[m["entity"]]["label"],
                        "class": entities[m["entity"]]["class"], "spans": m["spans"]}
                       for m in h.rows.mentions if m["entity"] in entities), key=lambda m: m["entity"])
    reports = sorted(({"event": r["event"], "type": events[r["event"]]["type"], "modality": r["modality"],
                       "date": events[r["event"]]["date"], "sentence": r["sentence"], "start": r["start"],
                       "end": r["end"], "evidence": r["evidence"], "quantities": r["q_texts"]}
                      for r in h.rows.reports if r["event"] in events), key=lambda r: (r["start"], r["event"]))
    return {**{k: b.get(k) for k in keys}, "mentions": mentions, "events": reports, **h.mark}


def briefing_relations(h: Held) -> list[Row]:
    """A superseded version's relations, as View.briefing_relations gives them."""
    labels = h.labels()
    rows = [{"predicate": kind, "subject": r["subject"], "object": r["object"], "sentence": r.get("sentence"),
             "start": r.get("start"), "end": r.get("end"), "evidence": r.get("evidence"),
             "modality": r.get("modality") or "reported",
             "subject_label": labels.get(r["subject"]), "object_label": labels.get(r["object"])}
            for kind, r in h.relations()]
    return sorted(rows, key=lambda r: (r["start"], r["predicate"], r["subject"], r["object"]))


def briefing_row(h: Held) -> Row:
    """A superseded version in the briefings list, as BRIEFINGS gives one."""
    b = h.briefing
    return {**{k: b.get(k) for k in ("id", "title", "period_start", "period_end", "section", "trend", "published")},
            "entities": len(h.rows.mentions), "events": len({r["event"] for r in h.rows.reports}),
            "day": b.get("day") or 0, **h.mark}


def timeline_rows(versions: list[Held]) -> list[Row]:
    """The events superseded versions report, as the timeline's rows (one per event, its briefings)."""
    found: dict[str, Row] = {}
    for h in versions:
        for r in h.rows.reports:
            e = h.event(r["event"])
            if e is None:
                continue
            row = found.setdefault(e["id"], {"event": e["id"], "type": e["type"], "modality": e["modality"],
                                             "date": e["date"], "date_start": e["date_start"], "date_end": e["date_end"],
                                             "briefings": [], "day": e["day"], "id": e["id"],
                                             "participants": set(), "places": set(), **h.mark})
            if h.briefing["id"] not in row["briefings"]:
                row["briefings"].append(h.briefing["id"])
        for kind, role in h.roles():
            if role["event"] in found:
                found[role["event"]]["places" if kind == "PLACE" else "participants"].add(role["entity"])
    return list(found.values())


def matches(versions: list[Held], text: str) -> list[Row]:
    """The entities superseded versions name whose names hold every word of a search (by name key)."""
    words = name_key(text).split()
    out: dict[str, Row] = {}
    for h in versions:
        for group in h.rows.entities.values():
            for n in group:
                keys = name_key(n.get("names") or n["label"]).split()
                if words and all(any(k.startswith(w) for k in keys) for w in words):
                    out.setdefault(n["id"], {"id": n["id"], "label": n["label"], "class": n["class"], **h.mark})
    return sorted(out.values(), key=lambda n: n["id"])


def neighbours(versions: list[Held], ident: str) -> list[Row]:
    """The edges of an entity or event in superseded versions, as NEIGHBOURS gives them."""
    out = []
    model = load_model()
    for h in versions:
        labels = h.labels()
        classes = {row["id"]: row["class"] for group in h.rows.entities.values() for row in group}
        for kind, role in h.roles():
            e = h.event(role["event"])
            if e is None or ident not in (role["event"], role["entity"]):
                continue
            if ident == role["event"]:
                other, label, cls = role["entity"], labels.get(role["entity"]), classes.get(role["entity"])
            else:
                other, label, cls = e["id"], e["type"], e["type"]
            out.append({"id": other, "label": label, "labels": list(model.cls(cls).graph_labels) if cls else [],
                        "rel": kind, "source": role["event"], "target": role["entity"]})
        for kind, r in h.relations():
            if ident in (r["subject"], r["object"]):
                other = r["object"] if r["subject"] == ident else r["subject"]
                cls = classes.get(other)
                out.append({"id": other, "label": labels.get(other),
                            "labels": list(model.cls(cls).graph_labels) if cls else [], "rel": kind,
                            "source": r["subject"], "target": r["object"]})
    return out
