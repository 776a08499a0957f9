"""The embedded RDF store: Oxigraph on disk. Each briefing's facts live in their own named graph.
Queries of the read side run in worker processes (store/rdf/sparql.py), where a time limit can stop them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Triple

from briefgraph.ontology.model import ONTOLOGY_IRI
from briefgraph.store.folders import ensure_folder
from briefgraph.store.rdf.base import HASHES_QUERY, RdfError, briefing_id_of, describe_query, ontology_triples, prune_update, quads_of
from briefgraph.store.rdf.oxigraph_handles import files_state, open_read_only, release_freed_memory
from briefgraph.store.rdf.sparql import QueryPool, SparqlResult

# How many named graphs a whole-store read takes through one read-only handle (see
# OxigraphStore._windowed_quads): five briefings' graphs touch a few megabytes of blocks, and
# opening a handle costs 12-14 ms (about 3 ms a graph).
GRAPHS_PER_HANDLE = 5
# The researchers' SPARQL workers run at this niceness: pages come first when the processor is
# short (bench/load.py's hostile phase).
CONSOLE_NICENESS = 10


class OxigraphStore:
    """Embedded Oxigraph in a folder; read-only handles for processes that only read."""

    def __init__(self, path: Path, read_only: bool = False, query_workers: int = 2):
        self.read_only = read_only
        self.path = path
        self.query_workers = query_workers
        # Researchers' queries and the pages' own reads (Linked Data descriptions) have workers of
        # their own: a console busy with slow queries does not hold up the pages.
        self._pools: dict[str, QueryPool] = {}
        ensure_folder(path, "the RDF store", RdfError)
        self._open()

    def _open(self) -> None:
        path, read_only = self.path, self.read_only
        try:
            if read_only and not (path / "CURRENT").exists():
                created = Store(str(path))             # a new store: made (empty) so that it can be read
                created.flush()
                del created                            # closed: the write lock is released
            # The state of the files before the handle opens: a later equal state means that a fresh
            # handle would read what this one reads (see _windowed_quads).
            self._opened_state = files_state(path) if read_only else None
            self.store = open_read_only(path) if read_only else Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise RdfError(f"the RDF store in {path} is open for writing in another process (an ingest, or a "
                               "server using it); only one process may write to it at a time: let it finish and "
                               "run this again") from None
            raise RdfError(f"cannot open the RDF store in {path}: {exc}") from None

    def replace_graph(self, graph: NamedNode, triples: list[Triple]) -> None:
        self.load_graphs([graph], "".join(f"{t.subject} {t.predicate} {t.object} {graph} .\n" for t in triples), "")

    def load_graphs(self, graphs: list[NamedNode], nquads: str, markers: str) -> None:
        """Replace named graphs with the N-Quads given, then write the markers (the content-hash
        triples) in a transaction of their own. Removal is a transaction; the load is a bulk load,
        much faster but not atomic: a graph is complete only once its marker is there."""
        for graph in graphs:
            if self.store.contains_named_graph(graph):
                self.store.remove_graph(graph)
        self.store.bulk_load(nquads.encode("utf-8"), format=RdfFormat.N_QUADS)
        if markers:
            self.store.load(markers.encode("utf-8"), format=RdfFormat.N_QUADS)

    def drop_graph(self, graph: NamedNode) -> None:
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def prune_entities(self, entity_graph: NamedNode) -> None:
        self.store.update(prune_update(entity_graph))

    def record(self, update: str, nquads: str) -> None:
        if update:
            self.store.update(update)
        self.store.load(nquads.encode("utf-8"), format=RdfFormat.N_QUADS)

    def ask(self, query: str) -> bool:
        self._fresh()
        return bool(self.store.query(query))

    def quads(self) -> Iterable[Quad]:
        """Every quad. A read-only handle reads graph by graph, through a fresh handle every
        GRAPHS_PER_HANDLE graphs (see _windowed_quads); a writer reads its own snapshot at once."""
        if not self.read_only:
            return self.store.quads_for_pattern(None, None, None, None)
        self._fresh()
        return self._windowed_quads(GRAPHS_PER_HANDLE)

    def _windowed_quads(self, window: int) -> Iterator[Quad]:
        """Every quad, graph by graph. Each handle keeps in its block cache (up to 128 MB for the
        string column family) every block its lookups touched, and a whole-store read touches more
        blocks the larger the store: a dump's memory grew with the data (+23 % from 1,000 to 2,000
        briefings). A fresh handle every `window` graphs, with the old one's memory handed back to
        the system, bounds that to what `window` graphs touch. The handles must all see what this
        store's own handle sees: when the files have changed since it opened (an ingest ran), the
        rest is read through that handle, whose snapshot it is."""
        # This read's own references: another thread may reopen the store's handle meanwhile (_fresh).
        own, opened_state = self.store, self._opened_state
        yield from own.quads_for_pattern(None, None, None, DefaultGraph())
        graphs = list(own.named_graphs())
        handle: Store | None = own
        for index, graph in enumerate(graphs):
            if index and index % window == 0 and handle is not None:
                if handle is not own:
                    del handle
                    release_freed_memory()
                unchanged = opened_state is not None and files_state(self.path) == opened_state
                handle = open_read_only(self.path) if unchanged else None
            # (not `handle or own`: a Store's truth is its length, a count of every quad)
            yield from (own if handle is None else handle).quads_for_pattern(None, None, None, graph)

    def count(self) -> int:
        self._fresh()
        return len(self.store)

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""
        self._fresh()
        rows = self.store.query(HASHES_QUERY)
        assert isinstance(rows, QuerySolutions)
        return {briefing_id_of(row["b"].value): row["h"].value for row in rows}

    def ensure_ontology(self) -> None:
        graph = NamedNode(str(ONTOLOGY_IRI))
        if not self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            self.replace_graph(graph, ontology_triples())

    def _fresh(self) -> None:
        """A read-only handle sees the store as it was when it opened: reopen it when the files
        have changed since (an ingest wrote), so that a long-lived reader (the web app) reads
        today's data. Called when a read begins, never in the middle of one."""
        if self.read_only and files_state(self.path) != self._opened_state:
            del self.store
            release_freed_memory()
            self._open()

    def query(self, query: str, *, timeout_s: float, limit: int, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, generation: str | None = None,
              formats: dict[str, str] | None = None) -> SparqlResult:
        """A query in a worker process on a read-only handle (see store/rdf/sparql.py): killed at the
        time limit, since pyoxigraph cannot cancel a query."""
        return self._pool("console").run(query, timeout_s=timeout_s, limit=limit, default_graphs=default_graphs,
                                         named_graphs=named_graphs, generation=generation, formats=formats)

    def describe(self, iri: NamedNode, *, timeout_s: float, limit: int, generation: str | None = None) -> list[Quad]:
        result = self._pool("pages").run(describe_query(iri), timeout_s=timeout_s, limit=limit, generation=generation)
        return quads_of(result)

    def _pool(self, purpose: str) -> QueryPool:
        pool = self._pools.get(purpose)
        if pool is None:
            niceness = CONSOLE_NICENESS if purpose == "console" else 0
            pool = self._pools.setdefault(purpose, QueryPool(self.path, self.query_workers, niceness))
        return pool

    def graph_quads(self, graph: NamedNode) -> Iterator[Quad]:
        self._fresh()
        return self.store.quads_for_pattern(None, None, None, graph)

    def close(self) -> None:
        """Stop the query workers and close the store; closing again does nothing."""
        if not hasattr(self, "store"):
            return
        for pool in self._pools.values():
            pool.close()
        if not self.read_only:
            self.store.flush()
        del self.store
