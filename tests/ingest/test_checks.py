"""The checks every reader applies to a briefing's fields: a source URL is an absolute http(s) IRI,
and no field holds a character a store would refuse (issue 19, findings 6 and 12)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_bytes
from briefgraph.ingest.readers.checks import url_problem
from briefgraph.store.writer import prepare

BODY = "On 3 May 2023 Russian troops arrived in Brest, Belarus."


def markdown(front: str) -> bytes:
    return f"---\ntitle: T\n{front}\n---\n\n{BODY}\n".encode("utf-8")


def refusal(data: bytes, name: str = "n.md") -> str:
    with pytest.raises(BriefingError) as caught:
        read_bytes(data, name)
    return str(caught.value)


@pytest.mark.parametrize(("url", "message"), [
    ("www.belta.by/news/1",
     "n.md:3: front matter: 'source_url' must be an absolute http:// or https:// URL, got 'www.belta.by/news/1'"),
    ("javascript:alert(document.cookie)",
     "n.md:3: front matter: 'source_url' must be an absolute http:// or https:// URL, "
     "got 'javascript:alert(document.cookie)'"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
     "n.md:3: front matter: 'source_url' must be an absolute http:// or https:// URL, "
     "got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='"),
    ("//evil.example/briefing",
     "n.md:3: front matter: 'source_url' must be an absolute http:// or https:// URL, got '//evil.example/briefing'"),
    ("ftp://belta.by/news/1",
     "n.md:3: front matter: 'source_url' must be an absolute http:// or https:// URL, got 'ftp://belta.by/news/1'"),
    ("http:///news/1", "n.md:3: front matter: 'source_url' must name a host after http://, got 'http:///news/1'"),
    ("https://belta.by/news 1",
     "n.md:3: front matter: 'source_url' is not a valid URL (Invalid IRI code point ' '): 'https://belta.by/news 1'"),
    ('"https://belta.by/\\0"',
     "n.md:3: front matter: 'source_url' contains a control character (U+0000) at character 18"),
])
def test_markdown_source_url_that_is_no_absolute_http_url_is_refused_with_its_line(url, message):
    assert refusal(markdown(f"source_url: {url}")) == message


@pytest.mark.parametrize("url", ["https://belta.by/news/1", "HTTP://EXAMPLE.ORG/a?b=1#c",
                                 "https://belta.by/навіны/1", "http://[::1]:8080/x"])
def test_absolute_http_urls_are_kept(url):
    assert read_bytes(markdown(f"source_url: {url}"), "n.md").source_url == url


@pytest.mark.parametrize(("front", "message"), [
    ('title: "he\\0llo"', "n.md:2: front matter: 'title' contains a control character (U+0000) at character 3"),
    ('author: "a\\x07b"', "n.md:3: front matter: 'author' contains a control character (U+0007) at character 2"),
    ('publisher: "x\\x7f"', "n.md:3: front matter: 'publisher' contains a control character (U+007F) at character 2"),
    ('section: "x\\x85y"', "n.md:3: front matter: 'section' contains a control character (U+0085) at character 2"),
    ('trend: "\\ud800"', "n.md:3: front matter: 'trend' contains a lone surrogate (U+D800) at character 1"),
])
def test_front_matter_escapes_that_make_a_control_character_are_refused_with_field_and_line(front, message):
    text = f"---\n{front}\n---\n\n{BODY}\n" if front.startswith("title") else None
    data = text.encode("utf-8") if text else markdown(front)
    assert refusal(data) == message


def test_a_control_character_from_an_html_entity_is_refused_naming_the_field():
    page = ("<html><head><title>Brest&#x7f; report</title></head><body><article><p>"
            f"{BODY}</p></article></body></html>")
    assert refusal(page.encode(), "p.html") == "p.html: the title contains a control character (U+007F) at character 6"


def page(head: str) -> bytes:
    return (f"<html><head><title>T</title>{head}</head><body><article><p>{BODY}</p>"
            "</article></body></html>").encode()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "/news/1", "//evil.example/x",
                                  "data:text/html;base64,PHNjcmlwdD4="])
def test_an_html_canonical_link_that_is_no_http_url_is_dropped_with_a_warning(link):
    b = read_bytes(page(f'<link rel="canonical" href="{link}">'), "p.html")
    assert (b.source_url, b.warnings) == (None, (
        f"the page's source URL was left out: it must be an absolute http:// or https:// URL, got {link!r}",))


def test_html_falls_back_to_og_url_when_the_canonical_link_is_unusable():
    b = read_bytes(page('<link rel="canonical" href="/news/1">'
                        '<meta property="og:url" content="https://belta.by/news/1">'), "p.html")
    assert (b.source_url, b.warnings) == ("https://belta.by/news/1", ())


def test_markdown_and_html_share_one_check():
    assert url_problem("https://belta.by/x") is None
    assert url_problem("mailto:a@b.org") == "must be an absolute http:// or https:// URL, got 'mailto:a@b.org'"


# YAML double-quoted escapes can make any code point, surrogates included, which the decoder
# never sees; controls and surrogates are drawn more often than their share of Unicode.
CODE_POINTS = st.one_of(st.integers(0, 0x9F), st.integers(0xD800, 0xDFFF), st.integers(0, 0x10FFFF))
ESCAPED = st.lists(CODE_POINTS, max_size=30).map(lambda points: "".join(f"\\U{p:08x}" for p in points))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ESCAPED, key=st.sampled_from(["title", "author", "publisher", "section", "trend", "source_url"]),
       scheme=st.sampled_from(["", "https://belta.by/"]))
def test_a_briefing_the_readers_accept_is_one_both_stores_accept(value, key, scheme, rules_pipeline):
    """Whatever a front matter string holds, the file is refused by name or every value of it
    passes the stores' own rules (the graph's parameter rules, the RDF parser)."""
    data = f'---\n{key}: "{scheme if key == "source_url" else ""}{value}"\n---\n\n{BODY}\n'.encode()
    try:
        briefing = read_bytes(data, "fuzz.md")
    except BriefingError as exc:
        assert exc.path == "fuzz.md" and exc.line in (2, None)
        return
    prepare(extract(briefing, rules_pipeline), "http://briefgraph.test")
