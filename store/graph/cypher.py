"""The Cypher the graph writer and the view send: one set of statements in the subset that both
Neo4j 5 and FalkorDB accept. Labels and relationship types come from the ontology, never from
input text. What differs between the engines (schema, full-text search) is in the dialects."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from briefgraph.ontology.model import load_model
from briefgraph.store.graph.keyset import UNDATED
from briefgraph.store.graph.rows import GraphRows, dedupe

Statement = tuple[str, dict[str, Any]]


def _set_labels(var: str, cls: str) -> str:
    """'n:Actor:Person, ' for Person: the class and its ancestors below the root label."""
    labels = "".join(f":{name}" for name in load_model().cls(cls).graph_labels[1:])
    return f"{var}{labels}, " if labels else ""


def briefing_hash(briefing_id: str) -> Statement:
    """The stored content hash of a briefing and the fingerprint of the reviewers' decisions
    applied to it ('' for none), if it is stored."""
    return ("MATCH (b:Briefing {id: $id}) RETURN b.content_hash AS hash, coalesce(b.curation, '') AS curation",
            {"id": briefing_id})


def remove_briefing(briefing_id: str, keep: tuple[list[str], list[str]] = ([], [])) -> list[Statement]:
    """Remove what a briefing said: its role and relation edges, the events and entities only it
    reported, and its provenance edges; the counters of the entities it named go down with them.
    The Briefing node itself stays (it is rewritten next). `keep` names the entities and the events
    that the batch replacing it names again: their nodes stay, with what else hangs on them (the
    change sets' edges to an entity, store/graph/history.py), to be linked again by the write."""
    p = {"id": briefing_id, "entities": keep[0], "events": keep[1]}
    return [
        # An entity takes part in one event fewer where this briefing alone linked them.
        ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(e:Event)-[r]->(n:Entity) WHERE r.briefing = $id "
         "WITH DISTINCT e, n OPTIONAL MATCH (e)-[o]->(n) WHERE o.briefing <> $id "
         "WITH e, n, count(o) AS others WHERE others = 0 SET n.n_events = n.n_events - 1", p),
        ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(:Event)-[r]->(:Entity) WHERE r.briefing = $id DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(:Entity)-[r]->(:Entity) WHERE r.briefing = $id DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[:REPORTED_IN]-(e:Event) WITH e MATCH (e)-[r:REPORTED_IN]->(:Briefing) "
         "WITH e, count(r) AS sources WHERE sources = 1 AND NOT e.id IN $events DETACH DELETE e", p),
        ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(x:Entity) WITH x MATCH (x)-[m:MENTIONED_IN]->(:Briefing) "
         "WITH x, count(m) AS sources WHERE sources = 1 AND NOT x.id IN $entities DETACH DELETE x", p),
        ("MATCH (:Briefing {id: $id})<-[r:REPORTED_IN]-(:Event) DELETE r", p),
        ("MATCH (:Briefing {id: $id})<-[r:MENTIONED_IN]-(x:Entity) SET x.n_briefings = x.n_briefings - 1 DELETE r", p),
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
            "b.extractor = row.extractor, b.body = row.body, b.paragraphs = row.paragraphs, "
            # the reviewers' decisions it was stored with (store/curation/overlay.py)
            "b.curation = row.curation, "
            # the change set that wrote this version (store/graph/history.py)
            "b.change = row.change, b.recorded = row.recorded, b.version = row.version, "
            # the lists' key, and the counts write_rows sets: what the pages read without counting
            f"b.day = row.day, b.reported = row.reported, b.n_entities = 0, b.n_events = 0, {NO_RELATIONS} "
            # where the list's first page begins: the latest day a briefing was written with
            "WITH max(row.day) AS top, min(CASE WHEN row.day > 0 THEN row.day END) AS first "
            "MERGE (m:Meta {id: 'store'}) SET m.briefing_day_max = CASE WHEN "
            "m.briefing_day_max IS NULL OR m.briefing_day_max < top THEN top ELSE m.briefing_day_max END, "
            "m.briefing_day_min = CASE WHEN first IS NOT NULL AND (m.briefing_day_min IS NULL OR "
            "m.briefing_day_min > first) THEN first ELSE m.briefing_day_min END",
            {"rows": rows})


def write_rows(batch: GraphRows) -> Iterator[Statement]:
    """The statements that write one briefing (or a combined batch), in UNWIND batches, after
    `remove_briefing` for any briefing stored before. Relationships are CREATEd, not MERGEd: every
    one of them belongs to a briefing of this batch, whose earlier relationships were removed, and
    MERGE would scan the relationships of high-degree nodes (a state in every briefing).
    The counters the pages read (an entity's briefings and events, a briefing's entities and
    events) move with the edges, so that no page counts a hub's edges."""
    if batch.briefing:
        yield write_briefings([batch.briefing])
    for cls, rows in batch.entities.items():
        yield ("UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
               f"SET {_set_labels('n', cls)}n.label = row.label, n.kind = row.kind, n.class = row.class, "
               "n.aliases = row.aliases, n.names = row.names, n.wikidata = row.wikidata, n.known = row.known, "
               "n.lat = row.lat, n.lon = row.lon, n.precision = row.precision, "
               "n.n_briefings = coalesce(n.n_briefings, 0), n.n_events = coalesce(n.n_events, 0)", {"rows": rows})
    if batch.mentions:
        yield ("UNWIND $rows AS row MATCH (n:Entity {id: row.entity}) MATCH (b:Briefing {id: row.briefing}) "
               "CREATE (n)-[m:MENTIONED_IN]->(b) SET m.count = row.count, m.texts = row.texts, m.spans = row.spans, "
               "m.sentences = row.sentences, m.extractors = row.extractors, "
               "n.n_briefings = coalesce(n.n_briefings, 0) + 1", {"rows": batch.mentions})
    for cls, rows in batch.events.items():
        yield ("UNWIND $rows AS row MERGE (e:Event {id: row.id}) "
               f"SET {_set_labels('e', cls)}e.type = row.type, e.modality = row.modality, e.date = row.date, "
               "e.date_text = row.date_text, e.date_start = row.date_start, e.date_end = row.date_end, "
               "e.day = row.day, e.sig = row.sig, "
               # the point of its place, kept when a briefing that reports it gives no place
               "e.place = CASE WHEN row.lat IS NULL THEN e.place ELSE row.place END, "
               "e.lat = CASE WHEN row.lat IS NULL THEN e.lat ELSE row.lat END, "
               "e.lon = CASE WHEN row.lat IS NULL THEN e.lon ELSE row.lon END, "
               "e.precision = CASE WHEN row.lat IS NULL THEN e.precision ELSE row.precision END", {"rows": rows})
    if batch.reports:
        yield ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (b:Briefing {id: row.briefing}) "
               "CREATE (e)-[r:REPORTED_IN]->(b) SET r.modality = row.modality, r.sentence = row.sentence, "
               "r.start = row.start, r.end = row.end, r.evidence = row.evidence, r.trigger = row.trigger, "
               "r.extractor = row.extractor, r.q_values = row.q_values, r.q_units = row.q_units, "
               "r.q_texts = row.q_texts, r.q_bounds = row.q_bounds", {"rows": batch.reports})
    pairs = dedupe([row for rows in batch.roles.values() for row in rows])
    if pairs:
        # before the role edges: an entity takes part in one event more where none linked them yet
        yield ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (n:Entity {id: row.entity}) "
               "WHERE NOT (e)-->(n) SET n.n_events = coalesce(n.n_events, 0) + 1",
               {"rows": [{"event": r["event"], "entity": r["entity"]} for r in pairs]})
    for rel_type, rows in batch.roles.items():
        yield ("UNWIND $rows AS row MATCH (e:Event {id: row.event}) MATCH (n:Entity {id: row.entity}) "
               f"CREATE (e)-[:{rel_type} {{briefing: row.briefing, reported: row.reported, change: row.change}}]->(n)", {"rows": rows})
    for rel_type, rows in batch.relations.items():
        yield ("UNWIND $rows AS row MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
               f"CREATE (s)-[r:{rel_type} {{briefing: row.briefing, reported: row.reported, change: row.change}}]->(o) "
               "SET r.sentence = row.sentence, r.modality = coalesce(row.modality, 'reported'), "
               "r.start = row.start, r.end = row.end, r.evidence = row.evidence, r.extractor = row.extractor",
               {"rows": rows})
    days = [row["day"] for rows in batch.events.values() for row in rows
            if row.get("day") is not None and row["day"] != UNDATED]
    if days:
        # where the timelines' first pages begin: the earliest and the latest day of a dated event
        yield ("MERGE (m:Meta {id: 'store'}) SET m.event_day_min = CASE WHEN m.event_day_min IS NULL "
               "OR m.event_day_min > $first THEN $first ELSE m.event_day_min END, "
               "m.event_day_max = CASE WHEN m.event_day_max IS NULL OR m.event_day_max < $last THEN $last "
               "ELSE m.event_day_max END", {"first": min(days), "last": max(days)})
    stated = briefing_relation_lists(batch)
    if stated:
        yield SET_RELATION_LISTS, {"rows": stated}
    counts = briefing_counts(batch)
    if counts:
        yield ("UNWIND $rows AS row MATCH (b:Briefing {id: row.id}) "
               "SET b.n_entities = row.entities, b.n_events = row.events", {"rows": counts})


# A briefing that states no relation has empty lists, as every list property of the graph does.
NO_RELATIONS = ("b.rel_predicates = [], b.rel_subjects = [], b.rel_objects = [], b.rel_sentences = [], "
                "b.rel_starts = [], b.rel_ends = [], b.rel_evidence = [], b.rel_modalities = []")
SET_RELATION_LISTS = ("UNWIND $rows AS row MATCH (b:Briefing {id: row.id}) SET b.rel_predicates = row.predicates, "
                      "b.rel_subjects = row.subjects, b.rel_objects = row.objects, b.rel_sentences = row.sentences, "
                      "b.rel_starts = row.starts, b.rel_ends = row.ends, b.rel_evidence = row.evidence, "
                      "b.rel_modalities = row.modalities")


def briefing_relation_lists(batch: GraphRows) -> list[dict[str, Any]]:
    """Each briefing's relations as parallel lists (predicate, subject, object, sentence, start,
    end, evidence, modality) for its Briefing node: its page reads them there, not through the relation
    edges of its entities, which are every briefing's."""
    out: dict[str, dict[str, list[Any]]] = {}
    keys = ("predicates", "subjects", "objects", "sentences", "starts", "ends", "evidence", "modalities")
    for rel_type, rows in sorted(batch.relations.items()):
        for row in rows:
            lists = out.setdefault(row["briefing"], {k: [] for k in keys})
            for key, value in zip(keys, (rel_type, row["subject"], row["object"], row.get("sentence"),
                                         row.get("start"), row.get("end"), row.get("evidence"),
                                         row.get("modality") or "reported")):
                lists[key].append(value)
    return [{"id": bid, **lists} for bid, lists in sorted(out.items())]


def briefing_counts(batch: GraphRows) -> list[dict[str, Any]]:
    """How many entities each briefing of a batch names and how many events it reports."""
    entities = Counter(row["briefing"] for row in batch.mentions)
    events = Counter(row["briefing"] for row in dedupe(batch.reports, ("event", "briefing")))
    return [{"id": b, "entities": entities[b], "events": events[b]} for b in sorted(entities.keys() | events.keys())]


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
# The same counts one statement each, which both engines answer from their own counters (FalkorDB's
# label and relationship matrices, Neo4j's count store) without reading a node: the pages' counts.
COUNT_PARTS = (("briefings", "MATCH (b:Briefing) RETURN count(b)"), ("entities", "MATCH (n:Entity) RETURN count(n)"),
               ("events", "MATCH (e:Event) RETURN count(e)"),
               ("sources", "MATCH ()-[r:REPORTED_IN]->() RETURN count(r)"),
               ("sources", "MATCH ()-[r:MENTIONED_IN]->() RETURN count(r)"))


def label_count(label: str) -> str:
    """How many nodes have a label of the ontology's (from its counter; the caller checks the name)."""
    return f"MATCH (n:{label}) RETURN count(n)"


ENTITY_CLASSES = "MATCH (n:Entity) RETURN n.class AS class, count(n) AS n ORDER BY class"
EVENT_CLASSES = "MATCH (e:Event) RETURN e.type AS class, count(e) AS n ORDER BY class"
RELATION_TYPES = ("MATCH (s:Entity)-[r]->(o:Entity) WITH DISTINCT type(r) AS predicate, s.id AS s, o.id AS o "
                  "RETURN predicate, count(*) AS n ORDER BY predicate")
