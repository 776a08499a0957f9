"""The read side's Cypher: entity pages, neighbourhoods, briefings, event timelines. In the subset
Neo4j 5 and FalkorDB share, linted with the rest (tools/catalogue.py)."""
from __future__ import annotations

import functools

from briefgraph.ontology.model import load_model

ENTITY = ("MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.label AS label, n.class AS class, "
          "n.aliases AS aliases, n.wikidata AS wikidata, n.known AS known")
# An entity's latest mentions and events (a hub is in every briefing: its page shows the latest,
# its counts say how many there are, and the timeline's filters reach the rest).
ENTITY_COUNTS = ("MATCH (n:Entity {id: $id}) OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Briefing) "
                 "WITH n, count(m) AS briefings OPTIONAL MATCH (e:Event)-->(n) "
                 "RETURN briefings, count(DISTINCT e) AS events")
ENTITY_MENTIONS = ("MATCH (n:Entity {id: $id})-[m:MENTIONED_IN]->(b:Briefing) "
                   "RETURN b.id AS briefing, b.title AS title, m.texts AS texts, m.spans AS spans, "
                   "m.sentences AS sentences ORDER BY coalesce(b.period_end, b.published, '') DESC, briefing "
                   "LIMIT $limit")
@functools.lru_cache(maxsize=1)
def entity_relations() -> str:
    """An entity's relations to other entities (typed by the ontology's relations, so that the
    many role edges of a hub are not walked), with their evidence."""
    types = "|".join(sorted(p.relationship_type for p in load_model().relations))
    return (f"MATCH (n:Entity {{id: $id}})-[r:{types}]-(o:Entity) "
            "RETURN type(r) AS predicate, startNode(r).id = $id AS outgoing, o.id AS other, "
            "o.label AS other_label, r.briefing AS briefing, r.sentence AS sentence, r.start AS start, "
            "r.end AS end, r.evidence AS evidence ORDER BY predicate, other, briefing")


ENTITY_EVENTS = ("MATCH (e:Event)-->(:Entity {id: $id}) WITH DISTINCT e "
                 "ORDER BY coalesce(e.date_start, '') DESC, e.id LIMIT $limit "
                 "MATCH (e)-[role]->(n:Entity {id: $id}) MATCH (e)-[r:REPORTED_IN]->(b:Briefing) "
                 "WHERE role.briefing = b.id "
                 "RETURN e.id AS event, e.type AS type, e.modality AS modality, e.date AS date, "
                 "e.date_start AS date_start, type(role) AS role, b.id AS briefing, r.evidence AS evidence, "
                 "r.start AS start, r.end AS end ORDER BY coalesce(date_start, '') DESC, event, briefing, start")
NEIGHBOURS_OF_EVENT = ("MATCH (n:Event {id: $id})-[r]-(m:Entity) "
                       "RETURN DISTINCT m.id AS id, m.label AS label, labels(m) AS labels, "
                       "type(r) AS rel, startNode(r).id AS source, endNode(r).id AS target ORDER BY id, rel LIMIT $limit")
NEIGHBOURS = ("MATCH (n:Entity {id: $id})-[r]-(m) WHERE m:Entity OR m:Event "
              "RETURN DISTINCT m.id AS id, coalesce(m.label, m.type) AS label, labels(m) AS labels, "
              "type(r) AS rel, startNode(r).id AS source, endNode(r).id AS target ORDER BY id, rel LIMIT $limit")
BRIEFINGS = ("MATCH (b:Briefing) OPTIONAL MATCH (b)<-[m:MENTIONED_IN]-(:Entity) WITH b, count(m) AS entities "
             "OPTIONAL MATCH (b)<-[r:REPORTED_IN]-(:Event) "
             "RETURN b.id AS id, b.title AS title, b.period_start AS period_start, b.period_end AS period_end, "
             "b.section AS section, b.trend AS trend, b.published AS published, entities, count(r) AS events "
             "ORDER BY coalesce(b.period_end, b.published, '') DESC, id SKIP $skip LIMIT $limit")
BRIEFING = ("MATCH (b:Briefing {id: $id}) RETURN b.id AS id, b.title AS title, b.body AS body, "
            "b.paragraphs AS paragraphs, b.period_start AS period_start, b.period_end AS period_end, "
            "b.section AS section, b.trend AS trend, b.published AS published, b.publisher AS publisher, "
            "b.author AS author, b.source_url AS source_url, b.layout AS layout, b.content_hash AS content_hash")
BRIEFING_MENTIONS = ("MATCH (n:Entity)-[m:MENTIONED_IN]->(:Briefing {id: $id}) "
                     "RETURN n.id AS entity, n.label AS label, n.class AS class, m.spans AS spans ORDER BY entity")
BRIEFING_EVENTS = ("MATCH (e:Event)-[r:REPORTED_IN]->(:Briefing {id: $id}) "
                   "RETURN e.id AS event, e.type AS type, r.modality AS modality, e.date AS date, "
                   "r.sentence AS sentence, r.start AS start, r.end AS end, r.evidence AS evidence, "
                   "r.q_texts AS quantities ORDER BY start, event")
# Events on a timeline: every filter is optional (a null parameter lets everything through).
# A briefing that reports an event twice (two sentences) is listed once, and the briefings in id
# order: Neo4j gives a row per relationship, FalkorDB one per pair of nodes when the relationship
# is not named again, and neither promises the order of a collect() fed in no order.
EVENTS = ("MATCH (e:Event)-[:REPORTED_IN]->(b:Briefing) "
          "WHERE ($type IS NULL OR e.type = $type OR $type IN labels(e)) "
          "AND ($modality IS NULL OR e.modality = $modality) "
          "AND ($date_from IS NULL OR e.date_end >= $date_from) AND ($date_to IS NULL OR e.date_start <= $date_to) "
          "AND ($actor IS NULL OR (e)-->(:Entity {id: $actor})) "
          "AND ($place IS NULL OR (e)-[:PLACE]->(:Entity {id: $place})) "
          "WITH DISTINCT e, b ORDER BY b.id "
          "RETURN e.id AS event, e.type AS type, e.modality AS modality, e.date AS date, e.date_start AS date_start, "
          "collect(b.id) AS briefings ORDER BY date_start, event SKIP $skip LIMIT $limit")
MOST_CONNECTED = ("MATCH (n:Entity)-[m:MENTIONED_IN]->(:Briefing) "
                  "RETURN n.id AS id, n.label AS label, n.class AS class, count(m) AS briefings "
                  "ORDER BY briefings DESC, id LIMIT $limit")
# Briefings whose title holds every word of the query (lower-cased by the caller).
BRIEFING_SEARCH = ("MATCH (b:Briefing) WHERE all(w IN $words WHERE toLower(b.title) CONTAINS w) "
                   "RETURN b.id AS id, b.title AS title, b.period_end AS period_end, b.published AS published "
                   "ORDER BY coalesce(b.period_end, b.published, '') DESC, id LIMIT $limit")
EVENT = ("MATCH (e:Event {id: $id}) RETURN e.id AS id, e.type AS type, labels(e) AS labels, "
         "e.modality AS modality, e.date AS date, e.date_text AS date_text, e.date_start AS date_start, "
         "e.date_end AS date_end")
EVENT_PARTICIPANTS = ("MATCH (e:Event {id: $id})-[r]->(n:Entity) "
                      "RETURN DISTINCT type(r) AS role, n.id AS id, n.label AS label, n.class AS class "
                      "ORDER BY role, id")
EVENT_REPORTS = ("MATCH (e:Event {id: $id})-[r:REPORTED_IN]->(b:Briefing) "
                 "RETURN b.id AS briefing, b.title AS title, r.modality AS modality, r.sentence AS sentence, "
                 "r.start AS start, r.end AS end, r.evidence AS evidence, r.trigger AS trigger, "
                 "r.q_texts AS quantities ORDER BY briefing, start")
BRIEFING_RELATIONS = ("MATCH (:Briefing {id: $id})<-[:MENTIONED_IN]-(s:Entity)-[r]->(o:Entity) WHERE r.briefing = $id "
                      "RETURN type(r) AS predicate, s.id AS subject, s.label AS subject_label, o.id AS object, "
                      "o.label AS object_label, r.sentence AS sentence, r.start AS start, r.end AS end, "
                      "r.evidence AS evidence ORDER BY start, predicate, subject, object")
