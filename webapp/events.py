"""The timeline of events, filterable by type, actor, place, date range and modality."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, request

from briefgraph.ingest.timex import iso_period
from briefgraph.ontology.model import load_model
from briefgraph.store.graph.keyset import Cursor
from briefgraph.store.view import View

from .context import get_view, reading_view
from .twins import READING, Page, cursor_arg, known_args, twin_route

bp = Blueprint("events", __name__)
PAGE_SIZE = 100


def _date(name: str, end: bool) -> str | None:
    """A date parameter (YYYY, YYYY-MM or YYYY-MM-DD) as a day, the last day of the period for `end`."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        first, last = iso_period(value)
    except ValueError:
        abort(400, description=f"{name}={value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD.")
    return (last if end else first).isoformat()


def _entity(name: str) -> tuple[str | None, str]:
    """An actor or place parameter: an entity id ('person/x'), or words whose best match is taken."""
    value = request.args.get(name, "").strip()[:200]
    if not value:
        return None, ""
    view = get_view()
    if "/" in value and view.entity(value) is not None:
        return value, value
    hits = view.search(value, 1)
    if not hits:
        abort(404, description=f"{name}={value!r}: no entity of that name in the archive.")
    return hits[0]["id"], hits[0]["label"]


def _page_url(after: str | None) -> str:
    """This timeline's URL, with the same filters, at the page after a cursor (the first for None)."""
    args = [(k, v) for k, v in known_args() if k != "after" and v]
    return "/events?" + urlencode([*args, *([("after", after)] if after else [])])


FILTERS = (("type", "string", "an event class of the ontology, e.g. TroopTransfer"),
           ("actor", "string", "an entity id (person/alexander-lukashenko) or a name"),
           ("place", "string", "an entity id or a name of a place"),
           ("from", "string", "events that begin on or after: YYYY, YYYY-MM or YYYY-MM-DD"),
           ("to", "string", "events that begin on or before: YYYY, YYYY-MM or YYYY-MM-DD"),
           ("modality", "string", "reported, planned, alleged, forecast, denied, ..."))


@dataclass(frozen=True)
class Filters:
    """The timeline's filters as the request gives them, checked: what View.events takes, and the
    labels of the actor and the place for the page."""

    args: dict[str, str | None]
    shown: dict[str, str | None]
    actor_label: str
    place_label: str

    def events(self, view: View, limit: int, after: Cursor | None) -> list[dict[str, Any]]:
        """The view's events that pass the filters: the page after the cursor."""
        a = self.args
        return view.events(type=a["type"], actor=a["actor"], place=a["place"], date_from=a["date_from"],
                           date_to=a["date_to"], modality=a["modality"], limit=limit, after=after)


def filters() -> Filters:
    """The request's filters (400 for a malformed one, 404 for an actor or place not found)."""
    model = load_model()
    event_type = request.args.get("type", "").strip() or None
    if event_type and not (event_type in model.classes and model.classes[event_type].is_a("Event")):
        abort(400, description=f"type={event_type!r} is not an event class of the ontology.")
    modality = request.args.get("modality", "").strip() or None
    if modality and modality not in model.modalities:
        abort(400, description=f"modality={modality!r}: use one of {', '.join(sorted(model.modalities))}.")
    actor, actor_label = _entity("actor")
    place, place_label = _entity("place")
    args = {"type": event_type, "actor": actor, "place": place, "date_from": _date("from", False),
            "date_to": _date("to", True), "modality": modality}
    shown = {"type": event_type, "actor": actor, "place": place, "from": request.args.get("from") or None,
             "to": request.args.get("to") or None, "modality": modality}
    return Filters(args, shown, actor_label, place_label)


def form_extra() -> dict[str, Any]:
    """What the filter form of /events and /map lists."""
    model = load_model()
    return {"event_classes": sorted(model.event_classes, key=lambda c: c.label), "modalities": sorted(model.modalities)}


@twin_route(bp, "/events", "Events in date order, earliest first, filtered by type (or any broader class), "
            "actor, place, the period they begin in and modality, each with the briefings that report it, "
            f"{PAGE_SIZE} a page; `next` is the URL of the page after.",
            (*FILTERS, ("after", "string", "the page after this cursor (DAY~ID, from a page's `next` link)"), *READING))
def timeline() -> Page:
    model = load_model()
    chosen = filters()
    rows = chosen.events(reading_view(), PAGE_SIZE + 1, cursor_arg())
    labels = {c.name: c.label for c in model.event_classes}
    for row in rows:
        row["label"] = labels.get(row["type"], row["type"])
    events = rows[:PAGE_SIZE]
    months = [(month or "undated", list(group))
              for month, group in groupby(events, key=lambda r: (r["date_start"] or "")[:7] or None)]
    following = _page_url(events[-1]["cursor"]) if len(rows) > PAGE_SIZE else None
    data = {"filters": chosen.shown, "events": events, "next": following}
    extra = {"months": months, "first_url": _page_url(None) if "after" in request.args else None,
             **form_extra(), "actor_label": chosen.actor_label, "place_label": chosen.place_label}
    return Page("events.html", data, "Events", [("Events", None)], extra)
