"""The graph view: an entity's neighbourhood as nodes and edges (the JSON the browser's graph
expands from); its front-end library is served from the npm install (vendor.py)."""
from __future__ import annotations

from flask import Blueprint, abort, request

from briefgraph.ontology.model import load_model

from .context import not_found, reading_view
from .twins import READING, Page, twin_route

bp = Blueprint("graph", __name__)
# The browser libraries the pages load, each a file of an npm package in package.json.
MAX_EDGES = 150


def _node_class(labels: list[str]) -> str:
    """The most specific ontology class among a node's labels."""
    model = load_model()
    known = [model.classes[x] for x in labels if x in model.classes]
    return max(known, key=lambda c: len(c.ancestors)).name if known else (labels[0] if labels else "")


@twin_route(bp, "/graph", "The neighbourhood of an entity or event: nodes (with their classes) and edges "
            "(role or relation types), depth 1 or 2, at most 150 edges.",
            (("id", "string", "an entity or event id, e.g. person/alexander-lukashenko"),
             ("depth", "integer", "1 or 2"), *READING))
def graph() -> Page:
    ident = request.args.get("id", "").strip()
    depth = request.args.get("depth", 1, type=int)
    if depth not in (1, 2):
        abort(400, description="depth must be 1 or 2.")
    view = reading_view()
    start = None
    if ident:
        start = view.event(ident) if ident.startswith("event/") else view.entity(ident, event_limit=0)
        if start is None:
            abort(404, description=not_found(f"entity or event {ident!r}"))
        start = {"id": ident, "label": start.get("label") or start.get("type"),
                 "class": start.get("class") or start.get("type")}
    found = view.neighbourhood(ident, depth=depth, limit=MAX_EDGES) if ident else {"nodes": [], "edges": []}
    for node in found["nodes"]:
        node["class"] = _node_class(node["labels"])
    data = {"start": start, "depth": depth, **found}
    model = load_model()
    classes = sorted({n["class"] for n in found["nodes"]} | ({start["class"]} if start else set()))
    extra = {"class_labels": {c: model.classes[c].label if c in model.classes else c for c in classes}}
    title = f"Graph: {start['label']}" if start else "Graph"
    return Page("graph.html", data, title, [("Graph", "/graph")] + ([(start["label"], None)] if start else []), extra)
