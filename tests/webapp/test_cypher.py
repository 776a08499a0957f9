"""The Cypher endpoint: JSON and CSV rows with nodes, relationships and paths serialised, EXPLAIN,
parameters, every write form refused with nothing changed, the row cap and the time limit."""
import json

import pytest

from briefgraph.store.graph import cypher
from briefgraph.store.graph.base import QueryRefused
from briefgraph.store.view import View
from briefgraph.webapp import create_app
from briefgraph.webapp.query_guard import Refused, check_cypher
from tests.webapp.conftest import settings_for


@pytest.fixture(scope="module")
def strict(stores):
    graph, rdf_path = stores
    app = create_app({"TESTING": True, "VIEW": View(graph, rdf_path),
                      "SETTINGS": settings_for(rdf_path, query_timeout=1, row_cap=3)})
    return app.test_client()


def test_rows_as_json_with_nodes_relationships_and_paths(client):
    body = {"statement": "MATCH p = (n:Person {id: $id})-[r:LEADS]->(s:State) RETURN n, r, s.id AS state, p LIMIT 1",
            "parameters": {"id": "person/alexander-lukashenko"}}
    data = client.post("/cypher", json=body).get_json()
    assert data["columns"] == ["n", "r", "state", "p"] and data["truncated"] is False
    node, rel, state, path = data["rows"][0]
    assert node["id"] == "person/alexander-lukashenko" and node["labels"] == ["Actor", "Entity", "Person"]
    assert node["properties"]["label"] == "Alexander Lukashenko" and node["element_id"]
    assert rel["type"] == "LEADS" and rel["start"] == node["element_id"] and rel["properties"]["briefing"]
    assert state == "state/belarus"
    assert [n["id"] for n in path["nodes"]] == ["person/alexander-lukashenko", "state/belarus"]
    assert path["relationships"][0]["type"] == "LEADS"


def test_get_with_statement_and_csv(client):
    r = client.get("/cypher", query_string={"statement": "MATCH (n:Person) RETURN n.id ORDER BY n.id LIMIT 2",
                                            "format": "csv"})
    assert r.content_type == "text/csv; charset=utf-8"
    lines = r.get_data(as_text=True).split("\r\n")
    assert lines[0] == "n.id" and len(lines) == 4 and lines[1] < lines[2]
    r = client.get("/cypher", query_string={"statement": "RETURN 1 AS one"}, headers={"Accept": "text/csv"})
    assert r.get_data(as_text=True) == "one\r\n1\r\n"


# Each engine names its own operators: only the plan's root, and that it seeks the index, are shared.
PLAN_ROOT = {"falkordb": "Results", "neo4j": "ProduceResults | n"}


def strict_json(body: bytes):
    """JSON as RFC 8259 has it: no NaN or Infinity, which browsers' JSON.parse refuses."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(body, parse_constant=refuse)


def test_dates_times_durations_and_infinities_as_json_and_csv_from_either_engine(client):
    """Each engine's client returns temporal values as objects of its own (the JSON answer was a 500);
    they come back as ISO 8601 text, the same from both."""
    statement = ("RETURN date('2024-01-02') AS d, localtime('12:00') AS t, duration('P1DT1H') AS p, "
                 "1e308 * 10 AS inf, -1e308 * 10 AS ninf, [0.0 / 0.0] AS nan")
    r = client.post("/cypher", json={"statement": statement})
    assert r.status_code == 200
    assert strict_json(r.data)["rows"] == [["2024-01-02", "12:00:00", "P1DT1H", "Infinity", "-Infinity", ["NaN"]]]
    r = client.post("/cypher", json={"statement": statement, "format": "csv"})
    assert r.get_data(as_text=True) == 'd,t,p,inf,ninf,nan\r\n2024-01-02,12:00:00,P1DT1H,Infinity,-Infinity,"[""NaN""]"\r\n'
    page = client.get("/cypher", query_string={"statement": statement}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<td>P1DT1H</td>" in page.get_data(as_text=True)


@pytest.fixture(scope="module")
def neo4j_client(loaded_stores):
    """The app over the Neo4j stores, for what only Neo4j has."""
    graph, rdf_path = loaded_stores("neo4j")
    return create_app({"TESTING": True, "VIEW": View(graph, rdf_path), "SETTINGS": settings_for(rdf_path)}).test_client()


def test_neo4j_datetimes_durations_and_points_as_json(neo4j_client):
    r = neo4j_client.post("/cypher", json={"statement": (
        "RETURN datetime('2024-01-02T03:04:05Z') AS at, duration('P1Y14M1DT1H1M1.5S') AS span, "
        "point({x: 1, y: 2}) AS xy, point({latitude: 53.9, longitude: 27.56}) AS minsk, [duration('PT0S')] AS zero")})
    assert strict_json(r.data)["rows"] == [[
        "2024-01-02T03:04:05+00:00", "P2Y2M1DT1H1M1.5S", {"srid": 7203, "x": 1.0, "y": 2.0},
        {"srid": 4326, "longitude": 27.56, "latitude": 53.9}, ["PT0S"]]]


def test_explain_gives_the_plan_and_runs_nothing(client, stores):
    data = client.post("/cypher", json={"statement": "EXPLAIN MATCH (n:Entity {id: 'x'}) RETURN n"}).get_json()
    assert data["plan"][0] == PLAN_ROOT[stores[0].backend] and any("Index" in line for line in data["plan"])


WRITES = [
    "CREATE (n:Entity {id: 'x'})", "MERGE (n:Entity {id: 'x'})", "MATCH (n:Entity) SET n.label = 'x'",
    "MATCH (n) DELETE n", "MATCH (n) DETACH DELETE n", "MATCH (n:Entity) REMOVE n.label",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'x')", "CALL dbms.security.createUser('a', 'b')",
    "MATCH (n:Entity) FOREACH (x IN [1] | SET n.y = x)",
    "MATCH (n:Entity) WITH n LIMIT 1 CREATE (m:Entity {id: 'y'})",
    "CALL { MATCH (n:Entity) DETACH DELETE n } RETURN 1",
    "// harmless?\nMATCH (n)\n\t/* look away */ dElEtE\n n",
    "MATCH (n:Entity) WITH n\nSET\tn.z = 1",
]


@pytest.mark.parametrize("statement", WRITES)
def test_every_write_form_is_refused_and_changes_nothing(client, stores, statement):
    before = stores[0].read(cypher.COUNTS).rows
    r = client.post("/cypher", json={"statement": statement})
    assert r.status_code == 400
    assert "refused" in r.get_json()["error"]["message"]
    assert stores[0].read(cypher.COUNTS).rows == before


@pytest.mark.parametrize("statement, message", [
    ("SHOW SETTINGS YIELD name, value RETURN name, value", "SHOW SETTINGS"),
    ("show transactions yield *", "SHOW TRANSACTIONS"),
    ("PROFILE SHOW USERS", "SHOW USERS"),
    ("// who am I\nSHOW\tCURRENT\n USER", "SHOW CURRENT USER"),
    ("SHOW ALL ROLES", "SHOW ALL ROLES"),
    ("SHOW DATABASES YIELD name, address", "SHOW DATABASES"),
])
def test_neo4js_server_administration_is_refused(client, statement, message):
    """Neo4j answers these in a read transaction: the server's settings (its file paths), the running
    transactions (other clients' queries and addresses), its users and databases."""
    r = client.post("/cypher", json={"statement": statement})
    assert r.status_code == 400
    assert r.get_json()["error"]["message"] == (
        f"{message} is refused: this endpoint reads the archive's graph, not the server's administration")


def test_neo4js_schema_commands_stay_allowed(neo4j_client):
    """SHOW INDEXES and its like describe the graph, as db.indexes() does on FalkorDB."""
    r = neo4j_client.post("/cypher", json={"statement": "SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' "
                                                        "RETURN name ORDER BY name"})
    assert r.get_json()["rows"] == [["briefing_titles"], ["entity_names"]]


@pytest.mark.parametrize("statement", ["USE system SHOW USERS", "USE `neo4j` MATCH (n) RETURN count(n)",
                                       "CALL { USE neo4j MATCH (n) RETURN n } RETURN count(*)"])
def test_another_database_is_refused(client, statement):
    r = client.post("/cypher", json={"statement": statement})
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, "USE is refused: this endpoint reads the archive's own database")


def test_words_like_show_and_use_elsewhere_are_no_command(client):
    statement = "WITH {show: 1, use: 2} AS m RETURN m.show AS show, m.use AS use, 'SHOW SETTINGS' AS text"
    assert client.post("/cypher", json={"statement": statement}).get_json()["rows"] == [[1, 2, "SHOW SETTINGS"]]


@pytest.mark.parametrize("statement", [
    "CREATE (n:Entity {id: 'x'}) RETURN n", "MERGE (n:Briefing {id: 'y'}) RETURN n",
    "MATCH (n:Entity {id: 'state/belarus'}) SET n.hacked = true", "MATCH (n:Entity) WITH n LIMIT 1 REMOVE n.label",
    "MATCH (n) DETACH DELETE n", "MATCH ()-[r:LEADS]->() DELETE r", "FOREACH (x IN [1] | CREATE (:Entity {id: 'z'}))",
    "CALL { CREATE (n:Entity {id: 'w'}) } RETURN 1", "CREATE INDEX FOR (n:Entity) ON (n.hacked)",
])
def test_the_database_refuses_a_write_the_guard_would_let_through(stores, statement):
    """The guard is only the first word: straight to the view, past the guard, the database's read
    mode (FalkorDB's GRAPH.RO_QUERY, Neo4j's READ access mode) refuses the write."""
    with pytest.raises(Refused):
        check_cypher(statement)
    graph = stores[0]
    before = graph.read(cypher.COUNTS).rows, graph.read("MATCH ()-[r]->() RETURN count(r)").rows
    with pytest.raises(QueryRefused) as refused:
        View(graph).cypher(statement)
    assert str(refused.value) == "this endpoint is read-only: the query tries to write"
    assert (graph.read(cypher.COUNTS).rows, graph.read("MATCH ()-[r]->() RETURN count(r)").rows) == before
    assert graph.read("MATCH (n:Entity {id: 'state/belarus'}) RETURN n.hacked").rows == [[None]]


@pytest.mark.parametrize("statement", [
    "DROP CONSTRAINT entity_id", "CREATE CONSTRAINT hacked FOR (n:Entity) REQUIRE n.hacked IS UNIQUE",
    "CREATE DATABASE hacked", "STOP DATABASE neo4j", "CALL db.createLabel('Hacked')",
    "DROP INDEX entity_names",
])
def test_neo4j_refuses_administration_in_read_access_mode(loaded_stores, statement):
    """Neo4j's own schema and database commands, past the guard: its READ access mode refuses them."""
    with pytest.raises(Refused):
        check_cypher(statement)
    graph = loaded_stores("neo4j")[0]
    schema = "SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL RETURN name ORDER BY name"
    constraints = "SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name"
    before = graph.read(schema).rows
    with pytest.raises(QueryRefused) as refused:
        View(graph).cypher(statement)
    assert str(refused.value) == "this endpoint is read-only: the query tries to write"
    assert graph.read(schema).rows == before and ["entity_names"] in before
    assert graph.read(constraints).rows == [["briefing_id"], ["briefing_version_id"], ["change_id"], ["change_part_id"],
                                            ["contradiction_id"], ["entity_id"], ["event_id"]]
    assert graph.read("SHOW DATABASES YIELD name RETURN name ORDER BY name").rows == [["neo4j"], ["system"]]
    assert graph.read("CALL db.labels() YIELD label WHERE label = 'Hacked' RETURN label").rows == []


def test_the_row_cap_truncates_and_says_so(strict):
    r = strict.post("/cypher", json={"statement": "MATCH (n:Entity) RETURN n.id"})
    data = r.get_json()
    assert len(data["rows"]) == 3 and data["truncated"] is True
    assert r.headers["X-Briefgraph-Truncated"] == "true; the result was cut at 3 rows"


def test_a_statement_past_the_time_limit_is_stopped(strict):
    # Neo4j answers a bare count of a cartesian product from its count store at once; a condition
    # on the pairs makes both engines walk every one of them.
    r = strict.post("/cypher", json={"statement": "MATCH (a), (b), (c), (d) WHERE a <> d RETURN count(*)"})
    assert r.status_code == 503
    assert r.get_json()["error"]["message"] == "the query ran longer than 1000 ms and was stopped"
    assert strict.post("/cypher", json={"statement": "RETURN 1"}).status_code == 200


@pytest.mark.parametrize("body, message", [
    ([1, 2], 'send a JSON object: {"statement": "...", "parameters": {...}}'),
    ({"statement": "RETURN 1", "parameters": [1]}, "parameters must be a JSON object"),
    ({"statement": ""}, 'no statement: send {"statement": "..."} as JSON, or ?statement='),
    ({"statement": "MATCH (n RETURN n"}, None),
])
def test_bad_requests_are_400_with_the_reason(client, body, message):
    r = client.post("/cypher", json=body)
    assert r.status_code == 400
    if message:
        assert r.get_json()["error"]["message"] == message


@pytest.mark.parametrize("body, message", [
    ('{"statement": "RETURN $n", "parameters": {"n": 100000000000000000000}}',
     "parameter n: 100000000000000000000 is outside the 64-bit integers the engines hold"),
    ('{"statement": "RETURN $m", "parameters": {"m": [1, {"x": -9223372036854775809}]}}',
     "parameter m[1].x: -9223372036854775809 is outside the 64-bit integers the engines hold"),
    ('{"statement": "RETURN $n", "parameters": {"n": NaN}}', "parameter n: nan is not a JSON number"),
    ('{"statement": "RETURN $n", "parameters": {"n": "a\\ud800"}}',
     "parameter n holds '\\ud800' at 1, half of a UTF-16 surrogate pair: not a character"),
    ('{"statement": "RETURN \'\\udfff\'"}', "the statement holds '\\udfff' at 8, half of a UTF-16 surrogate pair: not a character"),
    ('{"statement": "RETURN 1", "parameters": {"": 1}}', "a parameter's name is empty"),
    ('{"statement": "RETURN $m", "parameters": {"m": {"": 1}}}', "a key of parameter m is empty"),
    ('{"statement": "RETURN $`a``b`", "parameters": {"a`b": 1}}', "a parameter's name, 'a`b', holds a backtick"),
    ('{"statement": "RETURN $m", "parameters": {"m": [{"`": 1}]}}', "a key of parameter m[0], '`', holds a backtick"),
])
def test_parameters_an_engine_cannot_take_are_400_with_the_reason(client, body, message):
    """Each was a 500 on one engine or both (the driver or the client failed to send it), or was
    silently changed (FalkorDB read a too large integer as the largest it holds)."""
    r = client.post("/cypher", data=body, headers={"Content-Type": "application/json"})
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, message)


def test_the_largest_and_smallest_integers_and_any_names_go_through(client):
    body = {"statement": "RETURN $big AS big, $small AS small, $`odd name` AS odd, $map AS map",
            "parameters": {"big": 2**63 - 1, "small": -2**63, "odd name": "Лукашенко ✓", "map": {"a b": [1.5, None, True]}}}
    assert client.post("/cypher", json=body).get_json()["rows"] == [[2**63 - 1, -2**63, "Лукашенко ✓", {"a b": [1.5, None, True]}]]


def test_the_console_shows_examples_and_results(client):
    body = client.get("/cypher", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Who met whom" in body and "<textarea" in body
    body = client.get("/cypher", query_string={"statement": "MATCH (n:Person {id: 'person/alexander-lukashenko'}) RETURN n"},
                      headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<a href="/id/person/alexander-lukashenko">Alexander Lukashenko</a>' in body
