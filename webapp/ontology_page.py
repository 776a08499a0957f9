"""The ontology as a page: classes in their hierarchy with definitions and instance counts,
properties with domain and range."""
from __future__ import annotations

import functools

from flask import Blueprint

from briefgraph.ontology.model import load_model

from .context import get_view
from .twins import Page, twin_route

bp = Blueprint("ontology", __name__)


def _tree(name: str, children: dict[str, list[str]], counts: dict[str, int], depth: int = 0) -> list[dict]:
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
    from briefgraph.ontology.model import ONTOLOGY_IRI
    data = {"iri": str(ONTOLOGY_IRI), "classes": classes, "properties": properties}
    return Page("ontology.html", data, "Ontology", [("Ontology", None)])


ONTOLOGY_SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "owl": "rdfxml", "jsonld": "jsonld"}


@functools.lru_cache(maxsize=8)
def _ontology_bytes(fmt_name: str) -> bytes:
    """The ontology (and its typologies) serialised once per format."""
    from briefgraph.formats import get_format
    from briefgraph.ontology.model import PREFIXES, load_graph

    graph = load_graph()
    if fmt_name == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode("utf-8")
    rdflib_name = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}[get_format(fmt_name).name]
    return graph.serialize(format=rdflib_name, encoding="utf-8")


@bp.route("/ontology.<any(ttl,nt,rdf,owl,jsonld):ext>")
def ontology_rdf(ext: str):
    """The ontology as RDF: Turtle, N-Triples, RDF/XML (also as .owl) or JSON-LD."""
    from flask import Response

    from briefgraph.formats import get_format
    fmt = get_format(ONTOLOGY_SUFFIXES[ext])
    response = Response(_ontology_bytes(fmt.name), mimetype=fmt.media_type)
    response.headers["Link"] = ", ".join(f'</ontology.{e}>; rel="alternate"; type="{get_format(n).media_type}"'
                                         for e, n in ONTOLOGY_SUFFIXES.items() if e != "owl")
    return response
