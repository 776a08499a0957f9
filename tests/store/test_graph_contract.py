"""The graph store contract, run against every backend at hand (FalkorDB always, Neo4j when
started by the tests): the same assertions for development and production."""
import pytest

from briefgraph.store.graph import cypher
from briefgraph.store.graph.base import QueryRefused, QueryTimeout
from briefgraph.store.stats import stats


def ids(graph, query, **params):
    return sorted(row[0] for row in graph.read(query, params).rows)


def test_ingest_writes_entities_events_and_provenance(writer, graph, make):
    outcome = writer.write(make("b1", "On 3 May, Russian troops arrived at the Obuz-Lesnovsky training ground. "
                                      "Defence Minister Viktar Khrenin said the army was ready."))
    assert outcome.status == "ingested"
    assert ids(graph, "MATCH (n:Entity) RETURN n.id") == [
        "armed-forces/russian-armed-forces", "government/ministry-of-defence-of-belarus",
        "person/viktor-khrenin", "place/obuz-lesnovsky-training-ground"]
    labels = graph.read("MATCH (n:Entity {id: 'person/viktor-khrenin'}) RETURN labels(n)").rows[0][0]
    assert sorted(labels) == ["Actor", "Entity", "Person"]
    mention = graph.read("MATCH (:Entity {id: 'person/viktor-khrenin'})-[m:MENTIONED_IN]->(b:Briefing) "
                         "RETURN b.id, m.texts, m.spans").rows
    assert mention == [["b1", ["Viktar Khrenin"], ["89-103"]]]
    event = graph.read("MATCH (e:TroopTransfer)-[r:REPORTED_IN]->(b:Briefing) "
                       "RETURN e.modality, e.date, r.sentence, r.evidence, labels(e)").rows
    assert event[0][:4] == ["reported", "2023-05-03", 0,
                            "On 3 May, Russian troops arrived at the Obuz-Lesnovsky training ground."]
    assert sorted(event[0][4]) == ["Event", "MilitaryActivity", "TroopTransfer"]
    assert graph.read("MATCH (:Event)-[:AGENT]->(n:Entity) RETURN n.id").rows == [["armed-forces/russian-armed-forces"]]
    assert graph.read("MATCH (s)-[r:LEADS]->(o) RETURN s.id, o.id, r.briefing, r.sentence").rows == [
        ["person/viktor-khrenin", "government/ministry-of-defence-of-belarus", "b1", 1]]


def test_reingesting_an_unchanged_briefing_is_a_noop(writer, graph, rdf, sample_extractions):
    for e in sample_extractions[:4]:
        assert writer.write(e).status == "ingested"
    first = stats(graph, rdf)
    assert [writer.write(e).status for e in sample_extractions[:4]] == ["unchanged"] * 4
    assert stats(graph, rdf) == first


def test_a_changed_briefing_replaces_its_facts_and_keeps_what_others_said(writer, graph, make):
    writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May. Wagner fighters trained near Asipovichy."))
    writer.write(make("b2", "On 1 May, Lukashenka met Putin in Minsk."))
    assert writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May.")).status == "replaced"
    assert ids(graph, "MATCH (n:Entity) RETURN n.id") == [
        "person/alexander-lukashenko", "person/vladimir-putin", "place/minsk"]
    assert graph.read("MATCH (e:Meeting)-[r:REPORTED_IN]->(b) RETURN b.id ORDER BY b.id").rows == [["b1"], ["b2"]]
    assert graph.read("MATCH (e:Exercise) RETURN count(e)").rows == [[0]]


def test_one_entity_and_one_event_across_briefings(writer, graph, make):
    writer.write(make("b1", "On 1 May, Aliaksandr Lukashenka met Vladimir Putin in Minsk."))
    writer.write(make("b2", "Lukashenko met Putin in Minsk on 1 May, the Kremlin said."))
    assert graph.read("MATCH (n:Entity {id: 'person/alexander-lukashenko'})-[m:MENTIONED_IN]->(b) "
                      "RETURN b.id, m.texts ORDER BY b.id").rows == [["b1", ["Aliaksandr Lukashenka"]], ["b2", ["Lukashenko"]]]
    assert graph.read("MATCH (e:Meeting) RETURN count(e)").rows == [[1]]
    assert graph.read("MATCH (e:Meeting)-[r:REPORTED_IN]->(b) RETURN count(r)").rows == [[2]]


def test_deleting_a_briefing(writer, graph, rdf, make):
    writer.write(make("b1", "On 1 May, Aliaksandr Lukashenka met Vladimir Putin in Minsk."))
    writer.write(make("b2", "Wagner fighters trained near Asipovichy on 14 July."))
    writer.delete("b2")
    assert ids(graph, "MATCH (b:Briefing) RETURN b.id") == ["b1"]
    assert "organization/wagner-group" not in ids(graph, "MATCH (n:Entity) RETURN n.id")
    assert not rdf.ask("ASK { GRAPH <http://briefgraph.test/briefings/b2/graph> { ?s ?p ?o } }")


def test_reads_are_read_only_by_the_database(writer, graph, make):
    writer.write(make("b1", "On 1 May, Aliaksandr Lukashenka met Vladimir Putin in Minsk."))
    before = graph.read(cypher.COUNTS).rows
    for statement in ["CREATE (x:Entity {id: 'x'}) RETURN x", "MATCH (n:Entity) SET n.label = 'x' RETURN n",
                      "MATCH (n) DETACH DELETE n", "MERGE (x:Briefing {id: 'y'}) RETURN x",
                      "MATCH (n:Entity) WITH n LIMIT 1 REMOVE n.label RETURN n"]:
        with pytest.raises(QueryRefused):
            graph.read(statement)
    assert graph.read(cypher.COUNTS).rows == before


def test_time_limit_stops_a_runaway_query(writer, graph, sample_extractions):
    for e in sample_extractions[:3]:
        writer.write(e)
    with pytest.raises(QueryTimeout):
        graph.read("MATCH (a), (b), (c), (d) WHERE a <> d RETURN count(*)", timeout_ms=50)


def test_row_cap_says_it_truncated(writer, graph, sample_extractions):
    writer.write(sample_extractions[0])
    capped = graph.read("MATCH (n:Entity) RETURN n.id ORDER BY n.id", limit=5)
    assert len(capped.rows) == 5 and capped.truncated is True
    assert graph.read("MATCH (n:Entity) RETURN n.id", limit=10_000).truncated is False


def test_full_text_search_by_name_alias_and_script(writer, graph, make):
    writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk."))
    for query in ("Lukashenka", "Lukashenko", "Лукашенко", "lukash", "Lukashanka", "Alexandr Lukashenko"):
        assert graph.search(query).rows[0][0] == "person/alexander-lukashenko", query


@pytest.mark.parametrize("statement", ["\\", "RETURN '\\", "MATCH (n) RETURN n.`", "RETURN 1 +"])
def test_a_malformed_statement_is_refused_not_a_server_error(graph, statement):
    """Found by the property tests: Neo4j answered `\\` with a DatabaseError the store let through
    (a 500 from the console); every engine's complaint about a statement is QueryRefused."""
    with pytest.raises(QueryRefused):
        graph.read(statement, timeout_ms=2000)
    assert graph.read("RETURN 1 AS one").rows == [[1]]


# What the counters the writer keeps must equal: the same counts taken from the edges.
RECOUNT = {
    "entity": ("MATCH (n:Entity) OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Briefing) WITH n, count(m) AS briefings "
               "OPTIONAL MATCH (e:Event)-->(n) RETURN n.id, briefings, count(DISTINCT e) ORDER BY n.id"),
    "briefing": ("MATCH (b:Briefing) OPTIONAL MATCH (b)<-[m:MENTIONED_IN]-(:Entity) WITH b, count(m) AS entities "
                 "OPTIONAL MATCH (b)<-[:REPORTED_IN]-(e:Event) RETURN b.id, entities, count(DISTINCT e) ORDER BY b.id"),
}
STORED = {"entity": "MATCH (n:Entity) RETURN n.id, n.n_briefings, n.n_events ORDER BY n.id",
          "briefing": "MATCH (b:Briefing) RETURN b.id, b.n_entities, b.n_events ORDER BY b.id"}


def test_the_counters_follow_every_write_replacement_and_deletion(writer, graph, make):
    writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May. Wagner fighters trained "
                            "near Asipovichy. Lukashenka said Belarus was ready."))
    writer.write(make("b2", "On 1 May, Lukashenka met Putin in Minsk. Russian troops arrived in Brest on 2 May."))
    writer.write(make("b3", "Russian troops arrived in Brest on 2 May, and Lukashenka met Putin in Minsk on 1 May."))
    assert graph.read(STORED["entity"]).rows == graph.read(RECOUNT["entity"]).rows
    assert graph.read(STORED["briefing"]).rows == graph.read(RECOUNT["briefing"]).rows
    lukashenko = "MATCH (n:Entity {id: 'person/alexander-lukashenko'}) RETURN n.n_briefings, n.n_events"
    assert graph.read(lukashenko).rows == [[3, 2]]      # the meeting (in all three) and b1's statement
    assert writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May.")).status == "replaced"
    writer.delete("b3")
    assert graph.read(lukashenko).rows == [[2, 1]]
    assert graph.read(STORED["entity"]).rows == graph.read(RECOUNT["entity"]).rows
    assert graph.read(STORED["briefing"]).rows == graph.read(RECOUNT["briefing"]).rows


def test_a_store_of_the_first_version_is_upgraded_once_to_the_same_keys_and_counters(writer, graph, make):
    from briefgraph.store.graph.upgrade import VERSION, upgrade

    writer.write(make("b1", "Aliaksandr Lukashenka met Vladimir Putin in Minsk on 1 May. Defence Minister Viktar "
                            "Khrenin said the army was ready.", published="2023-05-02"))
    writer.write(make("b2", "Russian troops arrived in Brest. Lukashenka met Putin.", published="2023-06-09"))
    lists = ("MATCH (b:Briefing) RETURN b.id, b.rel_predicates, b.rel_subjects, b.rel_objects, b.rel_sentences, "
             "b.rel_starts, b.rel_ends, b.rel_evidence ORDER BY b.id")
    stated = [[row[0], sorted(zip(*row[1:]))] for row in graph.read(lists).rows if row[1]]
    assert stated == [["b1", [("LEADS", "person/viktor-khrenin", "government/ministry-of-defence-of-belarus", 1, 60,
                               116, "Defence Minister Viktar Khrenin said the army was ready.")]]]
    stored = {kind: graph.read(query).rows for kind, query in STORED.items()}
    keys = "MATCH (x) WHERE x:Briefing OR x:Event RETURN x.id, x.day ORDER BY x.id"
    days = graph.read(keys).rows
    meta = "MATCH (m:Meta {id: 'store'}) RETURN m.briefing_day_min, m.briefing_day_max, m.event_day_min, m.event_day_max"
    anchors = graph.read(meta).rows
    assert anchors == [[738642, 738680, 738641, 738641]]   # 2 May and 9 June; the meeting of 1 May
    reported = ("MATCH (b:Briefing) OPTIONAL MATCH (x)-[r]->(:Entity) WHERE r.briefing = b.id "
                "RETURN b.id, b.reported, collect(DISTINCT r.reported) ORDER BY b.id")
    signatures = "MATCH (e:Event) RETURN e.id, e.sig ORDER BY e.id"
    signed = graph.read(signatures).rows
    assert ["Meeting|AGENT:person/alexander-lukashenko,TARGET:person/vladimir-putin"] in [[s] for _, s in signed]
    assert graph.read(reported).rows == [["b1", 738642, [738642]], ["b2", 738680, [738680]]]
    changes = ("MATCH (b:Briefing) OPTIONAL MATCH (x)-[r]->(:Entity) WHERE r.briefing = b.id "
               "RETURN b.id, b.change, collect(DISTINCT r.change) ORDER BY b.id")
    assert graph.read(changes).rows == [["b1", 1, [1]], ["b2", 1, [1]]]       # one writer, one change set
    points = ("MATCH (x) WHERE (x:Entity OR x:Event) AND x.lat IS NOT NULL "
              "RETURN x.id, x.lat, x.lon, x.precision, x.place ORDER BY x.id")
    located = graph.read(points).rows
    assert [row for row in located if row[0].startswith("place/")] == [
        ["place/brest", 52.10894, 23.71749, "town", None], ["place/minsk", 53.90019, 27.56653, "town", None]]
    # the meeting in Minsk, the troops' arrival in Brest
    assert sorted(row[1:] for row in located if row[0].startswith("event/")) == [
        [52.10894, 23.71749, "town", "place/brest"], [53.90019, 27.56653, "town", "place/minsk"]]
    # what a store written before the counters holds: no keys, no counters, no version
    graph.write([("MATCH (x) WHERE x:Briefing OR x:Event OR x:Entity REMOVE x.day, x.n_briefings, x.n_events, "
                  "x.n_entities, x.rel_predicates, x.rel_subjects, x.rel_objects, x.rel_sentences, x.rel_starts, "
                  "x.rel_ends, x.rel_evidence, x.reported, x.sig, x.change, x.version, x.lat, x.lon, x.precision, "
                  "x.place", {}),
                 ("MATCH ()-[r]->(:Entity) REMOVE r.reported, r.change", {}),
                 ("MATCH (m:Meta) REMOVE m.version, m.briefing_day_min, m.briefing_day_max, m.event_day_min, "
                  "m.event_day_max", {})])
    assert upgrade(graph) is True
    assert {kind: graph.read(query).rows for kind, query in STORED.items()} == stored
    assert graph.read(keys).rows == days
    assert graph.read(meta).rows == anchors
    assert graph.read(reported).rows == [["b1", 738642, [738642]], ["b2", 738680, [738680]]]
    assert graph.read(signatures).rows == signed
    assert graph.read(points).rows == located
    # written before change sets were recorded: held as of change 0, before the first
    assert graph.read(changes).rows == [["b1", 0, [0]], ["b2", 0, [0]]]
    assert [[row[0], sorted(zip(*row[1:]))] for row in graph.read(lists).rows if row[1]] == stated
    assert graph.read("MATCH (m:Meta {id: 'store'}) RETURN m.version").rows == [[VERSION]]
    assert upgrade(graph) is False
