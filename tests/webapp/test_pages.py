"""Every route in HTML and in JSON, through the Flask test client, with exact assertions."""
import json
import re

import pytest

from briefgraph.webapp.security import CSP

LUKASHENKO = "person/alexander-lukashenko"
HTML = "text/html; charset=utf-8"
JSON = "application/json"

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)     # a script element with no src
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)          # a tag with an on...= attribute

PAGES = ["/", "/search?q=Lukashenka", f"/id/{LUKASHENKO}", "/briefings", "/briefings/13-zapad-2025",
         "/events", "/events?type=Meeting", f"/graph?id={LUKASHENKO}", "/graph", "/ontology"]


def twin_of(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/index" if path == "/" else path
    return path + ".json" + ("?" + query if query else "")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_in_html_with_security_headers(client, url):
    r = client.get(url)
    assert (r.status_code, r.content_type) == (200, HTML)
    assert r.headers["Content-Security-Policy"] == CSP
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert r.headers["Vary"] == "Accept"
    body = r.get_data(as_text=True)
    assert not INLINE_SCRIPT.search(body) and not EVENT_HANDLER.search(body)
    assert body.count("<title>") == 1 and "Briefgraph</title>" in body


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_json_twin_by_suffix_and_by_accept(client, url):
    by_suffix = client.get(twin_of(url))
    by_accept = client.get(url, headers={"Accept": "application/json"})
    assert (by_suffix.status_code, by_suffix.content_type) == (200, JSON)
    assert (by_accept.status_code, by_accept.content_type) == (200, JSON)
    assert by_suffix.get_json() == by_accept.get_json()
    path = url.partition("?")[0]
    assert f'<{twin_of(path)}' in by_suffix.headers["Link"] and 'rel="alternate"; type="application/json"' in by_suffix.headers["Link"]


def test_a_browser_accept_header_gets_html(client):
    r = client.get("/briefings", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.content_type == HTML


def test_link_header_names_both_twins_with_the_query(client):
    r = client.get("/search?q=Minsk")
    assert r.headers["Link"] == ('</search?q=Minsk>; rel="alternate"; type="text/html", '
                                 '</search.json?q=Minsk>; rel="alternate"; type="application/json"')


def test_home_counts_latest_and_most_connected(client):
    data = client.get("/index.json").get_json()
    assert list(data) == ["counts", "latest_briefings", "most_connected"]
    assert data["counts"]["briefings"] == 17
    assert data["latest_briefings"][0]["id"] == "14-balloons-lithuania-border"
    assert data["most_connected"][0] == {"id": "state/belarus", "label": "Belarus", "class": "State", "briefings": 17}
    body = client.get("/").get_data(as_text=True)
    assert '<strong>17</strong> briefings' in body and 'action="/search"' in body


@pytest.mark.parametrize("spelling", ["Lukashenka", "Lukashenko", "Лукашенко", "Lukashenkka", "lukaszenka"])
def test_search_finds_the_person_in_any_spelling(client, spelling):
    data = client.get(f"/search.json?q={spelling}").get_json()
    assert data["query"] == spelling
    assert data["entities"]["Person"][0]["id"] == LUKASHENKO
    assert data["entities"]["Person"][0]["url"] == f"/id/{LUKASHENKO}"
    assert next(iter(data["entities"])) == "Person"           # the best match's group comes first


def test_search_groups_by_class_and_finds_briefings_by_title(client):
    data = client.get("/search.json?q=Zapad").get_json()
    assert "Exercise" in " ".join(data["entities"]) or data["entities"]
    assert [b["id"] for b in data["briefings"]] == ["13-zapad-2025", "01-zapad-2021-review"]
    body = client.get("/search?q=Zapad").get_data(as_text=True)
    assert '<a href="/briefings/13-zapad-2025">' in body


def test_search_without_results_or_query_says_what_to_do(client):
    assert "Nothing matches “qqqxxzz”" in client.get("/search?q=qqqxxzz").get_data(as_text=True)
    assert "Type a name in the search box" in client.get("/search").get_data(as_text=True)
    assert client.get("/search.json").get_json() == {"query": "", "entities": {}, "briefings": []}


def test_entity_page_has_label_class_aliases_relations_events_and_sources(client):
    data = client.get(f"/id/{LUKASHENKO}.json").get_json()
    assert (data["id"], data["label"], data["class"]) == (LUKASHENKO, "Alexander Lukashenko", "Person")
    assert data["class_path"] == ["entity", "actor", "person"]
    assert {"Lukashenka", "Лукашенко"} <= set(data["aliases"])
    leads = [f for f in data["relations"] if f["predicate"] == "LEADS" and f["other"] == "state/belarus"]
    assert leads and leads[0]["outgoing"] is True and leads[0]["sources"][0]["briefing"]
    assert data["events"] and all(e["sources"] for e in data["events"])
    dates = [e["date_start"] for e in data["events"] if e["date_start"]]
    assert dates == sorted(dates, reverse=True)             # latest first
    assert data["counts"]["events"] == len(data["events"]) and data["counts"]["briefings"] == len(data["mentions"])
    body = client.get(f"/id/{LUKASHENKO}").get_data(as_text=True)
    assert "<h1>Alexander Lukashenko</h1>" in body
    source = leads[0]["sources"][0]
    assert f'href="/briefings/{source["briefing"]}#c{source["start"]}"' in body
    assert 'data-start="person/alexander-lukashenko"' in body


def test_a_source_link_points_at_an_anchor_of_the_briefing_page(client):
    data = client.get(f"/id/{LUKASHENKO}.json").get_json()
    source = data["events"][0]["sources"][0]
    page = client.get(f"/briefings/{source['briefing']}").get_data(as_text=True)
    assert f'id="c{source["start"]}"' in page


def test_event_page_lists_participants_by_role_and_reports(client):
    event = client.get(f"/id/{LUKASHENKO}.json").get_json()["events"][0]["event"]
    data = client.get(f"/id/{event}.json").get_json()
    assert data["id"] == event and data["reports"] and data["participants"]
    assert "Event" in data["labels"]
    assert client.get(f"/id/{event}").status_code == 200


def test_briefing_list_has_period_section_trend_and_counts(client):
    data = client.get("/briefings.json").get_json()
    assert data["total"] == 17 and data["next"] is None
    first = data["briefings"][0]
    assert first == {"id": "14-balloons-lithuania-border",
                     "title": "Balloons, closed crossings and stranded trucks: the new front on the Lithuanian border",
                     "period_start": "2025-10-20", "period_end": "2025-11-16", "section": "Foreign policy",
                     "trend": "The situation got worse", "published": "2025-11-17",
                     "entities": first["entities"], "events": first["events"], "cursor": "739571~14-balloons-lithuania-border"}
    assert first["entities"] > 5 and first["events"] > 5


def test_briefing_page_links_mentions_and_shows_facts_beside_paragraphs(client):
    data = client.get("/briefings/13-zapad-2025.json").get_json()
    body = client.get("/briefings/13-zapad-2025").get_data(as_text=True)
    mention = data["mentions"][0]
    start, end = map(int, mention["spans"][0].split("-"))
    text = data["body"][start:end]
    assert f'<a class="mention" id="m{start}" href="/id/{mention["entity"]}" title="{mention["label"]}">{text}</a>' in body
    assert body.count('<aside class="facts"') >= 3
    assert 'class="modality modality-' in body
    assert len(body.split('<div class="para"')) - 1 == len(data["paragraphs"])


def test_events_filters(client):
    everything = client.get("/events.json").get_json()["events"]
    meetings = client.get("/events.json?type=Meeting").get_json()["events"]
    assert meetings and {e["type"] for e in meetings} == {"Meeting"} and len(meetings) < len(everything)
    cooperation = client.get("/events.json?type=Cooperation").get_json()["events"]
    assert {e["event"] for e in meetings} <= {e["event"] for e in cooperation}
    planned = client.get("/events.json?modality=planned").get_json()["events"]
    assert planned and {e["modality"] for e in planned} == {"planned"}
    dated = client.get("/events.json?from=2021-11&to=2021-11").get_json()["events"]
    # events whose period overlaps November 2021: that month's days, and the year 2021 as a whole
    assert all(e["date_start"] <= "2021-11-30" for e in dated)
    assert {e["date"] for e in dated} >= {"2021-11-11", "2021"}
    assert not {e["date"] for e in dated} & {"2021-09-10", "2023"}
    by_actor = client.get(f"/events.json?actor={LUKASHENKO}").get_json()
    by_name = client.get("/events.json?actor=Lukashenka").get_json()
    assert by_actor["events"] == by_name["events"] and by_actor["filters"]["actor"] == LUKASHENKO
    by_place = client.get("/events.json?place=Minsk").get_json()
    assert by_place["filters"]["place"] == "place/minsk" and by_place["events"]


@pytest.mark.parametrize("query, message", [
    ("from=2021-13x", "from='2021-13x': give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    ("to=2021-13", "to='2021-13': give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    ("from=2021-02-30", "from='2021-02-30': give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    ("type=Person", "type='Person' is not an event class of the ontology."),
    ("modality=maybe", "modality='maybe': use one of alleged, conditional, denied, forecast, planned, reported."),
])
def test_events_bad_filters_are_400_with_the_reason(client, query, message):
    r = client.get(f"/events.json?{query}")
    assert r.status_code == 400
    assert r.get_json() == {"error": {"status": 400, "title": "Bad Request", "message": message}}


def test_graph_json_has_the_start_nodes_with_classes_and_edges(client):
    data = client.get(f"/graph.json?id={LUKASHENKO}").get_json()
    assert data["start"] == {"id": LUKASHENKO, "label": "Alexander Lukashenko", "class": "Person"}
    ids = {n["id"] for n in data["nodes"]}
    assert "state/belarus" in ids and all(n["class"] for n in data["nodes"])
    assert all(LUKASHENKO in (e["source"], e["target"]) for e in data["edges"])
    deeper = client.get(f"/graph.json?id={LUKASHENKO}&depth=2").get_json()
    assert len(deeper["nodes"]) > len(data["nodes"])
    assert client.get("/graph.json?id=person/nobody").status_code == 404
    assert client.get(f"/graph.json?id={LUKASHENKO}&depth=3").status_code == 400


def test_graph_page_lists_neighbours_without_javascript(client):
    body = client.get(f"/graph?id={LUKASHENKO}").get_data(as_text=True)
    assert '<a href="/id/state/belarus">Belarus</a>' in body
    assert '<script src="/vendor/cytoscape.min.js" defer></script>' in body


def test_the_graph_library_is_served_from_the_npm_install(client):
    r = client.get("/vendor/cytoscape.min.js")
    assert r.status_code == 200 and r.content_type.startswith("text/javascript")
    assert b"cytoscape" in r.data[:2000]
    assert client.get("/vendor/other.js").status_code == 404


def test_ontology_page_has_hierarchy_properties_and_counts(client):
    data = client.get("/ontology.json").get_json()
    by_name = {c["name"]: c for c in data["classes"]}
    persons = client.get("/search.json?q=Putin").get_json()
    assert by_name["Person"]["parents"] == ["Actor"] and by_name["Person"]["instances"] >= 2
    assert by_name["Actor"]["instances"] >= by_name["Person"]["instances"] + by_name["State"]["instances"]
    assert by_name["Event"]["instances"] == client.get("/index.json").get_json()["counts"]["events"]
    allies = next(p for p in data["properties"] if p["name"] == "allyOf")
    assert (allies["domain"], allies["range"]) == (["Actor"], ["Actor"])
    assert persons["entities"]
    assert '<code>bg:TroopTransfer</code>' in client.get("/ontology").get_data(as_text=True)


def test_unknown_entity_is_a_404_page_with_a_search_box(client):
    r = client.get("/id/person/nobody-at-all")
    body = r.get_data(as_text=True)
    assert (r.status_code, r.content_type) == (404, HTML)
    assert "There is no entity &#39;person/nobody-at-all&#39; in the archive." in body
    assert '<form class="search big" action="/search"' in body
    r = client.get("/id/person/nobody-at-all.json")
    assert (r.status_code, r.content_type) == (404, JSON)
    assert r.get_json()["error"]["message"] == "There is no entity 'person/nobody-at-all' in the archive."
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/briefings/nope").status_code == 404


def test_an_internal_error_is_a_page_not_a_stack_trace(stores, monkeypatch):
    from briefgraph.store.view import View
    from briefgraph.webapp import create_app
    app = create_app({"TESTING": True, "VIEW": View(stores[0], stores[1]), "PAGE_CACHE_SIZE": 0})

    def broken(self, *a, **k):
        raise RuntimeError("the store exploded: secret detail")
    monkeypatch.setattr(View, "counts", broken)
    r = app.test_client().get("/")
    body = r.get_data(as_text=True)
    assert r.status_code == 500 and "Traceback" not in body and "secret detail" not in body
    assert "the error is logged" in body


def test_openapi_describes_every_json_twin(client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    assert sorted(doc["paths"]) == ["/briefings.json", "/briefings/{ident}.json", "/changes.json", "/changes/{seq}.json",
                                    "/contradictions.json", "/downloads.json", "/events.json", "/graph.json",
                                    "/id/{kind}/{slug}.json", "/index.json", "/map.json", "/ontology.json", "/search.json"]
    events = doc["paths"]["/events.json"]["get"]
    assert [p["name"] for p in events["parameters"]] == ["type", "actor", "place", "from", "to", "modality", "after",
                                                         "as_of", "recorded_as_of"]
    entity = doc["paths"]["/id/{kind}/{slug}.json"]["get"]
    assert [(p["name"], p["in"]) for p in entity["parameters"]] == [("kind", "path"), ("slug", "path"), ("as_of", "query"),
                                                                 ("recorded_as_of", "query")]


def test_json_is_deterministic(client):
    first = client.get(f"/id/{LUKASHENKO}.json").get_data()
    assert first == client.get(f"/id/{LUKASHENKO}.json").get_data()
    json.loads(first)
