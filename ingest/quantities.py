"""Quantities in a sentence: numbers with the thing or measure they count ("about 16 Urals vans")."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from briefgraph.ingest.numbers import STARTS, VAGUE, Number, parse_numeral, read_number


@dataclass(frozen=True)
class QuantityMention:
    """One number in a text, with the words it came from and what it counts."""

    start: int          # offsets into the text given (plus `offset`)
    end: int
    text: str           # the exact words: "11,889 railcars", "about 16 Urals vans"
    value: int | float  # the number as written, without thousands separators
    unit: str           # a short lowercase unit or head noun taken from the text
    bound: str | None = None       # "min" / "max" for the two ends of a range
    qualifier: str | None = None   # the hedge: "about", "more than", "up to", "dozens of"…


# --- tokens -----------------------------------------------------------------------------------

# Words, numerals and designations ("tanks", "T-80", "30-40", "11,889"); "U.S." keeps its last dot.
_WORD = r"[^\W_]+(?:[-–‑/.,:'’][^\W_]+)*(?:(?<=\b[^\W\d_]\.[^\W\d_])\.)?"
_TOKEN = re.compile(_WORD + r"|\S")
# Numerals grouped by spaces ("11 889") are rare: the slower pattern that keeps them whole runs only
# on texts that have one.
_SPACED = re.compile(r"\d[\u00a0\u2009\u202f ]\d{3}(?![\w\-–‑])")
_TOKEN_SPACED = re.compile(
    r"\d{1,3}(?:[\u00a0\u2009\u202f ]\d{3})+(?:\.\d+)?(?![\w\-–‑])|" + _WORD + r"|\S")
# Cheap pre-check on the lowercased text: no digit and no number word means no quantity.
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(sorted(STARTS | set(VAGUE), key=len, reverse=True)) + r")\b")
_OPENERS = STARTS | frozenset(VAGUE) | {"a", "an"}  # words a number can start with
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class _Tokens:
    """A text cut into words, numerals and punctuation, with their offsets."""

    texts: list[str]
    lows: list[str]
    starts: list[int]
    ends: list[int]


def _tokenize(text: str) -> _Tokens:
    """Cut `text` into tokens."""
    pattern = _TOKEN_SPACED if _SPACED.search(text) else _TOKEN
    matches = list(pattern.finditer(text))
    texts = [m.group() for m in matches]
    return _Tokens(texts, [t.lower() for t in texts], [m.start() for m in matches],
                   [m.end() for m in matches])


# --- vocabulary -------------------------------------------------------------------------------

_QUALIFIERS: dict[tuple[str, ...], str] = {tuple(q.split()): q for q in (
    "about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "under",
    "circa", "estimated", "several", "many", "more than", "less than", "fewer than", "at least",
    "at most", "up to", "close to", "upwards of", "just over", "just under", "well over",
    "an estimated", "a few", "as many as", "as much as", "as few as", "in excess of",
    "no more than", "no fewer than", "no less than", "not more than", "not less than",
)}
_CURRENCIES = {"$": "usd", "€": "eur", "£": "gbp", "₽": "rub", "₴": "uah",
               "USD": "usd", "EUR": "eur", "GBP": "gbp", "RUB": "rub", "BYN": "byn", "UAH": "uah"}
_UNITS = frozenset((
    "km kms kilometre kilometres kilometer kilometers m metre metres meter meters mm cm mile miles "
    "kg kilogram kilograms kilo kilos t ton tons tonne tonnes kt ha hectare hectares acre acres "
    "l litre litres liter liters gallon gallons barrel barrels km/h kph mph knot knots "
    "hour hours hr hrs minute minutes min mins second seconds day days week weeks month months "
    "year years decade decades degree degrees mw gw kw kwh mwh km² m²"
).split())
_UNIT_PREFIXES = frozenset({"square", "sq", "cubic", "nautical", "metric"})
_PERCENT = frozenset({"%", "percent", "pct"})
# Heads followed by "of X", kept whole: "pieces of equipment", "tonnes of fuel".
_MEASURE_OF = frozenset((
    "piece pieces unit units tonne tonnes ton tons kind kinds item items round rounds type types "
    "set sets pair pairs batch batches sort sorts crate crates box boxes container containers "
    "wagonload wagonloads truckload truckloads carload carloads"
).split())
# Nouns that are plural without an -s: a count may end on them.
_INVARIANT = frozenset((
    "people men women children personnel police staff crew aircraft spacecraft rotorcraft "
    "hovercraft equipment hardware ammunition materiel matériel infantry artillery cavalry fuel "
    "cargo livestock cattle sheep weaponry machinery militia"
).split())
# Invariant nouns that often modify a plural head after them: "infantry fighting vehicles".
_MODIFYING = frozenset("personnel police infantry artillery fuel cargo ammunition aircraft equipment".split())
# Leading words dropped from the unit: "20 new T-90M tanks" counts tanks.
_DROP = frozenset((
    "new newest latest old older modern modernised modernized upgraded additional extra further "
    "more other various different separate large small big huge major minor whole entire total "
    "same similar remaining so-called estimated alleged reported main"
).split())
_STOP = frozenset((
    "about above across after against along alongside amid among around as at before behind "
    "below beneath beside besides between beyond by despite down during except for from in inside "
    "into like near of off on onto out outside over past per since than through throughout till to "
    "toward towards under until up upon via with within without and or but nor so yet either "
    "neither both the a an this that these those which who whom whose what where when while "
    "whereas it its they them their he him his she her we us our you your i me my is are was were "
    "be been being am has have had having do does did will would shall should can could may might "
    "must not no also already still just only even ever never again each every all any some "
    "several many much most few such here there then now today yesterday tomorrow recently "
    "reportedly allegedly respectively approximately nearly almost roughly overall altogether "
    "apiece times others ones else instead too very always sometimes perhaps thus hence therefore "
    "however ago later earlier away back onwards onward forward if unless because although though "
    "how why whether plus minus versus vs via"
    # common irregular past tenses, which end a noun phrase like "one tank broke down"
    " went came broke left took got made saw ran stood fell hit became began flew drove rode sank "
    "shot struck held kept brought sent lost won fought caught built sold bought led met paid said "
    "told thought found gave knew"
).split())
_MONTHS = frozenset((
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split())
# Words before a number that make it a reference, not a count: "Article 5", "No. 21".
_REF_WORDS = frozenset((
    "article articles resolution resolutions decree decrees law section part chapter paragraph "
    "para clause annex appendix page pages item point protocol order directive number version "
    "vol volume issue edition unit flight route highway platform track room building block phase "
    "stage level grade figure fig table step line tier"
).split())
_REF_ABBREVIATIONS = frozenset({"No", "NO", "Nos", "Nr", "nr", "p", "pp", "Art", "art", "Vol", "vol",
                                "Fig", "fig", "Para", "para", "v", "ver"})
_REF_SIGNS = frozenset({"+", "#", "№"})
_TIME_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "o'clock", "o’clock"})
# Words before a four-digit number that make it a year: "in 2022", "the 2021 doctrine".
_YEAR_BEFORE = frozenset((
    "in on since by of until till from to before after during through the this that its their his "
    "her early late mid year years and or between spring summer autumn fall winter end beginning"
).split())
_ONE_BEFORE = frozenset("no any every each the this that which only someone anyone everyone".split())
_ONE_AFTER = frozenset("day time side hand way thing point another other sort kind".split())


# --- what the number counts -------------------------------------------------------------------

def _plural(low: str) -> bool:
    """Whether a lowercase word looks like a plural noun."""
    if low in _INVARIANT or low.endswith("men"):
        return True
    return len(low) > 2 and low[-1] == "s" and not low.endswith(("ss", "us", "is", "'s", "’s"))


def _is_word(text: str) -> bool:
    """A lowercase word without digits: "tanks", "self-propelled"."""
    return text[0].islower() and _DIGIT.search(text) is None


def _is_designation(text: str) -> bool:
    """A model, name or code before a head noun: "T-80", "Urals", "U.S.", "152-mm"."""
    return text[0].isupper() or (_DIGIT.search(text) is not None and parse_numeral(text) is None)


def _head(tok: _Tokens, k: int, singular: bool) -> tuple[str, int] | None:
    """The unit of a number whose words end before token k, and the index of its last token."""
    texts, lows, n = tok.texts, tok.lows, len(tok.texts)
    if k >= n:
        return None
    low = lows[k]
    if low in _PERCENT:
        return "%", k
    if low == "per" and k + 1 < n and lows[k + 1] == "cent":
        return "%", k + 1
    if low in _UNIT_PREFIXES and k + 1 < n and lows[k + 1] in _UNITS:
        return f"{low} {lows[k + 1]}", k + 1
    if low in _UNITS and low not in _MEASURE_OF:
        return low, k
    words: list[str] = []
    designations: list[int] = []
    last = -1
    j = k
    while j < n and len(words) < 5:
        text, low = texts[j], lows[j]
        if _is_word(text):
            if low in _STOP:
                if (low == "and" and designations and not words and j + 1 < n
                        and _is_designation(texts[j + 1])):  # "9 Urals and Kamaz vans"
                    j += 1
                    continue
                break
            if not words and (low in _DROP or (low == "battle" and lows[j - 1] == "main")):
                j += 1
                continue
            if singular and words and (_plural(low) or low.endswith(("ed", "ing"))):
                break
            words.append(low)
            last = j
            if low in _UNITS or _plural(low):
                return _complete(tok, words, j)
        elif _is_designation(text) and not words:
            designations.append(j)
        else:
            break
        j += 1
    if words:
        return (" ".join(words), last) if singular else None
    if designations:  # no head noun: the model itself, "20 BMP-2"
        d = designations[-1]
        return lows[d], d
    return None


def _complete(tok: _Tokens, words: list[str], h: int) -> tuple[str, int]:
    """Finish a head found at token h: "of X" after measure words, plural modifiers before the head."""
    texts, lows, n = tok.texts, tok.lows, len(tok.texts)
    head = lows[h]
    if head in _MEASURE_OF and h + 2 < n and lows[h + 1] == "of":
        tail: list[str] = []
        last = h
        for m in range(h + 2, min(h + 7, n)):
            if _is_word(texts[m]) and lows[m] not in _STOP:
                tail.append(lows[m])
                last = m
                if _plural(lows[m]):
                    break
            elif not (_is_designation(texts[m]) and not tail):
                break
        if tail:
            return f"{' '.join(words)} of {' '.join(tail)}", last
        return " ".join(words), h
    if head in _UNITS:
        return " ".join(words), h
    # "goods wagons", "weapons systems"; after "infantry" look two words on: "infantry fighting vehicles"
    reach = 3 if head in _MODIFYING else 2
    for m in range(h + 1, min(h + reach, n)):
        text, low = texts[m], lows[m]
        if not _is_word(text) or low in _STOP or low.endswith("ed"):
            break
        if _plural(low) and low not in _UNITS:
            words.extend(lows[h + 1:m + 1])
            return " ".join(words), m
    return " ".join(words), h


def _phrase_end(tok: _Tokens, k: int) -> int:
    """The last token of the noun phrase after "120,000-strong": "a 120,000-strong Ukrainian force"."""
    texts, lows = tok.texts, tok.lows
    last = k - 1
    j = k
    words = 0
    while j < len(texts) and words < 3:
        text = texts[j]
        if _is_word(text):
            if lows[j] in _STOP or (words and lows[j].endswith(("ed", "ing"))):
                break
            words += 1
        elif not (_is_designation(text) and not words):
            break
        last = j
        j += 1
    return last


def _touch(tok: _Tokens, i: int) -> bool:
    """Whether token i is written against the next one, with no space between: "US$", "No.", "20+"."""
    return tok.ends[i] == tok.starts[i + 1]


# --- context ----------------------------------------------------------------------------------

def _prev_word(tok: _Tokens, i: int) -> int:
    """Index of the token before i, skipping a full stop after an abbreviation ("No. 21")."""
    p = i - 1
    if p >= 1 and tok.texts[p] == "." and _touch(tok, p - 1):
        return p - 1
    return p


def _is_reference(tok: _Tokens, i: int, number: Number) -> bool:
    """Whether the number is a date, time, year, code or numbered reference rather than a count."""
    texts, lows = tok.texts, tok.lows
    n = len(texts)
    p = i - 1
    small = number.values[-1] <= 31 and not number.scaled
    if p >= 0:
        if texts[p] in _REF_SIGNS and (texts[p] != "+" or _touch(tok, p)):
            return True
        q = _prev_word(tok, i)
        if q != p and texts[q] in _REF_ABBREVIATIONS:
            return True
        if lows[p] in _REF_WORDS:
            return True
        if texts[q] in _MONTHS and (small or number.year_like):
            return True
    after = number.after
    if after < n:
        if texts[after] in _MONTHS and small:
            return True
        if lows[after] in _TIME_WORDS:
            return True
    if number.year_like:
        if p >= 0 and (lows[p] in _YEAR_BEFORE or (texts[p][0].isupper() and (lows[p],) not in _QUALIFIERS)):
            return True
        if after >= n or not _is_word(texts[after]):
            return True
    return False


def _qualifier(tok: _Tokens, i: int) -> tuple[str, int] | None:
    """The hedge ending just before token i ("more than", "about") and its first token."""
    lows = tok.lows
    for size in (4, 3, 2, 1):
        if i - size < 0:
            continue
        q = _QUALIFIERS.get(tuple(lows[i - size:i]))
        if q is not None:
            return q, i - size
    return None


# --- putting it together ----------------------------------------------------------------------

def _unit_and_end(tok: _Tokens, number: Number, start: int) -> tuple[str, int, int] | None:
    """The unit, the first token and the last token of the quantity, or None when nothing is counted."""
    texts, after = tok.texts, number.after
    if start >= 1 and texts[start - 1] in _CURRENCIES and tok.ends[start - 1] <= tok.starts[start]:
        start -= 1
        currency = _CURRENCIES[texts[start]]
        if texts[start] == "$" and start >= 1 and texts[start - 1] == "US" and _touch(tok, start - 1):
            start -= 1
        if number.unit == "m":  # "$20m" is twenty million dollars
            number.values = [v * 1_000_000 for v in number.values]
            number.scaled = True
        return currency, start, after - 1
    if number.strong:
        return "troops", start, _phrase_end(tok, after)
    if number.unit is not None:
        return number.unit, start, after - 1
    singular = len(number.values) == 1 and number.values[0] == 1
    found = _head(tok, after, singular)
    if found is None:
        return None
    return found[0], start, found[1]


def _quantity_at(tok: _Tokens, i: int, source: str, offset: int) -> tuple[list[QuantityMention], int] | None:
    """The quantity whose number starts at token i, and the token index to go on from."""
    lows, texts, n = tok.lows, tok.texts, len(tok.texts)
    number = read_number(lows, i)
    if number is None or (len(number.values) == 2 and number.year_like):
        return None
    after = number.after
    if number.hedge is None and after < n:  # hedges after the number: "20+ tanks", "20 or so tanks"
        if texts[after] == "+" and _touch(tok, after - 1):
            number.hedge, number.after = "+", after + 1
        elif lows[after] == "or" and after + 1 < n and lows[after + 1] == "so":
            number.hedge, number.after = "or so", after + 2
    if _is_reference(tok, i, number):
        return None
    if lows[i] == "one" and number.after == i + 1 and (
            (i >= 1 and lows[i - 1] in _ONE_BEFORE) or (i + 1 < n and lows[i + 1] in _ONE_AFTER)):
        return None
    start = i - 1 if number.joined_by == "and" else i
    found = _unit_and_end(tok, number, start)
    if found is None:
        return None
    unit, start, last = found
    qualifier = number.hedge
    hedge = _qualifier(tok, start)
    if hedge is not None and qualifier is None:
        qualifier, start = hedge
    if number.strong and start >= 1 and lows[start - 1] in ("a", "an"):  # "a 120,000-strong force"
        start -= 1
    begin, end = tok.starts[start], tok.ends[last]
    words = source[begin:end]
    values = number.plain_values()
    bounds: list[str | None] = [None] if len(values) == 1 else ["min", "max"]
    mentions = [QuantityMention(begin + offset, end + offset, words, value, unit, bound, qualifier)
                for value, bound in zip(values, bounds)]
    # numbers inside the head ("12 152-mm howitzers") are designations, not quantities
    return mentions, max(number.after, last + 1)


def find_quantities(text: str, offset: int = 0) -> list[QuantityMention]:
    """Every quantity in `text`, left to right; a range gives two mentions (min, max) with the same span."""
    if _DIGIT.search(text) is None and _NUMBER_WORD.search(text.lower()) is None:
        return []
    tok = _tokenize(text)
    found: list[QuantityMention] = []
    lows = tok.lows
    i, n = 0, len(lows)
    while i < n:
        low = lows[i]
        if not (low[0].isdigit() or low in _OPENERS or ("-" in low and low.partition("-")[0] in STARTS)):
            i += 1
            continue
        result = _quantity_at(tok, i, text, offset)
        if result is None:
            i += 1
            continue
        mentions, i = result
        found.extend(mentions)
    return found


# --- what a stated number allows ----------------------------------------------------------------

# How far a hedge lets the truth be from the number: "about 500" is 400-600, "more than 500" at
# least 500, "up to 500" at most 500. Vague counts ("several", "many") allow anything.
_APPROXIMATE = frozenset({"about", "around", "approximately", "roughly", "circa", "estimated", "an estimated",
                          "close to", "some", "nearly", "almost", "just over", "just under"})
_AT_LEAST = frozenset({"over", "more than", "at least", "upwards of", "well over", "in excess of", "no fewer than",
                       "no less than", "not less than", "as many as", "as much as"})
_AT_MOST = frozenset({"under", "less than", "fewer than", "at most", "up to", "no more than", "not more than",
                      "as few as"})
APPROXIMATION = 0.2


def interval(value: float, text: str, bound: str = "") -> tuple[float, float]:
    """The values a stated quantity allows, from its words (`text`, as stored with an event's
    report) and its end of a range (`bound`: 'min', 'max' or ''): two reports disagree when the
    intervals of their numbers of one unit do not meet."""
    lows = text.lower().split()
    hedge = next((" ".join(q) for size in (3, 2, 1) for q in [tuple(lows[:size])] if q in _QUALIFIERS), None)
    if bound == "min" or hedge in _AT_LEAST:
        return value, math.inf
    if bound == "max" or hedge in _AT_MOST:
        return 0.0, value
    if hedge in _APPROXIMATE:
        return value * (1 - APPROXIMATION), value * (1 + APPROXIMATION)
    if hedge is not None:             # "several", "many", "a few": no bound worth comparing
        return 0.0, math.inf
    return value, value
