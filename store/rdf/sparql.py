"""SPARQL queries on the embedded Oxigraph with a time limit that really stops them. pyoxigraph
cannot cancel a running query, so queries run in worker processes, each holding a read-only handle
of the store (reopened when the store's generation changes); a worker past the limit is killed
and replaced. Workers are kept between queries, so a query costs a message, not a process."""
from __future__ import annotations

import multiprocessing as mp
import os
import re
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store, Triple

from briefgraph.formats import get_format
from briefgraph.store.graph.base import GraphError, QueryRefused, QueryTimeout
from briefgraph.store.rdf.oxigraph_handles import open_read_only
from briefgraph.store.sandbox import SandboxError, deny_network, die_with_parent


class StoreUnavailable(GraphError):
    """The store could not be read just now (an ingest rewrote its files): a server-side fault,
    worth trying again."""


# Comments, strings and IRIs of a SPARQL text, to be blanked before looking for keywords in it.
SPARQL_NOISE = re.compile(r"""#[^\n\r]*|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>""",
                          re.S)
FROM_CLAUSE = re.compile(r"(?<![\w?$:])FROM\b", re.I)


def blank(pattern: re.Pattern[str], text: str) -> str:
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


def _answer(store: Store, query: str, limit: int, default_graphs: Sequence[str] | None,
            named_graphs: Sequence[str] | None) -> SparqlResult:
    """Run one query on an open store and collect at most `limit` rows or triples."""
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
    return collect(store.query(query, **options), limit)


def collect(result: QuerySolutions | QueryBoolean | QueryTriples | Iterable[Triple], limit: int) -> SparqlResult:
    """A query's answer (a boolean, solutions, or triples, as pyoxigraph gives them from a store or
    parses them from a server's response), at most `limit` rows or triples."""
    if isinstance(result, QueryBoolean):
        return SparqlResult("boolean", [], [], boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        for solution in result:
            if len(rows) == limit:
                return SparqlResult("bindings", variables, rows, truncated=True)
            rows.append([solution[v] for v in variables])
        return SparqlResult("bindings", variables, rows)
    triples: list[Triple] = []
    for triple in result:
        if len(triples) == limit:
            return SparqlResult("graph", [], [], triples=triples, truncated=True)
        triples.append(triple)
    return SparqlResult("graph", [], [], triples=triples)


def _serialised(result: SparqlResult, formats: dict[str, str]) -> SparqlResult:
    """The result as bytes in the format named for its kind (the terms stay here: sending bytes
    back costs far less than sending terms)."""
    # Imported on a worker's first answer in a format, not at its start: the writers load xml.sax
    # and with it urllib.request (some 40 ms), which the pages' workers, that never write, skip.
    from briefgraph.store.rdf.sparql_results import render

    fmt = get_format(formats["graph" if result.kind == "graph" else "results"])
    return SparqlResult(result.kind, result.variables, [], result.boolean, [], result.truncated,
                        body=render(result, fmt), media_type=fmt.media_type)


# What the engine says when a handle reads a file an ingest has just compacted away: the handle
# is reopened and the query run again, once.
STALE_HANDLE = ("No such file or directory", "Corruption", "IO error")


def _refusal(exc: Exception, query: str) -> Exception:
    """What goes back to the caller for a query the engine failed: a refusal in the user's terms,
    never a path of the server's."""
    if isinstance(exc, PermissionError) and "SERVICE" in query.upper():
        return QueryRefused("SERVICE is refused: this endpoint does not query other servers")
    if isinstance(exc, OSError) or any(marker in str(exc) for marker in STALE_HANDLE):
        return StoreUnavailable("the store is being rewritten by an ingest; try again in a moment")
    return QueryRefused(str(exc))


def _serve(path: str, conn: Connection, parent_pid: int, niceness: int = 0) -> None:
    """A worker: answer queries from the pipe until it closes, on a read-only store handle that
    is reopened when the caller's generation differs from the one it was opened at. It dies with
    the process that started it and cannot reach the network (store/sandbox.py); if it could not
    shut itself off, it refuses every query rather than run one that could call out."""
    die_with_parent(parent_pid)
    if niceness:
        os.nice(niceness)
    try:
        deny_network()
        closed_off = None
    except SandboxError as exc:
        closed_off = QueryRefused(f"queries are switched off on this server: {exc}")
    store, opened_at = None, object()
    while True:
        try:
            query, limit, default_graphs, named_graphs, generation, formats = conn.recv()
        except (EOFError, OSError):
            return
        if closed_off is not None:
            conn.send(closed_off)
            continue
        for attempt in (1, 2):
            try:
                if store is None or generation is None or generation != opened_at or attempt == 2:
                    store, opened_at = open_read_only(Path(path)), generation
                result = _answer(store, query, limit, default_graphs, named_graphs)
                if formats:
                    result = _serialised(result, formats)
                conn.send(result)
                break
            except Exception as exc:  # noqa: BLE001 - everything goes back to the caller
                refusal = _refusal(exc, query)
                if isinstance(refusal, StoreUnavailable) and attempt == 1:
                    continue
                conn.send(refusal)
                break


# Spawned, not forked from a threaded web server, nor through a forkserver: a forkserver is the
# parent of the workers, so they would not die with the web server, and it outlived test runs.
_CONTEXT = mp.get_context("spawn")


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
    """Up to `size` query workers on one store; a query waits for a free one within its limit.
    Workers with a `niceness` yield the processor to the rest of the server (researchers' queries
    run at a lower priority than pages, so that a few heavy ones do not slow every reader)."""

    def __init__(self, store_path: Path, size: int = 2, niceness: int = 0):
        self.path = str(store_path)
        self.size = size
        self.niceness = niceness
        self._idle: list[_Worker] = []
        self._running = 0
        self._cond = threading.Condition()
        # Workers are started from one thread that lives as long as the process: the kernel's
        # parent-death signal follows the thread that started a process, and a web server's
        # request threads end with their request.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-workers")

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(self.path, child, os.getpid(), self.niceness),
                                    daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

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
            return self._spawner.submit(self._spawn).result()
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
            raise StoreUnavailable("the query worker died without an answer; try again") from None
        except QueryTimeout:
            raise
        except BaseException:
            self._discard(worker)
            raise
        self._give_back(worker)
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, SparqlResult)
        return outcome

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their query ends and find the pipe closed)."""
        with self._cond:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
        self._spawner.shutdown(wait=False)
