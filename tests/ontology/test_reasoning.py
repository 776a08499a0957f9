"""HermiT, through owlready2, finds the ontology consistent and a disjointness violation not."""
import shutil

import pytest
from rdflib import RDF, Graph, Namespace

from briefgraph.ontology.model import BG
from briefgraph.ontology.reasoning import check_consistency

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")]

ID = Namespace("http://127.0.0.1:5000/id/")


def test_ontology_is_consistent():
    verdict = check_consistency()
    assert verdict.consistent, verdict.detail


def test_individual_of_two_disjoint_classes_is_inconsistent():
    g = Graph()
    g.add((ID["x/chimera"], RDF.type, BG.Person))
    g.add((ID["x/chimera"], RDF.type, BG.State))
    assert check_consistency(g).consistent is False


def test_relation_against_its_range_is_inconsistent():
    # leads has domain Person: a weapon system cannot lead anything.
    g = Graph()
    g.add((ID["weapon/t-80"], RDF.type, BG.WeaponSystem))
    g.add((ID["state/belarus"], RDF.type, BG.State))
    g.add((ID["weapon/t-80"], BG.leads, ID["state/belarus"]))
    assert check_consistency(g).consistent is False


def test_gazetteer_is_consistent_with_the_ontology():
    from briefgraph.ontology.gazetteer import load_gazetteer_graph
    verdict = check_consistency(load_gazetteer_graph())
    assert verdict.consistent, verdict.detail
