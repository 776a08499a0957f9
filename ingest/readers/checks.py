"""What a briefing's fields must be before anything is stored: text the stores can hold, and a
source URL that is an absolute http(s) IRI. Shared by every reader, so that no layout lets through
what another refuses."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from pyoxigraph import NamedNode

from briefgraph.ingest.briefing import Briefing
from briefgraph.ingest.errors import BriefingError

# C0 and C1 controls other than tab and newline, DEL, and lone surrogates. The decoder removes
# the controls from a file's raw text; these arrive through escapes it cannot see (YAML's "\0",
# HTML's "&#x7f;"). NUL makes FalkorDB refuse the whole batch's parameters; a surrogate is not
# Unicode text and cannot be encoded as UTF-8 for any store.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
TEXT_FIELDS = ("title", "body", "section", "trend", "publisher", "author", "source_url")
URL_SCHEMES = ("http", "https")


def forbidden_character(text: str) -> str | None:
    """What is wrong with the text, e.g. 'a control character (U+0000) at character 3', or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    name = unicodedata.name(found.group(), "")
    label = f"U+{code:04X} {name}" if name else f"U+{code:04X}"
    return f"{kind} ({label}) at character {found.start() + 1}"


def url_problem(value: str) -> str | None:
    """Why the value cannot be a briefing's source URL, or None when it can: it must be an absolute
    http:// or https:// URL with a host, and an IRI the RDF stores accept (the same parser)."""
    bad = forbidden_character(value)
    if bad is not None:
        return f"contains {bad}"
    try:
        parts = urlsplit(value)
    except ValueError as err:                   # e.g. an unclosed '[' in the host
        return f"is not a valid URL ({err}): {value!r}"
    if parts.scheme.lower() not in URL_SCHEMES:
        # 'www.site/x' (no scheme), '//site/x' (relative to the page), 'javascript:', 'data:'...
        return f"must be an absolute http:// or https:// URL, got {value!r}"
    if not parts.hostname:
        return f"must name a host after {parts.scheme}://, got {value!r}"
    try:
        NamedNode(value)
    except ValueError as err:
        return f"is not a valid URL ({err}): {value!r}"
    return None


def check_briefing(briefing: Briefing) -> Briefing:
    """The briefing, or a BriefingError naming the field that no store could hold as it is."""
    for field in TEXT_FIELDS:
        value = getattr(briefing, field)
        if value is None:
            continue
        bad = forbidden_character(value)
        if bad is not None:
            raise BriefingError(briefing.path, f"the {field} contains {bad}")
    if briefing.source_url is not None:
        problem = url_problem(briefing.source_url)
        if problem is not None:
            raise BriefingError(briefing.path, f"the source_url {problem}")
    return briefing
