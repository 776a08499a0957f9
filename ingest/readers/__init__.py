"""Read a briefing file of any supported layout into a normalised Briefing."""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePath

from briefgraph.ingest.decode import MAX_BYTES, decode
from briefgraph.ingest.briefing import Briefing
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.files import read_file
from briefgraph.ingest.readers import digest, html, markdown, plain
from briefgraph.ingest.readers.checks import check_briefing

Reader = Callable[..., Briefing]

# One reader per layout; each takes the decoded text, the path and the encoding name.
READERS: dict[str, Reader] = {
    "digest": digest.read,
    "markdown": markdown.read,
    "html": html.read,
    "text": plain.read,
}
# File extensions and the layout they announce ("text" means digest or plain text).
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
}
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*\?>\s*<!doctype\s+html)",
                         re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(?:html|head|body|article|main)\b", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def read_briefing(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Briefing:
    """Read one briefing file; every problem with it raises BriefingError."""
    name = os.fspath(path)
    return read_bytes(read_file(name, max_bytes=max_bytes), name, max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Briefing:
    """Read a briefing from its bytes; `name` gives the extension, the id and the error path."""
    text, encoding = decode(data, name, max_bytes=max_bytes)
    briefing = READERS[detect_layout(text, name)](text, path=name, encoding=encoding)
    return check_briefing(briefing)


def detect_layout(text: str, name: str) -> str:
    """The layout announced by the extension, or recognised in the text for an unknown one."""
    suffix = PurePath(name).suffix.lower()
    layout = EXTENSIONS.get(suffix)
    if layout == "text":
        return "digest" if digest.looks_like_digest(text) else "text"
    if layout is not None:
        return layout
    sniffed = sniff_layout(text)
    if sniffed is not None:
        return sniffed
    if not suffix:
        return "text"  # a name without an extension: read what is there as plain text
    known = ", ".join(EXTENSIONS)
    raise BriefingError(name, f"unsupported file type {suffix!r} (expected one of {known}, "
                              "or a text recognisable as a digest, Markdown or HTML)")


def sniff_layout(text: str) -> str | None:
    """The layout the text itself shows: HTML markup, YAML front matter or a digest header."""
    head = text[:2000]
    if _HTML_START.match(head) or _HTML_TAGS.search(head):
        return "html"
    if _FRONT_MATTER.match(text):
        return "markdown"
    if digest.looks_like_digest(text):
        return "digest"
    return None
