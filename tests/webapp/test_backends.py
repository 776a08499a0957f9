"""The same pages from both graph backends: every entity, event and briefing page and the timeline's
filters give the same JSON over FalkorDB and over Neo4j, in the same order. Search is the one
legitimate difference: each engine ranks by its own full-text scoring (RediSearch's TF-IDF,
Lucene's BM25), so the scores and the order of equally good matches differ, not what is found."""
import pytest

from briefgraph.store.view import View
from briefgraph.webapp import create_app
from briefgraph.webapp.examples import CYPHER_EXAMPLES
from tests.webapp.conftest import GRAPH_BACKENDS, settings_for

LUKASHENKO = "person/alexander-lukashenko"
TIMELINE = ["/events.json", "/events.json?type=MilitaryActivity", "/events.json?type=SpeechAct",
            "/events.json?type=Meeting", "/events.json?modality=reported", "/events.json?modality=planned",
            "/events.json?from=2021&to=2022", f"/events.json?actor={LUKASHENKO}",
            "/events.json?actor=armed-forces/russian-armed-forces", "/events.json?place=place/minsk"]
OTHERS = ["/index.json", "/briefings.json", "/graph.json", f"/graph.json?id={LUKASHENKO}",
          f"/graph.json?id={LUKASHENKO}&depth=2", "/ontology.json"]


@pytest.fixture(scope="module")
def clients(loaded_stores):
    made = {}
    for backend in GRAPH_BACKENDS:
        graph, rdf_path = loaded_stores(backend)
        app = create_app({"TESTING": True, "VIEW": View(graph, rdf_path), "SETTINGS": settings_for(rdf_path),
                          "PAGE_CACHE_SIZE": 0})
        made[backend] = app.test_client()
    return made


def pages(graph) -> list[str]:
    """The JSON twin of every entity, event and briefing the stores hold."""
    return ([f"/id/{row[0]}.json" for row in graph.read("MATCH (n:Entity) RETURN n.id ORDER BY n.id").rows]
            + [f"/id/{row[0]}.json" for row in graph.read("MATCH (e:Event) RETURN e.id ORDER BY e.id").rows]
            + [f"/briefings/{row[0]}.json" for row in graph.read("MATCH (b:Briefing) RETURN b.id ORDER BY b.id").rows])


def twins(clients, url: str) -> list:
    answers = [clients[backend].get(url) for backend in GRAPH_BACKENDS]
    assert [r.status_code for r in answers] == [200] * len(answers), url
    return [r.get_json() for r in answers]


def test_every_page_is_the_same_over_both_backends(clients, loaded_stores):
    urls = pages(loaded_stores("falkordb")[0])
    assert len(urls) > 400                    # 16 briefings and every entity and event they name
    different = []
    for url in urls + TIMELINE + OTHERS:
        falkordb, neo4j = twins(clients, url)
        if falkordb != neo4j:
            different.append(url)
    assert different == []


def whole_timeline(client, url: str = "/events.json") -> dict[str, list[str]]:
    """Every event of the timeline with its briefings, page after page by each page's `next` link."""
    events: dict[str, list[str]] = {}
    following: str | None = url
    while following:
        data = client.get(following).get_json()
        assert not set(events) & {e["event"] for e in data["events"]}      # no event on two pages
        events.update((e["event"], e["briefings"]) for e in data["events"])
        following = data["next"]
    return events


def test_the_timeline_page_by_page_is_the_whole_timeline_in_order_on_both_backends(clients, loaded_stores):
    graph = loaded_stores("falkordb")[0]
    dated = graph.read("MATCH (e:Event) RETURN e.id ORDER BY e.day, e.id").rows
    walked = [whole_timeline(client) for client in clients.values()]
    assert [list(timeline) for timeline in walked] == [[row[0] for row in dated]] * len(walked)
    assert len(dated) > 100                    # more than one page of 100


def test_an_event_reported_twice_in_one_briefing_lists_that_briefing_once(clients, loaded_stores):
    """FalkorDB yields one row for two parallel relationships whose variable is not used again,
    Neo4j one row for each: the timeline lists each briefing once, in id order, on both."""
    twice = loaded_stores("neo4j")[0].read(
        "MATCH (e:Event)-[r:REPORTED_IN]->(b:Briefing) WITH e, b, count(r) AS reports WHERE reports > 1 "
        "RETURN e.id, b.id ORDER BY e.id").rows
    # two troop transfers, each told in two sentences of one briefing
    twice = [(event, briefing) for event, briefing in twice if briefing != "15-drone-incursion-second-opinion"]
    assert len(twice) == 2
    shared = loaded_stores("neo4j")[0].read(
        "MATCH (b:Briefing)<-[:REPORTED_IN]-(e:Event)-[:REPORTED_IN]->(c:Briefing) WHERE b.id < c.id "
        "RETURN DISTINCT e.id, [b.id, c.id] ORDER BY e.id").rows
    assert shared                              # the hostile briefings report one meeting
    for backend, client in clients.items():
        timeline = whole_timeline(client)
        assert [[event, timeline[event]] for event, _ in twice] == [[event, [briefing]] for event, briefing in twice], backend
        assert [[event, timeline[event]] for event, _ in shared] == shared, backend


@pytest.mark.parametrize("query", ["Lukashenka", "Minsk", "Zapad", "Russia", "brigade"])
def test_search_finds_the_same_entities_ranked_by_each_engine(clients, query):
    falkordb, neo4j = twins(clients, f"/search.json?q={query}")
    found = [{(cls, e["id"]) for cls, group in answer["entities"].items() for e in group} for answer in (falkordb, neo4j)]
    assert found[0] == found[1] and found[0]
    assert falkordb["briefings"] == neo4j["briefings"]


def without_element_ids(value):
    """Rows without the engines' internal ids of nodes and relationships (a relationship's ends are
    given by them): what legitimately differs between two stores of the same graph."""
    if isinstance(value, dict) and "element_id" in value:
        internal = ("element_id", "start", "end") if "type" in value else ("element_id",)
        return {k: without_element_ids(v) for k, v in value.items() if k not in internal}
    if isinstance(value, dict):
        return {k: without_element_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_element_ids(v) for v in value]
    return value


@pytest.mark.parametrize("title, statement", CYPHER_EXAMPLES, ids=[title for title, _ in CYPHER_EXAMPLES])
def test_the_cypher_consoles_examples_give_the_same_rows_on_both_backends(clients, title, statement):
    falkordb, neo4j = (clients[backend].post("/cypher", json={"statement": statement}).get_json()
                       for backend in GRAPH_BACKENDS)
    assert falkordb["rows"] and falkordb["truncated"] is False
    assert (neo4j["columns"], without_element_ids(neo4j["rows"])) == (falkordb["columns"], without_element_ids(falkordb["rows"]))
