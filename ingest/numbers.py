"""Reading numbers written in digits ("11,889", "11 889", "2.5") or in English words ("twenty-three")."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# Thousands groups share one separator (comma, space, no-break or thin space); a dot is always decimal.
_NUMERAL = re.compile(r"(\d{1,3}(?:([,\u00a0\u2009\u202f ])\d{3})(?:\2\d{3})*|\d+)(\.\d+)?")
_SEPARATORS = str.maketrans("", "", ",\u00a0\u2009\u202f ")

SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Scale words that multiply a number before them: "1.5 million", "two hundred thousand", "$3bn".
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "trillion": 1_000_000_000_000,
}
# Plural scale words read as orders of magnitude: "dozens of", "tens of thousands of".
VAGUE: dict[str, int] = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000,
}
_WORD_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                "trillion": 1_000_000_000_000}

# Every word that can open a number written in words: the cheap test before any parsing.
STARTS: frozenset[str] = frozenset(SMALL) | frozenset(TENS) | frozenset(_WORD_SCALES) | {"dozen"}


def parse_numeral(token: str) -> Decimal | None:
    """The value of a numeral in digits ("11,889", "11 889", "2.5"), or None when the token is not one."""
    m = _NUMERAL.fullmatch(token)
    if m is None:
        return None
    whole = m.group(1)
    if len(whole) > 1 and whole[0] == "0":  # "029", "007": codes and phone parts, not counts
        return None
    return Decimal(token.translate(_SEPARATORS))


def as_value(number: Decimal, decimal_point: bool) -> int | float:
    """An int for whole numbers, a float for numbers written with a decimal part ("2.5", "2.0")."""
    if not decimal_point and number == number.to_integral_value():
        return int(number)
    return float(number)


def small_value(word: str) -> int | None:
    """The value of "one" to "ninety-nine" written as one (possibly hyphenated) lowercase word."""
    value = SMALL.get(word)
    if value is not None:
        return value
    value = TENS.get(word)
    if value is not None:
        return value
    tens, dash, unit = word.partition("-")
    if dash and tens in TENS and unit in SMALL and 0 < SMALL[unit] < 10:
        return TENS[tens] + SMALL[unit]
    return None


def read_number_words(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """The value of the number words starting at words[i] (lowercase) and the index after them.

    Reads "eight", "twenty-three", "one hundred and fifty", "two hundred thousand", "a dozen",
    "a thousand", "two dozen"; "a" alone or "half" is not a number.
    """
    n = len(words)
    j = i
    total = current = 0
    last = ""  # kind of the previous word: "small", "tens", "hundred", "scale"
    if words[j] in ("a", "an"):
        if j + 1 >= n or (words[j + 1] not in _WORD_SCALES and words[j + 1] != "dozen"):
            return None
        current, last, j = 1, "a", j + 1
    read_any = last == "a"
    biggest = 10 ** 15
    while j < n:
        word = words[j]
        value = small_value(word)
        if value is not None:
            if last in ("small", "a"):
                break
            if last == "tens" and not (current % 10 == 0 and value < 10 and "-" not in word):
                break
            current += value
            last = "tens" if word in TENS else "small"
        elif word == "hundred":
            if last == "hundred" or current >= 100:
                break
            current = (current or 1) * 100
            last = "hundred"
        elif word in _WORD_SCALES:
            scale = _WORD_SCALES[word]
            if scale >= biggest:
                break
            total += (current or 1) * scale
            current, biggest, last = 0, scale, "scale"
        elif word == "dozen":
            if last not in ("", "small", "a"):
                break
            current = (current or 1) * 12
            j += 1
            read_any = True
            break
        elif word == "and" and last in ("hundred", "scale") and j + 1 < n and small_value(words[j + 1]):
            j += 1  # "one hundred and fifty"
            continue
        else:
            break
        read_any = True
        j += 1
    if not read_any:
        return None
    return total + current, j


def read_vague(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """The magnitude of "dozens of", "hundreds of", "tens of thousands of" and the index after "of"."""
    n = len(words)
    first = VAGUE.get(words[i])
    if first is None or i + 1 >= n or words[i + 1] != "of":
        return None
    if i + 3 < n and words[i + 3] == "of" and words[i + 2] in VAGUE and VAGUE[words[i + 2]] >= 1_000:
        return first * VAGUE[words[i + 2]], i + 4
    if first == 10:  # "tens of" alone is not idiomatic English for a count
        return None
    return first, i + 2


# --- numbers in a list of lowercase tokens ------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = re.compile(rf"({_NUM})[-–‑]({_NUM})")                         # "30-40", "5,000–6,000"
_ATTACHED = re.compile(rf"({_NUM})(km|kg|mm|cm|m|t|ha|bn|mln|k)")       # "20km", "$1.5bn"
_COMPOUND = re.compile(rf"({_NUM}|[a-z]+(?:-[a-z]+)*)[-‑]([a-z]+)")     # "12,000-strong", "two-day"
_CONNECTORS = frozenset({"-", "–", "‑", "—", "to", "or"})
# Suffixes of "30-km", "120,000-strong", "two-day": the unit they give (plural), or None for a hedge.
COMPOUND_UNITS: dict[str, str | None] = {
    "strong": "troops", "man": "troops", "km": "km", "kilometre": "kilometres",
    "kilometer": "kilometers", "mile": "miles", "metre": "metres", "meter": "meters", "mm": "mm",
    "cm": "cm", "m": "m", "kg": "kg", "ton": "tons", "tonne": "tonnes", "hour": "hours",
    "day": "days", "week": "weeks", "month": "months", "year": "years", "odd": None, "plus": None,
}


@dataclass(slots=True)
class Number:
    """A number read from tokens [first, after): one value, or the two ends of a range."""

    first: int
    after: int
    values: list[Decimal]
    decimal: list[bool]                # written with a decimal point: "2.5", "2.0"
    unit: str | None = None            # carried by the number itself: "km" of "30-km", "m" of "20m"
    hedge: str | None = None           # "odd" of "20-odd", "dozens of"
    strong: bool = False               # "12,000-strong", "3,000-man": a count of personnel
    scaled: bool = False               # multiplied by a scale word: "1.5 million"
    year_like: bool = False            # a bare 1900-2099: a year unless a count follows
    joined_by: str | None = None       # the word between the two ends of a range: "to", "and", "-"

    def plain_values(self) -> list[int | float]:
        """The values as written: ints, or floats for numbers with a decimal part."""
        return [as_value(v, d and not self.scaled) for v, d in zip(self.values, self.decimal)]


def read_number(words: Sequence[str], i: int) -> Number | None:
    """The number that starts at words[i] (lowercase tokens), with its scale word and range end."""
    number = _read_one(words, i)
    if number is None or len(number.values) == 2:
        return number
    return _read_range(words, number, between=i >= 1 and words[i - 1] == "between")


def _read_one(words: Sequence[str], i: int) -> Number | None:
    """The number at words[i], with a scale word after it, without ranges across tokens."""
    word = words[i]
    if word[0].isdigit():
        return _read_digits(words, i)
    if word in VAGUE:
        found = read_vague(words, i)
        if found is None:
            return None
        value, after = found
        return Number(i, after, [Decimal(value)], [False], hedge=" ".join(words[i:after]))
    if "-" in word and word.partition("-")[0] not in STARTS:
        return None
    found = read_number_words(words, i)
    if found is not None:
        value, after = found
        return Number(i, after, [Decimal(value)], [False])
    return _read_compound(words, i)


def _read_digits(words: Sequence[str], i: int) -> Number | None:
    """A numeral, a range token ("30-40"), an attached unit ("20km") or a compound ("12,000-strong")."""
    word = words[i]
    value = parse_numeral(word)
    if value is not None:
        number = Number(i, i + 1, [value], ["." in word])
        number.year_like = len(word) == 4 and 1900 <= value <= 2099
        return _scale(words, number)
    m = _RANGE.fullmatch(word)
    if m is not None:
        low, high = parse_numeral(m.group(1)), parse_numeral(m.group(2))
        if low is None or high is None or high <= low:  # "3-1" is a score, not a range
            return None
        if len(m.group(1)) == 4 and 1900 <= low <= 2099:  # "2014-2022", "2022-23"
            return None
        return _scale(words, Number(i, i + 1, [low, high], ["." in m.group(1), "." in m.group(2)]))
    m = _ATTACHED.fullmatch(word)
    if m is not None:
        value = parse_numeral(m.group(1))
        if value is None:
            return None
        suffix = m.group(2)
        if suffix in ("bn", "mln", "k"):
            scale = 1_000 if suffix == "k" else SCALES[suffix]
            return Number(i, i + 1, [value * scale], [False], scaled=True)
        return Number(i, i + 1, [value], ["." in m.group(1)], unit=suffix)
    return _read_compound(words, i)


def _read_compound(words: Sequence[str], i: int) -> Number | None:
    """"120,000-strong", "30-km", "two-day", "20-odd": a number joined to a unit or a hedge."""
    m = _COMPOUND.fullmatch(words[i])
    if m is None or m.group(2) not in COMPOUND_UNITS:
        return None
    head, suffix = m.group(1), m.group(2)
    if head[0].isdigit():
        value = parse_numeral(head)
    else:
        parts = head.split("-")
        found = read_number_words(parts, 0)
        value = Decimal(found[0]) if found is not None and found[1] == len(parts) else None
    if value is None:
        return None
    unit = COMPOUND_UNITS[suffix]
    if unit is None:
        return Number(i, i + 1, [value], ["." in head], hedge=suffix)
    return Number(i, i + 1, [value], ["." in head], unit=unit, strong=unit == "troops")


def _scale(words: Sequence[str], number: Number) -> Number:
    """Multiply by a scale word after the numeral: "1.5 million", "3 thousand", "2 bn"."""
    j = number.after
    if j < len(words) and words[j] in SCALES:
        scale = SCALES[words[j]]
        number.values = [v * scale for v in number.values]
        number.after, number.scaled, number.year_like = j + 1, True, False
    return number


def _read_range(words: Sequence[str], number: Number, between: bool) -> Number:
    """Extend a number to a range: "30 to 40", "30 – 40", "two or three", "between 5 and 10"."""
    j = number.after
    if number.unit is not None or number.hedge is not None or j + 1 >= len(words):
        return number
    connector = words[j]
    if connector not in _CONNECTORS and not (between and connector == "and"):
        return number
    if connector == "or" and words[j + 1] == "so":  # "20 or so": a hedge, not a range
        return number
    second = _read_one(words, j + 1)
    if second is None or len(second.values) != 1 or second.unit is not None or second.hedge:
        return number
    low, high = number.values[0], second.values[0]
    if second.scaled and not number.scaled:  # "1-1.5 million": the scale is shared when it fits
        scale = SCALES.get(words[second.after - 1], 1)
        if low < high / scale:
            low *= scale
    if high <= low:
        return number
    return Number(number.first, second.after, [low, high], [number.decimal[0], second.decimal[0]],
                  scaled=number.scaled or second.scaled, year_like=number.year_like, joined_by=connector)
