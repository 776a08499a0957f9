"""The write side: batches of briefings into both stores at once, each briefing all or nothing, a
no-op when it is unchanged, a replacement when it changed."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode

from briefgraph.ingest.extraction import Extraction

from . import cypher
from .graph import GraphStore
from .rdf_mapping import briefing_iri, briefing_statements, entity_graph_iri, graph_iri, is_shared
from .rdf_store import RdfStore, hash_ask
from .records import Records, combine, to_records

HASH = NamedNode("https://w3id.org/briefgraph/ontology#contentHash")
HASH_TERM = str(HASH)


@dataclass(frozen=True)
class Prepared:
    """A briefing ready to write: its records and its named graph as N-Quads, built wherever the
    extraction ran (a worker process), so that the writer only writes."""

    briefing: Any
    records: Records
    nquads: str
    shared: str = ""            # the entity graph's N-Quads (classes, labels, ids of the entities named)


def prepare(extraction: Extraction, base_url: str, file_sha256: str = "") -> Prepared:
    """Records and N-Quads of one extraction; the content-hash triple, which marks the named
    graph complete, is left out here and written last (see OxigraphStore.load_graphs). The file's
    own SHA-256 is kept so that a later run can skip the unchanged file without reading it."""
    records = to_records(extraction)
    records.briefing["file_sha256"] = file_sha256
    graph = graph_iri(base_url, extraction.briefing.id)
    entities = entity_graph_iri(base_url)
    own, shared = [], []
    for s, p, o in briefing_statements(records, base_url):
        if p == HASH_TERM:
            continue
        if is_shared(base_url, s, p):
            shared.append(f"{s} {p} {o} {entities} .\n")
        else:
            own.append(f"{s} {p} {o} {graph} .\n")
    return Prepared(extraction.briefing, records, "".join(own), "".join(shared))


def marker(base_url: str, briefing) -> str:
    """The N-Quad that says a briefing's named graph is complete at this content hash."""
    return (f"{briefing_iri(base_url, briefing.id)} {HASH} \"{briefing.content_hash}\" "
            f"{graph_iri(base_url, briefing.id)} .\n")


def stored_hashes(graph: GraphStore, rdf: RdfStore) -> dict[str, tuple[str, str]]:
    """Every briefing stored in both stores: (content hash, file SHA-256) by id."""
    in_rdf = rdf.hashes()
    return {row[0]: (row[1], row[2] or "") for row in graph.read(cypher.ALL_HASHES).rows
            if in_rdf.get(row[0]) == row[1]}


@dataclass(frozen=True)
class Outcome:
    """What happened to one briefing: 'ingested', 'unchanged' or 'replaced'."""

    briefing: str
    status: str


class Writer:
    """Writes extractions to the graph store and the RDF store."""

    def __init__(self, graph: GraphStore, rdf: RdfStore, base_url: str):
        self.graph = graph
        self.rdf = rdf
        self.base = base_url
        # The RDF store loads while the graph store writes (pyoxigraph releases the GIL).
        self._rdf_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rdf-writer")
        graph.ensure_schema()
        rdf.ensure_ontology()

    def stored_hash(self, briefing_id: str) -> str | None:
        """The content hash the graph holds for a briefing, or None."""
        query, params = cypher.briefing_hash(briefing_id)
        rows = self.graph.read(query, params).rows
        return rows[0][0] if rows else None

    def rdf_has(self, briefing) -> bool:
        """Whether the RDF store holds the briefing at its content hash."""
        return self.rdf.ask(hash_ask(graph_iri(self.base, briefing.id), briefing_iri(self.base, briefing.id),
                                     briefing.content_hash))

    def write(self, extraction: Extraction) -> Outcome:
        """Store one briefing's extraction; an unchanged briefing is not written again."""
        return self.write_many([extraction])[0]

    def write_many(self, extractions: list[Extraction]) -> list[Outcome]:
        """Store a batch of extractions (see write_prepared)."""
        return self.write_prepared([prepare(e, self.base) for e in extractions])

    def write_prepared(self, batch: list[Prepared]) -> list[Outcome]:
        """Store a batch of briefings in one transaction per store: each briefing all or nothing
        (the batch is), unchanged ones skipped, changed ones replacing what they said before."""
        outcomes: list[Outcome] = []
        todo: list[tuple[Prepared, bool]] = []
        seen: set[str] = set()
        for item in batch:
            b = item.briefing
            if b.id in seen:
                raise ValueError(f"{b.path}: a second briefing with the id {b.id!r} in one batch")
            seen.add(b.id)
            stored = self.stored_hash(b.id)
            if stored == b.content_hash and self.rdf_has(b):
                outcomes.append(Outcome(b.id, "unchanged"))
                continue
            todo.append((item, stored is not None))
            outcomes.append(Outcome(b.id, "replaced" if stored is not None else "ingested"))
        if not todo:
            return outcomes
        # Both stores at once. A briefing counts as stored only when the graph store holds its hash
        # and its named graph holds the hash triple, which the RDF store writes last; a crash
        # anywhere leaves a briefing that the next run writes again, whole.
        # Statements of the entity graph are loaded with the batch: quads are a set, so what another
        # briefing already said of an entity is not said twice. A replacement may leave an entity
        # named by no briefing: the prune after the load removes what the entity graph said of it.
        rdf_done = self._rdf_thread.submit(
            self._load_rdf, [graph_iri(self.base, item.briefing.id) for item, _ in todo],
            "".join(item.nquads for item, _ in todo)
            + "".join(dict.fromkeys(line for item, _ in todo for line in item.shared.splitlines(keepends=True))),
            "".join(marker(self.base, item.briefing) for item, _ in todo), any(replaced for _, replaced in todo))
        statements: list = []
        for item, stored_before in todo:
            if stored_before:
                statements += cypher.remove_briefing(item.briefing.id)
        statements.append(cypher.write_briefings([item.records.briefing for item, _ in todo]))
        statements += list(cypher.write_records(combine([item.records for item, _ in todo])))
        statements.append(cypher.bump_generation(uuid.uuid4().hex))
        try:
            self.graph.write(statements)
        finally:
            rdf_done.result()
        return outcomes

    def _load_rdf(self, graphs: list, nquads: str, markers: str, prune: bool) -> None:
        self.rdf.load_graphs(graphs, nquads, markers)
        if prune:
            self.rdf.prune_entities(entity_graph_iri(self.base))

    def delete(self, briefing_id: str) -> None:
        """Remove a briefing and what only it said, from both stores."""
        self.graph.write(cypher.delete_briefing(briefing_id) + [cypher.bump_generation(uuid.uuid4().hex)])
        self.rdf.drop_graph(graph_iri(self.base, briefing_id))
        self.rdf.prune_entities(entity_graph_iri(self.base))
