"""Name keys for matching: case, diacritics, apostrophes, hyphens and Cyrillic script folded away."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cyrillic to Latin, close to the common English transliterations of Russian, Belarusian and
# Ukrainian names (BGN/PCGN-like, simplified so that variant spellings meet on one key).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "'": "", "ʼ": "",
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\-]+")
_POSSESSIVE = re.compile(r"'s?\b")
_NON_WORD = re.compile(r"[^\w\s]+")


def has_cyrillic(text: str) -> bool:
    """Whether the text contains Cyrillic letters."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones; other characters unchanged."""
    if not has_cyrillic(text):
        return text
    out = []
    for ch in text:
        low = ch.lower()
        lat = _CYRILLIC.get(low)
        if lat is None:
            out.append(ch)
        else:
            out.append(lat.capitalize() if ch != low and lat else lat)
    return "".join(out)


def strip_diacritics(text: str) -> str:
    """`Asipovičy` -> `Asipovicy`; Cyrillic letters are kept (й and ё fold to и and е)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The key two spellings of one name share: casefolded, Latin, no diacritics, no possessive,
    hyphens and punctuation as spaces, a leading 'the' dropped."""
    s = text.translate(_APOSTROPHES).casefold()
    if not s.isascii():
        s = strip_diacritics(transliterate(s))
    s = _POSSESSIVE.sub("", s)
    s = _DASHES.sub(" ", s)
    s = _NON_WORD.sub(" ", s)
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def search_words(query: str) -> list[str]:
    """A user's query as the words a full-text index is asked for: the name key's words, letters
    and digits only, two characters or more."""
    words = ["".join(c for c in w if c.isalnum()) for w in name_key(query).split()]
    return [w for w in words if len(w) > 1]


# Latin letters that are not a base letter with a mark, so that stripping marks leaves them: their
# usual ASCII spelling ('Płaska' -> 'plaska', not 'p-aska').
_UNMARKED = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                           "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ı": "i"})


def slugify(text: str) -> str:
    """A lowercase ASCII slug for identifiers: 'S-400 Triumf' -> 's-400-triumf', 'Płaska' -> 'plaska'."""
    s = strip_diacritics(transliterate(text.translate(_APOSTROPHES).translate(_UNMARKED))).casefold()
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-") or "unnamed"
