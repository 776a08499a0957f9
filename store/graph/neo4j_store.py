"""Neo4j 5 as the graph store, through the official driver: managed transactions (retried on
transient errors), read access mode and a transaction timeout for queries."""
from __future__ import annotations

from typing import Any

from neo4j import READ_ACCESS, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import (AuthError, ClientError, DatabaseError, Neo4jError, ServiceUnavailable, SessionExpired,
                              TransientError)
from neo4j.graph import Node, Path, Relationship

from briefgraph.store.graph import dialect_neo4j as dialect
from briefgraph.store.graph.base import (AnswerSize, GraphError, QueryRefused, QueryTimeout, Rows, Statement,
                                         fulltext_search, title_search)


def _plain(value: Any) -> Any:
    """Driver graph objects as plain data."""
    if isinstance(value, Node):
        return {"element_id": value.element_id, "id": value.get("id"), "labels": sorted(value.labels),
                "properties": dict(value)}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {"element_id": value.element_id, "type": value.type,
                "start": start.element_id if start is not None else None,
                "end": end.element_id if end is not None else None, "properties": dict(value)}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _OverMemory(Exception):
    """A read stopped at the transaction memory limit (not retried: see Neo4jGraph.read)."""


class Neo4jGraph:
    """A Neo4j database."""
    backend = "neo4j"

    def __init__(self, url: str, user: str, password: str, database: str = "neo4j"):
        self.database = database
        try:
            # No notifications: the server would warn of every property or label not yet in the
            # database (each read of an empty store), and the driver log each warning to stderr.
            self.driver = GraphDatabase.driver(url, auth=(user, password), notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, ValueError) as exc:
            raise GraphError(f"cannot reach Neo4j at {url}: {exc}") from exc

    def ensure_schema(self) -> None:
        with self.driver.session(database=self.database) as session:
            for statement in dialect.SCHEMA:
                session.run(statement).consume()

    def write(self, statements: list[Statement]) -> None:
        def work(tx: ManagedTransaction) -> None:
            for query, params in statements:
                tx.run(query, params).consume()

        try:
            with self.driver.session(database=self.database) as session:
                session.execute_write(work)
        except (Neo4jError, ServiceUnavailable) as exc:
            raise GraphError(f"the write failed and was rolled back: {exc}") from exc

    def read(self, statement: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                @unit_of_work(timeout=timeout_ms / 1000 if timeout_ms else None)
                def work(tx: ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
                    try:
                        result = tx.run(statement, params or {})
                        keys = list(result.keys())
                        rows: list[list[Any]] = []
                        size = AnswerSize() if limit is not None else None
                        for record in result:
                            rows.append([_plain(v) for v in record.values()])
                            if size is not None:
                                size.add(rows[-1])
                            if limit is not None and len(rows) > limit:
                                break
                        return keys, rows
                    except TransientError as exc:
                        # Neo4j calls a query over the transaction memory limit transient, and the
                        # driver would run it again and again for half a minute: it is the query's
                        # own size, so it is refused at once.
                        if "Memory" in (exc.code or ""):
                            raise _OverMemory() from exc
                        raise
                keys, rows = session.execute_read(work)
        except _OverMemory as exc:
            cause = exc.__cause__
            raise QueryRefused("the query needs more memory than one query may use, and was stopped: "
                               f"{getattr(cause, 'message', cause)}") from cause
        except ClientError as exc:
            code = exc.code or ""
            if "TransactionTimedOut" in code or "Terminated" in code:
                raise QueryTimeout(f"the query ran longer than {timeout_ms} ms and was stopped") from exc
            if "ForbiddenDueToTransactionType" in code or "AccessMode" in code or "WriteOnReadOnlyAccess" in code:
                raise QueryRefused("this endpoint is read-only: the query tries to write") from exc
            raise QueryRefused(exc.message or str(exc)) from exc
        except DatabaseError as exc:
            # The server failed on this statement (its parser on a lone backslash): the query's
            # fault as far as the caller can act on it, and the next query runs normally.
            raise QueryRefused(f"Neo4j could not run this statement: {exc.message or exc}") from exc
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            # execute_read has already retried with back-off for the driver's retry time
            raise GraphError(f"Neo4j could not answer after retrying: {exc}") from exc
        truncated = limit is not None and len(rows) > limit
        return Rows(keys, rows[:limit] if truncated else rows, truncated)

    def explain(self, statement: str, params: dict[str, Any] | None = None) -> list[str]:
        """The plan Neo4j would run the statement with, one operator per line (nothing runs)."""
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                plan = session.run("EXPLAIN " + statement, params or {}).consume().plan or {}
        except (ClientError, DatabaseError) as exc:
            raise QueryRefused(exc.message or str(exc)) from exc
        lines: list[str] = []

        def walk(op: dict[str, Any], depth: int) -> None:
            # Neo4j 5 suffixes each operator with the database's name ("ProduceResults@neo4j").
            operator = op.get("operatorType", "?").partition("@")[0]
            lines.append("    " * depth + operator + (
                f" | {op['args'].get('Details')}" if op.get("args", {}).get("Details") else ""))
            for child in op.get("children", []):
                walk(child, depth + 1)
        walk(plan, 0)
        return lines

    def checkpoint(self) -> None:
        """Neo4j checkpoints by itself."""

    def search(self, text: str, limit: int = 20) -> Rows:
        return fulltext_search(self, dialect, text, limit)

    def search_titles(self, text: str, limit: int = 20) -> Rows:
        return title_search(self, dialect, text, limit)

    def close(self) -> None:
        self.driver.close()
