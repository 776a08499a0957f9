"""Consistency checking with owlready2 and HermiT (owlready2 reads RDF/XML, not Turtle)."""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass

from rdflib import XSD, Graph, Literal

from briefgraph.errors import BriefgraphError

from .model import ONTOLOGY_IRI, load_graph


@dataclass(frozen=True)
class Consistency:
    """The reasoner's verdict, with the Java error text when it found the ontology inconsistent."""

    consistent: bool
    detail: str = ""


class ReasonerUnavailable(BriefgraphError, RuntimeError):
    """No Java runtime to run HermiT with."""


def _dates_as_datetimes(g: Graph) -> None:
    """HermiT knows only the OWL 2 datatype map, which lacks xsd:date: give it the day's start as
    an xsd:dateTime, which orders and compares the same way."""
    dated = [(s, p, o) for s, p, o in g if isinstance(o, Literal) and o.datatype == XSD.date]
    for s, p, o in dated:
        g.remove((s, p, o))
        g.add((s, p, Literal(f"{o}T00:00:00", datatype=XSD.dateTime)))


def check_consistency(*extra: Graph) -> Consistency:
    """Run HermiT over the ontology plus the given instance graphs."""
    import owlready2

    if shutil.which("java") is None:
        raise ReasonerUnavailable("HermiT needs a Java runtime (apt-get install default-jre-headless)")
    merged = load_graph()
    for g in extra:
        merged += g
    _dates_as_datetimes(merged)
    world = owlready2.World()
    onto = world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(merged.serialize(format="xml").encode()))
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        return Consistency(False, str(exc))
    finally:
        world.close()
    return Consistency(True)
