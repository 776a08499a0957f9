"""The timeline of events, filterable by type, actor, place, date range and modality."""
from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import urlencode

from flask import Blueprint, abort, request

from briefgraph.ontology.model import load_model

from .context import get_view
from .twins import Page, known_args, twin_route

bp = Blueprint("events", __name__)
PAGE_SIZE = 100
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date(name: str, end: bool) -> str | None:
    """A date parameter (YYYY, YYYY-MM or YYYY-MM-DD) as a day, the last day of the period for `end`."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not DATE.match(value):
        abort(400, description=f"{name}={value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD.")
    if len(value) == 4:
        return value + ("-12-31" if end else "-01-01")
    if len(value) == 7:
        return value + ("-31" if end else "-01")
    return value


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


def _page_url(page: int) -> str:
    """This timeline's URL, with the same filters, at another page."""
    args = [(k, v) for k, v in known_args() if k != "page" and v]
    return "/events?" + urlencode([*args, ("page", page)])


@twin_route(bp, "/events", "Events in date order, filtered by type (or any broader class), actor, place, "
            "date range and modality, each with the briefings that report it.",
            (("type", "string", "an event class of the ontology, e.g. TroopTransfer"),
             ("actor", "string", "an entity id (person/alexander-lukashenko) or a name"),
             ("place", "string", "an entity id or a name of a place"),
             ("from", "string", "YYYY, YYYY-MM or YYYY-MM-DD"), ("to", "string", "YYYY, YYYY-MM or YYYY-MM-DD"),
             ("modality", "string", "reported, planned, alleged, forecast, denied, ..."),
             ("page", "integer", "page number, from 1")))
def timeline() -> Page:
    model = load_model()
    event_type = request.args.get("type", "").strip() or None
    if event_type and not (event_type in model.classes and model.classes[event_type].is_a("Event")):
        abort(400, description=f"type={event_type!r} is not an event class of the ontology.")
    modality = request.args.get("modality", "").strip() or None
    if modality and modality not in model.modalities:
        abort(400, description=f"modality={modality!r}: use one of {', '.join(sorted(model.modalities))}.")
    actor, actor_label = _entity("actor")
    place, place_label = _entity("place")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = get_view().events(type=event_type, actor=actor, place=place, date_from=_date("from", False),
                             date_to=_date("to", True), modality=modality, limit=PAGE_SIZE + 1,
                             skip=(page - 1) * PAGE_SIZE)
    labels = {c.name: c.label for c in model.event_classes}
    for row in rows:
        row["label"] = labels.get(row["type"], row["type"])
    events = rows[:PAGE_SIZE]
    months = [(month or "undated", list(group))
              for month, group in groupby(events, key=lambda r: (r["date_start"] or "")[:7] or None)]
    filters = {"type": event_type, "actor": actor, "place": place, "from": request.args.get("from") or None,
               "to": request.args.get("to") or None, "modality": modality}
    data = {"filters": filters, "page": page, "more": len(rows) > PAGE_SIZE, "events": events}
    extra = {"months": months, "prev_url": _page_url(page - 1) if page > 1 else None,
             "next_url": _page_url(page + 1) if data["more"] else None, "event_classes": sorted(model.event_classes, key=lambda c: c.label),
             "modalities": sorted(model.modalities), "actor_label": actor_label, "place_label": place_label}
    return Page("events.html", data, "Events", [("Events", None)], extra)
