"""Plain text: an optional short title line, then paragraphs separated by blank lines."""
from __future__ import annotations

from pathlib import PurePath

from briefgraph.ingest.briefing import Briefing, assemble_body, briefing_id
from briefgraph.ingest.errors import BriefingError

MAX_TITLE_CHARS = 200


def read(text: str, *, path: str, encoding: str) -> Briefing:
    """Read a plain-text briefing."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        del lines[0]
    if not lines:
        raise BriefingError(path, "the file contains only whitespace")
    title = PurePath(path).stem
    first = lines[0].strip()
    rest = "\n".join(lines[1:])
    # A title is a short first line set apart by a blank line, with text after it.
    if len(first) < MAX_TITLE_CHARS and len(lines) > 2 and not lines[1].strip() and rest.strip():
        title, lines = first, lines[1:]
    body, spans = assemble_body(["\n".join(lines)])
    return Briefing(id=briefing_id(path), path=path, layout="text", encoding=encoding,
                    title=title, body=body, paragraphs=spans)
