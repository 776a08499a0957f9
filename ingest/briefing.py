"""The normalised briefing every reader returns, and the body assembly the readers share."""
from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from briefgraph.ontology.names import slugify

LAYOUTS = ("digest", "markdown", "html", "text")

Span = tuple[int, int]

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Briefing:
    """One briefing: its metadata, its normalised body and the paragraph spans in that body."""

    id: str
    path: str
    layout: str
    encoding: str
    title: str
    body: str
    paragraphs: tuple[Span, ...]
    published: datetime.date | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    section: str | None = None
    trend: str | None = None
    publisher: str | None = None
    author: str | None = None
    source_url: str | None = None
    content_hash: str = ""
    # What the reader left out and the person ingesting should hear about (a page's unusable
    # canonical link). Not content: outside the hash and the JSON.
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; expected one of {LAYOUTS}")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", self._compute_hash())

    @property
    def reference_date(self) -> datetime.date | None:
        """The date the briefing speaks for: published, else the end or start of its period."""
        return self.published or self.period_end or self.period_start

    @property
    def period(self) -> str | None:
        """The period covered as an ISO interval, `..` standing for an open end."""
        if self.period_start is None and self.period_end is None:
            return None
        return f"{_iso(self.period_start) or '..'}/{_iso(self.period_end) or '..'}"

    def paragraph_texts(self) -> tuple[str, ...]:
        """The text of each paragraph, in order."""
        return tuple(self.body[start:end] for start, end in self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """The metadata (no body) as JSON-ready values with ISO dates."""
        return {
            "id": self.id,
            "path": self.path,
            "layout": self.layout,
            "encoding": self.encoding,
            "title": self.title,
            "published": _iso(self.published),
            "period": self.period,
            "reference_date": _iso(self.reference_date),
            "section": self.section,
            "trend": self.trend,
            "publisher": self.publisher,
            "author": self.author,
            "source_url": self.source_url,
            "paragraphs": len(self.paragraphs),
            "content_hash": self.content_hash,
        }

    def _compute_hash(self) -> str:
        """sha256 over the body and the metadata that describe the content."""
        # The path and the encoding describe the container, not the content: the same text
        # read from another folder or re-encoded must keep its hash.
        payload = {
            "id": self.id, "layout": self.layout, "title": self.title, "body": self.body,
            "published": _iso(self.published), "period": self.period, "section": self.section,
            "trend": self.trend, "publisher": self.publisher, "author": self.author,
            "source_url": self.source_url,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def briefing_id(name: str) -> str:
    """The deterministic id of a briefing: the slug of its file stem."""
    return slugify(PurePath(name).stem)


def split_paragraphs(text: str) -> list[str]:
    """Blocks of text separated by one or more blank lines."""
    return [block for block in _BLANK_LINES.split(text) if block.strip()]


def assemble_body(blocks: Iterable[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraphs with one blank line; return the body and each paragraph's span in it."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for block in blocks:
        for paragraph in split_paragraphs(block):
            lines = [line.rstrip() for line in paragraph.split("\n")]
            text = "\n".join(lines).strip()
            if not text:
                continue
            if parts:
                offset += 2
            spans.append((offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
    return "\n\n".join(parts), tuple(spans)


def _iso(value: datetime.date | None) -> str | None:
    """ISO 8601 text of a date, or None."""
    return value.isoformat() if value is not None else None
