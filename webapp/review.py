"""The reviewers' pages: the queue of facts to judge (the least sure first, then the most shown),
each with its evidence highlighted; a fact's page with its audit log and the forms that confirm,
reject, correct or undo; an entity's forms (merge, alias, Wikidata id); a reviewer's log; the
orphaned decisions. Every change is a POST with the CSRF token, by a signed-in reviewer or admin;
reading these pages needs one too (they show who decided what). Each page has a JSON twin."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from briefgraph.store.curation.decisions import CurationError, Decision, Fact, Kind, Verdict
from briefgraph.store.curation.queue import Item
from briefgraph.store.curation.suggestions import merge_suggestions

from .auth import current_reviewer, require_role, safe_next
from .context import get_view
from .curation import curation
from .twins import wants_json

bp = Blueprint("review", __name__)
PAGE_SIZE = 50
ROLES = ("reviewer", "admin")
# What a correction form may send, and how each field is read.
NUMBERS = ("value",)
TEXTS = ("class", "date", "modality", "role", "predicate", "unit")
MAX_TEXT = 200


def fact_args(source: Any) -> Fact:
    """A fact named by request parameters: kind, key, and for a briefing's fact the briefing,
    start, end and text of its evidence (400 when they do not name one)."""
    try:
        kind = Kind(source.get("kind", ""))
    except ValueError:
        abort(400, description=f"kind: one of {', '.join(k.value for k in Kind)}")
    key = source.get("key", "").strip()
    if not key or len(key) > 600:
        abort(400, description="key: the fact's identity (an entity or event id, or subject|predicate|object)")
    if kind is Kind.ENTITY:
        return Fact(kind, key)
    try:
        start, end = int(source.get("start", "")), int(source.get("end", ""))
    except ValueError:
        abort(400, description="start and end: the character offsets of the fact's evidence")
    briefing = source.get("briefing", "").strip()
    if not briefing:
        abort(400, description="briefing: the id of the briefing that states the fact")
    return Fact(kind, key, briefing, start, end, source.get("text") or None)


def fact_query(fact: Fact) -> str:
    """The query string of a fact's page."""
    params = {"kind": fact.kind.value, "key": fact.key}
    if fact.briefing is not None:
        params |= {"briefing": fact.briefing, "start": str(fact.start), "end": str(fact.end)}
    return urlencode(params)


def _value(form: Any) -> dict[str, Any]:
    """The value of a verdict from a form: the corrected fields, the entity merged into, the alias,
    the Wikidata id (400 when a number is no number)."""
    out: dict[str, Any] = {}
    for name in NUMBERS:
        raw = form.get(name, "").strip().replace(",", "")
        if raw:
            try:
                number = float(raw)
            except ValueError:
                abort(400, description=f"{name}={raw[:40]!r} is not a number")
            out[name] = int(number) if number.is_integer() and abs(number) < 2**53 else number
    for name in TEXTS:
        raw = form.get(name, "").strip()
        if raw:
            out[name] = raw[:MAX_TEXT]
    for name in ("into", "alias", "wikidata", "entity", "label", "from"):
        raw = form.get(name, "").strip()
        if raw:
            out[name] = raw[:MAX_TEXT]
    return out


def highlighted(item: Item) -> dict[str, Any]:
    """An item with its evidence cut around the fact's words (the template marks the middle)."""
    a = max(0, (item.fact.start or 0) - item.sentence_start)
    b = max(a, (item.fact.end or 0) - item.sentence_start)
    text = item.evidence
    return {"fact": fact_json(item.fact), "summary": item.summary, "confidence": round(item.confidence, 3),
            "pages": item.pages, "before": text[:a], "words": text[a:b], "after": text[b:],
            "query": fact_query(item.fact)}


def fact_json(fact: Fact) -> dict[str, Any]:
    return {"kind": fact.kind.value, "key": fact.key, "briefing": fact.briefing, "start": fact.start,
            "end": fact.end, "text": fact.text}


def decision_json(d: Decision) -> dict[str, Any]:
    return {"id": d.id, "fact": fact_json(d.fact), "verdict": d.verdict.value, "value": d.value, "author": d.author,
            "time": d.time, "reason": d.reason, "undoes": d.undoes}


def _answer(template: str, data: dict[str, Any], title: str) -> ResponseReturnValue:
    if wants_json():
        return jsonify(data)
    crumbs = [("Review", "/review"), (title, None)] if request.path != "/review" else [("Review", None)]
    return render_template(template, **data, this={"title": title, "crumbs": crumbs}, reviewer=current_reviewer())


@bp.get("/review")
@bp.get("/review.json")
@require_role(*ROLES)
def queue() -> ResponseReturnValue:
    """The facts that wait for a decision, PAGE_SIZE at a time."""
    kind = None
    if request.args.get("kind"):
        try:
            kind = Kind(request.args["kind"])
        except ValueError:
            abort(400, description=f"kind: one of {', '.join(k.value for k in Kind)}")
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        abort(400, description="offset: a number of facts to skip")
    c = curation()
    items = c.queue.page(PAGE_SIZE + 1, offset, kind)
    data = {"kind": kind.value if kind else None, "offset": offset, "counts": c.queue.counts(),
            "pending": c.decisions.pending_count(), "orphaned": c.decisions.orphaned_count(),
            "items": [highlighted(i) for i in items[:PAGE_SIZE]],
            "next": (f"/review?{urlencode({**({'kind': kind.value} if kind else {}), 'offset': offset + PAGE_SIZE})}"
                     if len(items) > PAGE_SIZE else None),
            "verdicts": [Verdict.CONFIRM.value, Verdict.REJECT.value, Verdict.UNSURE.value]}
    return _answer("review.html", data, "Review queue")


@bp.get("/review/fact")
@bp.get("/review/fact.json")
@require_role(*ROLES)
def fact_page() -> ResponseReturnValue:
    """One fact: its evidence, the decision that holds, every decision made on it (undos too)."""
    fact = fact_args(request.args)
    c = curation()
    item = c.queue.find(fact)
    history = c.decisions.history(fact)
    undone = {d.undoes for d in history if d.undoes is not None}
    standing = [d for d in history if d.verdict is not Verdict.UNDO and d.id not in undone]
    data = {"fact": fact_json(fact), "item": highlighted(item) if item else None,
            "decision": decision_json(standing[-1]) if standing else None,
            "overridden": [decision_json(d) for d in standing[:-1]],
            "history": [decision_json(d) | {"undone": d.id in undone} for d in history],
            "query": fact_query(fact)}
    if fact.kind is Kind.ENTITY:
        data["entity"] = get_view().entity_summary(fact.key)
        # its latest mentions, each span with a form that splits it off (words that name another)
        found = get_view().entity(fact.key, event_limit=0, mention_limit=20) if data["entity"] else None
        data["mentions"] = [{"briefing": m["briefing"], "title": m["title"], "texts": m["texts"],
                             "spans": [dict(zip(("start", "end"), map(int, span.split("-")))) for span in m["spans"]]}
                            for m in (found or {}).get("mentions", [])]
    return _answer("review_fact.html", data, fact.label())


@bp.post("/review/decide")
@require_role(*ROLES)
def decide() -> ResponseReturnValue:
    """Record a verdict on one fact, then apply it to the stores."""
    user = current_reviewer()
    assert user is not None
    fact = fact_args(request.form)
    try:
        verdict = Verdict(request.form.get("verdict", ""))
        value = _value(request.form)
        if verdict is Verdict.MERGE:
            # what the extraction is to find the target by from now on: the merged entity's names
            target = get_view().entity_summary(str(value.get("into", "")))
            if target is None:
                raise CurationError(f"there is no entity {value.get('into', '')!r} to merge into")
            merged = get_view().entity_summary(fact.key)
            names = [merged["label"], *(merged["aliases"] or [])] if merged else []
            value |= {"label": target["label"], "class": target["class"], "names": names}
        elif verdict is Verdict.ALIAS:
            entity = get_view().entity_summary(fact.key)
            if entity is None:
                raise CurationError(f"there is no entity {fact.key!r}")
            value |= {"label": entity["label"], "class": entity["class"]}
        decision = curation().decisions.record(fact, verdict, user.name, value, request.form.get("reason", "").strip())
    except ValueError as exc:
        abort(400, description=str(exc))
    return _after(decision_json(decision))


@bp.post("/review/bulk")
@require_role(*ROLES)
def bulk() -> ResponseReturnValue:
    """One verdict (confirm, reject or unsure) on several facts of the queue, all or none."""
    user = current_reviewer()
    assert user is not None
    try:
        verdict = Verdict(request.form.get("verdict", ""))
    except ValueError:
        abort(400, description="verdict: confirm, reject or unsure")
    if verdict not in (Verdict.CONFIRM, Verdict.REJECT, Verdict.UNSURE):
        abort(400, description="a bulk verdict is confirm, reject or unsure")
    facts = []
    for token in request.form.getlist("fact")[:PAGE_SIZE * 4]:
        fields = dict(zip(("kind", "key", "briefing", "start", "end"), token.split("\t")))
        facts.append(fact_args(fields))
    if not facts:
        abort(400, description="no fact chosen: tick the facts the verdict is for")
    try:
        made = curation().decisions.record_many([(f, verdict, {}) for f in facts], user.name,
                                                request.form.get("reason", "").strip())
    except ValueError as exc:
        abort(400, description=str(exc))
    return _after({"decisions": [decision_json(d) for d in made]})


@bp.post("/review/undo/<int:decision_id>")
@require_role(*ROLES)
def undo(decision_id: int) -> ResponseReturnValue:
    """Take a decision back."""
    user = current_reviewer()
    assert user is not None
    try:
        made = curation().decisions.undo(decision_id, user.name, request.form.get("reason", "").strip())
    except ValueError as exc:
        abort(400, description=str(exc))
    return _after(decision_json(made))


def _after(data: dict[str, Any]) -> ResponseReturnValue:
    """Apply what was decided, then answer: JSON, or back to the page the form was on."""
    applied = curation().apply()
    data["applied"] = applied is not None
    if applied is not None:
        data["change"] = applied.change
        data["orphaned"] = applied.orphaned
    if wants_json():
        return jsonify(data), 201
    back = safe_next(request.form.get("next")) or url_for("review.queue")
    return redirect(back, 303)


@bp.get("/review/merges")
@bp.get("/review/merges.json")
@require_role(*ROLES)
def merges() -> ResponseReturnValue:
    """Pairs of entities that may be one referent, side by side, with why."""
    found = merge_suggestions(get_view().graph, PAGE_SIZE, curation().decisions.distinct_pairs())
    data = {"suggestions": [{"keep": s.keep, "merge": s.merge, "reasons": list(s.reasons)} for s in found]}
    return _answer("review_merges.html", data, "Merge suggestions")


@bp.get("/review/log")
@bp.get("/review/log.json")
@require_role(*ROLES)
def reviewer_log() -> ResponseReturnValue:
    """A reviewer's decisions, the latest first (the signed-in one's unless `author` names another)."""
    user = current_reviewer()
    assert user is not None
    author = request.args.get("author", "").strip() or user.name
    try:
        before = int(request.args["before"]) if request.args.get("before") else None
    except ValueError:
        abort(400, description="before: a decision id")
    made = curation().decisions.by_author(author, PAGE_SIZE + 1, before)
    data = {"author": author, "decisions": [decision_json(d) | {"query": fact_query(d.fact)} for d in made[:PAGE_SIZE]],
            "next": (f"/review/log?{urlencode({'author': author, 'before': made[PAGE_SIZE - 1].id})}"
                     if len(made) > PAGE_SIZE else None)}
    return _answer("review_log.html", data, f"Decisions by {author}")


@bp.get("/review/orphaned")
@bp.get("/review/orphaned.json")
@require_role(*ROLES)
def orphaned() -> ResponseReturnValue:
    """The decisions whose fact the latest extraction no longer finds (kept, never dropped)."""
    made = curation().decisions.orphaned()
    data = {"author": None, "decisions": [decision_json(d) | {"query": fact_query(d.fact)} for d in made],
            "next": None}
    return _answer("review_log.html", data, "Orphaned decisions")

