"""The briefing list and the briefing page: the text with each mention linked to its entity,
and beside each paragraph the facts extracted from it."""
from __future__ import annotations

from flask import Blueprint, abort, request

from briefgraph.ontology.model import load_model

from .annotate import annotate
from .context import get_view
from .twins import Page, twin_route

bp = Blueprint("briefings", __name__)
PAGE_SIZE = 50


@twin_route(bp, "/briefings", "Briefings, latest first, with their period, section, trend and counts.",
            (("page", "integer", "page number, from 1"),))
def briefing_list() -> Page:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    view = get_view()
    rows = view.briefings(limit=PAGE_SIZE + 1, skip=(page - 1) * PAGE_SIZE)
    data = {"page": page, "briefings": rows[:PAGE_SIZE], "more": len(rows) > PAGE_SIZE,
            "total": view.counts()["briefings"]}
    return Page("briefings.html", data, "Briefings", [("Briefings", None)])


@twin_route(bp, "/briefings/<ident>", "A briefing: its text, its mentions (with offsets) and the facts "
            "extracted from it, with their modality.", describe=lambda ident: ("briefing", ident))
def briefing(ident: str) -> Page:
    view = get_view()
    found = view.briefing(ident)
    if found is None:
        abort(404, description=f"There is no briefing {ident!r} in the archive.")
    model = load_model()
    found["relations"] = view.briefing_relations(ident)
    labels = {name: c.label for name, c in model.classes.items()}
    facts = [{"kind": "event", "label": labels.get(e["type"], e["type"]), **e} for e in found["events"]]
    facts += [{"kind": "relation", **r} for r in found["relations"]]
    paragraphs = annotate(found["body"] or "", found["paragraphs"] or [], found["mentions"], facts)
    data = {**found}
    title = found["title"] or ident
    return Page("briefing.html", data, title, [("Briefings", "/briefings"), (title, None)],
                {"annotated": paragraphs})
