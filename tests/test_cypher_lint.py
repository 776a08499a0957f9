"""Cypher linting by Neo4j 5's rules with Neo4j's own language support (npm, run by node)."""
import pytest

from tools import cypher_lint
from tools.cypher_lint import CypherLintError, lint

pytestmark = pytest.mark.skipif(
    not cypher_lint.available(),
    reason=f"Cypher linting unavailable: {cypher_lint.unavailable_reason()}",
)

SCHEMA = {
    "labels": ["Entity", "Briefing", "Event"],
    "relationshipTypes": ["MENTIONED_IN", "REPORTED_IN"],
    "propertyKeys": ["id", "label", "aliases", "props"],
    "procedures": ["db.index.fulltext.queryNodes"],
    "functions": "builtin",
}

VALID = [
    "MATCH (n:Entity {id: $id})-[r:MENTIONED_IN]->(b:Briefing) RETURN n, r, b",
    "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props",
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.label, n.aliases]",
    "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score RETURN node, score",
]
SYNTAX_ERROR = "MATCH (n RETURN n"
UNDEFINED_VARIABLE = "MATCH (n) RETURN m"
FALKORDB_FULLTEXT = "CALL db.idx.fulltext.queryNodes('Entity', 'x') YIELD node RETURN node"
UNKNOWN_YIELD = "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, bogus RETURN node"
UNKNOWN_SCHEMA = "MATCH (n:Nope)-[:NOT_A_TYPE]->(m:Entity) RETURN n.nope, m.id"
DEPRECATED_AND_UNKNOWN_FUNCTION = "MATCH (n:Entity) WHERE id(n) = 1 RETURN nosuchfn(n.id)"
CONSOLE_COMMAND = ":param id => 1"

ALL = [*VALID, SYNTAX_ERROR, UNDEFINED_VARIABLE, FALKORDB_FULLTEXT, UNKNOWN_YIELD, UNKNOWN_SCHEMA,
       DEPRECATED_AND_UNKNOWN_FUNCTION, CONSOLE_COMMAND]


@pytest.fixture(scope="module")
def results():
    """All statements in one run of node (loading the library takes seconds)."""
    out = lint(ALL, SCHEMA)
    assert [r.statement for r in out] == ALL
    return {r.statement: r for r in out}


@pytest.mark.parametrize("statement", VALID)
def test_valid_neo4j5_statements_have_no_diagnostics(results, statement):
    r = results[statement]
    assert r.ok and r.errors == [] and r.warnings == [], (r.errors, r.warnings)


def test_syntax_error_is_reported_with_its_position(results):
    [error] = results[SYNTAX_ERROR].errors
    assert error["message"].startswith("Invalid input 'RETURN'")
    # Neo4j counts as its own messages do: line 1, column 10 (offset 9).
    assert (error["line"], error["column"], error["offset"]) == (1, 10, 9)
    assert results[SYNTAX_ERROR].warnings == []


def test_undefined_variable_is_reported(results):
    [error] = results[UNDEFINED_VARIABLE].errors
    assert error["message"] == "Variable `m` not defined"
    assert (error["line"], error["column"]) == (1, 18)


def test_falkordb_fulltext_procedure_is_unknown_to_neo4j(results):
    r = results[FALKORDB_FULLTEXT]
    messages = [d["message"] for d in r.errors + r.warnings]
    assert any("Procedure db.idx.fulltext.queryNodes is not present" in m for m in messages), messages
    assert not r.ok


def test_procedure_signature_checks_yield_columns(results):
    assert [e["message"] for e in results[UNKNOWN_YIELD].errors] == ["Unknown procedure output: `bogus`"]


def test_undeclared_labels_types_and_properties_are_warnings(results):
    r = results[UNKNOWN_SCHEMA]
    assert r.errors == []
    messages = [w["message"] for w in r.warnings]
    assert any(m.startswith("Label Nope is not present") for m in messages), messages
    assert any(m.startswith("Relationship type NOT_A_TYPE is not present") for m in messages), messages
    assert any(m.startswith("nope is not present") for m in messages), messages
    assert len(messages) == 3


def test_functions_are_checked_and_deprecations_warned(results):
    r = results[DEPRECATED_AND_UNKNOWN_FUNCTION]
    assert [e["message"].split(" is not")[0] for e in r.errors] == ["Function nosuchfn"]
    assert any(w.get("deprecated") and w["message"] == "Function id is deprecated." for w in r.warnings)


def test_console_commands_are_errors(results):
    assert [e["message"] for e in results[CONSOLE_COMMAND].errors] == [
        "Console commands are unsupported in this environment."]


def test_without_schema_only_syntax_and_semantics_are_checked():
    plain, falkor, syntax = lint(["MATCH (n:Whatever {id: $id}) RETURN n.anything", FALKORDB_FULLTEXT,
                                  SYNTAX_ERROR])
    assert plain.errors == plain.warnings == []      # parameters, labels, properties unchecked
    assert falkor.errors == falkor.warnings == []    # procedures unchecked without a list
    assert syntax.errors and syntax.errors[0]["column"] == 10


def test_declared_parameters_are_checked():
    [r] = lint(["RETURN $a, $b"], {"parameters": ["a"]})
    assert [e["message"] for e in r.errors] == ["Parameter $b is not defined."]


def test_bad_input_raises_a_clear_error():
    with pytest.raises(CypherLintError, match="rejected its input.*statements"):
        lint([1])
    with pytest.raises(CypherLintError, match="db.idx.fulltext.queryNodes is not in the library's"):
        lint(["RETURN 1"], {"procedures": ["db.idx.fulltext.queryNodes"]})
    with pytest.raises(TypeError):
        lint("RETURN 1")
    assert lint([]) == []
