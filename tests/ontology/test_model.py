"""The ontology: every required term exists with a label and a definition, and the derived model."""
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from briefgraph.ontology.model import BG, load_model, relationship_type

ENTITY_CLASSES = ["Person", "State", "Organization", "Government", "ArmedForces", "MilitaryUnit",
                  "Agreement", "WeaponSystem", "Place", "Operation", "Briefing"]
EVENT_CLASSES = ["Deployment", "TroopTransfer", "Exercise", "Statement", "Threat", "AgreementSigning",
                 "Incursion", "Attack", "AirspaceViolation", "ArmsTransfer", "Meeting", "Appointment", "Sanction"]
RELATIONS = ["allyOf", "memberOf", "partyTo", "commands", "locatedIn", "deployedTo", "operates",
             "opposes", "leads", "partOf", "signatoryOf"]
ROLES = ["agent", "target", "speaker", "origin", "destination", "equipment", "unit", "place"]
MODALITIES = ["reported", "planned", "alleged", "forecast", "conditional", "denied"]


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize("name", ENTITY_CLASSES + EVENT_CLASSES + ["Entity", "Actor", "Event", "Quantity", "TimeExpression"])
def test_required_class_exists_with_label_and_definition(model, name):
    cls = model.cls(name)
    assert cls.labels["en"]
    assert len(cls.definition) > 20


@pytest.mark.parametrize("name", RELATIONS)
def test_required_relation_is_an_object_property_with_domain_and_range(model, name):
    prop = model.properties[name]
    assert prop.kind == "object"
    assert prop.label and len(prop.definition) > 20
    assert prop.domain or name in ("locatedIn",)  # locatedIn applies to places and to units' bases
    assert prop.range
    assert prop.cues, f"{name} has no cue words for the extraction"


def test_every_term_of_the_namespace_has_a_label_and_a_definition(model):
    g = model.graph
    missing = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for s in g.subjects(RDF.type, kind):
            if str(s).startswith(str(BG)):
                if g.value(s, RDFS.label) is None or g.value(s, SKOS.definition) is None:
                    missing.append(str(s))
    assert missing == []


def test_main_classes_have_russian_and_belarusian_labels(model):
    for name in ["Person", "State", "Organization", "Government", "ArmedForces", "MilitaryUnit",
                 "Agreement", "WeaponSystem", "Place", "Operation", "Event", "Deployment", "TroopTransfer"]:
        assert {"en", "ru", "be"} <= set(model.cls(name).labels), name


def test_hierarchy(model):
    assert model.cls("Person").graph_labels == ("Entity", "Actor", "Person")
    assert model.cls("MilitaryUnit").graph_labels == ("Entity", "Actor", "Organization", "MilitaryUnit")
    assert model.cls("Government").is_a("Organization")
    assert model.cls("ArmedForces").is_a("Organization")
    assert model.cls("Threat").ancestors == ("Threat", "Statement", "SpeechAct", "Event")
    for name in EVENT_CLASSES:
        assert model.cls(name).is_a("Event")
    for name in ENTITY_CLASSES[:-1]:
        assert model.cls(name).is_a("Entity")
    assert not model.cls("Briefing").is_a("Entity")


def test_identifier_kinds_are_inherited(model):
    assert model.id_kind("Person") == "person"
    assert model.id_kind("Brigade") == "unit"
    assert model.id_kind("RailwayStation") == "place"
    assert model.id_kind("Threat") == "event"
    assert model.id_kind("Ministry") == "government"


@pytest.mark.parametrize("name", EVENT_CLASSES)
def test_event_classes_carry_triggers_and_typology_codes(model, name):
    cls = model.cls(name)
    assert cls.trigger_verbs or cls.trigger_nouns
    codes = cls.close_matches + cls.broad_matches
    assert codes, f"{name} has no CAMEO or ACLED mapping"
    for code in codes:
        assert model.graph.value(URIRef(code), SKOS.prefLabel) is not None, f"{code} is not in typologies.ttl"


def test_cameo_and_acled_codes(model):
    assert "https://w3id.org/briefgraph/typology/cameo/13" in model.cls("Threat").close_matches
    assert "https://w3id.org/briefgraph/typology/cameo/04" in model.cls("Meeting").close_matches
    assert "https://w3id.org/briefgraph/typology/acled/agreement" in model.cls("AgreementSigning").close_matches


def test_roles(model):
    roles = model.roles
    assert set(ROLES) <= set(roles)
    assert roles["speaker"].parents == ("agent",)
    assert roles["agent"].parents == ("participant",)


def test_modalities_are_a_skos_scheme_with_cues(model):
    assert sorted(model.modalities) == sorted(MODALITIES)
    assert "plans to" in model.modalities["planned"].cues
    assert "allegedly" in model.modalities["alleged"].cues
    assert "if" in model.modalities["conditional"].cues
    assert model.modalities["reported"].cues == ()


def test_alignments_to_public_vocabularies(model):
    assert "http://xmlns.com/foaf/0.1/Person" in model.cls("Person").external_parents
    assert "http://www.w3.org/ns/org#Organization" in model.cls("Organization").external_parents
    assert "http://semanticweb.cs.vu.nl/2009/11/sem/Event" in model.cls("Event").external_parents
    assert "https://schema.org/QuantitativeValue" in model.cls("Quantity").external_parents
    assert "http://www.w3.org/2006/time#TemporalEntity" in model.cls("TimeExpression").external_parents
    assert "http://www.w3.org/ns/prov#Entity" in model.cls("Briefing").external_parents


def test_relationship_types():
    assert relationship_type("allyOf") == "ALLY_OF"
    assert relationship_type("signatoryOf") == "SIGNATORY_OF"
    assert relationship_type("leads") == "LEADS"
    # The relations marked bg:extractedRelation, by name.
    assert [p.name for p in load_model().relations] == sorted(RELATIONS)
    assert [p.relationship_type for p in load_model().relations][:3] == ["ALLY_OF", "COMMANDS", "DEPLOYED_TO"]


def test_symmetric_and_transitive_characteristics(model):
    assert "symmetric" in model.properties["allyOf"].characteristics
    assert "symmetric" in model.properties["opposes"].characteristics
    assert "transitive" in model.properties["locatedIn"].characteristics
    assert model.properties["leads"].inverse == "ledBy"
