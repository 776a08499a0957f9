"""The gazetteer: size, classes, ids, names and the ambiguity rule."""
import datetime as dt
import re
from collections import Counter

import pytest
from rdflib import Graph

from briefgraph.ontology.gazetteer import (GazetteerError, build_gazetteer, load_gazetteer,
                                           load_gazetteer_graph)
from briefgraph.ontology.model import load_model
from briefgraph.ontology.names import name_key, slugify


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_at_least_150_entities(gaz):
    assert len(gaz) >= 150


def test_every_class_used_exists_in_the_ontology_and_is_an_entity_class(gaz):
    model = load_model()
    for entry in gaz.entries.values():
        assert entry.cls in model.classes, entry.id
        assert model.cls(entry.cls).is_a("Entity"), entry.id


def test_covers_every_entity_type_of_the_schema(gaz):
    model = load_model()
    present = Counter()
    for e in gaz.entries.values():
        for ancestor in model.cls(e.cls).ancestors:
            present[ancestor] += 1
    for cls in ["Person", "State", "Organization", "Government", "ArmedForces", "MilitaryUnit",
                "Agreement", "WeaponSystem", "Place", "Operation"]:
        assert present[cls] >= 3, cls


def test_ids_follow_kind_and_slug(gaz):
    model = load_model()
    for entry in gaz.entries.values():
        kind, slug = entry.id.split("/", 1)
        assert kind == model.id_kind(entry.cls)
        assert slug == slugify(slug), entry.id


def test_no_alias_is_ambiguous_beyond_the_documented_rule(gaz):
    assert gaz.conflicts() == []


def test_metonyms_are_the_only_shared_names(gaz):
    index = gaz.index()
    shared = {k: v for k, v in index.items() if len({i for i, _ in v}) > 1}
    assert shared, "expected the capitals to be shared between a state and a city"
    for key, hits in shared.items():
        assert any(form == "metonym" for _, form in hits), key
    minsk = {i for i, _ in index["minsk"]}
    assert minsk == {"state/belarus", "place/minsk"}


def test_known_entities_and_spellings(gaz):
    index = gaz.index()
    def ids(name):
        return {i for i, _ in index.get(name_key(name), [])}
    assert ids("Lukashenka") == ids("Lukashenko") == ids("Лукашенко") == {"person/alexander-lukashenko"}
    assert ids("Kremlin") == {"state/russia"}
    assert ids("Iskander") == {"weapon/9k720-iskander"}
    assert gaz.entries["state/belarus"].wikidata == "Q184"
    assert gaz.entries["person/vladimir-putin"].wikidata == "Q7747"
    assert "Belarusian" in gaz.entries["state/belarus"].demonyms


def test_posts_resolve_to_the_holder_at_a_date(gaz):
    assert gaz.holder("post/president-of-belarus", dt.date(2022, 10, 10)) == "person/alexander-lukashenko"
    assert gaz.holder("post/president-of-russia", dt.date(2010, 1, 1)) == "person/dmitry-medvedev"
    assert gaz.holder("post/president-of-russia", dt.date(2023, 1, 1)) == "person/vladimir-putin"


def test_malformed_gazetteer_names_the_entity():
    g = load_gazetteer_graph()
    g.parse(data="""
        @prefix bg: <https://w3id.org/briefgraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/briefgraph/id/person/ghost> a bg:Person ; bg:country <https://w3id.org/briefgraph/id/state/atlantis> ;
            skos:prefLabel "Ghost"@en .
    """, format="turtle")
    with pytest.raises(GazetteerError, match="person/ghost: refers to state/atlantis"):
        build_gazetteer(g, load_model())


def test_wrong_kind_is_refused():
    g = Graph()
    g.parse(data="""
        @prefix bg: <https://w3id.org/briefgraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/briefgraph/id/place/putin> a bg:Person ; skos:prefLabel "Putin"@en .
    """, format="turtle")
    with pytest.raises(GazetteerError, match="place/putin: a Person must have an id of kind 'person'"):
        build_gazetteer(g, load_model())


def test_wikidata_ids_are_well_formed_unique_and_only_on_unambiguous_entries(gaz):
    ids = {e.id: e.wikidata for e in gaz.entries.values() if e.wikidata}
    assert len(ids) == 176
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in ids.values())
    assert len(set(ids.values())) == len(ids)               # no two entries are one item
    # an id only where the entry's names point at it alone (the gazetteer's ambiguity rule holds,
    # and no entry with an id shares a name key with another, the documented metonyms aside)
    assert gaz.conflicts() == []
    for key, hits in gaz.index().items():
        named = {i for i, form in hits if form != "metonym"}
        assert len(named & set(ids)) <= 1, key
    assert {ident: ids[ident] for ident in ("person/alexander-lukashenko", "organization/csto", "place/kharkiv",
                                            "organization/eurasian-economic-union")} == {
        "person/alexander-lukashenko": "Q2866", "organization/csto": "Q318693", "place/kharkiv": "Q42308",
        "organization/eurasian-economic-union": "Q4173083"}
