"""Reading briefing files of every layout into a normalised Briefing."""
from __future__ import annotations

import codecs
import datetime
import hashlib
import re
from pathlib import Path

import pytest

from briefgraph.ingest.briefing import Briefing, assemble_body
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.readers import html, read_briefing, read_bytes
from briefgraph.ingest.readers.digest import FOOTER_LINES, FOOTER_PREFIXES, parse_period

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.name != "README.md")
SEED = Path("/work/shared/dev-set/briefings/00-seed.txt")
LAYOUTS = {".txt": "digest", ".md": "markdown", ".html": "html"}
D = datetime.date


def read_text(text: str, name: str) -> Briefing:
    """Read a briefing from text written in the test."""
    return read_bytes(text.encode("utf-8"), name)


def error_of(text: str | bytes, name: str) -> BriefingError:
    """The BriefingError that reading the text raises."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(BriefingError) as caught:
        read_bytes(data, name)
    return caught.value


def assert_well_formed(b: Briefing) -> None:
    """Paragraph spans cover the body exactly, one blank line apart, with no stray spaces."""
    assert b.body == "\n\n".join(b.paragraph_texts())
    assert b.paragraphs[0][0] == 0 and b.paragraphs[-1][1] == len(b.body)
    for (_, end), (start, _) in zip(b.paragraphs, b.paragraphs[1:]):
        assert b.body[end:start] == "\n\n"
    for text in b.paragraph_texts():
        assert text == text.strip() and "\n\n" not in text
        assert all(line == line.rstrip() for line in text.split("\n"))


# --- the project's samples ---------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads_cleanly(path: Path) -> None:
    b = read_briefing(path)
    assert b.layout == LAYOUTS[path.suffix]
    assert (b.id, b.path, b.encoding) == (path.stem, str(path), "utf-8")
    assert_well_formed(b)
    for line in b.body.split("\n"):
        key = line.strip().casefold()
        assert key not in FOOTER_LINES and not key.startswith(FOOTER_PREFIXES)
    assert read_briefing(path) == b and re.fullmatch(r"[0-9a-f]{64}", b.content_hash)


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.suffix == ".html"], ids=lambda p: p.name)
def test_no_script_or_style_text_reaches_an_html_body(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    b = read_briefing(path)
    code = re.findall(r"<(script|style)[^>]*>(.*?)</\1>", source, re.DOTALL)
    lines = [line.strip() for _, block in code for line in block.split("\n") if line.strip()]
    assert lines
    for line in lines:
        assert line not in b.body and line not in b.title
    for word in ("blrDataLayer", "track(", "function", "font-family", "window.", "@context"):
        assert word not in b.body
    assert "Related articles" not in b.body and "We use cookies" not in b.body
    assert "Home" not in b.paragraph_texts()


def test_digest_sample_metadata_and_body() -> None:
    b = read_briefing(ROOT / "samples" / "02-bruzgi-border-standoff.txt")
    assert b.to_json() == {
        "id": "02-bruzgi-border-standoff",
        "path": str(ROOT / "samples/02-bruzgi-border-standoff.txt"),
        "layout": "digest", "encoding": "utf-8",
        "title": "Standoff at Bruzgi: official Minsk turns the migrant flow into a military signal",
        "published": None, "period": "2021-11-08/2021-11-14", "reference_date": "2021-11-14",
        "section": "Security issues", "trend": "The situation got worse", "publisher": None,
        "author": None, "source_url": None, "paragraphs": 6, "content_hash": b.content_hash,
    }
    assert b.body.startswith("The week turned a months-long dispute over irregular migration")
    assert b.body.endswith("ready to give the operation military cover.")


@pytest.mark.parametrize(("name", "period", "section", "trend", "title"), [
    ("04-invasion-kyiv-axis.txt", (D(2022, 2, 21), D(2022, 2, 27)), "Security issues",
     "The situation got worse",
     "From exercise to invasion: Belarus becomes the northern springboard"),
    ("10-doctrine-nuclear-snap-check.txt", (D(2024, 4, 22), D(2024, 5, 12)), "Military affairs",
     "The situation got worse", "Nuclear deterrence written into the doctrine, then rehearsed"),
    ("13-zapad-2025.txt", (D(2025, 9, 8), D(2025, 9, 21)), "Military affairs",
     "The situation has not changed", "Zapad-2025: a smaller exercise under a bigger shadow"),
])
def test_digest_samples(name: str, period: tuple[D, D], section: str, trend: str,
                        title: str) -> None:
    b = read_briefing(ROOT / "samples" / name)
    assert (b.period_start, b.period_end, b.section, b.trend, b.title) == (*period, section,
                                                                          trend, title)
    assert b.published is None and b.reference_date == period[1]
    assert len(b.paragraphs) == 6 and title not in b.body and "photo:" not in b.body


def test_markdown_sample_metadata() -> None:
    b = read_briefing(ROOT / "samples" / "01-zapad-2021-review.md")
    assert b.to_json() | {"path": None, "content_hash": None} == {
        "id": "01-zapad-2021-review", "path": None, "layout": "markdown", "encoding": "utf-8",
        "title": "Zapad-2021: what the Union State exercise rehearsed on Belarusian soil",
        "published": "2021-09-20", "period": "2021-09-10/2021-09-16",
        "reference_date": "2021-09-20", "section": "Military affairs",
        "trend": "The situation has not changed", "publisher": "Eastern Flank Monitor (sample)",
        "author": "Eastern Flank Monitor analysts",
        "source_url": "https://example.org/eastern-flank/2021/zapad-2021-review",
        "paragraphs": 16, "content_hash": None,
    }
    texts = b.paragraph_texts()
    assert texts[1] == "Scale and geography in Belarus"
    assert texts[4] == ("the Obuz-Lesnovsky training ground near Baranavichy (Brest region), "
                        "where the main episodes were staged;")
    assert texts[14].startswith('"The exercise is not directed against any third country"')
    assert "---" not in b.body and "##" not in b.body and "\n- " not in b.body


def test_markdown_sample_with_null_fields() -> None:
    b = read_briefing(ROOT / "samples" / "05-regional-group-of-forces.md")
    assert (b.author, b.source_url, b.publisher) == (None, None, "Briefgraph Sample Desk")
    assert (b.published, b.period_start, b.period_end) == (D(2022, 10, 24), D(2022, 10, 10),
                                                           D(2022, 10, 23))


@pytest.mark.parametrize(("name", "title", "published", "publisher", "section", "author", "url"), [
    ("03-union-resolve-buildup.html", "Union Resolve ends on paper, not on the ground",
     D(2022, 2, 21), "Borderline Review (sample)", "Security", None,
     "https://example.org/borderline/2022/02/union-resolve-ends-on-paper"),
    ("06-training-grounds-rotation.html", "Coming and going: Russian troops on Belarusian ranges",
     D(2023, 3, 6), "Polesie Watch (sample)", "Military affairs", None, None),
    ("12-security-guarantees-oreshnik.html",
     "A treaty, an umbrella and a missile: the Union State's December deal", D(2024, 12, 9),
     "Narew Dispatch (sample)", None, "Narew Dispatch editorial team", None),
])
def test_html_samples(name: str, title: str, published: D, publisher: str, section: str | None,
                      author: str | None, url: str | None) -> None:
    b = read_briefing(ROOT / "samples" / name)
    assert (b.title, b.published, b.publisher, b.section, b.author, b.source_url) == (
        title, published, publisher, section, author, url)
    assert b.period is None and b.reference_date == published
    assert not b.body.startswith(title) and "By the " not in b.body


def test_html_sample_keeps_headings_and_quotes() -> None:
    texts = read_briefing(ROOT / "samples" / "06-training-grounds-rotation.html").paragraph_texts()
    assert texts[1] == "The February pattern" and texts[4] == "Machulishchy"
    b = read_briefing(ROOT / "samples" / "03-union-resolve-buildup.html")
    assert b.paragraph_texts()[4].startswith("The Russian troops will stay in Belarus")
    assert len(b.paragraphs) == 7 and "Illustration:" not in b.body


# --- the dev-set seed (third-party text: assert properties only) -------------------------

@pytest.mark.skipif(not SEED.exists(), reason="the shared dev set is not mounted")
def test_seed_digest() -> None:
    b = read_briefing(SEED)
    assert (b.id, b.layout, b.period) == ("00-seed", "digest", "2024-08-26/2024-09-01")
    assert (b.section, b.trend) == ("Security issues", "The situation got worse")
    assert b.title and b.title not in b.body and b.published is None
    header = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")[:9]]
    assert not any(b.body.startswith(line) for line in header if line)
    assert "Subscribe" not in b.body and "Read more" not in b.body and "View all" not in b.body
    assert_well_formed(b)
    assert read_briefing(SEED).content_hash == b.content_hash


# --- digest layout -------------------------------------------------------------------------

BODY = ("The first paragraph says that a brigade moved to a range near the border.\n\n"
        "The second paragraph weighs what the move means for the neighbours.")
FOOTER = ("You have been successfully subscribed\nSubscribe to our newsletter\n"
          "A weekly letter about the region, free of charge.\nEN\nBE/RU\nSubscribe\n"
          "Foreign policy\nMarch 4 – March 10, 2024\nView all\nSubscribe to us\nRead more\n")


def make_digest(*header: str) -> str:
    """A digest text with the given header lines, the test body and a site footer."""
    return "\n".join(header) + "\n\n" + BODY + "\n\n" + FOOTER


def test_digest_layout_written_for_the_test() -> None:
    text = make_digest("by Jan Kowalski", "March 11 - March 17, 2024", "Security issues", "",
                       "A brigade moves west", "", "The situation got worse",
                       "A brigade moves west", "photo: the desk")
    b = read_text(text, "weekly.txt")
    assert (b.layout, b.title, b.author, b.period) == (
        "digest", "A brigade moves west", "Jan Kowalski", "2024-03-11/2024-03-17")
    assert b.body == BODY and b.paragraphs == ((0, 73), (75, 142))


@pytest.mark.parametrize("header", [
    ("March 11 – March 17, 2024", "Security issues", "A brigade moves west",
     "The situation got worse", "A brigade moves west"),  # no byline, no photo
    ("by", "March 11 – March 17, 2024", "A brigade moves west", "The situation got worse",
     "A brigade moves west", "photo: the desk"),  # no section
    ("by", "March 11 – March 17, 2024", "Security issues", "The situation got worse",
     "A brigade moves west", "photo: the desk"),  # trend before the title, no repeat
    ("by", "Security issues", "March 11 – March 17, 2024", "A brigade moves west",
     "photo: the desk", "The situation got worse", "A brigade moves west"),
])
def test_digest_header_variants_never_lose_the_body(header: tuple[str, ...]) -> None:
    b = read_text(make_digest(*header), "weekly.txt")
    assert (b.body, b.title, b.period) == (BODY, "A brigade moves west", "2024-03-11/2024-03-17")
    assert b.section in ("Security issues", None)


def test_digest_without_title_keeps_the_first_paragraph() -> None:
    b = read_text(make_digest("by", "March 11 – March 17, 2024", "Security issues",
                              "The situation improved"), "weekly.txt")
    assert (b.title, b.trend, b.body) == ("weekly", "The situation improved", BODY)


def test_digest_footer_teaser_without_subscription_block() -> None:
    text = ("March 11 – March 17, 2024\nSecurity issues\nTitle\n\n" + BODY
            + "\n\nMilitary affairs\n\nMarch 4 – March 10, 2024\nRead more\n")
    assert read_text(text, "w.txt").body == BODY


@pytest.mark.parametrize(("line", "expected"), [
    ("August 26 – September 1, 2024", (D(2024, 8, 26), D(2024, 9, 1))),
    ("March 4 – March 10, 2024", (D(2024, 3, 4), D(2024, 3, 10))),
    ("March 4 - 10, 2024", (D(2024, 3, 4), D(2024, 3, 10))),
    ("December 30, 2024 – January 5, 2025", (D(2024, 12, 30), D(2025, 1, 5))),
    ("December 30 – January 5, 2025", (D(2024, 12, 30), D(2025, 1, 5))),
    ("26 August – 1 September 2024", (D(2024, 8, 26), D(2024, 9, 1))),
    ("26 – 31 August 2024", (D(2024, 8, 26), D(2024, 8, 31))),
    ("Sept. 2 — Sept. 8, 2024", (D(2024, 9, 2), D(2024, 9, 8))),
    ("2024-08-26 – 2024-09-01", (D(2024, 8, 26), D(2024, 9, 1))),
    ("January 13 – January 19", (None, None)),
    ("Security issues", None),
    ("Smarch 4 – 10, 2024", None),
    ("The week of 4 – 10 March", None),
])
def test_parse_period(line: str, expected: tuple[D | None, D | None] | None) -> None:
    assert parse_period(line) == expected


def test_impossible_period_names_its_line() -> None:
    err = error_of("by\nFebruary 30 – March 3, 2024\nSecurity issues\n\nTitle\n\n" + BODY, "w.txt")
    assert str(err) == ("w.txt:2: the period 'February 30 – March 3, 2024' names a date that "
                        "does not exist (day is out of range for month)")
    err = error_of("March 10 – March 3, 2024\nSecurity issues\n\nTitle\n\n" + BODY, "w.txt")
    assert str(err) == "w.txt:1: the period 'March 10 – March 3, 2024' ends before it starts"


def test_digest_with_only_a_header() -> None:
    err = error_of("by\nMarch 11 – March 17, 2024\nSecurity issues\n\n" + FOOTER, "w.txt")
    assert str(err) == "w.txt:5: no body text between the digest header and the site footer"


# --- markdown layout -----------------------------------------------------------------------

MARKDOWN = """---
title: "A test note"
published: 2024-03-18
covered: 2024-03-11/2024-03-17
section: Security issues
trend: The situation improved
publisher: Test Desk
author: null
source_url: https://example.org/note
extra_key: [ignored]
---

# A test note

Intro with **bold**, *italic*, _underlined_, `S-400` code and a [link](https://example.org/a_(b)).
A second line of the same paragraph\\*.

<!-- an editor's comment
over two lines -->
## What moved

- first item
  continued on a second line
* second item with ![a map](map.png) an image
1. numbered item

> A quoted line
> that goes on.

Setext heading
--------------

Snake_case_words and 2 * 3 * 4 stay; AT&amp;T becomes AT&T.
"""


def test_markdown_to_plain_paragraphs() -> None:
    b = read_text(MARKDOWN, "note.md")
    assert b.paragraph_texts() == (
        "Intro with bold, italic, underlined, S-400 code and a link.\n"
        "A second line of the same paragraph*.",
        "What moved",
        "first item\ncontinued on a second line",
        "second item with  an image",
        "numbered item",
        "A quoted line\nthat goes on.",
        "Setext heading",
        "Snake_case_words and 2 * 3 * 4 stay; AT&T becomes AT&T.",
    )
    assert_well_formed(b)
    assert (b.title, b.published, b.period, b.section, b.trend, b.publisher, b.author,
            b.source_url) == ("A test note", D(2024, 3, 18), "2024-03-11/2024-03-17",
                              "Security issues", "The situation improved", "Test Desk", None,
                              "https://example.org/note")


def test_markdown_title_falls_back_to_heading_then_stem() -> None:
    assert read_text("# Heading title\n\nBody text.", "n.md").title == "Heading title"
    assert read_text("# Heading title\n\nBody text.", "n.md").body == "Body text."
    no_title = "---\npublished: '2024-03-18'\n---\nBody text."
    assert read_text(no_title, "my-note.md").title == "my-note"


@pytest.mark.parametrize(("text", "message"), [
    ("---\n- a\n- b\n---\nBody", "n.md:2: front matter is not a mapping (got a list)"),
    ("---\nauthor: x\ntitle: [a, b]\n---\nBody",
     "n.md:3: front matter: 'title' must be a string, got a list"),
    ("---\ntitle: T\npublished: next week\n---\nBody",
     "n.md:3: front matter: 'published' is not a date: 'next week'"),
    ("---\ncovered: 2024-03-11\u20132024-03-17\n---\nBody",
     "n.md:2: front matter: 'covered' must be an interval YYYY-MM-DD/YYYY-MM-DD"),
    ("---\ncovered: 2024-03-17/2024-03-11\n---\nBody",
     "n.md:2: front matter: 'covered' ends before it starts: '2024-03-17/2024-03-11'"),
    ("---\ntitle: T\n\nBody without a closing line",
     "n.md:1: front matter opened on line 1 is never closed by a '---' line"),
    ("---\ntitle: T\nauthor: a: b\n---\nBody",
     "n.md:3:10: front matter is not valid YAML: mapping values are not allowed here"),
    ("---\ntitle: T\npublished: 2024-13-45\n---\nBody",
     "n.md:3: front matter has a value that cannot be read: month must be in 1..12"),
    ("---\ntitle: T\n---\n\n<!-- nothing -->\n", "n.md:4: no body text after the front matter"),
])
def test_markdown_errors(text: str, message: str) -> None:
    assert str(error_of(text, "n.md")) == message


# --- html layout ---------------------------------------------------------------------------

def test_html_of_scripts_without_an_article() -> None:
    page = "<html><head><script>var a = 1;</script><style>p{}</style></head><body>" + \
        "<script>document.write('x')</script>" * 50 + "</body></html>"
    assert str(error_of(page, "p.html")) == "p.html: no article text found in the HTML"


def test_html_nested_5000_levels_deep() -> None:
    page = "<html><body><article>" + "<div>" * 5000 + "<p>Deep text.</p>" + "</div>" * 5000
    assert str(error_of(page + "</article></body></html>", "deep.html")) == (
        "deep.html: no article text found in the HTML (it is nested more than 255 levels deep, "
        "and the parser stops reading there)")


def test_broken_html_does_not_crash() -> None:
    page = "<html><body><article><h1>Broken <i>page</h1><p>Some text <b>that never" \
           "<p>closes its tags</td></tr>&bogus; <<<>>> </article"
    b = read_text(page, "broken.html")
    assert b.title == "Broken page" and "closes its tags" in b.body


def test_html_fallback_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "_extract", lambda text: [])
    page = ("<html><head><title>Page title | Desk</title>"
            "<meta property='og:site_name' content='Desk'></head><body><nav>Home</nav><main>"
            "<p class='byline'>By a writer</p><h2>Section</h2><p>First   paragraph\n text.</p>"
            "<script>alert('x')</script><aside>Related</aside><div class='cookie-banner'>Accept"
            "</div><p>Second<br>line.</p><footer>Footer</footer></main></body></html>")
    b = read_text(page, "p.html")
    assert (b.title, b.publisher) == ("Page title", "Desk")
    assert b.paragraph_texts() == ("Section", "First paragraph text.", "Second\nline.")


def test_html_title_and_date_fallbacks() -> None:
    page = ("<html><head><meta property='og:title' content='From og &amp; meta'>"
            "<title>Ignored</title></head><body><article><p class='byline'>By someone, "
            "<time datetime='2024-05-06T10:00'>6 May</time></p><p>" + "Body sentence. " * 20
            + "</p></article></body></html>")
    b = read_text(page, "p.htm")
    assert (b.layout, b.title, b.published) == ("html", "From og & meta", D(2024, 5, 6))
    assert b.body.startswith("Body sentence. Body sentence.")


# --- plain text and dispatch ---------------------------------------------------------------

def test_plain_text_title_rules() -> None:
    b = read_text("\nA short title\n\nFirst  paragraph.  \nSame paragraph.\n\n\n\nSecond.\n",
                  "note.text")
    assert (b.layout, b.title, b.body) == ("text", "A short title",
                                           "First  paragraph.\nSame paragraph.\n\nSecond.")
    assert b.paragraphs == ((0, 33), (35, 42))
    assert read_text("No blank line after\nthis line.", "n.txt").title == "n"
    assert read_text("x" * 200 + "\n\nBody.", "n.txt").title == "n"


@pytest.mark.parametrize(("name", "text", "layout"), [
    ("page.xhtml", "<!DOCTYPE html><html><body><article><p>Text.</p></article>", "html"),
    ("note.mdown", "---\ntitle: T\n---\nBody.", "markdown"),
    ("weekly.dat", make_digest("March 11 – March 17, 2024", "Security issues", "T"), "digest"),
    ("README", "Plain words.", "text"),
])
def test_unknown_extensions_are_sniffed(name: str, text: str, layout: str) -> None:
    assert read_text(text, name).layout == layout


def test_unsupported_file_type() -> None:
    assert str(error_of("{\"a\": 1}", "data.json")) == (
        "data.json: unsupported file type '.json' (expected one of .txt, .text, .md, .markdown, "
        ".html, .htm, or a text recognisable as a digest, Markdown or HTML)")


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match=r"missing\.txt: no such file$"):
        read_briefing(tmp_path / "missing.txt")
    with pytest.raises(BriefingError, match=r": is not a regular file but a directory; only regular files are read$"):
        read_briefing(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(BriefingError) as caught:
        read_briefing(big)
    assert str(caught.value) == (
        f"{big}: the file is 20.0 MB, over the 5.0 MB limit for one briefing")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(BriefingError, match=r"empty\.md: the file is empty$"):
        read_briefing(empty)


@pytest.mark.parametrize("encode", [
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("utf-16-le"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf-8-sig", "utf-16-le", "utf-16-be", "utf-16-no-bom", "crlf"])
def test_reencoded_sample_gives_the_same_briefing(encode: object, tmp_path: Path) -> None:
    source = ROOT / "samples" / "13-zapad-2025.txt"
    copy = tmp_path / source.name
    copy.write_bytes(encode(source.read_text(encoding="utf-8")))  # type: ignore[operator]
    original, again = read_briefing(source), read_briefing(copy)
    assert (again.body, again.paragraphs, again.title, again.content_hash) == (
        original.body, original.paragraphs, original.title, original.content_hash)


@pytest.mark.parametrize(("encoding", "replace"), [
    ("cp1251", {"é": "e"}), ("koi8-r", {"é": "e", "–": "-", "і": "и"}),
])
def test_sample_with_cyrillic_in_a_code_page(encoding: str, replace: dict[str, str]) -> None:
    # Sample 13 names a minister in Cyrillic; characters the code page lacks are swapped first.
    text = (ROOT / "samples" / "13-zapad-2025.txt").read_text(encoding="utf-8")
    text = text.translate(str.maketrans(replace))
    b = read_bytes(text.encode(encoding), "13-zapad-2025.txt")
    reference = read_bytes(text.encode("utf-8"), "13-zapad-2025.txt")
    assert (b.encoding, b.body, b.content_hash) == (encoding, reference.body,
                                                    reference.content_hash)
    assert "(Віктар Хрэнін)" in b.body or "(Виктар Хрэнин)" in b.body


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_code_page_briefing(encoding: str) -> None:
    text = ("Учения у границы\n\nМинистерство обороны сообщило о внезапной проверке.\n\n"
            "Аналитики считают манёвры демонстрацией.")
    b = read_bytes(text.encode(encoding), "ru.txt")
    assert (b.encoding, b.title, b.body) == (encoding, "Учения у границы", text.split("\n\n", 1)[1])


def test_content_hash_is_pinned() -> None:
    body, spans = assemble_body(["One.", "Two."])
    b = Briefing(id="x", path="x.txt", layout="text", encoding="utf-8", title="T", body=body,
                 paragraphs=spans, period_start=D(2024, 1, 1), period_end=D(2024, 1, 7))
    canonical = ('{"author":null,"body":"One.\\n\\nTwo.","id":"x","layout":"text",'
                 '"period":"2024-01-01/2024-01-07","published":null,"publisher":null,'
                 '"section":null,"source_url":null,"title":"T","trend":null}')
    assert b.content_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest() == (
        "319af76b09f0008b57ed99a6032ecd768025e7ae0064f5925be2bbabb5eb8f63")
    assert b.to_json()["period"] == "2024-01-01/2024-01-07"
