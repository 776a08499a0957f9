"""Briefing text and titles are untrusted: a briefing whose title and body carry script tags,
event-handler attributes and javascript: links renders inert on every page that shows it."""
import re

import pytest

HOSTILE_ID = "zz-hostile"
RAW_MARKUP = re.compile(r"<script>alert|<img src=x|<b onmouseover|<a href=\"javascript:", re.I)


@pytest.mark.parametrize("url", [f"/briefings/{HOSTILE_ID}", f"/briefings/{HOSTILE_ID}-plain", "/briefings", "/", "/search?q=Minsk",
                                 "/id/person/alexander-lukashenko", "/events?from=2024-03&to=2024-03"])
def test_hostile_markup_is_escaped_everywhere(client, url):
    body = client.get(url).get_data(as_text=True)
    assert not RAW_MARKUP.search(body)


def test_the_hostile_briefing_page_shows_the_markup_as_text(client):
    r = client.get(f"/briefings/{HOSTILE_ID}")
    body = r.get_data(as_text=True)
    assert r.status_code == 200
    title = "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Minsk &lt;img src=x onerror=alert(1)&gt;"
    assert f"<h1>{title}</h1>" in body
    assert f"<title>{title} · Briefgraph</title>" in body
    assert "default-src 'self'; script-src 'self'" in r.headers["Content-Security-Policy"]


def test_a_plain_text_body_with_markup_is_shown_as_text(client):
    body = client.get(f"/briefings/{HOSTILE_ID}-plain").get_data(as_text=True)
    assert "<h1>&lt;script&gt;alert(&#34;plain&#34;)&lt;/script&gt; Weekly note</h1>" in body
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in body
    assert "&lt;b onmouseover=alert(3)&gt;" in body
    assert "&lt;a href=&#34;javascript:alert(4)&#34;&gt;" in body
    # the mentions around the markup are still linked, with the markup outside the links
    assert '<a class="mention" id="m' in body and 'href="/id/person/alexander-lukashenko"' in body


def test_the_facts_of_the_hostile_briefing_are_still_extracted_and_linked(client):
    data = client.get(f"/briefings/{HOSTILE_ID}.json").get_json()
    assert {"person/alexander-lukashenko", "person/vladimir-putin", "place/minsk"} <= {m["entity"] for m in data["mentions"]}
    assert data["title"] == "<script>alert('title')</script> Minsk <img src=x onerror=alert(1)>"


def test_json_twins_are_not_sniffed_as_html(client):
    r = client.get(f"/briefings/{HOSTILE_ID}.json")
    assert r.content_type == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff"
