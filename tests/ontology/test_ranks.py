"""The ranks, markers and words the extraction's rules read are data in the ontology: exact values,
inheritance by subclasses, and a changed graph giving a changed model."""
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal

from briefgraph.ontology.model import BG, Model, build_model, load_graph, load_model

PLACES = ["Place", "Settlement", "RailwayStation", "TrainingGround", "Airfield", "Border", "District",
          "AdministrativeRegion", "MacroRegion", "State"]


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def changed(*triples: tuple) -> Model:
    """The model of a copy of the ontology with some triples added (and with (s, p, None) removed)."""
    g = Graph()
    for t in load_graph():
        g.add(t)
    for s, p, o in triples:
        if o is None:
            g.remove((s, p, None))
        else:
            g.add((s, p, o))
    return build_model(g)


def test_echelon_order_is_the_ontologys(model):
    assert model.echelon_order == ["Battalion", "Regiment", "Brigade", "Division", "MilitaryUnit", "Army",
                                   "MilitaryDistrict", "ArmedForces"]
    assert [model.echelon_rank(n) for n in model.echelon_order] == [0, 1, 2, 3, 3, 4, 5, 6]


def test_place_ranks(model):
    assert {n: model.specificity_rank(n) for n in PLACES} == {
        "Place": 2, "Settlement": 0, "RailwayStation": 0, "TrainingGround": 0, "Airfield": 0, "Border": 0,
        "District": 1, "AdministrativeRegion": 2, "MacroRegion": 3, "State": 3}
    # In the hierarchy of places that contain one another, a border is as large as a district.
    assert {n: model.containment_rank(n) for n in PLACES} == {
        "Place": 2, "Settlement": 0, "RailwayStation": 0, "TrainingGround": 0, "Airfield": 0, "Border": 1,
        "District": 1, "AdministrativeRegion": 2, "MacroRegion": 3, "State": 3}


def test_a_class_without_a_rank_has_none(model):
    with pytest.raises(KeyError, match="bg:echelonRank"):
        model.echelon_rank("Person")
    with pytest.raises(KeyError, match="bg:specificityRank"):
        model.specificity_rank("Brigade")


def test_a_new_subclass_inherits_its_parents_rank_until_it_states_its_own():
    city = (BG.City, RDF.type, OWL.Class), (BG.City, RDFS.subClassOf, BG.Settlement)
    assert changed(*city).specificity_rank("City") == 0
    assert changed(*city, (BG.City, BG.specificityRank, Literal(1))).specificity_rank("City") == 1
    corps = (BG.Corps, RDF.type, OWL.Class), (BG.Corps, RDFS.subClassOf, BG.MilitaryUnit)
    assert changed(*corps).echelon_rank("Corps") == 3            # bg:MilitaryUnit's
    ranked = changed(*corps, (BG.Corps, BG.echelonRank, Literal(4)))
    assert ranked.echelon_rank("Corps") == 4
    assert ranked.echelon_order == ["Battalion", "Regiment", "Brigade", "Division", "MilitaryUnit", "Army",
                                    "Corps", "MilitaryDistrict", "ArmedForces"]


def test_the_ranks_come_from_the_graph_only():
    unranked = changed((BG.Brigade, BG.echelonRank, None), (BG.MilitaryUnit, BG.echelonRank, None))
    assert "Brigade" not in unranked.echelon_order
    with pytest.raises(KeyError):
        unranked.echelon_rank("Brigade")
    moved = changed((BG.Border, BG.containmentRank, None), (BG.Border, BG.containmentRank, Literal(0)))
    assert moved.containment_rank("Border") == 0


def test_markers_and_their_inheritance(model):
    assert sorted(c.name for c in model.event_classes if model.is_movement(c.name)) == [
        "AirspaceViolation", "ArmsTransfer", "Deployment", "Incursion", "TroopTransfer", "Visit"]
    assert sorted(c.name for c in model.classes.values() if model.is_information_source(c.name)) == [
        "MediaOutlet", "MonitoringGroup"]
    assert sorted(c.name for c in model.event_classes if model.requires_context(c.name)) == [
        "Deployment", "TroopTransfer"]
    rotation = changed((BG.Rotation, RDF.type, OWL.Class), (BG.Rotation, RDFS.subClassOf, BG.TroopTransfer))
    assert rotation.is_movement("Rotation") and rotation.requires_context("Rotation")
    assert not changed((BG.Visit, BG.movement, None)).is_movement("Visit")


def test_context_words_are_inherited(model):
    words = {"defence", "defense", "border", "combat", "military", "echelons", "convoys"}
    assert model.context_words("TroopTransfer") == words
    assert model.context_words("Deployment") == words
    assert model.context_words("Statement") == frozenset()


def test_post_nouns_name_the_relation_they_state(model):
    nouns = model.post_nouns
    assert sorted(n for n, p in nouns.items() if p == "leads") == [
        "chairman", "chairwoman", "chief", "commander", "director", "founder", "governor", "head", "leader",
        "mayor", "minister", "president", "prime minister"]
    assert sorted(n for n, p in nouns.items() if p == "memberOf") == [
        "adviser", "advisor", "deputy", "member", "representative", "secretary", "spokesman",
        "spokesperson", "spokeswoman"]


def test_extracted_relations_are_marked(model):
    assert [p.name for p in model.relations] == [
        "allyOf", "commands", "deployedTo", "leads", "locatedIn", "memberOf", "operates", "opposes",
        "partOf", "partyTo", "signatoryOf"]
    assert "partOfPlace" not in [p.name for p in model.relations]   # authority data, never extracted


@pytest.mark.parametrize("name", ["specificityRank", "containmentRank", "echelonRank", "movement",
                                  "informationSource", "requiresContext", "contextWord", "postNoun",
                                  "extractedRelation", "precedence"])
def test_the_new_annotation_properties_are_documented(model, name):
    prop = model.properties[name]
    assert prop.kind == "annotation"
    assert prop.label and len(prop.definition) > 40
    assert model.graph.value(BG[name], RDFS.comment) is not None


def test_modality_precedence(model):
    assert sorted(model.modalities, key=lambda n: model.modalities[n].precedence) == [
        "reported", "alleged", "planned", "forecast", "conditional", "denied"]
    assert len({m.precedence for m in model.modalities.values()}) == len(model.modalities)
    assert model.stronger_modality("reported", "planned") == "planned"
    assert model.stronger_modality("denied", "forecast") == "denied"
    swapped = changed((BG.planned, BG.precedence, None), (BG.planned, BG.precedence, Literal(9)))
    assert swapped.stronger_modality("denied", "planned") == "planned"


def test_titles_and_name_heads_come_from_the_ontology(model):
    assert {"Major General", "Colonel", "Ambassador", "spokesperson"} <= model.person_titles
    assert "Staff" not in model.person_titles
    heads = model.name_heads
    assert heads["Ministry"] == "Ministry" and heads["Council"] == "Government"
    assert heads["Treaty"] == heads["Doctrine"] == heads["Concept"] == "Agreement"
