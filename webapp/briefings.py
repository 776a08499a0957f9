"""The briefing list and the briefing page: the text with each mention linked to its entity,
and beside each paragraph the facts extracted from it."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, request

from briefgraph.ontology.model import load_model

from .annotate import annotate
from .context import not_found, reading_view
from .twins import READING, Page, cursor_arg, known_args, twin_route

bp = Blueprint("briefings", __name__)
PAGE_SIZE = 50


@twin_route(bp, "/briefings", "Briefings, latest first, with their period, section, trend and counts, "
            f"{PAGE_SIZE} a page; `next` is the URL of the page after.",
            (("after", "string", "the page after this cursor (DAY~ID, from a page's `next` link)"), *READING))
def briefing_list() -> Page:
    view = reading_view()
    rows = view.briefings(limit=PAGE_SIZE + 1, after=cursor_arg())
    shown = rows[:PAGE_SIZE]
    carried = [(k, v) for k, v in known_args() if k in ("as_of", "recorded_as_of")]
    following = (f"/briefings?{urlencode([*carried, ('after', shown[-1]['cursor'])])}"
                 if len(rows) > PAGE_SIZE else None)
    data = {"briefings": shown, "next": following, "first_page": "after" not in request.args,
            "total": view.briefing_total()}
    return Page("briefings.html", data, "Briefings", [("Briefings", None)])


@twin_route(bp, "/briefings/<ident>", "A briefing: its text, its mentions (with offsets) and the facts "
            "extracted from it, with their modality.", READING, describe=lambda ident: ("briefing", ident))
def briefing(ident: str) -> Page:
    view = reading_view()
    found = view.briefing(ident)
    if found is None:
        abort(404, description=not_found(f"briefing {ident!r}"))
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
