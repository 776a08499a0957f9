"""SPARQL queries on the embedded Oxigraph with a time limit that really stops them: pyoxigraph
cannot cancel a running query, so each query runs in a worker process, on a read-only handle of
the store, and the worker is killed at the limit."""
from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass
from pathlib import Path

from .graph import QueryRefused, QueryTimeout


@dataclass(frozen=True)
class SparqlResult:
    """A SELECT's variables and rows (terms as N-Triples strings), an ASK's boolean, or a graph's
    triples as N-Triples; `truncated` when the row cap cut the result."""

    kind: str                              # "bindings", "boolean" or "graph"
    variables: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    triples: list[str] | None = None
    truncated: bool = False


def _work(path: str, query: str, limit: int, conn) -> None:
    """In the worker: run the query on a read-only store, send back plain data."""
    try:
        from pyoxigraph import QueryBoolean, QuerySolutions, Store

        store = Store.read_only(path)
        # The default graph is the union of the named graphs, as researchers expect of a dataset
        # kept one graph per briefing.
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, QueryBoolean):
            conn.send(SparqlResult("boolean", [], [], boolean=bool(result)))
        elif isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) == limit:
                    conn.send(SparqlResult("bindings", variables, rows, truncated=True))
                    return
                rows.append([str(solution[v]) if solution[v] is not None else None for v in variables])
            conn.send(SparqlResult("bindings", variables, rows))
        else:
            triples = []
            for triple in result:
                if len(triples) == limit:
                    conn.send(SparqlResult("graph", [], [], triples=triples, truncated=True))
                    return
                triples.append(f"{triple} .")
            conn.send(SparqlResult("graph", [], [], triples=triples))
    except Exception as exc:  # noqa: BLE001 - everything goes back to the caller as a refusal
        conn.send(QueryRefused(str(exc)))
    finally:
        conn.close()


_CONTEXT = mp.get_context("forkserver")


def run_query(store_path: Path, query: str, *, timeout_s: float = 10.0, limit: int = 10_000) -> SparqlResult:
    """Run a read-only SPARQL query; QueryTimeout when it runs past the limit (the worker is
    killed), QueryRefused when the query is not valid or not a query."""
    parent, child = _CONTEXT.Pipe(duplex=False)
    worker = _CONTEXT.Process(target=_work, args=(str(store_path), query, limit, child), daemon=True)
    worker.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped")
        outcome = parent.recv()
    except EOFError:
        raise QueryRefused("the query worker died without an answer") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=5)
        parent.close()
    if isinstance(outcome, Exception):
        raise outcome
    return outcome
