"""Property-based tests of the readers and the extraction (hypothesis): random bytes, random
Unicode (mixed scripts, combining marks, right-to-left text, zero-width characters), enormous
lines, deeply nested HTML, truncated UTF-8, front matter that is not a mapping. Never an unhandled
exception: a briefing, or a BriefingError that names the file and what is wrong."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.extraction import extract
from briefgraph.ingest.readers import read_bytes

NAMES = ["weekly.md", "weekly.txt", "weekly.html"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Letters of several scripts, combining marks, right-to-left marks and letters, zero-width characters.
TRICKY = st.sampled_from(list("Minsk Мінск Лукашэнка ąęł é\u0301 \u0336 \u200b\u200c\u200d\u2060\ufeff "
                              "\u202e\u202d\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
                              "0123456789 .,;:!?\"'()[]{}<>-–—\n\t#*_"))
UNICODE = st.lists(st.one_of(TRICKY, st.characters(codec="utf-8")), max_size=400).map("".join)


def read_or_refuse(data: bytes, name: str):
    """The briefing, or None after checking that the refusal names the file."""
    try:
        return read_bytes(data, name)
    except BriefingError as exc:
        assert exc.path == name and exc.message and str(exc).startswith(name)
        return None


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_random_bytes_are_read_or_refused_by_name(data, name):
    read_or_refuse(data, name)


@FUZZ
@given(text=UNICODE, name=st.sampled_from(NAMES))
def test_random_unicode_is_read_and_extracted_with_exact_offsets(text, name, rules_pipeline):
    briefing = read_or_refuse(text.encode("utf-8"), name)
    if briefing is None:
        return
    result = extract(briefing, rules_pipeline).to_json()
    body = briefing.body
    for entity in result["entities"]:
        for mention in entity.get("mentions", []):
            assert body[mention["start"]:mention["end"]] == mention["text"]


@FUZZ
@given(text=UNICODE, cut=st.integers(min_value=1, max_value=3))
def test_truncated_utf8_is_read_or_refused(text, cut):
    data = ("Лукашэнка сказаў " + text + " Мінск").encode("utf-8")[:-cut]
    read_or_refuse(data, "weekly.txt")


@pytest.mark.parametrize("front", ["- a\n- b", "just a string", "42", "[1, 2]", "title: [unclosed"])
def test_front_matter_that_is_not_a_mapping_is_refused_with_the_line(front):
    with pytest.raises(BriefingError) as err:
        read_bytes(f"---\n{front}\n---\n\nOn 3 May troops moved to Brest.\n".encode(), "weekly.md")
    assert err.value.path == "weekly.md" and "front matter" in err.value.message


def test_an_enormous_line_is_extracted(rules_pipeline):
    line = ("On 3 May Alexander Lukashenko met Vladimir Putin in Minsk and " * 5000).encode()   # 310 kB, no newline
    briefing = read_bytes(line, "weekly.txt")
    result = extract(briefing, rules_pipeline).to_json()
    assert any(e["id"] == "person/alexander-lukashenko" for e in result["entities"])


@pytest.mark.parametrize("depth", [200, 5000])
def test_deeply_nested_html_is_read_or_refused(depth, rules_pipeline):
    html = ("<html><body>" + "<div>" * depth + "<p>On 3 May Alexander Lukashenko met Vladimir Putin in Minsk.</p>"
            + "</div>" * depth + "</body></html>").encode()
    briefing = read_or_refuse(html, "weekly.html")
    if briefing is not None:
        extract(briefing, rules_pipeline)


def test_a_file_over_the_size_limit_is_refused_by_name():
    with pytest.raises(BriefingError) as err:
        read_bytes(b"a" * (5 * 1024 * 1024 + 1), "huge.txt")
    assert err.value.path == "huge.txt" and "MB" in err.value.message
