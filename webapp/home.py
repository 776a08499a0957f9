"""The home page (counts, latest briefings, most-connected entities) and search."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from briefgraph.ontology.model import load_model

from .context import get_view, reading_view
from .twins import READING, Page, twin_route

bp = Blueprint("home", __name__)


def entity_url(ident: str) -> str:
    """The page of an entity or event id ('person/x' -> '/id/person/x')."""
    return f"/id/{ident}"


@twin_route(bp, "/", "Counts, the latest briefings and the most-connected entities.")
def index() -> Page:
    view = get_view()
    data = {"counts": view.counts(), "latest_briefings": view.briefings(limit=8),
            "most_connected": view.most_connected(limit=12)}
    return Page("index.html", data, "Briefgraph")


@twin_route(bp, "/search", "Entities (grouped by class) and briefings by name or alias; tolerant of typos "
            "and of Latin or Cyrillic spellings.",
            (("q", "string", "the words to look for"), ("limit", "integer", "at most this many entities (1-100)"),
             *READING))
def search() -> Page:
    q = request.args.get("q", "").strip()[:200]
    limit = min(max(request.args.get("limit", 50, type=int) or 50, 1), 100)
    view = reading_view()
    entities = view.search(q, limit) if q else []
    model = load_model()
    groups: dict[str, list[dict[str, Any]]] = {}
    for hit in entities:
        hit["url"] = entity_url(hit["id"])
        groups.setdefault(hit["class"] or "Entity", []).append(hit)
    # the group of the best match first (hits come best first, so a group's first hit is its best)
    ordered = sorted(groups.items(), key=lambda kv: (-kv[1][0]["score"], kv[0]))
    data = {"query": q, "entities": {cls: hits for cls, hits in ordered},
            "briefings": view.search_briefings(q, 20) if q else []}
    class_labels = {cls: model.classes[cls].label if cls in model.classes else cls for cls, _ in ordered}
    title = f"Search: {q}" if q else "Search"
    return Page("search.html", data, title, [("Search", None)], {"class_labels": class_labels})
