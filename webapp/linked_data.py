"""Linked Data: an entity, event or briefing described in RDF (Turtle, JSON-LD with a context,
N-Triples, RDF/XML) or as the Cypher that fetches it. The description is read through the view's
time-boxed SPARQL workers: what the resource states, what states something of it, and where."""
from __future__ import annotations

from flask import abort, current_app

from briefgraph.exports import lookup_query
from briefgraph.exports.formats import get_format
from briefgraph.exports.rdf_dump import PREFIXES, describe_query
from briefgraph.store.graph import QueryRefused, QueryTimeout

from .context import get_view


def _iri(kind: str, ident: str) -> str:
    base = current_app.config["SETTINGS"].base_url
    return f"{base}/briefings/{ident}" if kind == "briefing" else f"{base}/id/{ident}"


def _quads_query(kind: str, ident: str) -> str:
    if kind == "briefing":
        graph = _iri(kind, ident) + "/graph"
        return f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ <{graph}> }} }}"
    return describe_query(_iri(kind, ident))


def describe_as(fmt_name: str, kind: str, ident: str) -> tuple[bytes, str]:
    """(body, media type) of a resource's description in a registry format."""
    fmt = get_format(fmt_name)
    if fmt.name == "cypher":
        return lookup_query(kind, ident).encode("utf-8"), fmt.media_type + "; charset=utf-8"
    view = get_view()
    if view.rdf_path is None:
        abort(501, description="Linked Data is served from the embedded RDF store; with BRIEFGRAPH_RDF_URL "
                               "set, ask that server")
    settings = current_app.config["SETTINGS"]
    try:
        result = view.sparql(_quads_query(kind, ident), timeout_s=settings.query_timeout, limit=200_000)
    except (QueryTimeout, QueryRefused) as exc:
        abort(503, description=f"the description could not be read: {exc}")
    if not result.rows:
        abort(404, description=f"There is nothing about {ident!r} in the archive.")
    from pyoxigraph import Triple, serialize
    triples = list(dict.fromkeys(Triple(s, p, o) for s, p, o, _ in result.rows))
    if fmt.name == "jsonld":
        return _jsonld(triples), fmt.media_type
    options = {"prefixes": PREFIXES} if fmt.name == "turtle" else {}
    charset = "; charset=utf-8" if fmt.name in ("turtle", "ntriples") else ""
    return serialize(triples, None, fmt.rdf, **options), fmt.media_type + charset


def _jsonld(triples) -> bytes:
    """JSON-LD compacted with a context of the vocabularies' prefixes (rdflib does the compaction)."""
    from pyoxigraph import RdfFormat, serialize
    from rdflib import Graph

    graph = Graph().parse(data=serialize(triples, None, RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode("utf-8")
