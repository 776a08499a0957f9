"""SPARQL queries on the embedded Oxigraph with a time limit that really stops them. pyoxigraph
cannot cancel a running query, so queries run in worker processes, each holding a read-only handle
of the store (reopened when the store's generation changes); a worker past the limit is killed
and replaced. Workers are kept between queries, so a query costs a message, not a process."""
from __future__ import annotations

import multiprocessing as mp
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graph import QueryRefused, QueryTimeout


# Comments, strings and IRIs of a SPARQL text, to be blanked before looking for keywords in it.
SPARQL_NOISE = re.compile(r"""#[^\n\r]*|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>""",
                          re.S)
FROM_CLAUSE = re.compile(r"(?<![\w?$:])FROM\b", re.I)


def blank(pattern: re.Pattern, text: str) -> str:
    """The text with every match of the pattern replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (FROM or FROM NAMED)."""
    return bool(FROM_CLAUSE.search(blank(SPARQL_NOISE, query)))


@dataclass(frozen=True)
class SparqlResult:
    """A SELECT's variables and rows (pyoxigraph terms, None when unbound), an ASK's boolean, or a
    graph's triples; `truncated` when the row cap cut the result."""

    kind: str                              # "bindings", "boolean" or "graph"
    variables: list[str]
    rows: list[list[Any]]
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    truncated: bool = False
    body: bytes | None = None              # serialised by the worker, when the caller named formats
    media_type: str | None = None


def _answer(store, query: str, limit: int, default_graphs, named_graphs) -> SparqlResult:
    """Run one query on an open store and collect at most `limit` rows or triples."""
    from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

    options: dict[str, Any] = {}
    if default_graphs:
        options["default_graph"] = [NamedNode(g) for g in default_graphs]
    elif has_dataset_clause(query):
        pass                              # the query's FROM and FROM NAMED say which graphs
    else:
        # The default graph is the union of the named graphs, as researchers expect of a dataset
        # kept one graph per briefing.
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [NamedNode(g) for g in named_graphs]
    result = store.query(query, **options)
    if isinstance(result, QueryBoolean):
        return SparqlResult("boolean", [], [], boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == limit:
                return SparqlResult("bindings", variables, rows, truncated=True)
            rows.append([solution[v] for v in variables])
        return SparqlResult("bindings", variables, rows)
    triples = []
    for triple in result:
        if len(triples) == limit:
            return SparqlResult("graph", [], [], triples=triples, truncated=True)
        triples.append(triple)
    return SparqlResult("graph", [], [], triples=triples)


def _serialised(result: SparqlResult, formats: dict[str, str]) -> SparqlResult:
    """The result as bytes in the format named for its kind (the terms stay here: sending bytes
    back costs far less than sending terms)."""
    from briefgraph.exports.formats import get_format
    from briefgraph.exports.sparql_results import render

    fmt = get_format(formats["graph" if result.kind == "graph" else "results"])
    return SparqlResult(result.kind, result.variables, [], result.boolean, [], result.truncated,
                        body=render(result, fmt), media_type=fmt.media_type)


def _serve(path: str, conn) -> None:
    """A worker: answer queries from the pipe until it closes, on a read-only store handle that
    is reopened when the caller's generation differs from the one it was opened at."""
    from pyoxigraph import Store

    store, opened_at = None, object()
    while True:
        try:
            query, limit, default_graphs, named_graphs, generation, formats = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation is None or generation != opened_at:
                store, opened_at = Store.read_only(path), generation
            result = _answer(store, query, limit, default_graphs, named_graphs)
            if formats:
                result = _serialised(result, formats)
            conn.send(result)
        except Exception as exc:  # noqa: BLE001 - everything goes back to the caller as a refusal
            conn.send(QueryRefused(str(exc)))


_CONTEXT = mp.get_context("forkserver")


@dataclass
class _Worker:
    process: Any
    conn: Any

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """Up to `size` query workers on one store; a query waits for a free one within its limit."""

    def __init__(self, store_path: Path, size: int = 2):
        self.path = str(store_path)
        self.size = size
        self._idle: list[_Worker] = []
        self._running = 0
        self._cond = threading.Condition()

    def _borrow(self, deadline: float) -> _Worker:
        with self._cond:
            while not self._idle and self._running >= self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout("every query worker stayed busy for the whole time limit; try again")
                self._cond.wait(remaining)
            if self._idle:
                return self._idle.pop()
            self._running += 1
        try:
            parent, child = _CONTEXT.Pipe()
            process = _CONTEXT.Process(target=_serve, args=(self.path, child), daemon=True)
            process.start()
            child.close()
            return _Worker(process, parent)
        except BaseException:
            with self._cond:
                self._running -= 1
                self._cond.notify()
            raise

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            self._running -= 1
            self._cond.notify()

    def run(self, query: str, *, timeout_s: float = 10.0, limit: int = 10_000, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None, generation: str | None = None,
            formats: dict[str, str] | None = None) -> SparqlResult:
        """Run a read-only query; QueryTimeout when it runs past the limit (its worker is killed),
        QueryRefused when it is not a valid query. With `formats` ({"results": name, "graph":
        name}), the worker serialises the result (SparqlResult.body)."""
        deadline = time.monotonic() + timeout_s
        worker = self._borrow(deadline)
        try:
            worker.conn.send((query, limit, default_graphs, named_graphs, generation, formats))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                self._discard(worker)
                raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped")
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            self._discard(worker)
            raise QueryRefused("the query worker died without an answer") from None
        except QueryTimeout:
            raise
        except BaseException:
            self._discard(worker)
            raise
        self._give_back(worker)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their query ends and find the pipe closed)."""
        with self._cond:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
