"""Counts of what the stores hold, deterministic for the same content."""
from __future__ import annotations

from typing import Any

from . import cypher
from .graph import GraphStore
from .rdf_store import RdfStore


def stats(graph: GraphStore, rdf: RdfStore) -> dict[str, Any]:
    """Briefings, entities and events by class, relations by predicate, sources, triples."""
    rows = graph.read(cypher.COUNTS).dicts()
    counts = rows[0] if rows else {"briefings": 0, "entities": 0, "events": 0, "sources": 0}
    quads = rdf.count()
    return {
        "briefings": counts["briefings"],
        "entities": counts["entities"],
        "entities_by_class": {row[0]: row[1] for row in graph.read(cypher.ENTITY_CLASSES).rows},
        "events": counts["events"],
        "events_by_class": {row[0]: row[1] for row in graph.read(cypher.EVENT_CLASSES).rows},
        "relations": sum(row[1] for row in graph.read(cypher.RELATION_TYPES).rows),
        "relations_by_predicate": {row[0]: row[1] for row in graph.read(cypher.RELATION_TYPES).rows},
        "sources": counts["sources"],
        "quads": quads,
    }
