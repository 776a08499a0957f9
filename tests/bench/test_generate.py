"""bench/generate.py: deterministic synthetic briefings the readers and the extraction accept."""
from __future__ import annotations

import datetime
import importlib.util
import random
import re
import string
import sys
from pathlib import Path

import pytest
import yaml

from briefgraph.ingest.extraction import extract_file
from briefgraph.ingest.readers import read_briefing
from briefgraph.ingest.readers.digest import parse_period

ROOT = Path(__file__).resolve().parents[2]
D = datetime.date
NAMES = ["gen-00000.txt", "gen-00001.md", "gen-00002.html", "gen-00003.txt", "gen-00004.md",
         "gen-00005.html", "gen-00006.txt", "gen-00007.md", "gen-00008.html"]
LAYOUTS = {".txt": "digest", ".md": "markdown", ".html": "html"}


def _load_generator():
    """bench/generate.py as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    """The first nine briefings of the default seed."""
    return gen.generate(tmp_path_factory.mktemp("generated"), 9)


def test_same_seed_same_bytes(tmp_path):
    first = gen.generate(tmp_path / "a", 6, seed=7)
    second = gen.generate(tmp_path / "b", 6, seed=7)
    other = gen.generate(tmp_path / "c", 6, seed=8)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert all(a.read_bytes() != c.read_bytes() for a, c in zip(first, other))


def test_names_cycle_the_three_layouts(files):
    assert [p.name for p in files] == NAMES


def test_start_index_continues_the_same_series(tmp_path, files):
    later = gen.generate(tmp_path, 2, start=4)
    assert [p.name for p in later] == ["gen-00004.md", "gen-00005.html"]
    assert [p.read_bytes() for p in later] == [p.read_bytes() for p in files[4:6]]


def test_cli_writes_the_files_and_prints_one_summary_line(tmp_path, capsys):
    assert gen.main([str(tmp_path / "out"), "--count", "3", "--seed", "7"]) == 0
    out = re.escape(str(tmp_path / "out"))
    assert re.fullmatch(rf"3 files, 0\.0\d MB, \d+\.\d\d s in {out}\n", capsys.readouterr().out)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == NAMES[:3]


def test_periods_are_weeks_spread_over_2021_to_2025():
    assert gen.WEEKS == 260
    assert gen.period_of(0) == (D(2021, 1, 4), D(2021, 1, 10))
    assert gen.period_of(1) == (D(2022, 11, 14), D(2022, 11, 20))
    assert gen.period_of(260) == gen.period_of(0)
    starts = {gen.period_of(i)[0] for i in range(gen.WEEKS)}
    assert len(starts) == 260 and min(starts) == D(2021, 1, 4) and max(starts) == D(2025, 12, 22)
    assert {s.weekday() for s in starts} == {0}


def test_period_line_names_both_years_across_new_year():
    assert gen._period_line(D(2024, 3, 4), D(2024, 3, 10)) == "March 4 – March 10, 2024"
    line = gen._period_line(D(2024, 12, 30), D(2025, 1, 5))
    assert line == "December 30, 2024 – January 5, 2025"
    assert parse_period(line) == (D(2024, 12, 30), D(2025, 1, 5))


def test_digest_header_and_footer(files):
    lines = files[0].read_text(encoding="utf-8").split("\n")
    assert lines[:2] == ["by", "January 4 – January 10, 2021"]
    assert lines[2] in gen.SECTIONS and lines[6] in gen.TRENDS
    assert (lines[3], lines[5], lines[7], lines[8], lines[9]) == (
        "", "", lines[4], "photo: Briefgraph generator", "")
    assert lines[-9:] == [
        "", "You have been successfully subscribed", "Subscribe to our newsletter",
        "Every Monday we send a short roundup of the week's security news.",
        "EN", "BE/RU", "Subscribe", "Read more", ""]


def test_markdown_front_matter_is_a_mapping(files):
    for index, path in enumerate(files):
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        start, end = gen.period_of(index)
        assert list(front) == ["title", "publisher", "author", "published", "covered",
                               "source_url", "section", "trend"]
        assert (front["publisher"], front["author"], front["source_url"]) == (
            "Briefgraph generator", None, None)
        assert front["published"] == end + datetime.timedelta(days=1)
        assert front["covered"] == f"{start}/{end}"
        assert text.count("\n## ") == 1


def test_html_page_has_its_parts(files):
    page = files[2].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
    assert '<meta property="article:published_time" content="2024-09-30T08:00:00Z">' in page
    assert '<time datetime="2024-09-30">30 September 2024</time>' in page
    for tag in ("<nav>", "<article>", "<h1>", "<aside", "<footer>", "</html>"):
        assert page.count(tag) == 1, tag
    assert page.count("<script") == 1


def test_the_reader_reads_every_file(files):
    for index, path in enumerate(files):
        briefing = read_briefing(path)
        start, end = gen.period_of(index)
        assert briefing.layout == LAYOUTS[path.suffix]
        assert "Subscribe" not in briefing.body and "photo:" not in briefing.body
        assert 450 <= len(briefing.body.split()) <= 750
        assert not briefing.title.startswith("gen-")
        if path.suffix == ".html":
            # The HTML reader takes no period from a page; the publication date stands in.
            published = end + datetime.timedelta(days=1)
            assert (briefing.period_start, briefing.published) == (None, published)
        else:
            assert (briefing.period_start, briefing.period_end) == (start, end)


def test_bodies_have_5_to_8_paragraphs_of_about_600_words():
    for index in range(60):
        title, paragraphs = gen.compose(random.Random(7 + index), gen.period_of(index))
        words = sum(len(p.split()) for p in paragraphs)
        assert 5 <= len(paragraphs) <= 8 and 450 <= words <= 750, index
        assert title and "{" not in title


def test_every_template_fills_in_every_year():
    templates = [t for theme in gen.THEMES.values() for t in theme] + list(gen.TITLES)
    assert sum(len(theme) for theme in gen.THEMES.values()) >= 30
    rng = random.Random(0)
    for index in range(0, gen.WEEKS, 13):
        for template in templates:
            text = gen._sentence(template, gen.Slots(rng, gen.period_of(index)))
            assert "{" not in text and "  " not in text, text
            assert not text[0].islower() or text.startswith("iSANS"), text


def test_every_slot_draws_from_the_gazetteer():
    fields = {f for t in [*gen.TITLES, *(t for theme in gen.THEMES.values() for t in theme)]
              for _, f, _, _ in string.Formatter().parse(t) if f}
    special = {"date", "On_date", "later", "month", "year", "official", "official2",
               "ally_official"}
    pools = gen.pools()
    for field in sorted(fields - special - set(gen.QUANTITIES)):
        base = field.rstrip("0123456789")
        while base not in pools.ids:  # a derived slot: 'border_state_adj' -> 'border'
            stripped = re.sub(r"_(?:adj|region|state)$", "", base)
            assert stripped != base, field
            base = stripped
        assert pools.ids[base], field


def test_extraction_finds_entities_and_events(files):
    for path in files[:3]:
        found = extract_file(path).to_json()
        assert len(found["entities"]) >= 5, path.name
        assert len(found["events"]) >= 3, path.name
