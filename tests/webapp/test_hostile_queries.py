"""Issue 19's hostile queries, on both graph backends: statements that crashed FalkorDB or took its
parser exponential time, ranges and reduce() hidden by backticks or nested, procedures called by
quoted names. Each answers within the time limit plus a second, and the next ordinary request
still answers."""
import os
import time

import pytest
from briefgraph.store.view import View
from briefgraph.webapp import create_app
from tests.webapp.conftest import settings_for

LIMIT_S = 2


@pytest.fixture(scope="module")
def strict_app(stores):
    graph, rdf_path = stores
    return create_app({"TESTING": True, "VIEW": View(graph, rdf_path),
                       "SETTINGS": settings_for(rdf_path, query_timeout=LIMIT_S, row_cap=100)})


def ordinary_requests_answer(client) -> None:
    assert client.get("/id/person/alexander-lukashenko.json").status_code == 200
    assert client.post("/cypher", json={"statement": "MATCH (n:Person) RETURN count(n)"}).status_code == 200
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"}).status_code == 200


@pytest.mark.parametrize("statement, reason", [
    ("RETURN " + "+".join(["1"] * 60_000), "characters long"),                 # killed FalkorDB's server
    ("RETURN " + "NOT " * 40_000 + "true", "characters long"),
    ("RETURN " + "+".join(["1"] * 2_500), "operators"),
    ("RETURN " + "(" * 100 + "1" + ")" * 100, "nests"),                          # exponential parse
    ("RETURN " + "[" * 100 + "1" + "]" * 100, "nests"),
    ("RETURN " + "NOT " * 20 + "true", "nests"),
    ("RETURN " + "NOT (" * 12 + "true" + ")" * 12, "nests"),
    ("WITH 1 AS x RETURN " + " + ".join(["x"] * 300), "chains 299 operators"),     # Neo4j's stack overflowed
    ("WITH 1 AS x RETURN [" + " + ".join(["x"] * 120) + "]", "chains 120 operators"),
    ("MATCH (n) WHERE " + " OR ".join(["n.id = 'a'"] * 60) + " RETURN n", "chains 119 operators"),
    ("RETURN size(`range`(0, 200000000))", "range"),                           # the backticked name
    ("RETURN size(`RANGE` (0, 200000000))", "range"),
    ("UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b RETURN count(*)", "range"),
    ("RETURN reduce(s=0, x IN range(1,7000000) | s + size([y IN range(1,100) | y]))", "range"),
    ("CALL `dbms.procedures`()", "CALL dbms.procedures"),
    ("CALL `algo.pageRank`(null, null)", "CALL algo.pageRank"),
    ("CALL `dbms`.`procedures`()", "CALL dbms.procedures"),
])
def test_a_hostile_statement_is_refused_and_the_server_answers_the_next(strict_app, statement, reason):
    client = strict_app.test_client()
    started = time.monotonic()
    response = client.post("/cypher", json={"statement": statement})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert reason in response.get_json()["error"]["message"]
    assert time.monotonic() - started < LIMIT_S + 1
    ordinary_requests_answer(client)


def test_reduce_that_doubles_a_list_is_refused_where_memory_cannot_bound_it(strict_app):
    client = strict_app.test_client()
    response = client.post("/cypher", json={"statement": "RETURN size(reduce(a=[0], i IN range(1,40) | a+a))"})
    backend = strict_app.config["VIEW"].graph.backend
    if backend == "falkordb":
        assert response.status_code == 400 and "reduce()" in response.get_json()["error"]["message"]
    else:                       # Neo4j's lists concatenate lazily: the size is known, nothing is built
        assert response.status_code == 200 and response.get_json()["rows"] == [[2 ** 40]]
    ordinary_requests_answer(client)


def test_ordinary_statements_pass_the_guard(strict_app):
    client = strict_app.test_client()
    for statement in ("MATCH (a:Entity)<-[:AGENT]-(e:Event)-[:PLACE]->(p) WHERE NOT p.id = 'x' AND e.date_start > '2020' "
                      "RETURN a.id, CASE WHEN e.date_start IS NULL THEN -1 ELSE 1 END AS k ORDER BY a.id LIMIT 5",
                      "CALL `db`.`labels`() YIELD label RETURN label ORDER BY label LIMIT 3",
                      "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN count(*)",
                      # a subtraction is not a prefix minus: 12 brackets around one are allowed
                      # (the minus was judged by the text before the previous token, and counted)
                      "RETURN " + "(" * 12 + "2 - 1" + ")" * 12):
        response = client.post("/cypher", json={"statement": statement})
        assert response.status_code == 200, (statement, response.get_data(as_text=True)[:300])


# Property: nested and long expressions built from the grammar's operators, within the size limit,
# each answer within the time limit plus a second with 200, 400 or 503, and the server answers the
# next ordinary request. The generated statements mix what was hostile above (depth, length,
# ranges in comprehensions, prefix operators) with ordinary arithmetic, so that both the guard's
# refusals and the engines' own limits are exercised.
from hypothesis import HealthCheck, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Long sums of one term: as many copies as fit in the guard's length limit, so that nesting does
# not multiply sizes without bound; the statements themselves are kept near that limit.
LENGTH = 20_000


def _repeated(term_and_count: tuple[str, int]) -> str:
    term, count = term_and_count
    return " + ".join([term] * max(2, min(count, LENGTH // (len(term) + 3))))


CYPHER_ATOMS = st.sampled_from(["1", "0", "-1", "2.5", "true", "false", "null", "'a'", "[]", "[1, 2]", "x"])
SPARQL_ATOMS = st.sampled_from(["1", "0", "-1", "2.5", "true", "false", "'a'", "?s", "?o", "<urn:x>", "'1'^^<urn:t>"])


def _cypher_expression(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "%", "^", "=", "<>", "<", "AND", "OR", "XOR"]),
                  children).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda e: f"({e})"),
        children.map(lambda e: f"[{e}]"),
        children.map(lambda e: f"NOT {e}"),
        children.map(lambda e: f"-{e}"),
        st.tuples(children, children, children).map(lambda t: f"CASE WHEN {t[0]} THEN {t[1]} ELSE {t[2]} END"),
        st.tuples(st.integers(0, 10 ** 7), children).map(lambda t: f"[x IN range(1, {t[0]}) | {t[1]}]"),
        st.tuples(st.sampled_from(["size", "toString", "coalesce", "abs", "head", "reverse", "keys"]), children)
          .map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.integers(2, 3_000)).map(_repeated),
    )


def _sparql_expression(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "=", "!=", "<", "&&", "||"]), children)
          .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda e: f"({e})"),
        children.map(lambda e: f"!{e}"),
        children.map(lambda e: f"-{e}"),
        st.tuples(children, children, children).map(lambda t: f"IF({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(st.sampled_from(["STR", "STRLEN", "ABS", "BOUND", "ISIRI", "LCASE", "MD5", "CONCAT"]), children)
          .map(lambda t: f"{t[0]}({t[1]})" if t[0] != "BOUND" else f"BOUND({'?s' if t[1] != '?o' else '?o'})"),
        st.tuples(children, st.integers(2, 3_000)).map(_repeated),
    )


def _sparql_pattern(children):
    return st.one_of(
        children.map(lambda p: "{ " + p + " }"),
        st.tuples(children, children).map(lambda t: "{ " + t[0] + " } UNION { " + t[1] + " }"),
        st.tuples(children, children).map(lambda t: t[0] + " OPTIONAL { " + t[1] + " }"),
        st.tuples(children, children).map(lambda t: t[0] + " . " + t[1]),
        children.map(lambda p: "MINUS { " + p + " }"),
    )


CYPHER_STATEMENTS = st.recursive(CYPHER_ATOMS, _cypher_expression, max_leaves=40).map(
    lambda e: f"WITH 1 AS x RETURN {e} AS v").filter(lambda s: len(s) <= LENGTH + 5_000)
SPARQL_QUERIES = st.tuples(
    st.recursive(st.sampled_from(["?s ?p ?o", "?o ?q ?r", "?s a ?t", "BIND(1 AS ?z)"]), _sparql_pattern, max_leaves=8),
    st.recursive(SPARQL_ATOMS, _sparql_expression, max_leaves=40),
).map(lambda t: f"SELECT * WHERE {{ {t[0]} FILTER({t[1]}) }} LIMIT 10").filter(lambda s: len(s) <= LENGTH + 5_000)

# The suite runs a fixed set of examples; BRIEFGRAPH_PROPERTY_EXAMPLES=N runs N random ones (the
# hunt that found the Neo4j planner's stack overflow and the answers built past the time limit).
DEEPER = os.environ.get("BRIEFGRAPH_PROPERTY_EXAMPLES")
PROPERTY = hypothesis_settings(max_examples=int(DEEPER or 15), deadline=None, derandomize=DEEPER is None, database=None,
                               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                      HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _answers_in_time(client, send) -> None:
    started = time.monotonic()
    response = send()
    elapsed = time.monotonic() - started
    summary = f"{response.status_code} after {elapsed:.1f} s: {response.get_data(as_text=True)[:300]}"
    assert response.status_code in (200, 400, 503), summary
    assert elapsed < LIMIT_S + 1, summary
    assert client.get("/id/person/alexander-lukashenko.json").status_code == 200


@PROPERTY
@given(statement=CYPHER_STATEMENTS)
def test_any_nested_or_long_cypher_answers_in_time(strict_app, statement):
    client = strict_app.test_client()
    _answers_in_time(client, lambda: client.post("/cypher", json={"statement": statement}))


@PROPERTY
@given(query=SPARQL_QUERIES)
def test_any_nested_or_long_sparql_answers_in_time(strict_app, query):
    client = strict_app.test_client()
    _answers_in_time(client, lambda: client.get("/sparql", query_string={"query": query, "format": "json"}))


@pytest.mark.parametrize("statement", [
    "RETURN [x IN range(1, 250000) | 1] AS v",                              # one cell, one long list
    "UNWIND range(1, 90) AS r RETURN r, [x IN range(1, 1200) | {a: [x]}]",  # many rows of maps of lists
])
def test_an_answer_too_large_to_build_in_time_is_refused(strict_app, statement):
    client = strict_app.test_client()
    response = client.post("/cypher", json={"statement": statement})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].endswith("the answer holds more than 200,000 values: ask for fewer (a LIMIT, or the size() of a list rather than the list)")
    ordinary_requests_answer(client)


def test_an_answer_within_the_value_cap_is_given_whole(strict_app):
    response = strict_app.test_client().post("/cypher", json={"statement": "RETURN [x IN range(1, 150000) | x] AS v"})
    assert response.status_code == 200
    assert response.get_json()["rows"][0][0][-1] == 150000
