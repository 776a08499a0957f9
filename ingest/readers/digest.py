"""The raw weekly-digest layout copied from a think-tank site: header lines, body, site footer."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from briefgraph.ingest.briefing import Briefing, assemble_body, briefing_id
from briefgraph.ingest.errors import BriefingError

# Lines that start the site's footer (compared casefolded): the body is cut at the first one.
FOOTER_LINES = frozenset({
    "en", "be", "ru", "be/ru", "ru/be", "subscribe", "subscribe to us", "read more", "view all",
    "share", "related", "related articles", "more on this topic",
})
FOOTER_PREFIXES = (
    "you have been successfully subscribed", "subscribe to our newsletter",
    "sign up for our newsletter", "share this", "all rights reserved", "©",
)
# Section names of the digests; an unknown short line right after the period also counts.
KNOWN_SECTIONS = frozenset({
    "security issues", "foreign policy", "military affairs", "domestic policy", "economy",
    "situation in belarus", "society", "belarus-russia relations", "belarus–russia relations",
    "belarus-ukraine relations", "belarus–ukraine relations", "civil society", "human rights",
})
TREND_PREFIX = "The situation"
HEADER_LINES = 12  # the header is never longer than this many non-empty lines
_BYLINE = re.compile(r"^by(?:\s+(?P<author>.+))?$", re.IGNORECASE)
_PHOTO = re.compile(r"^(?:photo|фото)\s*(?:[:©]|by\b)", re.IGNORECASE)

_MONTHS = {
    name: number
    for number, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ), start=1)
    for name in names
}


def _side(p: str) -> str:
    """One end of a period: `August 26`, `26 August`, `26`, each with an optional year."""
    return (rf"(?:(?P<{p}iso>\d{{4}}-\d{{2}}-\d{{2}})|(?:(?P<{p}m1>[A-Za-z]{{3,9}})\.?\s+"
            rf"(?P<{p}d1>\d{{1,2}})|(?P<{p}d2>\d{{1,2}})(?:\s+(?P<{p}m2>[A-Za-z]{{3,9}})\.?)?)"
            rf"(?:st|nd|rd|th)?(?:,?\s+(?P<{p}y>\d{{4}}))?)")


_PERIOD = re.compile(rf"^{_side('a')}\s*[-–—]\s*{_side('b')}$")


def parse_period(line: str) -> tuple[datetime.date | None, datetime.date | None] | None:
    """The dates of a period line, (None, None) if it has no year, None if it is no period.

    Raises ValueError for a period line whose dates do not exist or run backwards.
    """
    match = _PERIOD.match(line.strip())
    if match is None:
        return None
    first, last = _end(match, "a"), _end(match, "b")
    if first is None or last is None:
        return None
    (ay, am, ad), (by, bm, bd) = first, last
    am, bm = am or bm, bm or am
    if am is None or bm is None:
        return None
    wraps = am > bm  # December 30 – January 5 crosses a year boundary
    if ay is None and by is not None:
        ay = by - 1 if wraps else by
    elif by is None and ay is not None:
        by = ay + 1 if wraps else ay
    if ay is None or by is None:
        return None, None
    try:
        start, end = datetime.date(ay, am, ad), datetime.date(by, bm, bd)
    except ValueError as err:
        raise ValueError(
            f"the period {line.strip()!r} names a date that does not exist ({err})") from None
    if end < start:
        raise ValueError(f"the period {line.strip()!r} ends before it starts")
    return start, end


def _end(match: re.Match[str], p: str) -> tuple[int | None, int | None, int] | None:
    """(year, month, day) of one end; None when a month name is not a month."""
    if match.group(f"{p}iso"):
        year, month, day = (int(part) for part in match.group(f"{p}iso").split("-"))
        return year, month, day
    name = match.group(f"{p}m1") or match.group(f"{p}m2")
    named_month = _MONTHS.get(name.lower()) if name else None
    if name and named_month is None:
        return None
    written_year = match.group(f"{p}y")
    return ((int(written_year) if written_year else None), named_month,
            int(match.group(f"{p}d1") or match.group(f"{p}d2")))


def is_period_line(line: str) -> bool:
    """Whether the line is a date range such as `August 26 – September 1, 2024`."""
    try:
        return parse_period(line) is not None
    except ValueError:
        return True


def looks_like_digest(text: str) -> bool:
    """Whether one of the first lines of the text is a period line."""
    lines = [line for line in text.split("\n") if line.strip()][:6]
    return any(is_period_line(line) for line in lines)


@dataclass
class _Header:
    """What the header lines said, and where the body begins."""

    roles: dict[str, int] = field(default_factory=dict)  # role -> line index
    author: str | None = None
    period: tuple[datetime.date | None, datetime.date | None] = (None, None)
    section: str | None = None
    title: str | None = None
    title_repeated: bool = False
    trend: str | None = None
    body_start: int = 0


def read(text: str, *, path: str, encoding: str) -> Briefing:
    """Read a briefing in the digest layout."""
    lines = text.split("\n")
    header = _parse_header(lines, path)
    footer = _footer_start(lines, header.body_start)
    body, spans = assemble_body(["\n".join(lines[header.body_start:footer])])
    if not body:
        raise BriefingError(path, "no body text between the digest header and the site footer",
                            line=header.body_start + 1)
    return Briefing(
        id=briefing_id(path), path=path, layout="digest", encoding=encoding,
        title=header.title or PurePath(path).stem, body=body, paragraphs=spans,
        period_start=header.period[0], period_end=header.period[1], section=header.section,
        trend=header.trend, author=header.author,
    )


def _parse_header(lines: list[str], path: str) -> _Header:
    """Consume header lines in any order, stopping at the first line that is none of them."""
    h = _Header(body_start=len(lines))
    previous = ""
    seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        role = _role(line, h, previous) if seen <= HEADER_LINES else None
        if role is None:
            h.body_start = index
            break
        _assign(h, role, line, index, path)
        previous = role
    if h.title is not None and not h.title_repeated and "trend" in h.roles \
            and h.roles["trend"] < h.roles["title"] and "photo" not in h.roles:
        # A single short line after the trend, with no photo credit to close the header, is
        # more likely the first paragraph than a title: keep it in the body.
        h.body_start, h.title = h.roles.pop("title"), None
    return h


def _role(line: str, h: _Header, previous: str) -> str | None:
    """The header role the line can still take, or None when the body has begun."""
    taken = h.roles
    if _is_footer_line(line):
        return None
    if not taken and len(line) <= 80 and _BYLINE.match(line):
        return "byline"
    if "period" not in taken and is_period_line(line):
        return "period"
    if "trend" not in taken and line.startswith(TREND_PREFIX) and len(line) <= 100:
        return "trend"
    if "photo" not in taken and len(line) <= 200 and _PHOTO.match(line):
        return "photo"
    if not h.title_repeated and _repeats_title(line, h):  # a third copy is text
        return "repeat"
    if "section" not in taken and h.title is None and _looks_like_section(line, previous):
        return "section"
    if h.title is None and "photo" not in taken and len(line) <= 200:
        return "title"
    return None


def _repeats_title(line: str, h: _Header) -> bool:
    """Whether the line is the title's second copy, or shows the 'section' was the title."""
    if h.title is not None:
        return line == h.title
    return h.section is not None and line == h.section and line.casefold() not in KNOWN_SECTIONS


def _assign(h: _Header, role: str, line: str, index: int, path: str) -> None:
    """Record what a header line says."""
    if role == "repeat":
        if h.title is None:
            h.title, h.section = h.section, None
            h.roles["title"] = h.roles.pop("section")
        h.title_repeated = True
        return
    h.roles[role] = index
    if role == "byline":
        match = _BYLINE.match(line)
        h.author = match.group("author") if match else None
    elif role == "period":
        try:
            h.period = parse_period(line) or (None, None)
        except ValueError as err:
            raise BriefingError(path, str(err), line=index + 1) from None
    elif role == "section":
        h.section = line
    elif role == "title":
        h.title = line
    elif role == "trend":
        h.trend = line


def _looks_like_section(line: str, previous: str) -> bool:
    """A known section name, or a short label right after the period line."""
    if line.casefold() in KNOWN_SECTIONS:
        return True
    return previous == "period" and len(line) <= 60 and len(line.split()) <= 6 \
        and not line.endswith((".", "!", "?", ":", ";", ","))


def _footer_start(lines: list[str], start: int) -> int:
    """Index of the first line of the site footer after the body start (len(lines) if none)."""
    filled = [i for i in range(start, len(lines)) if lines[i].strip()]
    for position, index in enumerate(filled):
        line = lines[index].strip()
        if _is_footer_line(line) or is_period_line(line):
            return index
        following = filled[position + 1] if position + 1 < len(filled) else None
        # A teaser of another briefing: a short label (its section) above a date range.
        if following is not None and len(line) <= 60 and is_period_line(lines[following]):
            return index
    return len(lines)


def _is_footer_line(line: str) -> bool:
    """Whether the line starts one of the site's boilerplate blocks."""
    key = line.strip().casefold()
    return key in FOOTER_LINES or key.startswith(FOOTER_PREFIXES)
