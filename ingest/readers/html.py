"""HTML pages: the article text and the page's metadata, never its scripts, styles or chrome."""
from __future__ import annotations

import datetime
import re
from pathlib import PurePath
from typing import Any

import lxml.etree
import lxml.html

from briefgraph.ingest.briefing import Briefing, assemble_body, briefing_id
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.readers.checks import url_problem

# Never text: removed before the title or the fallback body is read.
CODE_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object")
# Page chrome around the article, removed for the fallback body.
CHROME_TAGS = ("nav", "aside", "footer", "form", "button", "select", "textarea", "figure")
CHROME_MARKERS = ("cookie", "consent", "gdpr", "newsletter", "subscribe", "share", "related",
                  "advert", "banner", "social", "byline")
BLOCK_TAGS = ("p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5",
              "h6", "li", "dt", "dd", "blockquote", "pre", "figcaption", "tr", "table", "ul", "ol")
_BLOCK, _BREAK = "\ue000", "\ue001"  # private-use marks for block and line breaks
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CODE_IN_TEXT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG_IN_TEXT = re.compile(r"</?[A-Za-z][^<>]*>")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_BULLET = re.compile(r"^- ")


def read(text: str, *, path: str, encoding: str) -> Briefing:
    """Read an HTML page: the article body, its title and the metadata the page declares."""
    root, too_deep = _parse(text, path)
    for element in list(root.iter(*CODE_TAGS)):
        element.drop_tree()
    site = _meta(root, "og:site_name")
    title = _title(root, site) or PurePath(path).stem
    author = _meta(root, "author") or _meta(root, "article:author")
    metadata: dict[str, Any] = {
        "published": (_date(_meta(root, "article:published_time"))
                      or _date(_first(root, "//article//time/@datetime | //time/@datetime"))
                      or _date(_meta(root, "datePublished"))),
        "section": _meta(root, "article:section"),
        "publisher": site,
        "author": author if author and "://" not in author else None,
    }
    metadata["source_url"], warnings = _source_url(root)
    # The extractor reads the page without its scripts and styles, so none can leak through.
    lines = _extract(lxml.html.tostring(root, encoding="unicode")) or _fallback(root)
    if lines and _squash(lines[0]) == title:
        lines = lines[1:]  # the extractor repeats the headline as the first line
    body, spans = assemble_body(lines)
    if not body:
        note = (" (it is nested more than 255 levels deep, and the parser stops reading there)"
                if too_deep else "")
        raise BriefingError(path, f"no article text found in the HTML{note}")
    if metadata["published"] is None:
        metadata["published"] = _extracted_date(text)
    return Briefing(id=briefing_id(path), path=path, layout="html", encoding=encoding,
                    title=title, body=body, paragraphs=spans, warnings=warnings, **metadata)


def _parse(text: str, path: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The lxml tree of the page, and whether the parser hit its nesting limit."""
    parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as err:
        raise BriefingError(path, f"the HTML cannot be parsed: {err}") from None
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    return root, too_deep


def _extract(text: str) -> list[str]:
    """The article's lines according to trafilatura, or [] when it finds none or fails."""
    import trafilatura  # imported here: it takes a while, and only HTML pages need it

    try:
        result = trafilatura.extract(text, output_format="txt", include_comments=False,
                                     include_tables=False, favor_precision=True)
    except Exception:  # noqa: BLE001 - any failure of the extractor falls back to lxml below
        return []
    return [_BULLET.sub("", line) for line in (result or "").split("\n")]


def _extracted_date(text: str) -> datetime.date | None:
    """The publication date trafilatura finds in the page, or None."""
    import trafilatura

    try:
        found = trafilatura.extract_metadata(text)
    except Exception:  # noqa: BLE001 - a date guess is optional; the briefing reads without it
        return None
    return _date(found.date) if found is not None else None


def _fallback(root: lxml.html.HtmlElement) -> list[str]:
    """The text of <article> or <main> without chrome, one entry per block element."""
    container = _first_element(root, "//article") or _first_element(root, "//main")
    if container is None:
        return []
    for element in list(container.iter()):
        if element is container or not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if element.tag in CHROME_TAGS or any(marker in marks for marker in CHROME_MARKERS):
            element.drop_tree()
    for element in container.iter(*BLOCK_TAGS):
        element.text = _BLOCK + (element.text or "")
        element.tail = _BLOCK + (element.tail or "")
    for element in container.iter("br"):
        element.tail = _BREAK + (element.tail or "")
    text = re.sub(r"[ \t\n\r\f\v]+", " ", container.text_content())
    blocks = (block.replace(_BREAK, "\n") for block in text.split(_BLOCK))
    return ["\n".join(line.strip() for line in block.split("\n")) for block in blocks]


def _title(root: lxml.html.HtmlElement, site: str | None) -> str | None:
    """The article's <h1>, else og:title, else <title> without the site name."""
    heading = _first_element(root, "//article//h1")
    if heading is not None and _squash(heading.text_content()):
        return _squash(heading.text_content())
    title = _clean(_meta(root, "og:title") or "") or _clean(root.findtext(".//title") or "")
    if title and site:
        for separator in (" | ", " – ", " — ", " - ", " :: "):
            title = title.removesuffix(f"{separator}{site}")
    return title or None


def _meta(root: lxml.html.HtmlElement, name: str) -> str | None:
    """The content of a <meta property|name|itemprop=name>, whitespace squashed."""
    value = _first(root, "//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name)
    if value is None:
        return None
    return _clean(value) or None


def _first(root: lxml.html.HtmlElement, xpath: str, **variables: str) -> str | None:
    """The first string an XPath finds, or None."""
    found = root.xpath(xpath, **variables)
    return str(found[0]) if found else None


def _first_element(root: lxml.html.HtmlElement, xpath: str) -> lxml.html.HtmlElement | None:
    """The first element an XPath finds, or None."""
    found = root.xpath(xpath)
    return found[0] if found else None


def _date(value: str | None) -> datetime.date | None:
    """The date at the start of an ISO date or date-time, or None."""
    match = _ISO_DATE.match(value or "")
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _source_url(root: lxml.html.HtmlElement) -> tuple[str | None, tuple[str, ...]]:
    """The page's canonical link, else its og:url, if one is an absolute http(s) URL; and a
    warning when the page declares one that is not.

    Dropped with a warning, not refused as in Markdown: the link is the publisher's markup, not
    the archivist's, and the article reads the same without it (a relative canonical link, or a
    `javascript:` one in a hostile page, must never become a link on the briefing's page)."""
    declared = [value.strip() for value in (_first(root, "//link[@rel='canonical']/@href"),
                                             _meta(root, "og:url")) if value and value.strip()]
    problems = []
    for value in declared:
        problem = url_problem(value)
        if problem is None:
            return value, ()
        problems.append(problem)
    if not problems:
        return None, ()
    return None, (f"the page's source URL was left out: it {problems[0]}",)


def _clean(text: str) -> str:
    """Text of an attribute or <title>: no markup or script leaked in, whitespace squashed."""
    return _squash(_TAG_IN_TEXT.sub(" ", _CODE_IN_TEXT.sub(" ", text)))


def _squash(text: str) -> str:
    """Runs of whitespace as one space, no leading or trailing whitespace."""
    return " ".join(text.split())
