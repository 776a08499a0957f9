"""Where events happened: every `/events` result as GeoJSON (`/events.geojson`, an RFC 7946
FeatureCollection that QGIS and kepler.gl read, streamed a page of events at a time), and `/map`,
the events on a map of country and region outlines with the timeline's filters; without
JavaScript the page lists the events by place."""
from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request, stream_with_context

from briefgraph.ontology.model import load_model
from briefgraph.store.graph.keyset import Cursor
from briefgraph.store.view import View

from .context import reading_view
from .events import FILTERS, Filters, filters, form_extra
from .twins import Page, known_args, twin_route
from .vendor import REGION_OUTLINES

bp = Blueprint("event_map", __name__)
GEOJSON = "application/geo+json"
READ_PAGE = 500             # events read at a time while the GeoJSON streams
LISTED = 300                # events the map page lists by place (the GeoJSON has them all)


def located(view: View, chosen: Filters, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The events that pass the filters and have a point, earliest first, each with its point and
    place: read a page at a time, so that memory does not grow with the archive."""
    labels = {c.name: c.label for c in load_model().event_classes}
    after: Cursor | None = None
    given = 0
    while True:
        rows = chosen.events(view, READ_PAGE, after)
        points = view.event_points([r["event"] for r in rows])
        for row in rows:
            point = points.get(row["event"])
            if point is None:
                continue
            yield {**row, **point, "label": labels.get(row["type"], row["type"])}
            given += 1
            if limit is not None and given >= limit:
                return
        if len(rows) < READ_PAGE:
            return
        after = Cursor.parse(rows[-1]["cursor"])


def feature(event: dict[str, Any], root: str) -> dict[str, Any]:
    """An event as a GeoJSON Feature: a Point (longitude, latitude: RFC 7946, WGS 84) and its
    properties flat, as GIS tools want them (the briefings joined by spaces)."""
    return {"type": "Feature", "id": event["event"],
            "geometry": {"type": "Point", "coordinates": [event["lon"], event["lat"]]},
            "properties": {"event": event["event"], "type": event["type"], "label": event["label"],
                           "modality": event["modality"], "date": event["date"], "date_start": event["date_start"],
                           "place": event["place"], "place_label": event["place_label"],
                           "precision": event["precision"], "briefings": " ".join(event["briefings"]),
                           "url": f"{root}/id/{event['event']}"}}


@bp.route("/events.geojson")
def events_geojson() -> Response:
    """Every event of the timeline's filters that has a point, as one FeatureCollection."""
    chosen = filters()                          # checked before the answer begins: a 400 is still possible
    view = reading_view()
    root = request.url_root.rstrip("/")

    def body() -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        for i, event in enumerate(located(view, chosen)):
            yield ("," if i else "") + "\n" + json.dumps(feature(event, root), ensure_ascii=False)
        yield "\n]}\n"

    response = Response(stream_with_context(body()), mimetype=GEOJSON)
    response.headers["Content-Disposition"] = 'inline; filename="briefgraph-events.geojson"'
    return response


@twin_route(bp, "/map", "The events that have a point, by place (the first "
            f"{LISTED}; /events.geojson has every one), with the timeline's filters.", FILTERS)
def event_map() -> Page:
    chosen = filters()
    events = list(located(reading_view(), chosen, LISTED + 1))
    shown = sorted(events[:LISTED], key=lambda e: (e["place_label"] or e["place"] or "", e["date_start"] or "", e["event"]))
    places = [{"place": place, "label": group[0]["place_label"], "precision": group[0]["precision"],
               "lat": group[0]["lat"], "lon": group[0]["lon"], "events": group}
              for place, group in ((p, list(g)) for p, g in groupby(shown, key=lambda e: e["place"]))]
    query = urlencode([(k, v) for k, v in known_args() if v])
    data = {"filters": chosen.shown, "places": [{k: v for k, v in p.items() if k != "events"} |
                                                {"events": [e["event"] for e in p["events"]]} for p in places],
            "more": len(events) > LISTED, "geojson": "/events.geojson" + (f"?{query}" if query else "")}
    extra = {**form_extra(), "places_full": places, "actor_label": chosen.actor_label,
             "place_label": chosen.place_label, "outlines": REGION_OUTLINES}
    return Page("map.html", data, "Map of events", [("Map", None)], extra)
