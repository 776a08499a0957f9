"""`/sparql`: the SPARQL 1.1 Protocol (GET with `query=`, POST as a form, POST with
`application/sparql-query`; `default-graph-uri` and `named-graph-uri`), results by content
negotiation, read-only (updates and SERVICE refused), time-boxed and capped; and its HTML console."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue

from briefgraph.errors import BriefgraphError
from briefgraph.formats import Format, UnknownFormat, formats, get_format
from briefgraph.store.graph.base import QueryRefused, QueryTimeout
from briefgraph.store.rdf.sparql import SparqlResult, StoreUnavailable
from briefgraph.store.rdf.sparql_results import render

from .context import get_view
from .errors import error_body, error_response, retry_later
from .examples import SPARQL_EXAMPLES
from .query_guard import Refused, check_sparql

bp = Blueprint("sparql", __name__)
RESULT_KINDS = {"bindings": ("results",), "boolean": ("results",), "graph": ("graph",)}
DEFAULTS = {"bindings": "sparql-json", "boolean": "sparql-json", "graph": "turtle"}


class ProtocolError(BriefgraphError):
    """A request the SPARQL 1.1 Protocol calls malformed (400) or of an unsupported media type (415)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.http_status = status


def _one(values: list[str], name: str) -> str | None:
    """The one value of a parameter; more than one is ambiguous (the Protocol's 400)."""
    if len(values) > 1:
        raise ProtocolError(400, f"the request carries {len(values)} {name} strings: send exactly one")
    return values[0] if values else None


def _body_text() -> str:
    """The body of a direct POST as text: UTF-8, the only encoding the Protocol allows."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"the body is declared {charset}: a SPARQL request is UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the body is not UTF-8 (byte {exc.start}): a SPARQL request is UTF-8") from None


def _protocol_request() -> tuple[str | None, str | None, list[str], list[str]]:
    """(query, update, default graphs, named graphs) from any of the Protocol's three ways: GET
    with query=, a POSTed form, or a direct POST of application/sparql-query (or -update)."""
    args = request.args
    queries, updates = args.getlist("query"), args.getlist("update")
    defaults, named = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == "application/x-www-form-urlencoded":
            form = request.form
            queries, updates = queries + form.getlist("query"), updates + form.getlist("update")
            defaults, named = defaults + form.getlist("default-graph-uri"), named + form.getlist("named-graph-uri")
        elif mimetype == "application/sparql-query":
            queries = queries + [_body_text()]
        elif mimetype == "application/sparql-update":
            updates = updates + [_body_text()]
        elif not mimetype:
            raise ProtocolError(400, "the POST has no Content-Type: send a form (application/x-www-form-urlencoded) "
                                     "or application/sparql-query")
        else:
            raise ProtocolError(415, f"POST a form (application/x-www-form-urlencoded) or application/sparql-query, "
                                     f"not {mimetype}")
    if queries and updates:
        raise ProtocolError(400, "the request carries both a query and an update: send one operation")
    return _one(queries, "query"), _one(updates, "update"), defaults, named


# Generic media types SPARQL clients send, and what they mean for each kind of result.
GENERIC = {"application/json": {"results": "sparql-json", "graph": "jsonld"},
           "application/xml": {"results": "sparql-xml", "graph": "rdfxml"},
           "text/xml": {"results": "sparql-xml", "graph": "rdfxml"},
           "text/plain": {"results": "tsv", "graph": "ntriples"}}


# Short names clients put in format= or output= (SPARQLWrapper sends them, as Fuseki reads them).
SHORT = {"json": {"results": "sparql-json", "graph": "jsonld"}, "xml": {"results": "sparql-xml", "graph": "rdfxml"},
         "n3": {"graph": "turtle"}, "rdf+xml": {"graph": "rdfxml"}}


def _format_param() -> str | None:
    for name in ("format", "output"):
        value = request.args.get(name) or request.form.get(name)
        if value:
            return value
    return None


def _choose(kind: str) -> Format:
    """The format for a result of this kind: `format=` if given, else the Accept header's choice,
    else the default (SPARQL JSON results, Turtle)."""
    kinds = RESULT_KINDS[kind]
    asked = _format_param()
    if asked:
        short = SHORT.get(asked.lower(), {}).get(kinds[0])
        try:
            return get_format(short or asked, kinds)
        except UnknownFormat:
            pass                     # a name for another kind of result: the Accept header decides
    offered = [f.media_type for f in formats(*kinds)]
    best = request.accept_mimetypes.best_match(offered + list(GENERIC))
    if best in GENERIC:
        return get_format(GENERIC[best][kinds[0]])
    return get_format(best or DEFAULTS[kind], kinds)


def _wants_console() -> bool:
    """A browser (it names text/html and prefers it) without a `format=` gets the HTML console."""
    accept = request.accept_mimetypes
    named = any(value == "text/html" for value, _ in accept)
    results = [f.media_type for f in formats("results", "graph")]
    return not _format_param() and named and accept.best_match(["text/html", *results]) == "text/html"


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> ResponseReturnValue:
    console = _wants_console()
    query, update, default_graphs, named_graphs = _protocol_request()   # ProtocolError: the app's error body
    if update is not None:
        return _refuse(console, update, 400, "SPARQL updates are refused: this endpoint is read-only")
    if query is None or not query.strip():
        if console:
            return _console("", None, None)
        return error_body(400, "no query: send one as query= (GET or a POSTed form) or as an "
                               "application/sparql-query body")
    try:
        check_sparql(query)
    except Refused as exc:
        return _refuse(console, query, 400, str(exc))
    view = get_view()
    settings = current_app.config["SETTINGS"]
    wanted = None if console else {"results": _choose("bindings").name, "graph": _choose("graph").name}
    try:
        result = view.sparql(query, timeout_s=settings.query_timeout, limit=settings.row_cap,
                             default_graphs=default_graphs or None, named_graphs=named_graphs or None,
                             formats=wanted)
    except QueryTimeout as exc:
        return _refuse(console, query, 503, str(exc))
    except QueryRefused as exc:
        return _refuse(console, query, 400, f"the query was refused: {exc}")
    except StoreUnavailable as exc:
        return retry_later(current_app.make_response(_refuse(console, query, 503, str(exc))))
    if console or wanted is None:           # the console shows the terms; no format was chosen
        return _console(query, result, None)
    if result.body is None:                 # a store that hands back terms: serialised here
        fmt = get_format(wanted["graph" if result.kind == "graph" else "results"])
        result = replace(result, body=render(result, fmt), media_type=fmt.media_type)
    # Werkzeug gives text/* and XML media types their "; charset=utf-8" itself
    response = Response(result.body, mimetype=result.media_type)
    if result.truncated:
        response.headers["X-Briefgraph-Truncated"] = f"true; the result was cut at {settings.row_cap} rows"
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def other_methods() -> Response:
    """The Protocol's operations are GET and POST: anything else is a 405 a SPARQL client can read."""
    response = error_response(405, f"{request.method} is not a SPARQL 1.1 Protocol operation: use GET or POST")
    response.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return response


def _refuse(console: bool, query: str, status: int, message: str) -> ResponseReturnValue:
    if console:
        return _console(query, None, message), status
    return error_body(status, message)


def _console(query: str, result: SparqlResult | None, error: str | None) -> str:
    from urllib.parse import urlencode
    downloads = []
    if result is not None:
        for fmt in formats(*RESULT_KINDS[result.kind]):
            downloads.append((fmt.name, "/sparql?" + urlencode({"query": query, "format": fmt.name})))
    page = {"title": "SPARQL", "crumbs": [("SPARQL", None)]}
    return render_template("sparql.html", this=page, query=query or SPARQL_EXAMPLES[0][1], result=result,
                           error=error, examples=SPARQL_EXAMPLES, downloads=downloads,
                           settings=current_app.config["SETTINGS"])
