"""A Cypher script that recreates the graph in an empty Neo4j 5 database: the constraints and
indexes first, then the nodes and the relationships, MERGEd in UNWIND batches so that running it
twice changes nothing. Streams: one page of the graph in memory at a time."""
from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, TypeVar

from briefgraph.store.graph import dialect_neo4j
from briefgraph.store.graph.base import GraphStore

from .graph_pages import ROOTS, Node, Relationship, node_pages, relationships_of

BATCH = 200
T = TypeVar("T")


def literal(value: Any) -> str:
    """A value as a Neo4j Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a property value Cypher cannot write: {value!r}")
        return repr(value)
    if isinstance(value, str):
        # JSON's string escapes are Cypher's (\\, \", \n, \t, \uXXXX); the quote is always double.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"a property value Cypher cannot write: {value!r}")


def _batches(rows: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def node_statements(page: list[Node]) -> list[str]:
    """MERGE statements for a page of nodes, grouped by their labels."""
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for node in page:
        by_labels[node.labels].append({"id": node.id, "props": {k: v for k, v in node.props.items() if k != "id"}})
    out = []
    for labels, rows in by_labels.items():
        root = page[0].root
        extra = "".join(f":{x}" for x in labels)
        set_labels = f"SET n{extra} " if extra else ""
        for batch in _batches(rows):
            out.append(f"UNWIND {literal(batch)} AS row MERGE (n:{root} {{id: row.id}}) {set_labels}SET n += row.props")
    return out


def _key(props: dict[str, Any]) -> tuple[str, ...]:
    """The properties that tell apart two relationships of one type between the same two nodes:
    the briefing that states it and where (a report, a relation said twice in a briefing)."""
    return tuple(k for k in ("briefing", "start") if k in props)


def relationship_statements(rels: Iterable[Relationship]) -> list[str]:
    """MERGE statements for relationships, grouped by type and end labels, each MERGEd on the
    properties that tell it apart from its parallels (none: one per pair, as MENTIONED_IN)."""
    groups: dict[tuple[str, str, str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for r in rels:
        groups[(r.source_root, r.type, r.target_root, _key(r.props))].append(
            {"s": r.source, "t": r.target, "props": r.props})
    out = []
    for (source_root, rel_type, target_root, keys), rows in groups.items():
        key = " {" + ", ".join(f"{k}: row.props.{k}" for k in keys) + "}" if keys else ""
        for batch in _batches(rows):
            out.append(f"UNWIND {literal(batch)} AS row MATCH (a:{source_root} {{id: row.s}}) "
                       f"MATCH (b:{target_root} {{id: row.t}}) MERGE (a)-[r:{rel_type}{key}]->(b) SET r += row.props")
    return out


def write_cypher_script(graph: GraphStore, out: TextIO) -> None:
    """The whole script, one statement per line, each ending with a semicolon."""
    out.write("// Briefgraph: recreates the property graph in an empty Neo4j 5 database.\n"
              "// Run with: cypher-shell -f briefgraph.cypher\n// Schema\n")
    for statement in dialect_neo4j.SCHEMA:
        out.write(statement + ";\n")
    out.write("// Nodes\n")
    for root in ROOTS:
        for page in node_pages(graph, root):
            for statement in node_statements(page):
                out.write(statement + ";\n")
    out.write("// Relationships\n")
    for root in ROOTS:
        for page in node_pages(graph, root):
            for statement in relationship_statements(relationships_of(graph, page)):
                out.write(statement + ";\n")


def script_statements(text: str) -> list[tuple[str, bool]]:
    """The statements of a script with whether each is schema (for running it elsewhere)."""
    out, section = [], ""
    for line in text.splitlines():
        if line.startswith("// "):
            section = line[3:]
        elif line.strip():
            out.append((line.rstrip(";"), section == "Schema"))
    return out
