"""Counts of what the stores hold, deterministic for the same content."""
from __future__ import annotations

from typing import Any

from briefgraph.store.graph import cypher
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.rdf.open_store import RdfStore


def counts(graph: GraphStore) -> dict[str, int]:
    """Briefings, entities, events and sources (all 0 in a store nothing was written to), each
    read from the engine's own counters."""
    out = {"briefings": 0, "entities": 0, "events": 0, "sources": 0}
    for name, statement in cypher.COUNT_PARTS:
        rows = graph.read(statement).rows
        out[name] += rows[0][0] if rows else 0
    return out


def stats(graph: GraphStore, rdf: RdfStore) -> dict[str, Any]:
    """Briefings, entities and events by class, relations by predicate, sources, triples."""
    totals = counts(graph)
    quads = rdf.count()
    relations = {row[0]: row[1] for row in graph.read(cypher.RELATION_TYPES).rows}
    return {
        "briefings": totals["briefings"],
        "entities": totals["entities"],
        "entities_by_class": {row[0]: row[1] for row in graph.read(cypher.ENTITY_CLASSES).rows},
        "events": totals["events"],
        "events_by_class": {row[0]: row[1] for row in graph.read(cypher.EVENT_CLASSES).rows},
        "relations": sum(relations.values()),
        "relations_by_predicate": relations,
        "sources": totals["sources"],
        "quads": quads,
    }
