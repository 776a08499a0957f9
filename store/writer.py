"""The write side: one briefing at a time into both stores, each all or nothing, a no-op when the
briefing is unchanged, a replacement when it changed."""
from __future__ import annotations

from dataclasses import dataclass

from briefgraph.ingest.extraction import Extraction

from . import cypher
from .graph import GraphStore
from .rdf_mapping import briefing_iri, briefing_triples, graph_iri
from .rdf_store import RdfStore, hash_ask
from .records import Records, combine, to_records


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
        graph.ensure_schema()
        rdf.ensure_ontology()

    def stored_hash(self, briefing_id: str) -> str | None:
        """The content hash the graph holds for a briefing, or None."""
        query, params = cypher.briefing_hash(briefing_id)
        rows = self.graph.read(query, params).rows
        return rows[0][0] if rows else None

    def stored_hashes(self) -> dict[str, str]:
        """Every stored briefing's content hash, by id."""
        return {row[0]: row[1] for row in self.graph.read(cypher.ALL_HASHES).rows}

    def rdf_has(self, briefing) -> bool:
        """Whether the RDF store holds the briefing at its content hash."""
        return self.rdf.ask(hash_ask(graph_iri(self.base, briefing.id), briefing_iri(self.base, briefing.id),
                                     briefing.content_hash))

    def write(self, extraction: Extraction) -> Outcome:
        """Store one briefing's extraction; an unchanged briefing is not written again."""
        return self.write_many([extraction])[0]

    def write_many(self, extractions: list[Extraction]) -> list[Outcome]:
        """Store a batch of briefings in one transaction per store: each briefing all or nothing
        (the batch is), unchanged ones skipped, changed ones replacing what they said before."""
        outcomes: list[Outcome] = []
        todo: list[tuple[Extraction, Records, bool]] = []
        seen: set[str] = set()
        for extraction in extractions:
            b = extraction.briefing
            if b.id in seen:
                raise ValueError(f"{b.path}: a second briefing with the id {b.id!r} in one batch")
            seen.add(b.id)
            stored = self.stored_hash(b.id)
            if stored == b.content_hash and self.rdf_has(b):
                outcomes.append(Outcome(b.id, "unchanged"))
                continue
            todo.append((extraction, to_records(extraction), stored is not None))
            outcomes.append(Outcome(b.id, "replaced" if stored is not None else "ingested"))
        if not todo:
            return outcomes
        # The RDF graphs first, the graph store second: the graph's hash is what says "stored", so
        # a crash between the two leaves briefings that the next run writes again, whole.
        self.rdf.replace_graphs([(graph_iri(self.base, extraction.briefing.id), briefing_triples(records, self.base))
                                 for extraction, records, _ in todo])
        statements: list = []
        for extraction, _, stored_before in todo:
            if stored_before:
                statements += cypher.remove_briefing(extraction.briefing.id)
        statements.append(cypher.write_briefings([records.briefing for _, records, _ in todo]))
        statements += list(cypher.write_records(combine([records for _, records, _ in todo])))
        self.graph.write(statements)
        return outcomes

    def delete(self, briefing_id: str) -> None:
        """Remove a briefing and what only it said, from both stores."""
        self.graph.write(cypher.delete_briefing(briefing_id))
        self.rdf.drop_graph(graph_iri(self.base, briefing_id))
