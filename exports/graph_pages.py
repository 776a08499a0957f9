"""The property graph read in pages, for the exporters: nodes by root label in id order (keyset
pagination on the indexed id), then each page's outgoing relationships. Memory holds one page."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefgraph.store.graph.base import GraphStore

ROOTS = ("Briefing", "Entity", "Event")     # the Meta node (the store's generation) is not data
# The archive's record of itself (store/graph/history.py: change sets, superseded versions;
# store/graph/disagreement.py: contradictions) is not in the graph exports: it is served by
# /changes, its feeds and /contradictions, and is derived again by the ingest that loads an export.
RECORD_LABELS = ("ChangeSet", "ChangePart", "BriefingVersion", "Contradiction")
RECORD_TYPES = ("PART_OF", "TOUCHED", "CONCERNS")
PAGE = 500


@dataclass(frozen=True)
class Node:
    id: str
    root: str
    labels: tuple[str, ...]                 # below the root, most general first
    props: dict[str, Any]


@dataclass(frozen=True)
class Relationship:
    source: str
    source_root: str
    type: str
    target: str
    target_root: str
    props: dict[str, Any]


def _root(labels: list[str]) -> str:
    return next(label for label in ROOTS if label in labels)


def node_page_query(root: str) -> str:
    """A page of the nodes of a root label after an id."""
    return (f"MATCH (n:{root}) WHERE n.id > $after RETURN n.id AS id, labels(n) AS labels, "
            "properties(n) AS props ORDER BY id LIMIT $limit")


def relationships_query(root: str) -> str:
    """The outgoing relationships of the nodes of a root label with these ids, in an order that
    ties nowhere: parallel relationships differ by their briefing (roles, relations) or by their
    offset in it (two reports of one event), and each engine returns ties in an order of its own."""
    return (f"UNWIND $ids AS id MATCH (a:{root} {{id: id}})-[r]->(b) "
            "RETURN a.id AS source, type(r) AS type, properties(r) AS props, b.id AS target, "
            "labels(b) AS labels ORDER BY source, type, target, props.briefing, props.start")


def node_pages(graph: GraphStore, root: str, size: int = PAGE) -> Iterator[list[Node]]:
    """Pages of the nodes with a root label, in id order."""
    from briefgraph.ontology.model import load_model

    model = load_model()
    after = ""
    while True:
        rows = graph.read(node_page_query(root), {"after": after, "limit": size}).rows
        if not rows:
            return
        page: list[Node] = []
        for ident, labels, props in rows:
            extra = [x for x in labels if x != root]
            # the ontology's order, general to specific, so that every export writes them alike
            extra.sort(key=lambda x: len(model.classes[x].ancestors) if x in model.classes else 0)
            # properties by name: each engine keeps them in an order of its own
            page.append(Node(ident, root, tuple(extra), dict(sorted(props.items()))))
        yield page
        after = rows[-1][0]


def relationships_of(graph: GraphStore, nodes: list[Node]) -> list[Relationship]:
    """The outgoing relationships of a page of nodes (all of one root label)."""
    if not nodes:
        return []
    root = nodes[0].root
    rows = graph.read(relationships_query(root), {"ids": [n.id for n in nodes]}).rows
    return [Relationship(s, root, t, o, _root(labels), dict(sorted(props.items()))) for s, t, props, o, labels in rows
            if any(label in ROOTS for label in labels)]
