"""Linked Data: an entity, event or briefing described in RDF (Turtle, JSON-LD with a context,
N-Triples, RDF/XML) or as the Cypher that fetches it. The description is what `briefgraph export
--entity` or `--briefing` writes: read from the RDF store through its interface, time-boxed."""
from __future__ import annotations

import io

from flask import abort, current_app

from briefgraph.exports import lookup_query
from briefgraph.formats import get_format
from briefgraph.exports.rdf_dump import resource_quads, write_description
from briefgraph.store.graph.base import QueryRefused, QueryTimeout

from .context import get_view


def describe_as(fmt_name: str, kind: str, ident: str) -> tuple[bytes, str]:
    """(body, media type) of a resource's description in a registry format."""
    fmt = get_format(fmt_name)
    if fmt.name == "cypher":
        return lookup_query(kind, ident).encode("utf-8"), fmt.media_type + "; charset=utf-8"
    view = get_view()
    settings = current_app.config["SETTINGS"]
    try:
        quads = resource_quads(view.rdf, settings.base_url, kind, ident, timeout_s=settings.query_timeout,
                               generation=view.generation())
    except ValueError:              # an identifier that makes no IRI names nothing
        quads = []
    except (QueryTimeout, QueryRefused) as exc:
        abort(503, description=f"the description could not be read: {exc}")
    if not quads:
        abort(404, description=f"There is nothing about {ident!r} in the archive.")
    body = io.BytesIO()
    write_description(quads, fmt, body)
    charset = "; charset=utf-8" if fmt.name in ("turtle", "ntriples") else ""
    return body.getvalue(), fmt.media_type + charset
