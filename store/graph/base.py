"""The graph store: what the writer and the view need from Neo4j or FalkorDB, and how to open one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from briefgraph.errors import BriefgraphError
from briefgraph.settings import Settings

Statement = tuple[str, dict[str, Any]]


class GraphError(BriefgraphError, RuntimeError):
    """The graph store failed or refused; the message says what to do."""

    http_status = 503


class QueryRefused(GraphError):
    """A read-only query tried to write, or broke the engine's rules."""


class QueryTimeout(GraphError):
    """A query ran past its time limit and was stopped."""


# A researcher's answer may hold this many values (cells, and the items of the lists and maps in
# them). The engines' time limits stop the query, not the building of its answer: one cell of
# 2,000,000 integers took 1.6 s to receive from FalkorDB and as long again to convert, after the
# query had finished, and 450,000 from Neo4j 2 s on a quiet machine, 15 s on a busy one.
MAX_ANSWER_VALUES = 200_000


class AnswerSize:
    """Counts an answer's values as its rows arrive; QueryRefused past MAX_ANSWER_VALUES."""

    def __init__(self, limit: int = MAX_ANSWER_VALUES):
        self.left = limit
        self.limit = limit

    def add(self, row: list[Any]) -> None:
        pending = list(row)
        self.left -= len(pending)
        while pending and self.left >= 0:
            value = pending.pop()
            if isinstance(value, (list, tuple)):
                self.left -= len(value)
                pending.extend(v for v in value if isinstance(v, (list, tuple, dict)))
            elif isinstance(value, dict):
                self.left -= len(value)
                pending.extend(v for v in value.values() if isinstance(v, (list, tuple, dict)))
        if self.left < 0:
            raise QueryRefused(f"the answer holds more than {self.limit:,} values: ask for fewer (a LIMIT, or the "
                               "size() of a list rather than the list)")


@dataclass(frozen=True)
class Rows:
    """A query's result: column names, rows of plain values, and whether the row cap cut it."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Any]]:
        """The rows as dictionaries."""
        return [dict(zip(self.columns, row)) for row in self.rows]


SEARCH_COLUMNS = ["id", "label", "class", "score"]


class FulltextDialect(Protocol):
    """How one engine searches its full-text index (store/graph/dialect_*.py, modules)."""

    FULLTEXT_QUERY: str
    TITLE_QUERY: str

    def fulltext_terms(self, query: str) -> str: ...

    def title_terms(self, query: str) -> str: ...


def fulltext_search(store: "GraphStore", dialect: FulltextDialect, text: str, limit: int) -> Rows:
    """Search through a dialect's full-text query: the dialect turns the words into its terms."""
    terms = dialect.fulltext_terms(text)
    if not terms:
        return Rows(list(SEARCH_COLUMNS), [])
    return store.read(dialect.FULLTEXT_QUERY, {"q": terms, "limit": limit})


TITLE_COLUMNS = ["id", "title", "period_end", "published"]


def title_search(store: "GraphStore", dialect: FulltextDialect, text: str, limit: int) -> Rows:
    """Briefings whose title has every word (as the start of one of its words), through the
    dialect's full-text index of titles, latest first."""
    terms = dialect.title_terms(text)
    if not terms:
        return Rows(list(TITLE_COLUMNS), [])
    return store.read(dialect.TITLE_QUERY, {"q": terms, "limit": limit})


class GraphStore(Protocol):
    """One graph database: schema, atomic writes, read-only queries."""

    backend: str

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent)."""

    def write(self, statements: list[Statement]) -> None:
        """Run the statements in one transaction: all of them or none."""

    def read(self, statement: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        """Run a read-only query, enforced by the database, with a time limit and a row cap."""

    def explain(self, statement: str, params: dict[str, Any] | None = None) -> list[str]:
        """The engine's plan for a statement, one operator per line; nothing runs."""

    def search(self, text: str, limit: int = 20) -> Rows:
        """Entities whose label or aliases match the words, best first."""

    def search_titles(self, text: str, limit: int = 20) -> Rows:
        """Briefings whose title has every word, latest first."""

    def checkpoint(self) -> None:
        """After a large write: let the store make its next start fast (a no-op where it cannot)."""

    def close(self) -> None:
        """Release the connection (and stop an embedded server no one else uses)."""


def open_graph(settings: Settings) -> GraphStore:
    """The graph store the settings choose: embedded FalkorDB, a FalkorDB server, or Neo4j."""
    backend = settings.graph_backend
    if backend == "neo4j":
        from briefgraph.store.graph.neo4j_store import Neo4jGraph
        return Neo4jGraph(settings.graph_url, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)
    from briefgraph.store.graph.falkordb_store import FalkorGraph
    if backend == "falkordb-server":
        return FalkorGraph.server(settings.graph_url)
    return FalkorGraph.embedded(settings.graph_dir)
