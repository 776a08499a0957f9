"""One error body for the whole app: an HTML page with a search box, or JSON for JSON clients;
never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

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


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "Internal Server Error",
                          "Something went wrong on our side; the error is logged. Try again, or search below.")


def init_app(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to the error body."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
