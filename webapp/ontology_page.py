"""The ontology as a page: classes in their hierarchy with definitions and instance counts,
properties with domain and range."""
from __future__ import annotations

import functools
import io
from typing import Any, TypeVar

from flask import Blueprint, Response
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from briefgraph.exports.writers import writer_for
from briefgraph.formats import get_format
from briefgraph.ontology.model import ONTOLOGY_FILES, ONTOLOGY_IRI, load_model, ontology_path

from .context import get_view
from .twins import Page, twin_route

bp = Blueprint("ontology", __name__)


def _tree(name: str, children: dict[str, list[str]], counts: dict[str, int], depth: int = 0) -> list[dict[str, Any]]:
    """The class and its subclasses, depth-first, each with its own and its total instance count."""
    below = [row for child in children.get(name, []) for row in _tree(child, children, counts, depth + 1)]
    total = counts.get(name, 0) + sum(row["own"] for row in below)
    cls = load_model().classes[name]
    row = {"name": name, "iri": cls.iri, "label": cls.label, "definition": cls.definition, "depth": depth,
           "parents": list(cls.parents), "own": counts.get(name, 0), "instances": total}
    return [row] + below


@twin_route(bp, "/ontology", "The ontology: classes (hierarchy, definitions, instance counts) and "
            "properties (domain, range, inverse).")
def ontology() -> Page:
    model = load_model()
    counts = get_view().class_counts()
    children: dict[str, list[str]] = {}
    for cls in sorted(model.classes.values(), key=lambda c: c.label):
        for parent in cls.parents:
            children.setdefault(parent, []).append(cls.name)
    roots = sorted(name for name, cls in model.classes.items() if not cls.parents)
    classes = [row for root in roots for row in _tree(root, children, counts)]
    properties = [{"name": p.name, "iri": p.iri, "label": p.label, "kind": p.kind, "definition": p.definition,
                   "domain": list(p.domain), "range": list(p.range), "inverse": p.inverse,
                   "characteristics": sorted(p.characteristics)}
                  for p in sorted(model.properties.values(), key=lambda p: (p.kind, p.name))]
    data = {"iri": str(ONTOLOGY_IRI), "classes": classes, "properties": properties}
    return Page("ontology.html", data, "Ontology", [("Ontology", None)])


ONTOLOGY_SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "owl": "rdfxml", "jsonld": "jsonld"}


T = TypeVar("T", NamedNode, BlankNode, Literal, Triple)


def ontology_triples() -> list[Triple]:
    """The ontology and its typologies as their files state them, blank nodes kept (each file's
    own) but named in the order they appear, so that each format gives the same bytes every time."""
    out: list[Triple] = []
    for number, name in enumerate(ONTOLOGY_FILES):
        names: dict[str, BlankNode] = {}

        def named(term: T) -> T:
            if isinstance(term, BlankNode):
                return names.setdefault(term.value, BlankNode(f"f{number}b{len(names)}"))
            return term

        with ontology_path(name).open("rb") as fh:
            for t in parse(fh, RdfFormat.TURTLE, base_iri=str(ONTOLOGY_IRI)):
                out.append(Triple(named(t.subject), t.predicate, named(t.object)))
    return out


@functools.lru_cache(maxsize=8)
def _ontology_bytes(fmt_name: str) -> bytes:
    """The ontology serialised once per format, by the format's writer (as every export is)."""
    body = io.BytesIO()
    writer_for(get_format(fmt_name)).write_graph(ontology_triples(), body)
    return body.getvalue()


@bp.route("/ontology.<any(ttl,nt,rdf,owl,jsonld):ext>")
def ontology_rdf(ext: str) -> Response:
    """The ontology as RDF: Turtle, N-Triples, RDF/XML (also as .owl) or JSON-LD."""
    fmt = get_format(ONTOLOGY_SUFFIXES[ext])
    response = Response(_ontology_bytes(fmt.name), mimetype=fmt.media_type)
    response.headers["Link"] = ", ".join(f'</ontology.{e}>; rel="alternate"; type="{get_format(n).media_type}"'
                                         for e, n in ONTOLOGY_SUFFIXES.items() if e != "owl")
    return response
