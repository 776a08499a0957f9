"""A briefing's text cut into paragraphs of segments: plain text, or a mention linked to its
entity, with anchors where facts begin, so that a source can link to its spot in the briefing.
Segments are data; the template escapes every piece of text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgraph.store.graph.rows import parse_span


@dataclass
class Segment:
    """A run of the briefing's text: a mention of `entity` or plain text, starting at `start`."""

    text: str
    start: int
    entity: str | None = None
    label: str | None = None
    anchors: list[str] = field(default_factory=list)     # ids of the spots that begin here


@dataclass
class Paragraph:
    """A paragraph: its number, offsets, segments and the facts extracted from it."""

    number: int
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def annotate(body: str, paragraphs: list[str], mentions: list[dict[str, Any]],
             facts: list[dict[str, Any]]) -> list[Paragraph]:
    """Paragraphs of the body with their mention segments and the facts whose evidence starts there."""
    bounds = [parse_span(p) for p in paragraphs] or [(0, len(body))]
    spans = sorted((s, e, m["entity"], m["label"]) for m in mentions for s, e in map(parse_span, m["spans"]))
    out = [Paragraph(i + 1, s, e) for i, (s, e) in enumerate(bounds)]
    starts = sorted({f["start"] for f in facts if f.get("start") is not None})

    def plain(para: Paragraph, a: int, b: int) -> None:
        """Text from a to b, cut where a fact begins so that the spot has an anchor."""
        cuts = [a] + [x for x in starts if a < x < b] + [b]
        for x, y in zip(cuts, cuts[1:]):
            para.segments.append(Segment(body[x:y], x, anchors=[f"c{x}"] if x in starts else []))

    k = 0
    for para in out:
        cursor = para.start
        while k < len(spans) and spans[k][0] < para.end:
            s, e, entity, label = spans[k]
            k += 1
            if s < cursor or e > para.end:          # overlapping or crossing a paragraph: left as text
                continue
            if s > cursor:
                plain(para, cursor, s)
            para.segments.append(Segment(body[s:e], s, entity, label,
                                         [f"m{s}"] + ([f"c{s}"] if s in starts else [])))
            cursor = e
        if cursor < para.end:
            plain(para, cursor, para.end)
    for fact in sorted(facts, key=lambda f: (f.get("start") or 0)):
        start = fact.get("start") or 0
        home = next((p for p in out if p.start <= start < p.end), out[-1])
        home.facts.append(fact)
    return out
