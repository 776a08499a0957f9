"""The relation and argument rules read their ranks, markers and post nouns from the ontology model:
the same text with a changed model gives changed facts."""
import dataclasses

from rdflib import Graph, Literal

from briefgraph.ingest.components.events import EventExtractor
from briefgraph.ingest.components.relations import RelationExtractor
from briefgraph.ingest.lexicon import Lexicon, load_lexicon
from briefgraph.ingest.pipeline import build_pipeline, default_config
from briefgraph.ontology.model import BG, build_model, load_graph
from tests.conftest import briefing_of

RESOLVED = ["sentences", "tokens", "times", "quantities", "gazetteer", "patterns", "resolver"]
UNITS = "Elements of the 5th Guards Tank Brigade (36th Combined Arms Army) arrived."


def resolved(body: str):
    config = default_config()
    config["pipeline"]["components"] = RESOLVED
    return build_pipeline(config)(briefing_of(body, "2024-08-20"))


def lexicon_with(*triples: tuple) -> Lexicon:
    """The lexicon over a copy of the ontology where each (s, p, o) replaces what s states for p."""
    g = Graph()
    for t in load_graph():
        g.add(t)
    for s, p, o in triples:
        g.remove((s, p, None))
        if o is not None:
            g.add((s, p, o))
    return dataclasses.replace(load_lexicon(), model=build_model(g))


def relations(lexicon: Lexicon, body: str) -> list[tuple[str, str, str]]:
    doc = RelationExtractor(lexicon)(resolved(body))
    return [(r.subject, r.predicate, r.object) for r in doc.relations]


def test_part_of_follows_the_echelon_ranks():
    brigade, army = "unit/5th-guards-tank-brigade", "unit/36th-combined-arms-army"
    assert (brigade, "partOf", army) in relations(load_lexicon(), UNITS)
    swapped = lexicon_with((BG.Brigade, BG.echelonRank, Literal(4)), (BG.Army, BG.echelonRank, Literal(2)))
    assert not any(p == "partOf" for _, p, _ in relations(swapped, UNITS))


def test_located_in_follows_the_containment_ranks():
    text = "Lukashenko visited Kalinkovichi (Gomel Oblast)."
    assert ("place/kalinkovichi", "locatedIn", "place/gomel-oblast") in relations(load_lexicon(), text)
    flat = lexicon_with((BG.AdministrativeRegion, BG.containmentRank, Literal(0)))
    assert not any(p == "locatedIn" for _, p, _ in relations(flat, text))


def test_post_nouns_decide_the_relation():
    text = "Andriy Demchenko, spokesman for the State Border Guard Service of Ukraine, spoke."
    body = "government/state-border-guard-service-of-ukraine"
    assert any(p == "memberOf" and o == body for _, p, o in relations(load_lexicon(), text))
    heads = lexicon_with((BG.leads, BG.postNoun, Literal("spokesman", lang="en")), (BG.memberOf, BG.postNoun, None))
    got = relations(heads, text)
    assert any(p == "leads" and o == body for _, p, o in got)
    assert not any(p == "memberOf" and o == body for _, p, o in got)


def events(lexicon: Lexicon, body: str) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    doc = EventExtractor(lexicon)(resolved(body))
    return [(e.cls, e.place, [(p.role, p.entity) for p in e.participants]) for e in doc.events]


def test_a_movement_has_an_origin_and_a_destination():
    text = "Russian troops moved from Smolensk to Gomel Oblast."
    forces = ("agent", "armed-forces/russian-armed-forces")
    assert events(load_lexicon(), text) == [
        ("TroopTransfer", "place/gomel-oblast", [forces, ("origin", "place/smolensk")])]
    # Not a movement: no destination, and the most specific place named (bg:specificityRank) is its place.
    still = lexicon_with((BG.TroopTransfer, BG.movement, None))
    assert events(still, text) == [("TroopTransfer", "place/smolensk", [forces])]


def test_an_information_source_reports_and_does_not_act():
    text = "Belsat reported that troops arrived in Gomel Oblast."
    assert events(load_lexicon(), text) == [("TroopTransfer", "place/gomel-oblast", [])]
    actor = lexicon_with((BG.MediaOutlet, BG.informationSource, None))
    assert events(actor, text) == [("TroopTransfer", "place/gomel-oblast", [("agent", "organization/belsat")])]
