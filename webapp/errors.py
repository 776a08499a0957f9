"""One error body for every endpoint: `{"error": {"status", "title", "message"}}` in JSON, or for
a browser an HTML page with a search box; never a stack trace. Pages and their JSON twins, Linked
Data, `/cypher` and `/sparql` all answer errors through `error_body` or `error_response`."""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from briefgraph.errors import BriefgraphError

from .twins import HTML, JSON, negotiated, wants_json

log = logging.getLogger("briefgraph.webapp")

# The query endpoints serve programs first: their errors are JSON unless a browser asks for HTML
# (their consoles show a query's own errors on the console page).
QUERY_ENDPOINTS = ("/sparql", "/cypher")

# Seconds a client is asked to wait when a store cannot answer for now (a server restarting, an
# ingest rewriting files).
RETRY_AFTER_S = 5


def error_body(status: int, message: str) -> Response:
    """The JSON error body: {"error": {"status": 404, "title": "Not Found", "message": "..."}}."""
    response = jsonify({"error": {"status": status, "title": HTTP_STATUS_CODES.get(status, "Error"),
                                  "message": message}})
    response.status_code = status
    return response


def prefers_html() -> bool:
    """A browser: it names text/html and prefers it to JSON."""
    accept = request.accept_mimetypes
    return any(value == HTML for value, _ in accept) and accept.best_match([HTML, JSON]) == HTML


def _wants_page() -> bool:
    """An HTML error page for a browser; the JSON body for a JSON or Linked Data twin, a client that
    prefers JSON or RDF, and a program on a query endpoint."""
    if request.path in QUERY_ENDPOINTS:
        return prefers_html()
    return not wants_json() and negotiated((request.view_args or {}).get("fmt"), linked_data=True) == "html"


def error_response(status: int, message: str) -> Response:
    """The error page or the JSON body, as the client asked."""
    if not _wants_page():
        return error_body(status, message)
    title = HTTP_STATUS_CODES.get(status, "Error")
    this = {"title": f"{status} {title}", "crumbs": []}
    page = render_template("error.html", this=this, status=status, title=title, message=message)
    return make_response(page, status)


def retry_later(response: Response) -> Response:
    """The response, asking the client to come back in RETRY_AFTER_S seconds."""
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def _http_error(exc: HTTPException) -> Response:
    response = error_response(exc.code or 500, exc.description or exc.name)
    for name, value in exc.get_headers():      # a 405's Allow, a 416's Content-Range
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _store_unavailable(exc: Exception) -> Response:
    """A store that cannot answer just now: 503 with Retry-After, its reason logged, not shown
    (it may name a server's files or address)."""
    log.warning("a store could not answer on %s: %s", request.path, exc)
    return retry_later(error_response(503, "The archive cannot answer just now; try again in a few seconds."))


def _unexpected(exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "Something went wrong on our side; the error is logged. Try again, or search below.")


def _project_error(exc: BriefgraphError) -> Response:
    """A project error no view handled, answered with the status its class names."""
    if exc.http_status == 503:
        return _store_unavailable(exc)
    if exc.http_status >= 500:
        return _unexpected(exc)
    return error_response(exc.http_status, str(exc))


def init_app(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to the error body."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BriefgraphError, _project_error)
    app.register_error_handler(Exception, _unexpected)
