"""Every export over the sample archive: rdflib parses each RDF format and they are isomorphic to
one another; the graph exports are the same bytes from either graph backend; the Cypher script
rebuilds the same graph in a fresh FalkorDB and in an empty Neo4j; the neo4j-admin CSV files have
that tool's headers and cover every property the graph holds (tests/exports/test_neo4j_admin.py
imports them with the real neo4j-admin)."""
import csv
import io
import re
import zipfile

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from briefgraph.exports import export, get_format
from briefgraph.exports.cypher_script import script_statements
from briefgraph.exports.neo4j_csv import NODE_PROPERTIES, RELATIONSHIP_PROPERTIES, relationship_group
from briefgraph.exports.graph_pages import RECORD_LABELS, RECORD_TYPES
from briefgraph.store.graph import cypher
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore

BASE = "http://briefgraph.test"
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "nquads": "nquads",
                 "trig": "trig"}


@pytest.fixture(scope="module")
def rdf(stores):
    store = OxigraphStore(stores[1], read_only=True)
    yield store


def dump(fmt_name, stores, rdf, **kw) -> bytes:
    out = io.BytesIO()
    export(get_format(fmt_name), out, graph=stores[0], rdf=rdf, base_url=BASE, **kw)
    return out.getvalue()


def union_of(dataset_bytes: bytes) -> Graph:
    ds = Dataset()
    ds.parse(data=dataset_bytes, format="nquads")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture(scope="module")
def nquads(stores, rdf):
    return dump("nquads", stores, rdf)


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_graph_formats_parse_and_equal_the_union_of_the_named_graphs(name, stores, rdf, nquads):
    parsed = Graph().parse(data=dump(name, stores, rdf), format=RDFLIB_FORMAT[name])
    assert len(parsed) > 10_000
    assert isomorphic(parsed, union_of(nquads))


def test_trig_and_nquads_hold_the_same_named_graphs(stores, rdf, nquads):
    from_trig = Dataset().parse(data=dump("trig", stores, rdf), format="trig")
    from_nq = Dataset().parse(data=nquads, format="nquads")
    graphs = lambda ds: {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs(from_trig) == graphs(from_nq)
    assert f"{BASE}/briefings/13-zapad-2025/graph" in graphs(from_nq)
    assert "https://w3id.org/briefgraph/ontology" in graphs(from_nq)
    for name in (f"{BASE}/briefings/13-zapad-2025/graph", "https://w3id.org/briefgraph/ontology"):
        assert isomorphic(from_trig.graph(name), from_nq.graph(name))


def test_one_briefing_is_its_named_graph(stores, rdf):
    text = dump("nquads", stores, rdf, briefing="13-zapad-2025").decode()
    lines = text.splitlines()
    assert lines and all(line.endswith(f"<{BASE}/briefings/13-zapad-2025/graph> .") for line in lines)


def test_one_entity_is_its_description_with_sources_and_events(stores, rdf):
    g = Graph().parse(data=dump("turtle", stores, rdf, entity="person/alexander-lukashenko"), format="turtle")
    me = f"{BASE}/id/person/alexander-lukashenko"
    text = g.serialize(format="nt")
    assert f"<{me}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Alexander Lukashenko\"@en" in text
    assert f"<https://w3id.org/briefgraph/ontology#mentionOf> <{me}>" in text            # the mentions (sources)
    assert "<https://w3id.org/briefgraph/ontology#speaker>" in text                     # events it took part in
    assert "<https://w3id.org/briefgraph/ontology#inBriefing>" in text                   # where each mention is


def graph_dump(fmt_name: str, graph) -> bytes:
    """A graph export (the Cypher script, the neo4j-admin CSV), which reads the graph store only."""
    out = io.BytesIO()
    export(get_format(fmt_name), out, graph=graph, base_url=BASE)
    return out.getvalue()


@pytest.mark.parametrize("fmt_name", ["cypher", "neo4j-csv"])
def test_the_graph_exports_are_the_same_bytes_from_either_backend(loaded_stores, fmt_name):
    """Nodes in id order, relationships in an order with no ties, properties by name, zip members
    undated: what each engine returns in an order of its own does not show."""
    from_falkordb = graph_dump(fmt_name, loaded_stores("falkordb")[0])
    assert len(from_falkordb) > 50_000
    assert graph_dump(fmt_name, loaded_stores("neo4j")[0]) == from_falkordb


def empty_graph(backend: str, engines, folder):
    """A graph store holding nothing, not even a schema: a fresh embedded FalkorDB, or the session's
    Neo4j for replays, wiped of its nodes, constraints and indexes."""
    if backend == "falkordb":
        return FalkorGraph.embedded(folder / "graph")
    from briefgraph.store.graph.neo4j_store import Neo4jGraph
    graph = Neo4jGraph(engines.get("neo4j", "replay").url, "neo4j", "")
    graph.write([("MATCH (n) DETACH DELETE n", {})])
    for (name,) in graph.read("SHOW CONSTRAINTS YIELD name RETURN name").rows:
        graph.write([(f"DROP CONSTRAINT {name}", {})])
    for (name,) in graph.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").rows:
        graph.write([(f"DROP INDEX {name}", {})])
    assert graph.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").rows == []
    return graph


# What the graph holds, counted: totals, entities and events by class, every label, relations by
# predicate, relationships by type (the source's Meta node, the store's generation, is not data).
# (the archive's record of itself is not exported: graph_pages.RECORD_LABELS)
FACTS = "NOT n:Meta" + "".join(f" AND NOT n:{label}" for label in RECORD_LABELS)
COUNTS = (cypher.COUNTS, cypher.ENTITY_CLASSES, cypher.EVENT_CLASSES, cypher.RELATION_TYPES,
          f"MATCH (n) WHERE {FACTS} UNWIND labels(n) AS label RETURN label, count(*) ORDER BY label",
          f"MATCH ()-[r]->() WHERE NOT type(r) IN {list(RECORD_TYPES)} RETURN type(r) AS t, count(r) ORDER BY t")


def check_replay(source, script: bytes, fresh, schema_of_the_script: bool) -> None:
    """Run the script into an empty store, each statement in a transaction of its own as
    `cypher-shell -f` does, twice: the same counts as the source, the same script exported again,
    every property and value included, and nothing more the second time (the statements MERGE)."""
    statements = script_statements(script.decode())
    assert statements[0] == ("CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE", True)
    assert all(s.startswith("UNWIND [") for s, schema in statements if not schema)
    for _ in range(2):
        for statement, schema in statements:
            if schema_of_the_script or not schema:
                fresh.write([(statement, {})])
        for query in COUNTS:
            assert fresh.read(query).rows == source.read(query).rows, query
        assert (fresh.read("MATCH ()-[r]->() RETURN count(r)").rows
                == source.read(f"MATCH ()-[r]->(x) WHERE NOT x:Meta AND NOT type(r) IN {list(RECORD_TYPES)} "
                               "RETURN count(r)").rows)
        assert fresh.search("Lukashenka").rows[0][0] == "person/alexander-lukashenko"
        assert graph_dump("cypher", fresh) == script


def test_the_cypher_script_rebuilds_the_same_graph_in_falkordb(stores, tmp_path):
    fresh = empty_graph("falkordb", None, tmp_path)
    try:
        fresh.ensure_schema()                        # FalkorDB's own schema commands, not the script's
        check_replay(stores[0], graph_dump("cypher", stores[0]), fresh, schema_of_the_script=False)
    finally:
        fresh.close()


def test_the_cypher_script_rebuilds_the_same_graph_in_an_empty_neo4j(loaded_stores, engines, tmp_path):
    """One replay is enough: the script is the same bytes from either backend (tested above)."""
    source = loaded_stores("falkordb")[0]
    fresh = empty_graph("neo4j", engines, tmp_path)
    try:
        check_replay(source, graph_dump("cypher", source), fresh, schema_of_the_script=True)
        assert (fresh.read("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name").rows
                == [["briefing_id"], ["briefing_version_id"], ["change_id"], ["change_part_id"], ["contradiction_id"],
                    ["entity_id"], ["event_id"]])
    finally:
        fresh.close()


HEADER = re.compile(r"^(:ID|id:ID|:LABEL|:START_ID|:END_ID|:TYPE|[a-z][a-z_0-9]*:(string|int|long|float|double|boolean)(\[\])?)$")


def test_the_neo4j_admin_csv_headers_and_rows(stores, rdf):
    archive = zipfile.ZipFile(io.BytesIO(dump("neo4j-csv", stores, rdf)))
    names = archive.namelist()
    assert names == ["nodes-briefing.csv", "nodes-entity.csv", "nodes-event.csv", "relationships-mentions.csv",
                     "relationships-reports.csv", "relationships-roles.csv", "relationships-relations.csv", "IMPORT.txt"]
    counts = {}
    for name in names[:-1]:
        rows = list(csv.reader(io.TextIOWrapper(archive.open(name), encoding="utf-8", newline="")))
        assert all(HEADER.match(h) for h in rows[0]), rows[0]
        assert all(len(r) == len(rows[0]) for r in rows)
        counts[name] = len(rows) - 1
    expected = stores[0].read(cypher.COUNTS).dicts()[0]
    assert counts["nodes-briefing.csv"] == expected["briefings"]
    assert counts["nodes-entity.csv"] == expected["entities"]
    assert counts["nodes-event.csv"] == expected["events"]
    assert counts["relationships-mentions.csv"] + counts["relationships-reports.csv"] == expected["sources"]
    person = next(r for r in csv.reader(io.TextIOWrapper(archive.open("nodes-entity.csv"), encoding="utf-8", newline=""))
                  if r[0] == "person/alexander-lukashenko")
    assert person[1] == "Entity|Actor|Person"
    assert "--array-delimiter='|' --multiline-fields=true" in archive.read("IMPORT.txt").decode()


def test_the_csv_schema_covers_every_stored_property(stores):
    graph = stores[0]
    for root, props in NODE_PROPERTIES.items():
        stored = {k for row in graph.read(f"MATCH (n:{root}) RETURN keys(n)").rows for k in row[0]}
        assert stored - {"id"} <= {p for p, _ in props}, root
    rows = graph.read(f"MATCH (a)-[r]->(b) WHERE NOT b:Meta AND NOT type(r) IN {list(RECORD_TYPES)} "
                      "RETURN DISTINCT type(r), keys(r)").rows
    for rel_type, keys in rows:
        assert set(keys) <= {p for p, _ in RELATIONSHIP_PROPERTIES[relationship_group(rel_type)]}, rel_type
