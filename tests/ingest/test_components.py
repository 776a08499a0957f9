"""Each pipeline component on its own: run the pipeline up to it and look at what it added."""
import pytest

from briefgraph.ingest.pipeline import build_pipeline, default_config
from tests.conftest import briefing_of

ORDER = ["sentences", "tokens", "times", "quantities", "gazetteer", "patterns", "resolver", "events",
         "event-merge", "relations"]


def doc_up_to(last: str, body: str, published: str = "2024-08-20"):
    config = default_config()
    config["pipeline"]["components"] = ORDER[:ORDER.index(last) + 1]
    return build_pipeline(config)(briefing_of(body, published))


def test_times_component_resolves_against_the_briefing_date():
    doc = doc_up_to("times", "Troops left on Friday. The drills end on 30 August.")
    assert [[(t.text, t.iso) for t in doc.times[i]] for i in sorted(doc.times)] == [
        [("Friday", "2024-08-16")], [("30 August", "2024-08-30")]]


def test_quantities_component():
    doc = doc_up_to("quantities", "About 4,000 troops and 30-40 vehicles crossed.")
    assert [(q.value, q.unit, q.bound, q.qualifier) for q in doc.quantities[0]] == [
        (4000, "troops", None, "about"), (30, "vehicles", "min", None), (40, "vehicles", "max", None)]


def test_gazetteer_component_finds_names_titles_and_acronyms():
    doc = doc_up_to("gazetteer", "The Kremlin and the CSTO praised Lukashenka\u2019s plan; the Russian Defence Minister agreed.")
    assert [(m.text, m.form, m.candidates[:1]) for m in doc.mentions] == [
        ("Kremlin", "metonym", ("state/russia",)),
        ("CSTO", "label", ("organization/csto",)),
        ("Lukashenka\u2019s", "alias", ("person/alexander-lukashenko",)),
        ("Russian Defence Minister", "title", ("post/minister-of-defence-of-russia",)),
    ]


def test_gazetteer_component_needs_capitals_for_names():
    doc = doc_up_to("gazetteer", "the wagner of the opera was staged in the minsk style")
    assert doc.mentions == []


def test_patterns_component_units_weapons_places():
    doc = doc_up_to("patterns", "The 7th Engineer Regiment moved Su-35 jets and a Tor-M2 battery to Lida district "
                                "and the town of Dzyarzhynsk.")
    found = [(m.text, m.cls, m.source, m.label) for m in doc.mentions if m.source != "gazetteer"]
    assert found == [
        ("7th Engineer Regiment", "Regiment", "unit-pattern", "7th Engineer Regiment"),
        ("Su-35", "Aircraft", "weapon-pattern", "Su-35"),
        ("Tor-M2", "AirDefenceSystem", "weapon-pattern", "Tor-M2"),
        ("Lida district", "District", "place-pattern", "Lida District"),
        ("Dzyarzhynsk", "Settlement", "place-pattern", "Dzyarzhynsk"),
    ]


def test_a_unit_found_by_pattern_is_a_known_one_only_with_the_same_head():
    doc = doc_up_to("patterns", "The 2nd Guards Tank Army, the 1st tank army and the 11th mechanized brigade moved.")
    found = [(m.text, m.candidates) for m in doc.mentions if m.source == "unit-pattern"]
    # the 2nd Guards Combined Arms Army has the ordinal, the class and 'Guards', but not the head 'Tank Army'
    assert found == [("2nd Guards Tank Army", ()), ("1st tank army", ("unit/1st-guards-tank-army",)),
                     ("11th mechanized brigade", ("unit/11th-separate-mechanized-brigade-belarus",))]


def test_resolver_component_assigns_ids_and_collects_entities():
    doc = doc_up_to("resolver", "Russian forces left Minsk. Minsk protested. The 7th Engineer Regiment stayed.")
    assert [(m.text, m.entity) for m in doc.mentions] == [
        ("Russian forces", "armed-forces/russian-armed-forces"), ("Minsk", "place/minsk"),
        ("Minsk", "state/belarus"), ("7th Engineer Regiment", "unit/7th-engineer-regiment")]
    assert doc.entities["unit/7th-engineer-regiment"].known is False


def test_events_component():
    doc = doc_up_to("events", "On 14 August, Belarusian units arrived in Gomel Oblast.")
    (event,) = doc.events
    assert (event.cls, event.modality, event.place, event.time.iso) == (
        "TroopTransfer", "reported", "place/gomel-oblast", "2024-08-14")
    assert [(p.role, p.entity) for p in event.participants] == [("agent", "armed-forces/armed-forces-of-belarus")]


def test_relations_component():
    doc = doc_up_to("relations", "Belarusian President Alexander Lukashenko visited Kalinkovichi (Gomel Oblast).")
    assert [(r.subject, r.predicate, r.object, r.extractor) for r in doc.relations] == [
        ("person/alexander-lukashenko", "leads", "state/belarus", "title"),
        ("place/kalinkovichi", "locatedIn", "place/gomel-oblast", "apposition")]


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "?!?!", "1 2 3 4", "Лукашенко встретился с Путиным."])
def test_odd_text_never_breaks_the_pipeline(text, rules_pipeline):
    from briefgraph.ingest.briefing import Briefing, assemble_body

    body, paragraphs = assemble_body([text])
    briefing = Briefing(id="odd", path="odd.txt", layout="text", encoding="utf-8", title="odd",
                        body=body, paragraphs=paragraphs)
    rules_pipeline(briefing)


def test_a_designation_that_begins_a_known_name_is_that_weapon():
    doc = doc_up_to("resolver", "The 9K720 launchers arrived.")
    assert [(m.text, m.entity) for m in doc.mentions] == [("9K720", "weapon/9k720-iskander")]
