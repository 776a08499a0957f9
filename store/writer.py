"""The write side: one briefing at a time into both stores, each all or nothing, a no-op when the
briefing is unchanged, a replacement when it changed."""
from __future__ import annotations

from dataclasses import dataclass

from briefgraph.ingest.extraction import Extraction

from . import cypher
from .graph import GraphStore
from .rdf_mapping import briefing_iri, briefing_triples, graph_iri
from .rdf_store import RdfStore, hash_ask
from .records import to_records


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

    def write(self, extraction: Extraction) -> Outcome:
        """Store one briefing's extraction; unchanged briefings are not written again."""
        b = extraction.briefing
        stored = self.stored_hash(b.id)
        in_rdf = self.rdf.ask(hash_ask(graph_iri(self.base, b.id), briefing_iri(self.base, b.id), b.content_hash))
        if stored == b.content_hash and in_rdf:
            return Outcome(b.id, "unchanged")
        records = to_records(extraction)
        # The RDF graph first, the graph store second: the graph's hash is what says "stored", so
        # a crash between the two leaves a briefing that the next run writes again, whole.
        self.rdf.replace_graph(graph_iri(self.base, b.id), briefing_triples(records, self.base))
        statements = cypher.remove_briefing(b.id) + list(cypher.write_records(records))
        self.graph.write(statements)
        return Outcome(b.id, "replaced" if stored is not None else "ingested")

    def delete(self, briefing_id: str) -> None:
        """Remove a briefing and what only it said, from both stores."""
        self.graph.write(cypher.delete_briefing(briefing_id))
        self.rdf.drop_graph(graph_iri(self.base, briefing_id))
