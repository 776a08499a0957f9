"""Entity and event pages, `/id/<kind>/<slug>`: what is known, each fact with its sources."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, TypedDict
from urllib.parse import urlencode

from flask import Blueprint, abort

from briefgraph.ontology.model import load_model
from briefgraph.store.view import HUB_EVENTS

from .context import not_found, reading_view
from .contradictions import shown
from .twins import READING, Page, known_args, twin_route

bp = Blueprint("entities", __name__)
LATEST_EVENTS = 50          # a hub takes part in thousands: the page shows the latest, /events the rest
LATEST_MENTIONS = 50
MAX_SOURCES_PER_FACT = 5
LATEST_SOURCES = 20         # of a relation, in the JSON twin (the page shows the first five)
Row = dict[str, Any]        # a row of the view's answers, by column


class Fact(TypedDict):
    """A relation to another entity, with the places in the briefings that state it."""

    predicate: str
    outgoing: bool
    other: str
    other_label: str
    stated: int                 # by how many briefings in all (the sources are the latest of them)
    denied: int                 # how many of the sources shown deny it ('is not deployed in')
    sources: list[Row]


class TimelineEntry(TypedDict):
    """An event the entity takes part in, with its roles and the places that report it."""

    event: str
    type: str
    modality: str
    date: str | None
    date_start: str | None
    roles: list[str]
    sources: list[Row]
    contradicted: list[str]         # how the briefings disagree about it (store/graph/disagreement.py)


HISTORY = 20            # the change sets an entity's history shows, newest first


def _relations(rows: list[Row]) -> list[Fact]:
    """Relation rows grouped into facts (predicate, direction, other entity) with their sources."""
    facts: dict[tuple[str, bool, str], Fact] = {}
    for row in rows:
        key = (row["predicate"], row["outgoing"], row["other"])
        fact = facts.setdefault(key, Fact(predicate=row["predicate"], outgoing=row["outgoing"], other=row["other"],
                                          other_label=row["other_label"], stated=row["stated"], denied=0,
                                          sources=[]))
        fact["sources"].append({k: row.get(k) for k in ("briefing", "sentence", "start", "end", "evidence", "modality",
                                                        "superseded", "held_until") if k in row})
        fact["denied"] += row.get("modality") == "denied"
    return list(facts.values())


def _timeline(rows: list[Row]) -> list[TimelineEntry]:
    """Event rows grouped by event (one entry per event, its roles and sources), latest first."""
    events: dict[str, TimelineEntry] = {}
    for row in rows:
        event = events.setdefault(row["event"], TimelineEntry(
            event=row["event"], type=row["type"], modality=row["modality"], date=row["date"],
            date_start=row["date_start"], roles=[], sources=[], contradicted=[]))
        if row["role"] not in event["roles"]:
            event["roles"].append(row["role"])
        source = {k: row[k] for k in ("briefing", "evidence", "start", "end")}
        if source not in event["sources"]:
            event["sources"].append(source)
    return list(events.values())


def _entity_page(kind: str, slug: str) -> Page:
    ident = f"{kind}/{slug}"
    view = reading_view()
    entity = view.entity(ident, event_limit=LATEST_EVENTS, mention_limit=LATEST_MENTIONS,
                         sources_per_relation=LATEST_SOURCES)
    if entity is None:
        abort(404, description=not_found(f"entity {ident!r}"))
    model = load_model()
    cls = model.classes.get(entity["class"])
    timeline = _timeline(entity["events"])
    flags = view.contradiction_flags([e["event"] for e in timeline])
    for entry in timeline:
        entry["contradicted"] = flags.get(entry["event"], [])
    data = {**entity, "iri_path": f"/id/{ident}",
            "class_path": [model.classes[c].label for c in reversed(cls.ancestors)] if cls else [],
            "relations": _relations(entity["relations"]), "events": timeline,
            "more_events": "/events?" + urlencode([("actor", ident), *[(k, v) for k, v in known_args()
                                                                      if k in ("as_of", "recorded_as_of")]]),
            # as recorded at a time: the history up to its change set
            "history": [h for h in view.changes.entity_history(ident, HISTORY)
                        if view.change is None or h["change"] <= view.change],
            "contradictions": [shown(c) for c in view.entity_contradictions(ident)]}
    crumbs: list[tuple[str, str | None]] = [(cls.label if cls else kind, None), (entity["label"], None)]
    return Page("entity.html", data, entity["label"], crumbs, {"sources_shown": MAX_SOURCES_PER_FACT,
                                                               "hub_events": HUB_EVENTS})


def _event_page(slug: str) -> Page:
    ident = f"event/{slug}"
    event = reading_view().event(ident)
    if event is None:
        abort(404, description=not_found(f"event {ident!r}"))
    model = load_model()
    cls = model.classes.get(event["type"])
    by_role: dict[str, list[Row]] = defaultdict(list)
    for p in event["participants"]:
        if p not in by_role[p["role"]]:
            by_role[p["role"]].append(p)
    title = f"{cls.label if cls else event['type']}" + (f", {event['date']}" if event["date"] else "")
    data = {**event, "iri_path": f"/id/{ident}", "type_label": cls.label if cls else event["type"],
            "definition": cls.definition if cls else "",
            "contradictions": [shown(c) for c in event["contradictions"]]}
    return Page("event.html", data, title, [("Events", "/events"), (title, None)], {"by_role": dict(by_role)})


@twin_route(bp, "/id/<kind>/<slug>", "An entity (or event) with its relations, events and mentions, each "
            "with the briefing, sentence and offsets it came from.",
            READING, describe=lambda kind, slug: (kind, f"{kind}/{slug}"))
def entity(kind: str, slug: str) -> Page:
    return _event_page(slug) if kind == "event" else _entity_page(kind, slug)
