"""The Cypher the graph writer and the view send: one set of statements in the subset that both
Neo4j 5 and FalkorDB accept. Labels and relationship types come from the ontology, never from
input text. What differs between the engines (schema, full-text search) is in the dialects."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefgraph.ontology.model import load_model
from briefgraph.store.graph.rows import GraphRows

Statement = tuple[str, dict[str, Any]]


def _set_labels(var: str, cls: str) -> str:
    """'n:Actor:Person, ' for Person: the class and its ancestors below the root label."""
    labels = "".join(f":{name}" for name in load_model().cls(cls).graph_labels[1:])
    return f"{var}{labels}, " if labels else ""


def briefing_hash(briefing_id: str) -> Statement:
    """The stored content hash of a briefing, if it is stored."""
    return "MATCH (b:Briefing {id: $id}) RETURN b.content_hash AS hash", {"id": briefing_id}


def remove_briefing(briefing_id: str) -> list[Statement]:
    """Remove what a briefing said: its role and relation edges, the events and entities only it
    reported, and its provenance edges. The Briefing node itself stays (it is rewritten next)."""
    p = {"id": briefing_id}
    return [
        ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(:Event)-[r]->(:Entity) WHERE r.briefing = $id DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(:Entity)-[r]->(:Entity) WHERE r.briefing = $id DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(e:Event) WITH e MATCH (e)-[r:REPORTED_IN]->(:Briefing) "
         "WITH e, count(r) AS sources WHERE sources = 1 DETACH DELETE e", p),
        ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(x:Entity) WITH x MATCH (x)-[m:MENTIONED_IN]->(:Briefing) "
         "WITH x, count(m) AS sources WHERE sources = 1 DETACH DELETE x", p),
        ("MATCH (:Briefing {id: $id})<-[r:REPORTED_IN]-(:Event) DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[r:MENTIONED_IN]-(:Entity) DELETE r", p),
    ]


def delete_briefing(briefing_id: str) -> list[Statement]:
    """Remove a briefing and everything only it said."""
    return remove_briefing(briefing_id) + [("MATCH (b:Briefing {id: $id}) DETACH DELETE b", {"id": briefing_id})]


def write_briefings(rows: list[dict[str, Any]]) -> Statement:
    """The Briefing nodes of a batch."""
    return ("UNWIND $rows AS row MERGE (b:Briefing {id: row.id}) SET b.title = row.title, b.layout = row.layout, "
            "b.section = row.section, b.trend = row.trend, b.publisher = row.publisher, b.author = row.author, "
            "b.source_url = row.source_url, b.published = row.published, b.period_start = row.period_start, "
            "b.period_end = row.period_end, b.content_hash = row.content_hash, b.file_sha256 = row.file_sha256, "
            "b.extractor = row.extractor, b.body = row.body, b.paragraphs = row.paragraphs", {"rows": rows})


def write_rows(batch: GraphRows) -> Iterator[Statement]:
    """The statements that write one briefing (or a combined batch), in UNWIND batches, after
    `remove_briefing` for any briefing stored before. Relationships are CREATEd, not MERGEd: every
    one of them belongs to a briefing of this batch, whose earlier relationships were removed, and
    MERGE would scan the relationships of high-degree nodes (a state in every briefing)."""
    if batch.briefing:
        yield write_briefings([batch.briefing])
    for cls, rows in batch.entities.items():
        yield ("UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
               f"SET {_set_labels('n', cls)}n.label = row.label, n.kind = row.kind, n.class = row.class, "
               "n.aliases = row.aliases, n.names = row.names, n.wikidata = row.wikidata, n.known = row.known", {"rows": rows})
    if batch.mentions:
        yield ("UNWIND $rows AS row MATCH (n:Entity {id: row.entity}) MATCH (b:Briefing {id: row.briefing}) "
               "CREATE (n)-[m:MENTIONED_IN]->(b) SET m.count = row.count, m.texts = row.texts, m.spans = row.spans, "
               "m.sentences = row.sentences, m.extractors = row.extractors", {"rows": batch.mentions})
    for cls, rows in batch.events.items():
        yield ("UNWIND $rows AS row MERGE (e:Event {id: row.id}) "
               f"SET {_set_labels('e', cls)}e.type = row.type, e.modality = row.modality, e.date = row.date, "
               "e.date_text = row.date_text, e.date_start = row.date_start, e.date_end = row.date_end", {"rows": rows})
    if batch.reports:
        yield ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (b:Briefing {id: row.briefing}) "
               "CREATE (e)-[r:REPORTED_IN]->(b) SET r.modality = row.modality, r.sentence = row.sentence, "
               "r.start = row.start, r.end = row.end, r.evidence = row.evidence, r.trigger = row.trigger, "
               "r.extractor = row.extractor, r.q_values = row.q_values, r.q_units = row.q_units, "
               "r.q_texts = row.q_texts, r.q_bounds = row.q_bounds", {"rows": batch.reports})
    for rel_type, rows in batch.roles.items():
        yield ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (n:Entity {id: row.entity}) "
               f"CREATE (e)-[:{rel_type} {{briefing: row.briefing}}]->(n)", {"rows": rows})
    for rel_type, rows in batch.relations.items():
        yield ("UNWIND $rows AS row MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
               f"CREATE (s)-[r:{rel_type} {{briefing: row.briefing}}]->(o) SET r.sentence = row.sentence, "
               "r.start = row.start, r.end = row.end, r.evidence = row.evidence, r.extractor = row.extractor",
               {"rows": rows})


# The store's generation: a token every write changes in its own transaction, so that readers
# (the web app's page cache) know whether what they computed is still what the store holds.
GENERATION = "MATCH (m:Meta {id: 'store'}) RETURN m.generation AS generation"


def bump_generation(token: str) -> Statement:
    """Set a new generation token (part of a write's transaction)."""
    return "MERGE (m:Meta {id: 'store'}) SET m.generation = $token", {"token": token}


ALL_HASHES = "MATCH (b:Briefing) RETURN b.id AS id, b.content_hash AS hash, b.file_sha256 AS file_hash"
COUNTS = ("MATCH (b:Briefing) WITH count(b) AS briefings "
          "OPTIONAL MATCH (n:Entity) WITH briefings, count(n) AS entities "
          "OPTIONAL MATCH (e:Event) WITH briefings, entities, count(e) AS events "
          "OPTIONAL MATCH ()-[r:REPORTED_IN|MENTIONED_IN]->() "
          "RETURN briefings, entities, events, count(r) AS sources")
ENTITY_CLASSES = "MATCH (n:Entity) RETURN n.class AS class, count(n) AS n ORDER BY class"
EVENT_CLASSES = "MATCH (e:Event) RETURN e.type AS class, count(e) AS n ORDER BY class"
RELATION_TYPES = ("MATCH (s:Entity)-[r]->(o:Entity) WITH DISTINCT type(r) AS predicate, s.id AS s, o.id AS o "
                  "RETURN predicate, count(*) AS n ORDER BY predicate")
