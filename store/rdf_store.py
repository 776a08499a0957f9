"""The RDF store: embedded Oxigraph on disk, or any SPARQL 1.1 Query and Update server. Each
briefing's facts live in their own named graph, replaced in one SPARQL update (atomic)."""
from __future__ import annotations

import ctypes
import functools
import json
import stat
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple

from briefgraph.ontology.model import BG, ONTOLOGY_IRI, ontology_path
from briefgraph.settings import Settings

from .folders import ensure_folder


# How many named graphs a whole-store read takes through one read-only handle (see
# OxigraphStore._windowed_quads): five briefings' graphs touch a few megabytes of blocks, and
# opening a handle costs 12-14 ms (about 3 ms a graph).
GRAPHS_PER_HANDLE = 5


def _files_state(path: Path) -> list[tuple[str, int, int]] | None:
    """Name, size and modification time of every file of an embedded store: equal lists, an
    unchanged store. None when a file vanished while being listed (a writer is compacting)."""
    try:
        state = []
        for entry in path.iterdir():
            info = entry.stat()
            if stat.S_ISREG(info.st_mode):
                state.append((entry.name, info.st_size, info.st_mtime_ns))
        return sorted(state)
    except OSError:
        return None


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library is another."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _release_freed_memory() -> None:
    """Hand the memory freed by a closed handle back to the system (glibc keeps it otherwise)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class RdfError(RuntimeError):
    """The RDF store failed or refused."""


def insert_update(graph: NamedNode, triples: Iterable[Triple]) -> str:
    """One SPARQL update that replaces a named graph's content."""
    body = " .\n".join(str(t) for t in triples)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}"


HASHES_QUERY = (f"SELECT ?b ?h WHERE {{ GRAPH ?g {{ ?b <{BG}contentHash> ?h }} }}")


def prune_update(entity_graph: NamedNode) -> str:
    """Remove from the entity graph what it says of entities no briefing graph names any more."""
    return (f"DELETE {{ GRAPH {entity_graph} {{ ?e ?p ?o }} }} WHERE {{ GRAPH {entity_graph} {{ ?e ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ {{ ?e ?x ?y }} UNION {{ ?y ?x ?e }} }} FILTER(?g != {entity_graph}) }} }}")


def briefing_id_of(iri: str) -> str:
    """The briefing id at the end of a briefing IRI ({base}/briefings/{id})."""
    return iri.rsplit("/briefings/", 1)[-1]


def hash_ask(graph: NamedNode, briefing: NamedNode, content_hash: str) -> str:
    """ASK whether the named graph holds the briefing at this content hash."""
    return f'ASK {{ GRAPH {graph} {{ {briefing} <{BG}contentHash> "{content_hash}" }} }}'


class RdfStore(Protocol):
    """A place for named graphs, queried with SPARQL."""

    def replace_graph(self, graph: NamedNode, triples: list[Triple]) -> None:
        """Replace the named graph's content with these triples."""

    def load_graphs(self, graphs: list[NamedNode], nquads: str, markers: str) -> None:
        """Replace named graphs' contents with the N-Quads given, the markers (content-hash
        triples that say a graph is complete) last."""

    def drop_graph(self, graph: NamedNode) -> None:
        """Remove a named graph."""

    def prune_entities(self, entity_graph: NamedNode) -> None:
        """Remove from the entity graph the entities no briefing names any more."""

    def ask(self, query: str) -> bool:
        """Run an ASK query."""

    def quads(self) -> Iterable[Quad]:
        """Every quad of the store."""

    def count(self) -> int:
        """How many quads the store holds (what quads() would yield)."""

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""

    def ensure_ontology(self) -> None:
        """Load the ontology into its own named graph (idempotent)."""

    def close(self) -> None:
        """Release the store."""


def _ontology_triples() -> list[Triple]:
    """The ontology's triples, blank nodes skolemised to IRIs numbered in file order, so that
    every store and every export holds byte-identical ontology triples."""
    from pyoxigraph import BlankNode, parse

    names: dict[str, NamedNode] = {}

    def skolem(term):
        if isinstance(term, BlankNode):
            return names.setdefault(term.value, NamedNode(f"{ONTOLOGY_IRI}/.well-known/genid/{len(names) + 1}"))
        return term

    out: list[Triple] = []
    for name in ("briefgraph.ttl", "typologies.ttl"):
        with ontology_path(name).open("rb") as fh:
            for t in parse(fh, format=RdfFormat.TURTLE, base_iri=str(ONTOLOGY_IRI)):
                out.append(Triple(skolem(t.subject), t.predicate, skolem(t.object)))
    return out


class OxigraphStore:
    """Embedded Oxigraph in a folder; read-only handles for processes that only read."""

    def __init__(self, path: Path, read_only: bool = False):
        self.read_only = read_only
        self.path = path
        ensure_folder(path, "the RDF store", RdfError)
        try:
            if read_only and not (path / "CURRENT").exists():
                created = Store(str(path))             # a new store: made (empty) so that it can be read
                created.flush()
                del created                            # closed: the write lock is released
            # The state of the files before the handle opens: a later equal state means that a fresh
            # handle would read what this one reads (see _windowed_quads).
            self._opened_state = _files_state(path) if read_only else None
            self.store = Store.read_only(str(path)) if read_only else Store(str(path))
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

    def ask(self, query: str) -> bool:
        return bool(self.store.query(query))

    def quads(self) -> Iterable[Quad]:
        """Every quad. A read-only handle reads graph by graph, through a fresh handle every
        GRAPHS_PER_HANDLE graphs (see _windowed_quads); a writer reads its own snapshot at once."""
        if not self.read_only:
            return self.store.quads_for_pattern(None, None, None, None)
        return self._windowed_quads(GRAPHS_PER_HANDLE)

    def _windowed_quads(self, window: int) -> Iterator[Quad]:
        """Every quad, graph by graph. Each handle keeps in its block cache (up to 128 MB for the
        string column family) every block its lookups touched, and a whole-store read touches more
        blocks the larger the store: a dump's memory grew with the data (+23 % from 1,000 to 2,000
        briefings). A fresh handle every `window` graphs, with the old one's memory handed back to
        the system, bounds that to what `window` graphs touch. The handles must all see what this
        store's own handle sees: when the files have changed since it opened (an ingest ran), the
        rest is read through that handle, whose snapshot it is."""
        yield from self.store.quads_for_pattern(None, None, None, DefaultGraph())
        graphs = list(self.store.named_graphs())
        handle = self.store
        for index, graph in enumerate(graphs):
            if index and index % window == 0 and handle is not None:
                if handle is not self.store:
                    del handle
                    _release_freed_memory()
                unchanged = self._opened_state is not None and _files_state(self.path) == self._opened_state
                handle = Store.read_only(str(self.path)) if unchanged else None
            # (not `handle or self.store`: a Store's truth is its length, a count of every quad)
            yield from (self.store if handle is None else handle).quads_for_pattern(None, None, None, graph)

    def count(self) -> int:
        return len(self.store)

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""
        return {briefing_id_of(row["b"].value): row["h"].value for row in self.store.query(HASHES_QUERY)}

    def ensure_ontology(self) -> None:
        graph = NamedNode(str(ONTOLOGY_IRI))
        if not self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            self.replace_graph(graph, _ontology_triples())

    def close(self) -> None:
        if not self.read_only:
            self.store.flush()
        del self.store


def _term(binding: dict):
    """A SPARQL JSON results binding as a pyoxigraph term."""
    from pyoxigraph import BlankNode, Literal

    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if "xml:lang" in binding:
        return Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(value, datatype=NamedNode(binding["datatype"]))
    return Literal(value)


class SparqlHttpStore:
    """A SPARQL 1.1 Query and Update server (Oxigraph server, Fuseki, GraphDB)."""

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.query_url = self.url + "/query" if not self.url.endswith(("/query", "/sparql")) else self.url
        self.update_url = self.url + "/update" if not self.url.endswith(("/update", "/sparql")) else self.url

    def _post(self, url: str, data: bytes, content_type: str, accept: str = "*/*") -> bytes:
        request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except (urllib.error.URLError, TimeoutError) as exc:
            raise RdfError(f"the SPARQL server at {url} failed: {exc}") from exc

    def replace_graph(self, graph: NamedNode, triples: list[Triple]) -> None:
        self._post(self.update_url, insert_update(graph, triples).encode("utf-8"), "application/sparql-update")

    def load_graphs(self, graphs: list[NamedNode], nquads: str, markers: str) -> None:
        """Replace named graphs with the N-Quads and markers given, in one atomic update."""
        from pyoxigraph import parse

        by_graph: dict[str, list[str]] = {}
        for quad in parse((nquads + markers).encode("utf-8"), format=RdfFormat.N_QUADS):
            by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        drops = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs)
        inserts = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        self._post(self.update_url, f"{drops} ;\nINSERT DATA {{\n{inserts}\n}}".encode("utf-8"),
                   "application/sparql-update")

    def drop_graph(self, graph: NamedNode) -> None:
        self._post(self.update_url, f"DROP SILENT GRAPH {graph}".encode(), "application/sparql-update")

    def prune_entities(self, entity_graph: NamedNode) -> None:
        self._post(self.update_url, prune_update(entity_graph).encode("utf-8"), "application/sparql-update")

    def ask(self, query: str) -> bool:
        body = self._post(self.query_url, query.encode("utf-8"), "application/sparql-query",
                          "application/sparql-results+json")
        return bool(json.loads(body)["boolean"])

    def hashes(self) -> dict[str, str]:
        """The content hash of every complete briefing graph, by briefing id."""
        body = self._post(self.query_url, HASHES_QUERY.encode(), "application/sparql-query",
                          "application/sparql-results+json")
        return {briefing_id_of(r["b"]["value"]): r["h"]["value"] for r in json.loads(body)["results"]["bindings"]}

    def count(self) -> int:
        body = self._post(self.query_url, b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                          "application/sparql-query", "application/sparql-results+json")
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    def quads(self) -> Iterable[Quad]:
        body = self._post(self.query_url, b"SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                          "application/sparql-query", "application/sparql-results+json")
        for row in json.loads(body)["results"]["bindings"]:
            yield Quad(_term(row["s"]), _term(row["p"]), _term(row["o"]), _term(row["g"]))

    def ensure_ontology(self) -> None:
        graph = NamedNode(str(ONTOLOGY_IRI))
        if not self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            self.replace_graph(graph, _ontology_triples())

    def close(self) -> None:
        pass


def open_rdf(settings: Settings | None = None, read_only: bool = False) -> RdfStore:
    """The RDF store the settings choose."""
    settings = settings or Settings.from_env()
    if settings.rdf_url:
        return SparqlHttpStore(settings.rdf_url)
    return OxigraphStore(settings.rdf_dir, read_only=read_only)
