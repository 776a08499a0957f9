"""Markdown with YAML front matter: validated metadata and the body as plain-text paragraphs."""
from __future__ import annotations

import datetime
import html
import re
from pathlib import PurePath
from typing import Any

import yaml

from briefgraph.ingest.briefing import Briefing, assemble_body, briefing_id
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.readers.checks import forbidden_character, url_problem

STRING_KEYS = ("title", "source_url", "publisher", "author", "section", "trend")
_FENCE_CLOSERS = ("---", "...")

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# Up to three digits for a numbered item: a line starting "2024. " is a year, not item 2024.
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|(?P<number>\d{1,3})[.)])(?:[ \t]+|$)")
_QUOTES = re.compile(r"^(?: {0,3}>[ \t]?)+")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")
_CODE = re.compile(r"(`+)([^`]+)\1")
# A link's destination: (url "title"), one level of parentheses inside the url, or [ref].
_DESTINATION = r"(?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])"
_IMAGE = re.compile(r"!\[[^\[\]]*\]" + _DESTINATION)
_LINK = re.compile(r"\[([^\[\]]*)\]" + _DESTINATION)
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# The emphasised text may not contain its own marker: that keeps each match local (no
# backtracking over a whole paragraph); nesting is undone by repeating the substitutions.
_EMPHASIS = (
    re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*"),
    re.compile(r"(?<![\w_])__([^_\s](?:[^_]*[^_\s])?)__(?![\w_])"),
    re.compile(r"~~([^~\s](?:[^~]*[^~\s])?)~~"),
    re.compile(r"(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_([^_\s](?:[^_]*[^_\s])?)_(?![\w_])"),
)
_ESCAPED_BASE = 0xF0000  # escaped characters wait in a private-use plane while markup is removed


def read(text: str, *, path: str, encoding: str) -> Briefing:
    """Read a Markdown briefing with optional YAML front matter."""
    meta, key_lines, body_source, first_body_line = split_front_matter(text, path)
    fields = {key: _string(meta, key, key_lines, path) for key in STRING_KEYS}
    published = _date(meta, "published", key_lines, path)
    period = _interval(meta, "covered", key_lines, path)
    blocks = markdown_blocks(body_source)
    title = fields.pop("title")
    first_heading = next((t for kind, t in blocks if kind == "h1"), None)
    if title is None:
        title = first_heading or PurePath(path).stem
    if blocks and blocks[0][0] == "h1" and blocks[0][1] == title:
        blocks = blocks[1:]  # the title heading is the title, not the first paragraph
    body, spans = assemble_body(t for _, t in blocks)
    if not body:
        raise BriefingError(path, "no body text after the front matter", line=first_body_line)
    return Briefing(
        id=briefing_id(path), path=path, layout="markdown", encoding=encoding, title=title,
        body=body, paragraphs=spans, published=published, period_start=period[0],
        period_end=period[1], section=fields["section"], trend=fields["trend"],
        publisher=fields["publisher"], author=fields["author"], source_url=fields["source_url"],
    )


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """The front matter as a mapping, the file line of each key, the body and its first line."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, {}, text, 1
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCE_CLOSERS), None)
    if close is None:
        raise BriefingError(path, "front matter opened on line 1 is never closed by a '---' line",
                            line=1)
    meta, key_lines = _load_yaml("\n".join(lines[1:close]), path)
    return meta, key_lines, "\n".join(lines[close + 1:]), close + 2


def _load_yaml(source: str, path: str) -> tuple[dict[str, Any], dict[str, int]]:
    """safe_load the front matter, keeping the file line of each top-level key."""
    loader: yaml.SafeLoader | None = None
    node: yaml.Node | None = None
    try:
        loader = yaml.SafeLoader(source)  # may already refuse unprintable characters
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (None, None)
        raise BriefingError(path, f"front matter is not valid YAML: {err.problem or err.context}",
                            line=line, column=column) from None
    except yaml.YAMLError as err:
        raise BriefingError(path, f"front matter is not valid YAML: {err}", line=2) from None
    except RecursionError:
        raise BriefingError(path, "front matter is nested too deeply to read", line=2) from None
    except (ValueError, TypeError, OverflowError) as err:
        raise BriefingError(path, f"front matter has a value that cannot be read: {err}",
                            line=_failing_line(node)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise BriefingError(path, f"front matter is not a mapping (got {_kind(data)})", line=2)
    key_lines = {k.value: k.start_mark.line + 2 for k, _ in node.value
                 if isinstance(k, yaml.ScalarNode)}
    return data, key_lines


def _failing_line(node: yaml.Node | None) -> int | None:
    """The file line of the first top-level value that cannot be constructed."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for _, value in node.value:
        try:
            yaml.SafeLoader("").construct_object(value, deep=True)
        except (ValueError, TypeError, OverflowError, RecursionError, yaml.YAMLError):
            line: int = value.start_mark.line       # counted from 0 after the opening '---'
            return line + 2
    return None


def _string(meta: dict[str, Any], key: str, lines: dict[str, int], path: str) -> str | None:
    """An optional string field; blank counts as absent."""
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BriefingError(path, f"front matter: {key!r} must be a string, got {_kind(value)}",
                            line=lines.get(key))
    # YAML escapes ("\0", "\x7f", "\ud800") reach here although the file's raw text has no such
    # characters; every store would refuse them or take them for something else.
    bad = forbidden_character(value)
    if bad is not None:
        raise BriefingError(path, f"front matter: {key!r} contains {bad}", line=lines.get(key))
    value = value.strip()
    if key == "source_url" and value:
        # The author wrote this field, so a typo ('www.site/x' without https://) is refused
        # rather than dropped: a briefing would otherwise lose its provenance link unnoticed.
        problem = url_problem(value)
        if problem is not None:
            raise BriefingError(path, f"front matter: 'source_url' {problem}", line=lines.get(key))
    return value or None


def _date(meta: dict[str, Any], key: str, lines: dict[str, int], path: str) -> datetime.date | None:
    """An optional date: a YAML date, or an ISO date (or date-time) string."""
    value = meta.get(key)
    if value is None:
        return None
    date = _as_date(value)
    if date is None:
        raise BriefingError(path, f"front matter: {key!r} is not a date: {value!r}",
                            line=lines.get(key))
    return date


def _interval(meta: dict[str, Any], key: str, lines: dict[str, int],
              path: str) -> tuple[datetime.date | None, datetime.date | None]:
    """An optional ISO interval YYYY-MM-DD/YYYY-MM-DD (a single date is a one-day period)."""
    value = meta.get(key)
    if value is None:
        return None, None
    if isinstance(value, datetime.date):
        day = _as_date(value)
        return day, day
    parts = value.split("/") if isinstance(value, str) else []
    ends = [_as_date(part.strip()) for part in parts]
    if len(ends) != 2 or ends[0] is None or ends[1] is None:
        message = f"front matter: {key!r} must be an interval YYYY-MM-DD/YYYY-MM-DD"
        raise BriefingError(path, message, line=lines.get(key))
    if ends[1] < ends[0]:
        raise BriefingError(path, f"front matter: {key!r} ends before it starts: {value!r}",
                            line=lines.get(key))
    return ends[0], ends[1]


def _as_date(value: object) -> datetime.date | None:
    """A date from a YAML date/date-time or an ISO string, else None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
            try:
                parsed = parse(value.strip())
            except ValueError:
                continue
            return parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    return None


def _kind(value: object) -> str:
    """'a list', 'a mapping', … for a message about a YAML value."""
    for kind, name in ((bool, "a boolean"), (int, "an integer"), (float, "a number"),
                       (str, "a string"), (list, "a list"), (dict, "a mapping"),
                       (datetime.date, "a date")):
        if isinstance(value, kind):
            return name
    return f"a {type(value).__name__}"


def markdown_blocks(source: str) -> list[tuple[str, str]]:
    """(kind, plain text) of each heading ('h1'…'h6'), list item ('item') and paragraph ('p')."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "p"
    fence: str | None = None

    def flush() -> None:
        if current:
            blocks.append((kind, _inline("\n".join(current)) if kind != "code" else
                           "\n".join(current)))
            current.clear()

    for raw in _COMMENT.sub("", source).split("\n"):
        line = _QUOTES.sub("", raw)
        if fence is not None:
            if line.strip().startswith(fence):
                flush()
                fence, kind = None, "p"
            else:
                current.append(line.rstrip())
            continue
        opened = _FENCE.match(line)
        if opened:
            flush()
            fence, kind = opened.group(1), "code"
        elif not line.strip():
            flush()
        elif current and kind == "p" and _SETEXT.match(line):
            kind = "h1" if line.strip().startswith("=") else "h2"
            flush()
            kind = "p"
        elif _RULE.match(line) or (not current and _LINK_DEF.match(line)):
            flush()
        elif heading := _ATX.match(line):
            flush()
            blocks.append((f"h{len(heading.group(1))}", _inline(heading.group(2) or "")))
        elif (item := _ITEM.match(line)) and not _continues(current, kind, item):
            flush()
            kind = "item"
            current.append(line[item.end():].strip())
        else:
            if not current:
                kind = "p"
            current.append(line.strip())
    flush()
    return [(k, text.strip()) for k, text in blocks if text.strip()]


def _continues(current: list[str], kind: str, item: re.Match[str]) -> bool:
    """Whether a numbered line continues the open paragraph: only `1.` may interrupt one."""
    return bool(current) and kind == "p" and item.group("number") not in (None, "1")


def _inline(text: str) -> str:
    """Plain text of inline Markdown: no emphasis, links as their text, code as its text."""
    text = _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), text)
    pieces = _CODE.split(text)
    out: list[str] = []
    # split() with two groups yields: text, fence, code, text, fence, code, …, text
    for index in range(0, len(pieces), 3):
        out.append(_plain(pieces[index]))
        if index + 2 < len(pieces):
            out.append(pieces[index + 2].strip())
    text = "".join(out)
    text = re.sub("[\U000f0000-\U000f00ff]", lambda m: chr(ord(m.group()) - _ESCAPED_BASE), text)
    text = re.sub(r"\\$", "", text, flags=re.MULTILINE)  # a hard line break
    return html.unescape(text)


def _plain(text: str) -> str:
    """Markup removed from a stretch of inline Markdown outside code spans."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: **_x_**, *a **b** c*
        previous = text
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\1", text)
    return text
