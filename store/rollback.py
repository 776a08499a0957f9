"""Undoing a batch that the two stores did not both take: each is brought back to what it held of
the batch's briefings before the batch, so that they never disagree about a briefing and nothing
stored earlier is lost. Neither engine can roll back for us: FalkorDB's MULTI/EXEC runs the
statements after a failed one, and Oxigraph's bulk load is not a transaction; and when one store
succeeded, it is the other store's failure that must undo its write."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from pyoxigraph import NamedNode

from briefgraph.store.graph import cypher
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.graph.rows import GraphRows, dedupe
from briefgraph.store.rdf.open_store import RdfStore
from briefgraph.store.rdf.quads import entity_graph_iri, graph_iri

HASH_TERM = "<https://w3id.org/briefgraph/ontology#contentHash>"

# One briefing's rows read back from the graph store, in the shapes `cypher.write_rows` takes.
# (Reads of the writer's own model, beside the rows they restore; the view's queries are elsewhere.)
_BRIEFING = "MATCH (b:Briefing {id: $id}) RETURN properties(b) AS b"
_MENTIONS = ("MATCH (:Briefing {id: $id})<-[m:MENTIONED_IN]-(n:Entity) "
             "RETURN properties(n) AS n, properties(m) AS m")
_REPORTS = ("MATCH (:Briefing {id: $id})<-[r:REPORTED_IN]-(e:Event) "
            "RETURN properties(e) AS e, properties(r) AS r")
_ROLES = ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(e:Event)-[r]->(n:Entity) WHERE r.briefing = $id "
          "RETURN type(r) AS type, e.id AS event, n.id AS entity, r.reported AS reported, r.change AS change")
_RELATIONS = ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(s:Entity)-[r]->(o:Entity) WHERE r.briefing = $id "
              "RETURN type(r) AS type, properties(r) AS r, s.id AS subject, o.id AS object")
# Entities and events a failed write created with no briefing to name them (FalkorDB ran the
# statements after the one that failed: 340 such entities and 998 events in issue 19's run).
_ORPHAN_ENTITIES = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Briefing) "
                    "WITH n, count(m) AS sources WHERE sources = 0 DETACH DELETE n")
_ORPHAN_EVENTS = ("UNWIND $ids AS id MATCH (e:Event {id: id}) OPTIONAL MATCH (e)-[r:REPORTED_IN]->(:Briefing) "
                  "WITH e, count(r) AS sources WHERE sources = 0 DETACH DELETE e")

STATEMENTS = (_BRIEFING, _MENTIONS, _REPORTS, _ROLES, _RELATIONS, _ORPHAN_ENTITIES, _ORPHAN_EVENTS)   # for the linter


@dataclass(frozen=True)
class Before:
    """What the stores held of one briefing before a batch replaced it."""

    rows: GraphRows
    nquads: str                 # its named graph, without the marker
    markers: str                # the content-hash quad that marks the graph complete


def snapshot(graph: GraphStore, rdf: RdfStore, base: str, briefing_id: str) -> Before:
    """A stored briefing as both stores hold it, to put back if its replacement fails."""
    own: list[str] = []
    markers: list[str] = []
    for quad in rdf.graph_quads(graph_iri(base, briefing_id)):
        line = f"{quad.subject} {quad.predicate} {quad.object} {quad.graph_name} .\n"
        (markers if str(quad.predicate) == HASH_TERM else own).append(line)
    return Before(read_rows(graph, briefing_id), "".join(own), "".join(markers))


def read_rows(graph: GraphStore, briefing_id: str) -> GraphRows:
    """One stored briefing's rows, read back from the graph store."""
    p = {"id": briefing_id}
    [[row]] = graph.read(_BRIEFING, p).rows
    out = GraphRows(briefing=dict(row))
    for entity, mention in graph.read(_MENTIONS, p).rows:
        out.entities.setdefault(entity["class"], []).append(entity)
        out.mentions.append({**mention, "entity": entity["id"], "briefing": briefing_id})
    for event, report in graph.read(_REPORTS, p).rows:
        out.events.setdefault(event["type"], []).append(event)
        out.reports.append({**report, "event": event["id"], "briefing": briefing_id})
    out.events = {cls: dedupe(group, ("id",)) for cls, group in out.events.items()}
    for kind, event, entity, reported, change in graph.read(_ROLES, p).rows:
        out.roles.setdefault(kind, []).append({"event": event, "entity": entity, "briefing": briefing_id,
                                               "reported": reported, "change": change})
    for kind, relation, subject, obj in graph.read(_RELATIONS, p).rows:
        out.relations.setdefault(kind, []).append({**relation, "subject": subject, "object": obj})
    return out


def undo(graph: GraphStore, rdf: RdfStore, base: str, batch: list[tuple[str, GraphRows]],
         before: dict[str, Before]) -> None:
    """Bring both stores back to what they held of these briefings (id, rows written) before
    the batch: a new briefing removed, a replaced one restored. The first failure is raised after
    both stores were tried."""
    failures: list[Exception] = []
    for step in (_undo_graph, _undo_rdf):
        try:
            step(graph, rdf, base, batch, before)
        except Exception as exc:  # noqa: BLE001 - the other store is still undone; raised below
            failures.append(exc)
    if failures:
        raise failures[0]


def _undo_graph(graph: GraphStore, rdf: RdfStore, base: str, batch: list[tuple[str, GraphRows]],
                before: dict[str, Before]) -> None:
    statements = [s for bid, _ in batch for s in cypher.delete_briefing(bid)]
    entities = sorted({row["id"] for _, written in batch for group in written.entities.values() for row in group})
    events = sorted({row["id"] for _, written in batch for group in written.events.values() for row in group})
    statements += [(_ORPHAN_ENTITIES, {"ids": entities}), (_ORPHAN_EVENTS, {"ids": events})]
    for bid, _ in batch:
        if bid in before:
            statements += list(cypher.write_rows(before[bid].rows))
    statements.append(cypher.bump_generation(uuid.uuid4().hex))
    graph.write(statements)


def _undo_rdf(graph: GraphStore, rdf: RdfStore, base: str, batch: list[tuple[str, GraphRows]],
              before: dict[str, Before]) -> None:
    for bid, _ in batch:
        name: NamedNode = graph_iri(base, bid)
        if bid in before:
            rdf.load_graphs([name], before[bid].nquads, before[bid].markers)
        else:
            rdf.drop_graph(name)
    # What the batch added to the entity graph about entities no briefing names any more.
    rdf.prune_entities(entity_graph_iri(base))
