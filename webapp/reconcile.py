"""The W3C Entity Reconciliation Service API, version 0.2, at `/reconcile`: what OpenRefine speaks
to match a partner's list of names to the archive's entities (store/reconciliation.py matches).

- `GET /reconcile`: the service manifest; with `queries` (GET or form POST), a batch of queries;
  with `extend`, data extension. `callback` wraps a GET's answer for JSONP clients.
- `/reconcile/suggest/entity|type|property?prefix=`: the suggest services; `/reconcile/flyout/entity`.
- `/reconcile/preview?id=`: a small HTML card of an entity, framed by the client.
- `/reconcile/extend/propose?type=`: the properties data extension can fetch.
Every answer, errors included, carries the CORS headers the specification asks for."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from briefgraph.ontology.model import load_model
from briefgraph.store.reconciliation import PROPERTIES, Candidate, Property, Reconciler, ReconcileError, parse_batch

from .context import get_view, shared
from .errors import error_body

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
MAX_IDS = 200
SUGGEST_LIMIT = 10
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"}
# the top classes a partner's list is usually of, offered before any is chosen
DEFAULT_TYPES = ("Person", "State", "Government", "ArmedForces", "MilitaryUnit", "Organization", "Place",
                 "Agreement", "Operation")


def reconciler() -> Reconciler:
    """The app's reconciler, over its view."""
    return shared("briefgraph.reconciler", lambda: Reconciler(get_view()))


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers.update(CORS)
    response.vary.add("Origin")
    return response


@bp.errorhandler(HTTPException)
def _error(exc: HTTPException) -> Response:
    """Errors as JSON, whatever the client accepts: the service's clients are programs."""
    return error_body(exc.code or 500, exc.description or "")


@bp.errorhandler(ReconcileError)
def _refused(exc: ReconcileError) -> Response:
    """A query the service cannot answer, as JSON naming the query and what is wrong."""
    return error_body(exc.http_status, str(exc))


@bp.before_request
def _preflight() -> Response | None:
    if request.method == "OPTIONS":
        return Response(status=204)
    return None


def _answer(data: Any) -> Response:
    """JSON, or JSONP for a GET that names a callback."""
    callback = request.args.get("callback")
    if callback and request.method == "GET":
        if not CALLBACK.match(callback):
            abort(400, description="callback: a JavaScript function name")
        return Response(f"/**/{callback}({json.dumps(data, ensure_ascii=False)});",
                        mimetype="application/javascript")
    return jsonify(data)


def _param(name: str) -> str | None:
    """A parameter from the form (POST) or the query string."""
    return request.form.get(name) if name in request.form else request.args.get(name)


def _json_param(name: str) -> Any:
    try:
        return json.loads(_param(name) or "")
    except json.JSONDecodeError as exc:
        abort(400, description=f"{name}: not JSON ({exc.msg} at character {exc.pos})")


def _root() -> str:
    return request.url_root.rstrip("/")


def _type(name: str) -> dict[str, str]:
    return {"id": name, "name": load_model().cls(name).label}


def manifest() -> dict[str, Any]:
    """The service manifest (the specification's `manifest.json`)."""
    settings = current_app.config["SETTINGS"]
    root = _root()
    return {
        "versions": ["0.2"],
        "name": "Briefgraph",
        "identifierSpace": f"{settings.base_url}/id/",
        "schemaSpace": "https://w3id.org/briefgraph/ontology#",
        "documentation": f"{root}/downloads#reconciliation",
        "serviceVersion": "1",
        "view": {"url": f"{root}/id/{{{{id}}}}"},
        "defaultTypes": [_type(t) for t in DEFAULT_TYPES],
        "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": 420, "height": 200},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity",
                       "flyout_service_url": root, "flyout_service_path": "/reconcile/flyout/entity?id=${id}"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": root, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {"propose_properties": {"service_url": root, "service_path": "/reconcile/extend/propose"},
                   "property_settings": []},
    }


def _candidate(c: Candidate) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "description": c.description, "score": c.score, "match": c.match,
            "type": [_type(c.cls)], "features": [{"id": k, "value": v} for k, v in c.features]}


def _property(p: Property) -> dict[str, str]:
    return {"id": p.id, "name": p.name, "description": p.description}


@bp.route("", methods=["GET", "POST", "OPTIONS"])
def service() -> Response:
    """The manifest, a batch of queries (`queries`) or a data extension (`extend`)."""
    service_ = reconciler()
    if _param("queries") is not None:
        batch = parse_batch(_json_param("queries"))
        found = service_.reconcile(batch)
        return _answer({key: {"result": [_candidate(c) for c in found[key]]} for key in batch})
    if _param("extend") is not None:
        return _answer(_extend(service_, _json_param("extend")))
    return _answer(manifest())


def _extend(service_: Reconciler, query: Any) -> dict[str, Any]:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) or not isinstance(query.get("properties"), list):
        raise ReconcileError("extend: an object with 'ids' and 'properties' lists")
    ids = [i for i in query["ids"] if isinstance(i, str)]
    if len(ids) != len(query["ids"]) or len(ids) > MAX_IDS:
        raise ReconcileError(f"extend: 'ids' is a list of at most {MAX_IDS} entity ids")
    pids = [p.get("id") if isinstance(p, dict) else None for p in query["properties"]]
    if not all(isinstance(p, str) for p in pids):
        raise ReconcileError("extend: each property is an object with an 'id'")
    rows = service_.extend(ids, [str(p) for p in pids])
    meta = []
    for pid in pids:
        prop = PROPERTIES[str(pid)]
        item: dict[str, Any] = {"id": prop.id, "name": prop.name}
        if prop.values:
            item["type"] = _type(prop.values)
        meta.append(item)
    return {"meta": meta, "rows": rows}


def _prefix() -> str:
    prefix = (request.args.get("prefix") or "").strip()[:200]
    if not prefix and request.endpoint == "reconcile.suggest_entity":
        abort(400, description="prefix: the beginning of a name")
    return prefix


def _limit() -> int:
    try:
        return max(1, min(int(request.args.get("limit", SUGGEST_LIMIT)), 50))
    except ValueError:
        abort(400, description="limit: a number")


@bp.route("/suggest/entity", methods=["GET", "OPTIONS"])
def suggest_entity() -> Response:
    types = [t for t in request.args.getlist("type") if t]
    model = load_model()
    for t in types:
        if t not in model.classes or not model.cls(t).is_a("Entity"):
            abort(400, description=f"type={t!r} is not an entity class of the ontology")
    service_ = reconciler()
    rows = service_.suggest_entities(_prefix(), _limit(), types)
    return _answer({"result": [{"id": r["id"], "name": r["label"], "description": service_.describe(r),
                                "notable": [_type(r["class"])]} for r in rows]})


@bp.route("/suggest/type", methods=["GET", "OPTIONS"])
def suggest_type() -> Response:
    return _answer({"result": reconciler().suggest_types(_prefix(), _limit())})


@bp.route("/suggest/property", methods=["GET", "OPTIONS"])
def suggest_property() -> Response:
    return _answer({"result": [_property(p) for p in reconciler().suggest_properties(_prefix(), _limit())]})


def _card(ident: str) -> dict[str, Any]:
    """What the preview and the flyout show of an entity; 404 if unknown."""
    view = get_view()
    entity = view.entity(ident, event_limit=3, mention_limit=1, sources_per_relation=1)
    if entity is None:
        abort(404, description=f"There is no entity {ident!r} in the archive.")
    entity["description"] = reconciler().describe({**entity, "briefings": entity["counts"]["briefings"]})
    return entity


@bp.route("/preview", methods=["GET", "OPTIONS"])
def preview() -> str:
    ident = (request.args.get("id") or "").strip()
    if not ident:
        abort(400, description="id: an entity id")
    g.frameable = True              # the client shows the card in a frame of its own page
    return render_template("reconcile_preview.html", entity=_card(ident))


@bp.route("/flyout/entity", methods=["GET", "OPTIONS"])
def flyout() -> Response:
    ident = (request.args.get("id") or "").strip()
    if not ident:
        abort(400, description="id: an entity id")
    html = render_template("reconcile_preview.html", entity=_card(ident), fragment=True)
    return _answer({"id": ident, "html": html})


@bp.route("/extend/propose", methods=["GET", "OPTIONS"])
def propose() -> Response:
    cls = (request.args.get("type") or "").strip() or None
    found = reconciler().properties_for(cls)
    limit = _limit() if "limit" in request.args else len(found)
    answer: dict[str, Any] = {"properties": [_property(p) for p in found[:limit]]}
    if cls:
        answer["type"] = cls
    if "limit" in request.args:
        answer["limit"] = limit
    return _answer(answer)
