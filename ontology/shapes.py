"""SHACL validation of instance data against ontology/shapes.ttl, with the ontology for subclasses."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Namespace

from .model import load_graph, ontology_path

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node, the path, and the shape's message."""

    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    """The outcome of a validation."""

    conforms: bool
    violations: tuple[Violation, ...]


@cache
def shapes_graph() -> Graph:
    """The parsed shapes file."""
    g = Graph()
    with ontology_path("shapes.ttl").open("rb") as fh:
        g.parse(fh, format="turtle")
    return g


def validate(data: Graph) -> Report:
    """Validate instance data; every violation with its focus node, path and message."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=load_graph(),
                                            inference="none", advanced=True, allow_warnings=False)
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        violations.append(Violation(
            focus=str(results.value(result, SH.focusNode)),
            path=str(results.value(result, SH.resultPath) or ""),
            message=str(results.value(result, SH.resultMessage) or ""),
        ))
    return Report(conforms=bool(conforms), violations=tuple(sorted(violations)))
