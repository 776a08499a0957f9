"""The read side: entity pages, neighbourhoods, briefings, events, and limited Cypher and SPARQL."""
import pytest

from briefgraph.store.graph.base import QueryRefused, QueryTimeout
from briefgraph.store.view import View


@pytest.fixture
def view(writer, graph, rdf, make, tmp_path):
    writer.write(make("b1", "On 1 May, Aliaksandr Lukashenka met Vladimir Putin in Minsk. "
                            "Defence Minister Viktar Khrenin said the army was ready.", "2023-05-02"))
    writer.write(make("b2", "On 20 December, an echelon with 23 T-80 tanks departed from Polonka railway station. "
                            "Lukashenko threatened Poland with dire consequences.", "2022-12-21"))
    rdf.store.flush()
    return View(graph, tmp_path / "rdf")


def test_entity_with_mentions_relations_and_events(view):
    e = view.entity("person/alexander-lukashenko")
    assert (e["label"], e["class"], e["known"]) == ("Alexander Lukashenko", "Person", True)
    assert [(m["briefing"], m["texts"]) for m in e["mentions"]] == [("b1", ["Aliaksandr Lukashenka"]), ("b2", ["Lukashenko"])]
    assert [(x["type"], x["role"], x["date"], x["briefing"]) for x in e["events"]] == [
        ("Meeting", "AGENT", "2023-05-01", "b1"), ("Threat", "SPEAKER", None, "b2")]   # undated last
    khrenin = view.entity("person/viktor-khrenin")
    assert [(r["predicate"], r["outgoing"], r["other"], r["sentence"]) for r in khrenin["relations"]] == [
        ("LEADS", True, "government/ministry-of-defence-of-belarus", 1)]
    assert view.entity("person/nobody") is None


def test_neighbourhood_depth_one_and_two(view):
    one = view.neighbourhood("person/vladimir-putin", depth=1)
    assert [n["labels"][-1] if "Meeting" in n["labels"] else n["id"] for n in one["nodes"]] == ["Meeting"]
    two = view.neighbourhood("person/vladimir-putin", depth=2)
    ids = {n["id"] for n in two["nodes"]}
    assert {"person/alexander-lukashenko", "place/minsk"} <= ids
    assert len(view.neighbourhood("person/vladimir-putin", depth=2, limit=2)["edges"]) == 2


def test_briefings_list_and_page(view):
    assert [(b["id"], b["events"]) for b in view.briefings()] == [("b1", 2), ("b2", 2)]
    page = view.briefing("b2")
    assert page["body"].startswith("On 20 December")
    assert [m["entity"] for m in page["mentions"]] == [
        "person/alexander-lukashenko", "place/polonka-railway-station", "state/poland", "weapon/t-80"]


def test_events_filters(view):
    assert [e["type"] for e in view.events()] == ["TroopTransfer", "Meeting", "Statement", "Threat"]
    assert [e["type"] for e in view.events(type="SpeechAct")] == ["Statement", "Threat"]
    assert [e["type"] for e in view.events(actor="person/vladimir-putin")] == ["Meeting"]
    assert [e["type"] for e in view.events(place="place/polonka-railway-station")] == ["TroopTransfer"]
    assert [e["date"] for e in view.events(date_from="2023-01-01", date_to="2023-12-31")] == ["2023-05-01"]
    assert view.events(modality="planned") == []


def walk(read, limit):
    """Every row of a list, `limit` a page, each page after the last row's cursor."""
    from briefgraph.store.graph.keyset import Cursor

    rows, after = [], None
    while True:
        page = read(limit=limit, after=after)
        rows += page
        if len(page) < limit:
            return rows
        after = Cursor.parse(page[-1]["cursor"])


def test_pages_of_any_size_read_the_same_list_through_the_index_or_the_selector(view, writer, make):
    writer.write(make("b3", "On 3 March, Lukashenka met Putin in Sochi. Russian troops arrived in Brest on 4 March.",
                      "2024-03-05"))
    writer.write(make("b4", "Putin and Lukashenka met again in Minsk on 3 March.", "2024-03-05"))
    whole = view.events(limit=100)
    assert [(e["type"], e["date"]) for e in whole] == [
        ("TroopTransfer", "2022-12-20"), ("Meeting", "2023-05-01"), ("Meeting", "2024-03-03"), ("Meeting", "2024-03-03"),
        ("TroopTransfer", "2024-03-04"), ("Statement", None), ("Threat", None)]     # Sochi and Minsk: two meetings
    # a page of 1 or 2 reads windows of days (4 or more events for 1 or 2 a page), 100 the selector
    for limit in (1, 2, 100):
        assert walk(view.events, limit) == whole, limit
        for name, value in (("actor", "person/alexander-lukashenko"), ("type", "Meeting"), ("place", "place/minsk")):
            expected = view.events(limit=100, **{name: value})
            assert walk(lambda **page: view.events(**{name: value}, **page), limit) == expected, (name, limit)
    assert [b["id"] for b in walk(view.briefings, 1)] == ["b3", "b4", "b1", "b2"]     # latest first, then by id
    # a period: what begins in it, after what began before it and goes on (dated by its year or month)
    writer.write(make("b5", "In 2024, Russian troops were deployed to Belarus.", "2024-03-05"))
    march = view.events(date_from="2024-03-01", date_to="2024-03-31", limit=100)
    assert [(e["type"], e["date"]) for e in march] == [
        ("Deployment", "2024"), ("Meeting", "2024-03-03"), ("Meeting", "2024-03-03"), ("TroopTransfer", "2024-03-04")]
    for limit in (1, 3):
        assert walk(lambda **page: view.events(date_from="2024-03-01", date_to="2024-03-31", **page), limit) == march
    assert [e["date"] for e in view.events(date_from="2024-03-04", limit=100)] == ["2024", "2024-03-04"]   # no undated
    full = view.entity("person/alexander-lukashenko")
    for limit in (1, 3):
        page = view.entity("person/alexander-lukashenko", event_limit=limit, mention_limit=limit)
        assert page["mentions"] == full["mentions"][:limit]
        assert [e["event"] for e in page["events"]] == list(dict.fromkeys(e["event"] for e in full["events"]))[:limit]
    assert full["counts"] == {"briefings": 4, "events": 4}


def test_cypher_is_read_only_time_boxed_and_capped(view):
    assert view.cypher("MATCH (n:Entity) RETURN n.id ORDER BY n.id", limit=3).truncated is True
    with pytest.raises(QueryRefused):
        view.cypher("MATCH (n) DETACH DELETE n")
    with pytest.raises(QueryTimeout):
        view.cypher("MATCH (a), (b), (c), (d), (e), (f) WHERE a <> f AND b <> e RETURN count(*)", timeout_ms=20)
    assert view.counts()["briefings"] == 2


def test_sparql_in_a_worker_with_a_time_limit_and_a_row_cap(view):
    result = view.sparql("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [[str(t) for t in row] for row in result.rows] == [["<http://briefgraph.test/briefings/b1/graph>"], ["<http://briefgraph.test/briefings/b2/graph>"],
                           ["<http://briefgraph.test/graphs/changes>"], ["<http://briefgraph.test/graphs/entities>"],
                           ["<https://w3id.org/briefgraph/ontology>"]]
    assert view.sparql("ASK { ?s ?p ?o }").boolean is True
    capped = view.sparql("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", limit=5)
    assert len(capped.rows) == 5 and capped.truncated
    with pytest.raises(QueryRefused):
        view.sparql("DROP ALL")
    with pytest.raises(QueryTimeout):
        view.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout_s=1)
