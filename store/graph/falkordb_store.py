"""FalkorDB as the graph store: embedded (falkordblite, a redis-server child process on a Unix
socket, append-only file on) or a FalkorDB server. A briefing's statements go in one MULTI/EXEC."""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from briefgraph.store.folders import ensure_folder
from briefgraph.store.graph import dialect_falkordb as dialect
from briefgraph.store.graph.base import (AnswerSize, GraphError, QueryRefused, QueryTimeout, Rows, Statement,
                                         fulltext_search, title_search)

GRAPH = "briefgraph"
# No client-side timeout and no retries: a slow write must never be sent twice (see DESIGN.md);
# FalkorDB's own per-query timeout bounds the reads instead.
CLIENT = {"socket_timeout": None, "retry": Retry(NoBackoff(), 0)}
# Every acknowledged briefing survives a kill of the server: Redis writes the append-only file
# before it answers, and fsyncs it every second (what is lost to a power cut, not to a kill).
# No periodic snapshots: with the append-only file they add nothing, and each one forks the server
# and writes the whole graph (every 15 s under load in falkordblite's defaults), a cost that grows
# with the graph and made ingest slower as the store grew. No automatic rewrite of the append-only
# file either, for the same reason (it fired at 64 MB, 128 MB... during a large ingest, each time
# writing the whole graph while the ingest ran): the ingest compacts it once, at its end
# (FalkorGraph.checkpoint). Writes into a graph of 2,000 briefings cost the same as into an empty
# one when nothing else runs (10.3 s and 11.0 s for the two thousands, measured).
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec", "save": '""', "auto-aof-rewrite-percentage": "0"}
# What one query may hold (a list built by range() or reduce() is refused past it, instead of taking
# the machine's memory), and how many may wait for the server's two threads: past that, a query is
# refused at once rather than queued behind slow ones.
QUERY_LIMITS = {"QUERY_MEM_CAPACITY": 512 << 20, "MAX_QUEUED_QUERIES": 64}
# FalkorDB runs each query on one of a fixed pool of threads, as many as cores by default (two
# here): two researchers' queries running to their time limit held both, and every page waited
# behind them. With more threads than cores, the processor is shared between them by the kernel
# instead, and a page's short query is answered meanwhile (bench/load.py's hostile phase). The
# count is fixed when the module loads, so it is given as the module's argument.
MODULE_ARGS = {"THREAD_COUNT": 8}


def cypher_literal(value: Any) -> str:
    """A parameter value as FalkorDB's CYPHER header writes it (what falkordb-py's
    stringify_param_value does, without its per-value overhead: the writer sends megabytes)."""
    if type(value) is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    kind = type(value)
    if kind is list or kind is tuple:
        return "[" + ",".join([cypher_literal(v) for v in value]) + "]"
    if kind is dict:
        return "{" + ",".join([f"`{k}`:{cypher_literal(v)}" for k, v in value.items()]) + "}"
    return str(value)


def params_header(params: dict[str, Any] | None) -> str:
    """'CYPHER a=1 b="x" ' for a query's parameters."""
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{k}`={cypher_literal(v)} " for k, v in params.items())


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """FalkorDB's node, edge and path objects as plain data."""
    if type(value) in _SCALARS:          # most values: no conversion (this runs for every cell)
        return value
    from falkordb import Edge, Node, Path as FPath
    if isinstance(value, Node):
        return {"element_id": str(value.id), "id": value.properties.get("id"), "labels": sorted(value.labels),
                "properties": dict(value.properties)}
    if isinstance(value, Edge):
        return {"element_id": str(value.id), "type": value.relation, "start": str(_node_id(value.src_node)),
                "end": str(_node_id(value.dest_node)), "properties": dict(value.properties)}
    if isinstance(value, FPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _node_id(node: Any) -> Any:
    """An edge's end as FalkorDB gives it: a node or its numeric id."""
    return getattr(node, "id", node)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie does not count)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def _forget_dead_server(registry: Path) -> None:
    """falkordblite records the server it started in a registry file and joins it on the next
    open; if that server was killed, the stale record would make every open fail."""
    try:
        settings = json.loads(registry.read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        pid = None
    if registry.exists() and (pid is None or not _alive(pid)):
        registry.unlink(missing_ok=True)


READ_RETRIES = (0.2, 0.5, 1.0, 0)        # pauses after each failed attempt of a read


class FalkorGraph:
    """A FalkorDB graph, embedded or remote."""

    backend = "falkordb"

    def __init__(self, client: Any, graph: Any, owner: Any = None, directory: Path | None = None):
        self.client = client
        self.graph = graph
        self._owner = owner
        self._directory = directory              # the embedded server's folder (None: a server of someone's)
        self._embedded = directory is not None
        self._restarting = threading.Lock()

    @staticmethod
    def _start(directory: Path) -> Any:
        """Start (or join) the embedded server in `directory`, with the limits a query runs under."""
        import redislite
        import redislite.client
        from redislite.falkordb_client import FalkorDB

        _forget_dead_server(directory / "graph.db.settings")
        config = dict(SERVER_CONFIG)
        module = redislite.__falkordb_module__
        if module:
            # redislite loads the module without arguments on the server's command line: it is
            # loaded from the configuration file instead, with them.
            redislite.client.__falkordb_module__ = ""
            config["loadmodule"] = " ".join([module, *(f"{k} {v}" for k, v in MODULE_ARGS.items())])
        try:
            db = FalkorDB(str(directory / "graph.db"), serverconfig=config, **CLIENT)
            for name, value in QUERY_LIMITS.items():
                db.client.execute_command("GRAPH.CONFIG", "SET", name, value)
        except Exception as exc:  # the package raises several kinds; all mean the same to a user
            raise GraphError(f"cannot start the embedded FalkorDB in {directory}: {exc}") from exc
        return db

    @classmethod
    def embedded(cls, directory: Path) -> "FalkorGraph":
        """Start (or join) the embedded server keeping its files in `directory`."""
        ensure_folder(directory, "the graph store", GraphError)
        db = cls._start(directory)
        return cls(db.client, db.select_graph(GRAPH), owner=db, directory=directory)

    def _restart(self, dead_client: Any) -> None:
        """The embedded server died (killed, or out of memory): start it again on its files, once
        for every thread that found it dead. What it had acknowledged is in its append-only file."""
        with self._restarting:
            if self.client is not dead_client:
                return                              # another thread restarted it meanwhile
            assert self._directory is not None, "only an embedded server is restarted"
            db = self._start(self._directory)
            self._owner, self.client, self.graph = db, db.client, db.select_graph(GRAPH)

    @classmethod
    def server(cls, url: str) -> "FalkorGraph":
        """Connect to a FalkorDB server at redis:// or falkor:// URL."""
        from falkordb import FalkorDB

        url = url.replace("falkors://", "rediss://").replace("falkor://", "redis://")
        try:
            db = FalkorDB.from_url(url, **CLIENT)
            db.connection.ping()
        except RedisConnectionError as exc:
            raise GraphError(f"cannot reach the FalkorDB server at {url}: {exc}") from exc
        return cls(db.connection, db.select_graph(GRAPH), owner=db)

    def ensure_schema(self) -> None:
        def create(run: Callable[[], object], what: str) -> None:
            try:
                run()
            except ResponseError as exc:
                if "already" not in str(exc).lower():
                    raise GraphError(f"cannot create {what}: {exc}") from exc

        for statement in dialect.INDEXES:
            create(lambda: self.graph.query(statement), f"the index {statement!r}")
        for label, prop in dialect.UNIQUE:
            create(lambda: self.client.execute_command("GRAPH.CONSTRAINT", "CREATE", GRAPH, "UNIQUE", "NODE",
                                                       label, "PROPERTIES", "1", prop), f"a constraint on {label}.{prop}")
        create(lambda: self.graph.query(dialect.FULLTEXT_CREATE), "the full-text index")
        create(lambda: self.graph.query(dialect.TITLE_FULLTEXT_CREATE), "the full-text index of titles")

    def write(self, statements: list[Statement]) -> None:
        pipe = self.client.pipeline(transaction=True)
        for query, params in statements:
            pipe.execute_command("GRAPH.QUERY", GRAPH, params_header(params) + query, "--compact")
        try:
            results = pipe.execute(raise_on_error=False)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            # Not retried: MULTI/EXEC ran whole or not at all, and a briefing counts as stored only
            # once its content hash is; the next ingest writes again what was not.
            raise GraphError(f"the FalkorDB server dropped the connection during a write ({exc}); nothing of "
                             "this batch counts as stored: run the ingest again") from exc
        errors = [r for r in results if isinstance(r, Exception)]
        if errors:
            # MULTI/EXEC has no rollback: a statement that fails after others ran is a bug in the
            # statements, caught by the tests; report it loudly rather than continue.
            raise GraphError(f"a write statement failed: {errors[0]}")

    def _ro_query(self, statement: str, params: dict[str, Any] | None, timeout_ms: int | None) -> Any:
        """A read-only query, tried again with back-off when the connection drops (a read can be)."""
        import time

        for attempt, pause in enumerate(READ_RETRIES):
            client = self.client
            try:
                return self.graph.ro_query(statement, params, timeout=timeout_ms)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                if attempt == len(READ_RETRIES) - 1:
                    raise GraphError(f"the FalkorDB server cannot be reached ({exc}); tried "
                                     f"{len(READ_RETRIES)} times over {sum(READ_RETRIES):g} s") from exc
                if self._embedded and not self._server_alive():
                    self._restart(client)
                    continue
                time.sleep(pause)

    def read(self, statement: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        try:
            result = self._ro_query(statement, params, timeout_ms)
        except ResponseError as exc:
            message = str(exc)
            if "empty key" in message.lower():
                return Rows([], [])           # no graph yet: nothing has been written
            if "timed out" in message.lower():
                raise QueryTimeout(f"the query ran longer than {timeout_ms} ms and was stopped") from exc
            if "read-only" in message.lower() or "RO_QUERY" in message:
                raise QueryRefused("this endpoint is read-only: the query tries to write") from exc
            raise QueryRefused(message) from exc
        kept = result.result_set if limit is None else result.result_set[:limit + 1]
        if limit is not None:                 # a researcher's query: its answer is bounded too
            size = AnswerSize()
            for row in kept:
                size.add(row)
        rows = [[_plain(v) for v in row] for row in kept]
        truncated = limit is not None and len(rows) > limit
        columns = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        return Rows(columns, rows[:limit] if truncated else rows, truncated)

    def explain(self, statement: str, params: dict[str, Any] | None = None) -> list[str]:
        """The plan FalkorDB would run the statement with, one operator per line (nothing runs)."""
        try:
            plan = self.graph.explain(statement, params)
        except ResponseError as exc:
            raise QueryRefused(str(exc)) from exc
        return [line for line in str(plan).splitlines() if line.strip()]

    def search(self, text: str, limit: int = 20) -> Rows:
        return fulltext_search(self, dialect, text, limit)

    def search_titles(self, text: str, limit: int = 20) -> Rows:
        return title_search(self, dialect, text, limit)

    def checkpoint(self, timeout_s: float = 300.0) -> None:
        """After a large write, compact the embedded server's append-only file into a snapshot
        (BGREWRITEAOF, waited for), so that the next start loads a snapshot instead of replaying
        every write since the last rewrite. A server someone else runs compacts on its own terms."""
        import time

        if not self._embedded or self.client is None:
            return
        try:
            self.client.bgrewriteaof()
        except ResponseError as exc:
            if "in progress" not in str(exc).lower():
                raise GraphError(f"cannot compact the embedded FalkorDB: {exc}") from exc
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            info = self.client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            time.sleep(0.05)

    def _server_alive(self) -> bool:
        """Whether the embedded server's process runs."""
        try:
            pid = self._owner.client.pid
        except (OSError, ValueError, AttributeError):
            return False
        return pid is not None and _alive(pid)

    def close(self) -> None:
        """Release the connection, and stop the embedded server when no other process uses it.
        The pool's own idle connections (one per thread that read) are closed first: redislite
        counts every connection as another user, and left the server running after a threaded
        reader closed (found by tools/leftovers.py)."""
        client, owner = self.client, self._owner
        self._owner, self.graph, self.client = None, None, None
        try:
            if client is not None:
                client.connection_pool.disconnect()
            if owner is not None and self._embedded:    # a server someone else runs is theirs to stop
                owner.client.connection_pool.disconnect()
                owner.client._cleanup()
        except (RedisConnectionError, RedisTimeoutError, OSError):
            pass                                # already gone: nothing to stop
