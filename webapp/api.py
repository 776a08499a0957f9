"""The OpenAPI document of the JSON twins, built from the routes as they are registered."""
from __future__ import annotations

import re

from typing import Any

from flask import Blueprint, Response, jsonify

from .twins import ROUTES, json_twin

bp = Blueprint("api", __name__)
PATH_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.1: one GET operation per JSON twin."""
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        path = PATH_PARAM.sub(r"{\1}", json_twin(route.rule))
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in PATH_PARAM.findall(route.rule)]
        params += [{"name": name, "in": "query", "required": False, "schema": {"type": kind}, "description": doc}
                   for name, kind, doc in route.params]
        paths[path] = {"get": {
            "summary": route.summary, "tags": [route.tag], "parameters": params,
            "operationId": route.tag + "_" + (re.sub(r"\W+", "_", route.rule).strip("_") or "index"),
            "responses": {
                "200": {"description": "the page's data", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}},
        }}
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "title", "message"],
        "properties": {"status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Briefgraph", "version": "1", "description":
                 "Every page of Briefgraph also answers as JSON: its path with .json, or Accept: application/json."},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": {"Error": error},
                       "responses": {"Error": {"description": "what was wrong",
                                               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}},
    }


@bp.route("/api/openapi.json")
def openapi() -> Response:
    """The OpenAPI document."""
    return jsonify(openapi_document())
