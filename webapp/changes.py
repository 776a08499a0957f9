"""What changed, and when: the change sets of the archive (each ingest that wrote), one change set
with its lists, and Atom feeds of both the changes and of one entity (new facts about it), for
readers who follow the archive or an entity from a feed reader."""
from __future__ import annotations

from typing import Any

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, request

from briefgraph.store.changes import ChangeSet

from .context import get_view
from .twins import Page, twin_route

bp = Blueprint("changes", __name__)
PAGE = 20
FEED_ENTRIES = 50
LIST_CAP = 500          # the most of each list a change set's page shows


def _base() -> str:
    return str(current_app.config["SETTINGS"].base_url).rstrip("/")


def _before_arg() -> int | None:
    raw = request.args.get("before", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description="before: a change set's number (a positive integer); follow a page's own links.")
    return int(raw)


@twin_route(bp, "/changes", "The archive's change sets, newest first: each ingest that wrote, with how many "
            "briefings it added, changed and removed and how many entities, events and relations appeared "
            "or disappeared.", (("before", "integer", "the change sets numbered below this one (the next page)"),))
def changes() -> Page:
    before = _before_arg()
    found = get_view().changes.page(before, PAGE + 1)
    shown = found[:PAGE]
    data: dict[str, Any] = {
        "changes": [{**c.to_json(), "summary": c.summary(), "url": f"/changes/{c.id}"} for c in shown],
        "next": f"/changes?before={shown[-1].id}" if len(found) > PAGE else None,
        "feed": "/changes.atom"}
    return Page("changes.html", data, "Changes", [("Changes", None)], {"first_page": before is None})


@twin_route(bp, "/changes/<int:seq>", "One change set: the briefings it added, changed and removed, and the "
            "entities, events and relations that appeared in the archive or left it (each list cut at 500).")
def change(seq: int) -> Page:
    found = get_view().changes.get(seq, LIST_CAP)
    if found is None:
        abort(404, description=f"There is no change set {seq} in the archive.")
    data = {**found.to_json(), "summary": found.summary(), "cap": LIST_CAP}
    return Page("change.html", data, f"Change {seq}", [("Changes", "/changes"), (f"Change {seq}", None)])


def _feed(feed_id: str, title: str, page_url: str, self_url: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": "Briefgraph"})
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.language("en")
    return fg


def _atom(fg: FeedGenerator, updated: str | None) -> Response:
    # an empty feed is still valid Atom: its `updated` is the Unix epoch (nothing happened yet)
    fg.updated(updated or "1970-01-01T00:00:00Z")
    return Response(fg.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.route("/changes.atom")
def changes_feed() -> Response:
    """The latest change sets as an Atom feed, one entry each."""
    base = _base()
    log = get_view().changes
    fg = _feed(f"{base}/changes", "Briefgraph: changes to the archive", f"{base}/changes", f"{base}/changes.atom")
    found: list[ChangeSet] = log.page(None, FEED_ENTRIES)
    for c in reversed(found):           # feedgen puts the entry added last first
        entry = fg.add_entry()
        entry.id(f"{base}/changes/{c.id}")
        entry.title(f"Change {c.id}: {c.summary()}")
        entry.updated(c.time)
        entry.published(c.time)
        entry.link(href=f"{base}/changes/{c.id}", rel="alternate", type="text/html")
        entry.summary(f"Ingested at {c.time}: {c.summary()}.")
    return _atom(fg, found[0].time if found else None)


def _history_text(entry: dict[str, Any]) -> str:
    """One change set's news about an entity, in words."""
    said = []
    if entry["first"]:
        said.append("first appeared in the archive")
    for key, words in (("mentions", "named in"), ("relations_added", "new relations:"),
                       ("relations_removed", "relations withdrawn:"), ("events_added", "new events:"),
                       ("events_removed", "events withdrawn:")):
        if entry[key]:
            more = entry[f"n_{key}"] - len(entry[key])
            said.append(f"{words} {', '.join(entry[key])}" + (f" and {more} more" if more > 0 else ""))
    return "; ".join(said) or "no new facts"


@bp.route("/id/<kind>/<slug>/changes.atom")
def entity_feed(kind: str, slug: str) -> Response:
    """New facts about one entity, an entry a change set that brought some ("follow this entity")."""
    ident = f"{kind}/{slug}"
    view = get_view()
    found = view.entity_summary(ident)
    if found is None:
        abort(404, description=f"There is no entity {ident!r} in the archive.")
    base = _base()
    label = found["label"]
    fg = _feed(f"{base}/id/{ident}/changes", f"Briefgraph: {label}", f"{base}/id/{ident}",
               f"{base}/id/{ident}/changes.atom")
    history = view.changes.entity_history(ident, FEED_ENTRIES)
    for item in reversed(history):
        entry = fg.add_entry()
        entry.id(f"{base}/id/{ident}/changes/{item['change']}")
        entry.title(f"{label}: {_history_text(item)}")
        entry.updated(item["time"])
        entry.link(href=f"{base}/changes/{item['change']}", rel="alternate", type="text/html")
        entry.summary(f"Change {item['change']} ({item['time']}): {_history_text(item)}.")
    return _atom(fg, history[0]["time"] if history else None)
