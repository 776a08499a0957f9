"""Name keys fold case, diacritics, apostrophes, hyphens, possessives and Cyrillic script."""
import pytest

from briefgraph.ontology.names import name_key, slugify, transliterate


@pytest.mark.parametrize("a, b", [
    ("Lukashenka", "LUKASHENKA"),
    ("Lukashenka’s", "Lukashenka"),
    ("Asipovičy", "Asipovicy"),
    ("Obuz-Lesnovsky", "Obuz Lesnovsky"),
    ("Belarus–Ukraine border", "Belarus-Ukraine border"),
    ("the Kremlin", "Kremlin"),
    ("Лукашенко", "Lukashenko"),
    ("Лукашэнка", "Lukashenka"),
    ("Хренин", "Khrenin"),
])
def test_spellings_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_different_names_keep_different_keys():
    assert name_key("Lukashenka") != name_key("Lukashenko")  # variants are aliases, not one key
    assert name_key("Minsk Oblast") != name_key("Minsk")


def test_transliteration_keeps_case_and_non_cyrillic():
    assert transliterate("Шклов (Mogilev)") == "Shklov (Mogilev)"
    assert transliterate("Беларусь") == "Belarus"


@pytest.mark.parametrize("text, slug", [
    ("Alexander Lukashenko", "alexander-lukashenko"),
    ("S-400 Triumf", "s-400-triumf"),
    ("38th Separate Air Assault Brigade (Belarus)", "38th-separate-air-assault-brigade-belarus"),
    ("Belarus–Ukraine border", "belarus-ukraine-border"),
    ("Asipovičy", "asipovicy"),
    ("Лукашенко", "lukashenko"),
    ("Płaska", "plaska"),
    ("Søndergaard", "sondergaard"),
    ("!!!", "unnamed"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug
