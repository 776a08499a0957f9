"""Neo4j fidelity by Neo4j 5's own linter, which needs no server: every statement the Neo4j backend
and the exports can send, with every label and type the ontology can put in it, passes with no error
and no warning (the store, web and export tests run them on a real Neo4j as well)."""
import pytest

from tools import cypher_lint
from tools.catalogue import neo4j_schema, neo4j_statements

pytestmark = pytest.mark.skipif(not cypher_lint.available(), reason=cypher_lint.unavailable_reason())


def test_every_neo4j_statement_lints_clean():
    statements = neo4j_statements()
    assert len(statements) > 60            # every class, role and relation type is there
    results = cypher_lint.lint(statements, neo4j_schema())
    problems = [(r.statement[:90], r.errors + r.warnings) for r in results if r.errors or r.warnings]
    assert problems == []


def test_the_linter_would_catch_falkordb_syntax():
    (result,) = cypher_lint.lint(["CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node RETURN node"],
                                 neo4j_schema())
    assert result.errors and "db.idx.fulltext.queryNodes" in result.errors[0]["message"]
