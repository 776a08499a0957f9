"""`/cypher`: read-only Cypher for researchers. `POST /cypher` with JSON {"statement", "parameters"},
or `GET /cypher?statement=`; rows as JSON (nodes, relationships and paths with their ids, labels
and properties) or CSV; `EXPLAIN` gives the plan. Read-only is the database's (FalkorDB's
GRAPH.RO_QUERY, Neo4j's read transactions); the guard only words the refusal sooner."""
from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from typing import Any, TypedDict

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from briefgraph.store.graph.base import QueryRefused, QueryTimeout

from .context import get_view
from .errors import error_body
from .examples import CYPHER_EXAMPLES
from .query_guard import Refused, check_cypher

bp = Blueprint("cypher", __name__)
EXPLAIN = re.compile(r"^\s*EXPLAIN\s+", re.I)
# A value a parameter can hold: what JSON (a body, or the `parameters` of a form) decodes to.
JsonValue = str | bool | int | float | list[Any] | dict[str, Any] | None


class ConsoleResult(TypedDict, total=False):
    """What the console shows of a statement: its plan (EXPLAIN), or its rows."""

    plan: list[str]
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _error(status: int, message: str, console: bool, statement: str = "") -> ResponseReturnValue:
    if console:
        return _console(statement, None, message), status
    return error_body(status, message)


INT64 = range(-2**63, 2**63)


def _unicode(text: str, what: str) -> str:
    """The text, if it is Unicode the engines can be sent (JSON's \\ud800 escapes decode to lone
    surrogates, which no UTF-8 encoder takes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{what} holds {text[exc.start:exc.end]!r} at {exc.start}, half of a UTF-16 surrogate pair: "
                         "not a character") from None
    return text


def _check_value(value: JsonValue, where: str) -> None:
    """A parameter's value as both engines take it: JSON's values, integers of 64 bits, finite numbers."""
    if isinstance(value, str):
        _unicode(value, where)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if value not in INT64:
            raise ValueError(f"{where}: {value} is outside the 64-bit integers the engines hold")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value} is not a JSON number")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]")
    else:
        for key, item in value.items():
            _name(key, f"a key of {where}")
            _check_value(item, f"{where}.{key}")


def _name(name: str, what: str) -> None:
    """A parameter's name or a map's key as both engines take it (FalkorDB's client writes them
    between backticks, with no way to escape one)."""
    if not _unicode(name, what):
        raise ValueError(f"{what} is empty")
    if "`" in name:
        raise ValueError(f"{what}, {name!r}, holds a backtick")


def _parameters(params: object) -> dict[str, Any]:
    """The parameters, checked: an object of names and values the engines can take."""
    if not isinstance(params, dict):
        raise ValueError("parameters must be a JSON object")
    for name, value in params.items():
        _name(name, "a parameter's name")
        _check_value(value, f"parameter {name}")
    return params


def _request() -> tuple[str, dict[str, Any], str]:
    """(statement, parameters, format) from a JSON body, a form, or the query string."""
    if request.method == "POST" and request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise ValueError('send a JSON object: {"statement": "...", "parameters": {...}}')
        return (_unicode(str(body.get("statement") or ""), "the statement"), _parameters(body.get("parameters") or {}),
                str(body.get("format") or request.args.get("format") or ""))
    source = request.form if request.method == "POST" else request.args
    params = source.get("parameters") or "{}"
    try:
        parsed = json.loads(params)
    except json.JSONDecodeError as exc:
        raise ValueError(f"parameters are not JSON: {exc}") from None
    return _unicode(source.get("statement", ""), "the statement"), _parameters(parsed), source.get("format", "")


def _wants_console(fmt: str) -> bool:
    accept = request.accept_mimetypes
    named = any(value == "text/html" for value, _ in accept)
    return not fmt and not request.is_json and named and accept.best_match(
        ["text/html", "application/json", "text/csv"]) == "text/html"


def _iso_duration(years: int, months: int, days: int, hours: int, minutes: int, seconds: float) -> str:
    """An ISO 8601 duration ('P1Y2M3DT4H5M6.5S', 'PT0S'), as Neo4j writes them."""
    date = "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D")) if n)
    second = f"{seconds:.9f}".rstrip("0").rstrip(".") if seconds else ""
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (second, "S")) if n)
    return "P" + date + ("T" + time if time else "") if date or time else "PT0S"


def json_value(value: Any) -> Any:
    """A cell as JSON can carry it, the same from both engines: dates and times as ISO 8601 text
    (Neo4j's driver and FalkorDB's client return objects of their own, which JSON cannot hold),
    durations as ISO 8601 durations, a Neo4j point as the map of its coordinates, and infinities
    and NaN as text (JSON has no such numbers, and browsers refuse a body that writes them)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]  # python-dateutil ships no types
    from neo4j.spatial import Point
    from neo4j.time import Duration

    if isinstance(value, Duration):                  # months, days, seconds, nanoseconds
        hours, rest = divmod(value.seconds, 3600)
        return _iso_duration(value.months // 12, value.months % 12, value.days, hours, rest // 60,
                             rest % 60 + value.nanoseconds / 1e9)
    if isinstance(value, relativedelta):             # FalkorDB's durations
        return _iso_duration(value.years, value.months, value.days, value.hours, value.minutes,
                             value.seconds + value.microseconds / 1e6)
    if isinstance(value, Point):
        names = ("longitude", "latitude", "height") if value.srid in (4326, 4979) else ("x", "y", "z")
        return {"srid": value.srid, **{name: json_value(v) for name, v in zip(names, value)}}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if hasattr(value, "to_native"):                  # Neo4j's Date, Time, DateTime
        value = value.to_native()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@bp.route("/cypher", methods=["GET", "POST"])
def endpoint() -> ResponseReturnValue:
    try:
        statement, params, fmt = _request()
    except ValueError as exc:
        return _error(400, str(exc), False)
    fmt = fmt or ("csv" if request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv" else "")
    console = _wants_console(fmt)
    if not statement.strip():
        if console:
            return _console(CYPHER_EXAMPLES[0][1], None, None)
        return _error(400, 'no statement: send {"statement": "..."} as JSON, or ?statement=', False)
    view = get_view()
    settings = current_app.config["SETTINGS"]
    try:
        check_cypher(statement, params, view.graph.backend)
        if EXPLAIN.match(statement):
            plan = view.graph.explain(EXPLAIN.sub("", statement, count=1), params)
            if console:
                return _console(statement, ConsoleResult(plan=plan), None)
            return jsonify({"plan": plan})
        rows = view.cypher(statement, params, timeout_ms=settings.query_timeout * 1000, limit=settings.row_cap)
    except Refused as exc:
        return _error(400, str(exc), console, statement)
    except QueryTimeout as exc:
        return _error(503, str(exc), console, statement)
    except QueryRefused as exc:
        return _error(400, f"the statement was refused: {exc}", console, statement)
    cells = [[json_value(v) for v in row] for row in rows.rows]
    if console:
        return _console(statement, ConsoleResult(columns=rows.columns, rows=cells, truncated=rows.truncated), None)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(rows.columns)
        writer.writerows([[_csv_cell(v) for v in row] for row in cells])
        response = Response(buffer.getvalue(), mimetype="text/csv")
    elif fmt in ("", "json"):
        response = jsonify({"columns": rows.columns, "rows": cells, "truncated": rows.truncated})
    else:
        return _error(406, f"unknown format {fmt!r}; the known ones are: json, csv", False)
    if rows.truncated:
        response.headers["X-Briefgraph-Truncated"] = f"true; the result was cut at {settings.row_cap} rows"
    response.headers["Vary"] = "Accept"
    return response


def _console(statement: str, result: ConsoleResult | None, error: str | None) -> str:
    from urllib.parse import urlencode
    downloads = [(f, "/cypher?" + urlencode({"statement": statement, "format": f})) for f in ("json", "csv")]
    page = {"title": "Cypher", "crumbs": [("Cypher", None)]}
    return render_template("cypher.html", this=page, statement=statement, result=result, error=error,
                           examples=CYPHER_EXAMPLES, downloads=downloads if result else [],
                           settings=current_app.config["SETTINGS"])
