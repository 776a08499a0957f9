"""SHACL shapes: a conforming sample passes; a broken one fails with the shapes' own messages."""
from pathlib import Path

from rdflib import Graph

from briefgraph.ontology.shapes import validate

DATA = Path(__file__).parent / "data"


def load(name: str) -> Graph:
    return Graph().parse(DATA / name)


def test_conforming_sample_passes():
    report = validate(load("conforming.ttl"))
    assert report.violations == ()
    assert report.conforms is True


def test_nonconforming_sample_fails_with_expected_messages():
    report = validate(load("nonconforming.ttl"))
    assert report.conforms is False
    got = {(v.focus.rsplit("/id/", 1)[-1], v.message) for v in report.violations}
    assert got == {
        ("briefing/b2", "A briefing needs its content hash: 64 lowercase hexadecimal digits (SHA-256)."),
        ("person/nobody", "An entity needs a preferred label (skos:prefLabel)."),
        ("person/nobody", "An entity needs at least one source: a mention in a briefing (bg:mentionOf) or dcterms:source."),
        ("event/e2", "An event needs exactly one modality, one of reported, planned, alleged, forecast, conditional, denied."),
        ("event/e2", "An event needs its evidence: at least one sentence (bg:TextSpan) it was extracted from."),
        ("event/e2-time", "A time needs exactly one ISO 8601 value (YYYY, YYYY-MM, YYYY-MM-DD, with an optional time, or an interval A/B)."),
        ("event/e2-q1", "A quantity needs exactly one unit (bg:unitText), a non-empty string."),
        ("span/b2-0", "A text span needs one start offset (a non-negative integer) before its end."),
    }


def test_role_pointing_at_a_non_entity_is_reported():
    g = load("conforming.ttl")
    g.parse(data="""
        @prefix bg: <https://w3id.org/briefgraph/ontology#> .
        <http://127.0.0.1:5000/id/event/e1> bg:target <http://127.0.0.1:5000/id/thing/untyped> .
    """, format="turtle")
    report = validate(g)
    assert [(v.focus, v.message) for v in report.violations] == [
        ("http://127.0.0.1:5000/id/thing/untyped",
         "A mention or an event role points to something without an entity type (a subclass of bg:Entity)."),
    ]
