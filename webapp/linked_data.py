"""Linked Data: an entity, event or briefing described in RDF (Turtle, JSON-LD with a context,
N-Triples, RDF/XML) or as the Cypher that fetches it, by the format's writer. The description is
what `briefgraph export --entity` or `--briefing` writes: read from the RDF store through its
interface, time-boxed."""
from __future__ import annotations

import functools
import io

from flask import abort, current_app
from pyoxigraph import Quad

from briefgraph.exports import NothingToDescribe, Resource, writer_for
from briefgraph.exports.rdf_dump import resource_quads
from briefgraph.formats import get_format
from briefgraph.settings import Settings
from briefgraph.store.graph.base import QueryRefused, QueryTimeout

from .context import get_rdf, get_view


def _read(kind: str, ident: str) -> list[Quad]:
    """What the RDF store says of a resource, within the console's time limit (a 503 past it)."""
    view = get_view()
    settings: Settings = current_app.config["SETTINGS"]
    try:
        return resource_quads(get_rdf(), settings.base_url, kind, ident, timeout_s=settings.query_timeout,
                              generation=view.generation())
    except ValueError:              # an identifier that makes no IRI names nothing
        return []
    except (QueryTimeout, QueryRefused) as exc:
        abort(503, description=f"the description could not be read: {exc}")


def describe_as(fmt_name: str, kind: str, ident: str) -> tuple[bytes, str]:
    """(body, media type) of a resource's description in a registry format."""
    fmt = get_format(fmt_name)
    resource = Resource("briefing" if kind == "briefing" else "entity", ident, functools.partial(_read, kind, ident))
    body = io.BytesIO()
    try:
        writer_for(fmt).write_resource(resource, body)
    except NothingToDescribe:
        abort(404, description=f"There is nothing about {ident!r} in the archive.")
    return body.getvalue(), fmt.content_type
