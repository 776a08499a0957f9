"""Sentence splitting with offsets: rules for abbreviations, initials, quotes and line breaks."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof gen lt col maj capt sgt cpt adm brig cmdr st no nos vol art para fig
    jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e etc vs approx incl est dept govt
    u.s u.k u.n e.u ca cf al jr sr gov sen rep
""".split())

# A candidate end: terminal punctuation, then closing quotes or brackets, then space.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'\u201c\u2018\u00ab(\[]?[A-Z0-9\u0400-\u042f\u2116]")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its index in the document, its span, its text and its paragraph."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _LAST_WORD.search(text, max(0, dot - 40), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    # An initial ("A. Lukashenko"), but not a one-letter sentence end like "Plan B."
    return len(word) == 1 and word.isalpha() and text[m.start(1)].isupper() and \
        (m.start(1) == 0 or not text[m.start(1) - 1].isalpha())


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets after newlines that end a sentence: unless the next line continues in lower case
    after a line without terminal punctuation (hard-wrapped prose)."""
    cuts = []
    pos = text.find("\n", start, end)
    while pos != -1:
        prev = text[start:pos].rstrip()
        nxt = text[pos + 1:end].lstrip()
        wrapped = prev and prev[-1].isalnum() and nxt[:1].islower()
        if not wrapped:
            cuts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return cuts


def split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph text[start:end], whitespace trimmed."""
    cuts = set(_line_breaks(text, start, end))
    for m in _END.finditer(text, start, end):
        dot = m.start() + len(m.group().rstrip("\"'\u201d\u2019\u00bb)]")) - 1
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        if _NEXT_STARTS_SENTENCE.match(text, m.end(), end) or m.end() >= end:
            cuts.add(m.end())
    spans = []
    prev = start
    for cut in sorted(cuts) + [end]:
        s, e = prev, min(cut, end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = max(prev, cut)
    return spans


# Prose sentences run to a few hundred characters; a "sentence" of tens of thousands (a page with
# no full stop) would make the per-sentence work of the later components grow with its square.
MAX_SENTENCE = 2000


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE characters, at whitespace where there is any."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut != -1 else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def split_sentences(text: str, paragraphs: tuple[tuple[int, int], ...] | None = None) -> list[Sentence]:
    """The sentences of a text, paragraph by paragraph (blank lines separate paragraphs)."""
    if paragraphs is None:
        paragraphs = tuple((m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text))
    out: list[Sentence] = []
    for p, (ps, pe) in enumerate(paragraphs):
        for span in split_paragraph(text, ps, pe):
            for s, e in _capped(text, *span):
                out.append(Sentence(len(out), s, e, text[s:e], p))
    return out
