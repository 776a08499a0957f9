"""Where the sources disagree: every contradiction the archive found (a quantity, a date or a place
told two ways, an incident reported by one briefing and denied by another), with both sides'
evidence; store/graph/disagreement.py says how they are found and what counts as independent."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, request

from briefgraph.store.graph.disagreement import KINDS
from briefgraph.store.graph.keyset import Cursor

from .context import get_view
from .twins import Page, cursor_arg, twin_route

bp = Blueprint("contradictions", __name__)
PAGE_SIZE = 50


def shown(c: dict[str, Any]) -> dict[str, Any]:
    """A contradiction as the pages show it: its kind, events (or relation: subject, predicate,
    object) and two sides, each with its briefing, publisher, what it says and its evidence."""
    relation = dict(zip(("subject", "predicate", "object"), c["relation"].split(" ", 2))) if c.get("relation") else None
    return {"id": c["id"], "kind": c["kind"], "detail": c["detail"], "events": c["events"], "relation": relation,
            "sides": [{"briefing": c["briefings"][i], "publisher": c["publishers"][i], "said": c["said"][i],
                       "evidence": c["evidence"][i], "start": c["starts"][i], "end": c["ends"][i]} for i in range(2)]}


@twin_route(bp, "/contradictions", "Contradictions between the briefings, those of the latest events first: a "
            "quantity, a date or a place told two ways, an incident reported by one and denied by another, "
            "or a relation stated by one and denied by another, "
            "with both sides' evidence.",
            (("kind", "string", "only this kind: " + ", ".join(KINDS)), ("after", "string", "the next page's cursor")))
def contradictions() -> Page:
    kind = request.args.get("kind", "").strip() or None
    if kind is not None and kind not in KINDS:
        abort(400, description=f"kind={kind!r}: one of {', '.join(KINDS)}.")
    after = cursor_arg()
    found = get_view().contradictions(PAGE_SIZE + 1, (after.day, after.id) if after else None, kind)
    page = found[:PAGE_SIZE]
    following = None
    if len(found) > PAGE_SIZE:
        query = [*([("kind", kind)] if kind else []), ("after", Cursor(page[-1]["day"], page[-1]["id"]).token())]
        following = "/contradictions?" + urlencode(query)
    data = {"kind": kind, "kinds": list(KINDS), "next": following,
            "contradictions": [shown(c) for c in page]}
    return Page("contradictions.html", data, "Contradictions", [("Contradictions", None)], {"first_page": after is None})
