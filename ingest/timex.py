"""Find temporal expressions in briefing text and normalise them to ISO 8601.

Conventions (from the annotation guidelines, with the choices they leave open made here):

* Spans leave out a leading preposition ("on", "in", "by", "since", "at", ...): "on 20 December"
  gives the text "20 December". Words that build the expression stay in: "the 24th of June",
  "late September", "the end of 2024", "last Friday", "the spring of 2023", and the "from" or
  "between" that opens an interval ("from 6 to 16 October 2022"): without it "10 and 16 October"
  would read as a list.
* A missing year is the reference date's year, or the year before when that would put the month
  more than two calendar months after the reference month. No reference date, no mention.
* A bare weekday, "on Tuesday" and "last Tuesday" are the most recent past occurrence, the
  reference day excluded; "next Tuesday" is the first one after it; "this Tuesday" the one in the
  reference date's Monday-Sunday week. "Last/this/next week" are Monday-Sunday intervals.
* Qualifiers never refine ("late September" is the month, "early 2023" the year, "summer 2022"
  the year), except "the first/second/third/fourth/last week of <month>", a day interval.
  A winter without a year ("this winter", "in the winter") spans two years: "2024/2025".
* `earliest` and `latest` are the first and last day of what `iso` denotes.
* Not reported: decades ("the 1990s"); a month name with no day, year or cue word ("September
  saw...": a preposition is cue enough for a full name, "in May", but an abbreviation needs a
  qualifier, "late Sept", as "with Jan Lipavsky" is a name); clock times without a date; "N days
  ago"; "the following day"; slash dates (the day/month order is ambiguous); two-digit years;
  4-digit numbers that count something ("2000 troops", "11,889", "$2021"). An impossible date
  keeps what is left of it: "30 February 2023" gives "February 2023".
* A year inside a name ("Zapad-2021", "the 2021 Military Doctrine") is reported: callers decide.

Speed: one cheap pass finds anchors (digit runs and a handful of keywords, through a trie-shaped
regular expression that the engine scans in C); the full patterns are only tried at anchors, and
the words in front of an anchor ("the end of", "from", "in") are read by one pattern run on the
reversed text just before it.
"""

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, TypeAlias


@dataclass(frozen=True)
class TimeMention:
    """One temporal expression: its span, its words and its ISO 8601 value."""

    start: int
    end: int
    text: str
    iso: str
    earliest: date
    latest: date
    relative: bool


# --- forward patterns, tried at an anchor ----------------------------------------------------------

_DOT = r"\.(?=\s*\d)"  # "Dec. 20", but not the full stop in "on 20 Dec."
_MONTHS = (
    rf"(?:(?i:jan(?:uary|{_DOT})?|feb(?:ruary|{_DOT})?|apr(?:il|{_DOT})?|jun(?:e|{_DOT})?"
    rf"|jul(?:y|{_DOT})?|aug(?:ust|{_DOT})?|sep(?:t(?:ember|{_DOT})?|{_DOT})?|oct(?:ober|{_DOT})?"
    rf"|nov(?:ember|{_DOT})?|dec(?:ember|{_DOT})?)|M(?i:arch|ar(?:{_DOT})?|ay))"
)  # "May" and "March" need a capital M: "may" and "march" are verbs
_MONTH_NUM = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
_UNITS = (  # a 4-digit number followed by one of these counts something: "2000 troops"
    r"(?:troops|soldiers|servicemen|personnel|men|people|persons|fighters|mercenaries|officers"
    r"|conscripts|reservists|recruits|prisoners|refugees|migrants|residents|citizens|workers"
    r"|members|employees|tanks|vehicles|trucks|cars|railcars|wagons|carriages|platforms|trains"
    r"|echelons|containers|aircraft|helicopters|drones|missiles|shells|rounds|pieces|items|units"
    r"|battalions|brigades|regiments|divisions|companies|launchers|systems|guns"
    r"|km|kilometres|kilometers|miles|metres|meters|m|kg|tons|tonnes|t|hectares|ha|years|days"
    r"|hours|minutes|times|percent|rubles|roubles|dollars|euros|strong|USD|EUR|BYN|RUB)(?!\w)"
)
_SEP = r"(?P<sep>\s*[-\u2013\u2014]\s*|\s+(?i:to|until|till|through|and)\s+)"


def _year(g: str) -> str:
    """A year 1900-2099 that is not part of a larger number or a count of something."""
    return (rf"(?<![\w$\u20ac\u00a3#\u2116])(?<!\d[.,])(?P<{g}>(?:19|20)\d\d)"
            rf"(?!\w|[.,]\d|[-/.]\d\d?[-/.]\d|\s*%|\s*-?\s*{_UNITS})")


def _month(g: str) -> str:
    return rf"\b(?P<{g}>{_MONTHS})(?![A-Za-z])"


def _day(g: str) -> str:
    """A day number, not inside "T-72", "Su-25", "465th", "1,500" or "10:30"."""
    return rf"(?<![\w.,:/])(?<![A-Z]-)(?<![A-Z][a-z]-)(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"


def _clock(p: str) -> str:
    return rf"(?<![\d:.])(?P<{p}hh>[01]?\d|2[0-3]):(?P<{p}mi>[0-5]\d)(?!\d)"


def _date(p: str) -> str:
    """A full or day-month date: ISO, day.month.year, "20 December 2022", "Dec. 20, 2022"."""
    numeric = (rf"(?<![\w.,/])(?:(?P<{p}y2>\d{{4}})-(?P<{p}m2>[01]\d)-(?P<{p}d2>[0-3]\d)"
               rf"(?:T(?P<{p}ihh>[01]\d|2[0-3]):(?P<{p}imi>[0-5]\d))?"
               rf"|(?P<{p}d3>[0-3]?\d)\.(?P<{p}m3>[01]?\d)\.(?P<{p}y3>\d{{4}}))(?!\w|[.,]\d|-\d)")
    dmy = rf"{_day(p + 'd')}(?:\s+of)?\s+{_month(p + 'm')}(?:,?\s+{_year(p + 'y')})?"
    mdy = (rf"{_month(p + 'm1')}\s+(?:the\s+)?{_day(p + 'd1')}(?![\w:]|[.,]\d|\s*-?\s*{_UNITS})"
           rf"(?:,?\s+{_year(p + 'y1')})?")
    return rf"(?:{numeric}|{dmy}|{mdy})"


def _datetime(p: str) -> str:
    """A date with an optional clock time before it ("23:43 on 11 December") or after it."""
    return (rf"(?:{_clock(p)}(?:\s*h(?:rs)?\b)?,?\s+(?:on\s+)?(?:the\s+)?)?{_date(p)}"
            rf"(?:,?\s+(?:at\s+)?{_clock(p + 't')})?")


_THEN = rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?"  # what may open the second half of an interval

# --- backward pattern: the words in front of an anchor, read on the reversed text ----------------


def _rev(words: str) -> str:
    """An alternation of the words, each spelled backwards, as a whole word."""
    return "(?:" + "|".join(w[::-1] for w in words.split()) + r")(?!\w)"


_REV_QUAL = (  # "late ", "mid-", "the very end of the ", "the first half of ", "the last few days of "
    rf"(?:(?:\s*-\s*|\s+){_rev('early late mid middle')}(?:\s+yrev)?(?:\s+eht)?"
    rf"|(?:\s+eht)?\s+fo\s+(?:{_rev('end beginning start middle turn close')}(?:\s+yrev)?"
    rf"|flah\s+{_rev('first second latter last')}|retrauq\s+{_rev('first second third fourth last')}"
    rf"|{_rev('days weeks months')}(?:\s+wef)?\s+{_rev('first last')})(?:\s+eht)?)"
)
_PREPOSITIONS = "in since by until till through throughout during from of for before after around and or"
_PREFIX = re.compile(
    rf"(?:(?P<weekof>\s+fo\s+keew\s+(?P<nth>{_rev('first second third fourth last 1st 2nd 3rd 4th')})"
    rf"(?:\s+eht)?)"
    rf"|(?P<dir>\s+{_rev('last next this past coming')})(?P<dq>{_REV_QUAL})?"
    rf"|(?P<q>{_REV_QUAL})"
    r"|(?P<themonth>\s+fo\s+htnom\s+eht(?!\w))|(?P<theyear>\s+raey\s+eht(?!\w))"
    rf"|(?P<the>\s+eht(?!\w))?(?:(?P<wd>(?:\s*,\s*|\s+){_rev(' '.join(_WEEKDAYS))})"
    rf"|(?P<lead>\s+{_rev('from between')}))?)"
    rf"(?P<pre>\s+{_rev(_PREPOSITIONS)})?",
    re.IGNORECASE)
_LOOK_BACK = 56  # longest prefix: "throughout the very beginning of the "


def _prefix(text: str, start: int) -> re.Match[str]:
    """The cue words in front of `start`, matched on the reversed text (always a match)."""
    return _PREFIX.match(text[max(0, start - _LOOK_BACK):start][::-1])  # type: ignore[return-value]


def _has(p: re.Match[str], *groups: str) -> bool:
    return any(p.group(g) is not None for g in groups)


# --- values ----------------------------------------------------------------------------------------

type _Value = tuple[str, date, date, bool]  # iso, earliest, latest, relative


class _Point(NamedTuple):
    """A year, month, day or minute on the calendar."""

    year: int
    month: int | None = None
    day: int | None = None
    clock: str | None = None

    def iso(self) -> str:
        y, mo, d, clock = self
        if mo is None:
            return f"{y:04d}"
        if d is None:
            return f"{y:04d}-{mo:02d}"
        return f"{y:04d}-{mo:02d}-{d:02d}T{clock}" if clock else f"{y:04d}-{mo:02d}-{d:02d}"

    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date:
        y, mo, d, _ = self
        if mo is None:
            return date(y, 12, 31)
        return date(y, mo, d if d is not None else calendar.monthrange(y, mo)[1])


ISO_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_period(value: str) -> tuple[date, date]:
    """The first and last day of a year, month or day written in ISO 8601 ('2024', '2024-05',
    '2024-05-14'); ValueError for anything else."""
    m = ISO_PERIOD.fullmatch(value.strip())
    if not m:
        raise ValueError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    point = _Point(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    return point.first(), point.last()        # an impossible month or day raises ValueError


def _single(p: _Point, relative: bool) -> _Value:
    return p.iso(), p.first(), p.last(), relative


def _interval(a: _Point, b: _Point, relative: bool) -> _Value | None:
    first = a.first()
    if a == b or first > b.first():
        return None
    return f"{a.iso()}/{b.iso()}", first, b.last(), relative


def _days(a: date, b: date, relative: bool) -> _Value:
    return f"{a.isoformat()}/{b.isoformat()}", a, b, relative


def _guess_year(month: int, ref: date) -> int:
    """The reference year, or the one before if the month would lie over two months ahead."""
    return ref.year - 1 if month - ref.month > 2 else ref.year


def _month_num(token: str) -> int:
    return int(token) if token.isdigit() else _MONTH_NUM[token[:3].lower()]


def _int(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _set(values: tuple[str | None, ...]) -> str | None:
    """The one alternative of a group that took part in the match."""
    return values[0] or values[1] or values[2] or values[3]


_PART_NAMES = {p: tuple(tuple(p + k + s for s in ("", "1", "2", "3")) for k in "ymd")
               + ((p + "hh", p + "thh", p + "ihh", p + "mi", p + "tmi", p + "imi"),) for p in "ab"}


def _parts(m: re.Match[str], p: str) -> tuple[int | None, int, int, str | None]:
    """Year, month, day and clock of the `_datetime(p)` in a match."""
    ys, ms, ds, clocks = _PART_NAMES[p]
    y, mo, d = _set(m.group(*ys)), _set(m.group(*ms)), _set(m.group(*ds))
    hh, thh, ihh, mi, tmi, imi = m.group(*clocks)
    hh, mi = hh or thh or ihh, mi or tmi or imi
    clock = f"{int(hh):02d}:{mi}" if hh and mi else None
    return _int(y), _month_num(mo), int(d), clock  # type: ignore[arg-type]  # a date has both


def _two_years(ya: int | None, a: tuple[int, int], yb: int | None, b: tuple[int, int],
               ref: date | None) -> tuple[int, int, bool] | None:
    """Years for both ends of an interval: "30 December – 5 January 2025" starts in 2024."""
    wrap = int(b < a)
    if ya is not None:
        return ya, ya + wrap if yb is None else yb, False
    if yb is not None:
        return yb - wrap, yb, False
    if ref is None:
        return None
    ya = _guess_year(a[0], ref)
    return ya, ya + wrap, True


# --- handlers: (forward match, prefix match, reference) -> value -----------------------------------

type _Handler = Callable[[re.Match[str], re.Match[str], date | None], _Value | None]


def _word(p: re.Match[str], group: str) -> str:
    """A cue word of the prefix, spelled forwards again: "last", "between", "in"."""
    return (p[group] or "")[::-1].strip().lower()


def _year_of(month: int, year: int | None, ref: date | None) -> tuple[int, bool] | None:
    """The year as written, else guessed from the reference (relative), else nothing."""
    if year is not None:
        return year, False
    return None if ref is None else (_guess_year(month, ref), True)


def _between_and(m: re.Match[str], p: re.Match[str]) -> bool:
    """"and" joins an interval only after "between": "on 10 and 16 October" is two days."""
    return m["sep"].strip().lower() != "and" or _word(p, "lead") == "between"


def _on_date(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    y, mo, d, clock = _parts(m, "a")
    year = _year_of(mo, y, ref)
    return year and _single(_Point(year[0], mo, d, clock), year[1])


def _on_date_range(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    if not _between_and(m, p):
        return None
    ya, ma, da, ca = _parts(m, "a")
    yb, mb, db, cb = _parts(m, "b")
    years = _two_years(ya, (ma, da), yb, (mb, db), ref)
    return years and _interval(_Point(years[0], ma, da, ca), _Point(years[1], mb, db, cb), years[2])


def _on_day_range(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    """"15–20 September", "from 6 to 16 October 2022", "August 26–30, 2024"."""
    da, db, mo = int(m["da"]), int(m["db"]), _month_num(m["mo"])
    year = _year_of(mo, _int(m["y"]), ref)
    if da >= db or not _between_and(m, p) or year is None:
        return None
    return _interval(_Point(year[0], mo, da), _Point(year[0], mo, db), year[1])


def _on_month_range(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    if not _between_and(m, p):
        return None
    ma, mb = _month_num(m["ma"]), _month_num(m["mb"])
    years = _two_years(_int(m["ay"]), (ma, 0), _int(m["by"]), (mb, 0), ref)
    return years and _interval(_Point(years[0], ma), _Point(years[1], mb), years[2])


def _second_year(first: int, m: re.Match[str]) -> int:
    """The end of a year interval: "2016" in "2014-2016", "2023" in "2022–23"."""
    return int(m["by"]) if m["by"] else first // 100 * 100 + int(m["by2"])


def _on_year_range(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    ya = int(m["ay"])
    yb = _second_year(ya, m)
    return _interval(_Point(ya), _Point(yb), False) if yb > ya and _between_and(m, p) else None


def _on_year(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    return _single(_Point(int(m["y"])), False)


_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
_FULL_MONTHS = {calendar.month_name[i].lower() for i in range(1, 13)}


def _on_month(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    """"October 2022", "late September", "in May", "last October", "the first week of May"."""
    mo = _month_num(m["mo"])
    year = _year_of(mo, _int(m["y"]), ref)
    if year is None:
        return None
    if p["weekof"]:
        if (nth := _word(p, "nth")) == "last":
            end = date(year[0], mo, calendar.monthrange(year[0], mo)[1])
            return _days(end - timedelta(days=6), end, year[1])
        first = date(year[0], mo, 1) + timedelta(weeks=_NTH[nth])
        return _days(first, first + timedelta(days=6), year[1])
    if ref is None or not year[1]:
        return _single(_Point(year[0], mo), year[1])
    if not _has(p, "dir", "q", "dq"):  # a preposition alone is cue enough for a full name only:
        if not _has(p, "pre", "themonth", "lead") or m["mo"].lower() not in _FULL_MONTHS:
            return None  # "September saw...", "talks with Jan Lipavsky"
    match _word(p, "dir"):
        case "last" | "past":
            y = ref.year if mo < ref.month else ref.year - 1
        case "next" | "coming":
            y = ref.year if mo > ref.month else ref.year + 1
        case "this":
            y = ref.year
        case _:
            y = year[0]
    return _single(_Point(y, mo), True)


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _on_season(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    """"Summer 2022" is 2022; a season without a year is resolved like a month."""
    if m["y"]:
        ya = int(m["y"])
        if m["by"] or m["by2"]:  # "the winter of 2022–2023"
            return _interval(_Point(ya), _Point(_second_year(ya, m)), False)
        return _single(_Point(ya), False)
    season, pre = m["season"].lower(), _word(p, "pre")
    if ref is None or not (pre or _has(p, "dir", "q", "dq")):
        return None
    if season == "fall" and pre in ("after", "before", "since", "and", "or"):
        return None  # "after the fall" of a town
    start = _SEASON_START[season]
    now, begins = ref.year * 12 + ref.month - 1, ref.year * 12 + start - 1
    match _word(p, "dir"):
        case "last" | "past":
            year = ref.year if begins + 2 < now else ref.year - 1
        case "next" | "coming":
            year = ref.year if begins > now else ref.year + 1
        case "this":
            year = ref.year - 1 if season == "winter" and ref.month <= 2 else ref.year
        case _:
            year = _guess_year(start, ref)
    if season == "winter":
        return _interval(_Point(year), _Point(year + 1), True)
    return _single(_Point(year), True)


_THE_BEFORE = re.compile(r"\s+eht(?!\w)", re.IGNORECASE)


def _on_relative(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    """"last year", "next month", "this week", "late last year" against the reference date."""
    step = {"last": -1, "next": 1, "this": 0}.get(_word(p, "dir"))
    if ref is None or step is None or _THE_BEFORE.match(p.string, p.end("dir")):
        return None  # "over the last year" is the past twelve months, not a calendar year
    unit = m["unit"].lower()
    if unit == "year":
        return _single(_Point(ref.year + step), True)
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + step
        return _single(_Point(index // 12, index % 12 + 1), True)
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
    return _days(monday, monday + timedelta(days=6), True)


_SENTENCE_START = ("", ".", "!", "?", ":", '"', "\u201c", "(", "\n")


def _on_day_word(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    word = m["w"]
    if ref is None:
        return None
    if word[0].isupper() and m.string[:m.start()].rstrip()[-1:] not in _SENTENCE_START:
        return None  # "Russia Today", "Belarus Today": a name, not a date
    day = ref + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[word.lower()])
    return _single(_Point(day.year, day.month, day.day), True)


def _on_weekday(m: re.Match[str], p: re.Match[str], ref: date | None) -> _Value | None:
    if ref is None:
        return None
    wd = _WEEKDAYS.index(m["wd"])
    match _word(p, "dir"):
        case "next" | "coming":
            day = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        case "this":
            day = ref + timedelta(days=wd - ref.weekday())
        case _:  # "on Tuesday", "last Tuesday": the most recent one before the reference day
            day = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
    return _single(_Point(day.year, day.month, day.day), True)


# --- rules, by the kind of anchor they start at ----------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern tried at an anchor, its handler, the prefix groups its span keeps, and the
    intervals to try when a separator follows its match (so that most anchors cost one match)."""

    pattern: re.Pattern[str]
    handler: _Handler
    keeps: tuple[str, ...] = ()
    ranges: tuple["_Rule", ...] = ()


_SEP_AHEAD = re.compile(r"\s*[-\u2013\u2014/]|\s+(?i:to|until|till|through|and)\s")
_DATE_RANGE = _Rule(  # "15 September – 20 October 2023", "from 23:43 on 11 December to 07:50 on 14 Dec"
    re.compile(_datetime("a") + _SEP + _THEN + _datetime("b")), _on_date_range, ("the", "wd", "lead"))
_DATE = _Rule(  # "20 December", "Dec. 20, 2022", "07.10.2022", "23:43 on 11 December"
    re.compile(_datetime("a")), _on_date, ("the", "wd"), (_DATE_RANGE,))
_DAY_RANGE = _Rule(  # "15–20 September", "from 6 to 16 October 2022", "between 10 and 16 October"
    re.compile(_day("da") + _SEP + r"(?:the\s+)?" + _day("db") + rf"(?:\s+of)?\s+{_month('mo')}"
               rf"(?:,?\s+{_year('y')})?"), _on_day_range, ("the", "wd", "lead"))
_MONTH_DAY_RANGE = _Rule(  # "August 26–30, 2024"
    re.compile(_month("mo") + r"\s+" + _day("da") + _SEP + _day("db") + rf"(?!\w|[.,]\d)"
               rf"(?:,?\s+{_year('y')})?"), _on_day_range, ("wd", "lead"))
_MONTH_RANGE = _Rule(  # "September–October 2023", "from May to July 2024"
    re.compile(_month("ma") + rf"(?:,?\s+{_year('ay')})?" + _SEP + _month("mb")
               + rf"(?:,?\s+{_year('by')})?"), _on_month_range, ("lead",))
_YEAR_RANGE = _Rule(  # "2014-2016", "2022–23", "between 2014 and 2016"
    re.compile(_year("ay") + r"(?P<sep>\s*[-\u2013\u2014/]\s*|\s+(?i:to|until|till|and)\s+)"
               + rf"(?:{_year('by')}|(?P<by2>\d\d)(?!\w|[.,]\d))"), _on_year_range, ("lead",))
_SEASON = (r"(?P<season>(?i:spring|summer|autumn|winter)|[Ff]all)"
           rf"(?:(?:\s+of)?\s+{_year('y')}(?:\s*[-\u2013\u2014/]\s*(?:{_year('by')}|(?P<by2>\d\d)"
           r"(?!\w|[.,]\d)))?|(?!\w|\s+of\b))")  # "summer 2022", "winter of 2022–23", "(in the) spring"

_RULES: dict[str, tuple[_Rule, ...]] = {
    "number": (_DATE, _DAY_RANGE),
    "isodate": (_DATE,),
    "year": (_Rule(re.compile(_year("y")), _on_year, ("q", "theyear"), (_YEAR_RANGE,)),),
    "monthday": (_Rule(_DATE.pattern, _on_date, _DATE.keeps, (_DATE_RANGE, _MONTH_DAY_RANGE)),),
    "month": (_Rule(re.compile(_month("mo") + rf"(?:(?:,?\s+|\s+of\s+){_year('y')})?"), _on_month,
                    ("weekof", "dir", "dq", "q", "themonth"), (_MONTH_RANGE,)),),
    "season": (_Rule(re.compile(_SEASON), _on_season, ("dir", "dq", "q", "the")),),
    "unit": (_Rule(re.compile(r"(?P<unit>(?i:year|month|week))(?!\w)"), _on_relative, ("dir", "dq")),),
    "dayword": (_Rule(re.compile(r"(?P<w>(?i:yesterday|today|tomorrow))(?!\w)"), _on_day_word),),
    "weekday": (_Rule(re.compile(rf"(?P<wd>{_WEEKDAY})(?!\w)"), _on_weekday, ("dir",)),),
}

# --- anchors ---------------------------------------------------------------------------------------

_ANCHOR_KIND: dict[str, str] = {
    **{m: "month" for m in _MONTH_NUM},
    **{w.lower(): "weekday" for w in _WEEKDAYS},
    **{s: "season" for s in _SEASON_START},
    **{u: "unit" for u in ("year", "month", "week")},
    **{w: "dayword" for w in ("yesterday", "today", "tomorrow")},
}


# A prefix tree of characters; the key "" marks the end of a word.
_Trie: TypeAlias = dict[str, "_Trie"]


def _trie(words: list[str]) -> str:
    """A regular expression for the words, factored by prefix so the engine scans it fast."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return emit(tree)


_ANCHOR_WORDS = re.compile(_trie([form for word, kind in _ANCHOR_KIND.items()
                                  for form in (word, word.capitalize(), word.upper())
                                  if not (kind == "weekday" and form == word)
                                  and form not in ("mar", "may")]))
_DIGITS = re.compile(r"\d+")
_ISO_TAIL = re.compile(r"-[01]\d-[0-3]\d")
_MONTH_WORD = re.compile(_MONTHS + r"(?![A-Za-z])")
_MONTH_DAY = re.compile(_MONTHS + r"(?![A-Za-z])\s+(?:the\s+)?[0-3]?\d(?!\d)")
_REACH = 48  # a day number or clock is at most this far before its month or year


def _anchors(text: str) -> list[tuple[int, str]]:
    """Where an expression may start, and which rules to try there.

    Keywords are checked as whole words; a day number or a clock time is kept only when a month
    name or a year follows within reach, so that counts and model numbers cost nothing more.
    """
    found: list[tuple[int, str]] = []
    for a in _ANCHOR_WORDS.finditer(text):
        start = a.start()
        if start and text[start - 1].isalpha():
            continue
        kind = _ANCHOR_KIND[a.group().lower()]
        if kind == "month":
            if _MONTH_WORD.match(text, start) is None:
                continue  # "decided", "Mariupol", "separate"
            kind = "monthday" if _MONTH_DAY.match(text, start) else "month"
        found.append((start, kind))
    small: list[int] = []
    for a in _DIGITS.finditer(text):
        start, end = a.span()
        if end - start == 4:
            if text[end:end + 1] == "-" and _ISO_TAIL.match(text, end):
                found.append((start, "isodate"))
            elif text[start:start + 2] in ("19", "20"):
                found.append((start, "year"))
        elif end - start < 3 and not (start and text[start - 1].isalpha()):
            small.append(start)
    if small:
        targets = sorted(s for s, kind in found if kind != "weekday")
        for start in small:
            i = bisect_right(targets, start)
            if i < len(targets) and targets[i] - start <= _REACH:
                found.append((start, "number"))
    return found


def find_times(text: str, reference: date | None = None, offset: int = 0) -> list[TimeMention]:
    """Every temporal expression in `text`, left to right, non-overlapping (longest match wins)."""
    found: list[tuple[int, int, _Value]] = []
    outer = (0, 0)  # the candidate reaching furthest so far: anything inside it loses to it
    for start, kind in sorted(_anchors(text)):
        prefix: re.Match[str] | None = None
        for rule in _RULES[kind]:
            m = rule.pattern.match(text, start)
            if m is None:
                continue
            tries = [(rule, m)]
            if rule.ranges and _SEP_AHEAD.match(text, m.end()):  # intervals first: they are longer
                tries = [(r, rm) for r in rule.ranges if (rm := r.pattern.match(text, start))] + tries
            prefix = prefix or _prefix(text, start)
            for r, rm in tries:
                back = 0
                for g in r.keeps:
                    if prefix.group(g) is not None and prefix.end(g) > back:
                        back = prefix.end(g)
                span = (start - back, rm.end())
                if outer[0] <= span[0] and span[1] <= outer[1]:
                    continue
                try:
                    value = r.handler(rm, prefix, reference)
                except ValueError:  # "31 September", "29 February 2023": not a date
                    continue
                if value is not None:
                    found.append((*span, value))
                    if span[1] > outer[1]:
                        outer = span
    starts: list[int] = []
    ends: list[int] = []
    kept: list[tuple[int, int, _Value]] = []
    for start, end, value in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        i = bisect_right(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue  # overlaps a longer mention already kept
        starts.insert(i, start)
        ends.insert(i, end)
        kept.insert(i, (start, end, value))
    return [TimeMention(s + offset, e + offset, text[s:e], *v) for s, e, v in kept]
