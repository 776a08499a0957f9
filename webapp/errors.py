"""One error body for the whole app: an HTML page with a search box, or JSON for JSON clients;
never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from briefgraph.store.graph import GraphError
from briefgraph.store.rdf_base import RdfError

from .twins import wants_json

log = logging.getLogger("briefgraph.webapp")


def error_response(status: int, title: str, message: str):
    """The error page or JSON body for a status."""
    if wants_json():
        response = jsonify({"error": {"status": status, "title": title, "message": message}})
        response.status_code = status
        return response
    this = {"title": f"{status} {title}", "crumbs": []}
    return render_template("error.html", this=this, status=status, title=title, message=message), status


def _http_error(exc: HTTPException):
    return error_response(exc.code or 500, exc.name, exc.description or exc.name)


# Seconds a client is asked to wait when a store cannot answer for now (a server restarting, an
# ingest rewriting files).
RETRY_AFTER_S = 5


def _store_unavailable(exc: Exception):
    """A store that cannot answer just now: 503 with Retry-After, its reason logged, not shown
    (it may name a server's files or address)."""
    log.warning("a store could not answer on %s: %s", request.path, exc)
    response = error_response(503, "Service Unavailable",
                              "The archive cannot answer just now; try again in a few seconds.")
    if isinstance(response, tuple):
        response = current_app.make_response(response)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "Internal Server Error",
                          "Something went wrong on our side; the error is logged. Try again, or search below.")


def init_app(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to the error body."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(GraphError, _store_unavailable)
    app.register_error_handler(RdfError, _store_unavailable)
    app.register_error_handler(Exception, _unexpected)
