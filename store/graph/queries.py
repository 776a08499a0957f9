"""The read side's Cypher: entity pages, neighbourhoods, briefings, event timelines. In the subset
Neo4j 5 and FalkorDB share, linted with the rest (tools/catalogue.py)."""
from __future__ import annotations

import functools

from briefgraph.ontology.model import load_model

ENTITY = ("MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.label AS label, n.class AS class, "
          "n.aliases AS aliases, n.wikidata AS wikidata, n.known AS known, n.lat AS lat, n.lon AS lon, "
          "n.precision AS precision")
# An entity's latest mentions and events (a hub is in every briefing: its page shows the latest,
# its counts say how many there are, and the timeline's filters reach the rest).
# The counts are the counters the writer keeps (cypher.write_rows), not a count of a hub's edges.
ENTITY_COUNTS = ("MATCH (n:Entity {id: $id}) "
                 "RETURN coalesce(n.n_briefings, 0) AS briefings, coalesce(n.n_events, 0) AS events")
# The same as of a report day ($as_of, rows.reported_day) or a change set: counted, as the counters
# are today's. The briefings through the mentions (a microsecond an edge: 2 ms for a hub in 1,000
# briefings); the events through the role edges, slower (3.5 microseconds an edge, 16 ms for the
# 4,700 of a hub with 2,200 events), so that View.entity counts them for an entity of fewer events.
BRIEFINGS_NAMING_AS_OF = ("MATCH (n:Entity {id: $id}) WITH n MATCH (n)-[m:MENTIONED_IN]->(b:Briefing) "
                          "WHERE b.reported <= $as_of AND b.change <= $change RETURN count(m) AS briefings")
EVENTS_OF_AS_OF = ("MATCH (n:Entity {id: $id}) WITH n MATCH (e:Event)-[role]->(n) "
                   "WHERE role.reported <= $as_of AND role.change <= $change RETURN count(DISTINCT e) AS events")
_MENTION = ("b.id AS briefing, b.title AS title, m.texts AS texts, m.spans AS spans, m.sentences AS sentences, "
            "b.day AS day, b.id AS id")
# An entity in fewer briefings than a hub: its mentions read through its own edges.
# (The node found first, then its edges: matched with the filter on the briefings, FalkorDB starts
# from the index of their report days and reads every briefing published by the day.)
ENTITY_MENTIONS = ("MATCH (n:Entity {id: $id}) WITH n "
                   "MATCH (n)-[m:MENTIONED_IN]->(b:Briefing) WHERE b.reported <= $as_of AND b.change <= $change "
                   f"RETURN {_MENTION} "
                   "ORDER BY day DESC, briefing LIMIT $limit")
# A hub (in every other briefing): its latest mentions read a window of days at a time (keyset.py).
# (Both ends found first, then the edge between them: FalkorDB walks each briefing's every mention
# when the entity is matched with the edge, fifteen times slower.)
ENTITY_MENTIONS_WINDOW = ("MATCH (n:Entity {id: $id}) WITH n MATCH (b:Briefing) WHERE b.day >= $lo AND b.day < $hi "
                          "AND NOT (b.day = $after_day AND b.id <= $after_id) AND b.reported <= $as_of AND b.change <= $change "
                          f"WITH n, b MATCH (n)-[m:MENTIONED_IN]->(b) RETURN {_MENTION} "
                          "ORDER BY day DESC, briefing LIMIT $limit")
@functools.lru_cache(maxsize=1)
def entity_relations() -> str:
    """An entity's relations to other entities (typed by the ontology's relations, so that the
    many role edges of a hub are not walked): one row per source of each fact (predicate,
    direction, other entity), at most $sources of them, the latest briefings first, each row with
    the number of briefings that state the fact in all."""
    types = "|".join(sorted(p.relationship_type for p in load_model().relations))
    return (f"MATCH (n:Entity {{id: $id}})-[r:{types}]-(o:Entity) WHERE r.reported <= $as_of AND r.change <= $change "
            "WITH type(r) AS predicate, startNode(r).id = $id AS outgoing, o, r ORDER BY r.briefing DESC, r.start "
            "WITH predicate, outgoing, o, count(r) AS stated, collect(r)[0..$sources] AS latest "
            "UNWIND latest AS r "
            "RETURN predicate, outgoing, o.id AS other, o.label AS other_label, stated, r.briefing AS briefing, "
            "r.sentence AS sentence, r.start AS start, r.end AS end, r.evidence AS evidence, "
            "coalesce(r.modality, 'reported') AS modality ORDER BY predicate, other, outgoing, briefing DESC, start")


# An entity's latest events: their ids (through its own edges, or a window of days at a time for a
# hub), then each with its role and the briefings that report it.
ENTITY_EVENT_IDS = ("MATCH (e:Event)-[role]->(:Entity {id: $id}) WHERE role.reported <= $as_of AND role.change <= $change WITH DISTINCT e "
                    "RETURN e.id AS id ORDER BY coalesce(e.date_start, '') DESC, id LIMIT $limit")
ENTITY_EVENT_IDS_WINDOW = ("MATCH (n:Entity {id: $id}) WITH n MATCH (e:Event) WHERE e.day >= $lo AND e.day < $hi "
                           "AND NOT (e.day = $after_day AND e.id <= $after_id) "
                           "WITH n, e MATCH (e)-[role]->(n) WHERE role.reported <= $as_of AND role.change <= $change WITH DISTINCT e "
                           "RETURN e.id AS id, e.day AS day ORDER BY day DESC, id LIMIT $limit")
# Which of some events the entity takes part in by a briefing the view reads (record time: beside
# those that superseded versions held then tell, store/superseded.py).
EVENTS_LINKED = ("MATCH (e:Event) WHERE e.id IN $ids MATCH (e)-[role]->(n:Entity) WHERE n.id = $id "
                 "AND role.reported <= $as_of AND role.change <= $change RETURN DISTINCT e.id AS id")
# (From the events to the entity: FalkorDB walks a hub's every edge when it starts from the hub. Both
# found first, apart: matched with the rest, FalkorDB starts from the index of the briefings'
# report days and walks every briefing published by the day, 52 ms against 3 for a hub's page.)
ENTITY_EVENTS = ("MATCH (n:Entity {id: $id}) WITH n MATCH (e:Event) WHERE e.id IN $ids WITH n, e MATCH (e)-[role]->(n) "
                 "MATCH (e)-[r:REPORTED_IN]->(b:Briefing) WHERE role.briefing = b.id AND b.reported <= $as_of AND b.change <= $change "
                 "RETURN e.id AS event, e.type AS type, e.modality AS modality, e.date AS date, "
                 "e.date_start AS date_start, type(role) AS role, b.id AS briefing, r.evidence AS evidence, "
                 "r.start AS start, r.end AS end ORDER BY coalesce(date_start, '') DESC, event, briefing, start")
NEIGHBOURS_OF_EVENT = ("MATCH (n:Event {id: $id})-[r]-(m:Entity) WHERE r.reported <= $as_of AND r.change <= $change "
                       "RETURN DISTINCT m.id AS id, m.label AS label, labels(m) AS labels, "
                       "type(r) AS rel, startNode(r).id AS source, endNode(r).id AS target ORDER BY id, rel LIMIT $limit")
NEIGHBOURS = ("MATCH (n:Entity {id: $id})-[r]-(m) WHERE (m:Entity OR m:Event) AND r.reported <= $as_of AND r.change <= $change "
              "RETURN DISTINCT m.id AS id, coalesce(m.label, m.type) AS label, labels(m) AS labels, "
              "type(r) AS rel, startNode(r).id AS source, endNode(r).id AS target ORDER BY id, rel LIMIT $limit")
# Briefings, latest first, a window of days at a time after a cursor (keyset.py), with the counts
# the writer stored on each.
BRIEFINGS = ("MATCH (b:Briefing) WHERE b.day >= $lo AND b.day < $hi "
             "AND NOT (b.day = $after_day AND b.id <= $after_id) AND b.reported <= $as_of AND b.change <= $change "
             "RETURN b.id AS id, b.title AS title, b.period_start AS period_start, b.period_end AS period_end, "
             "b.section AS section, b.trend AS trend, b.published AS published, "
             "coalesce(b.n_entities, 0) AS entities, coalesce(b.n_events, 0) AS events, b.day AS day "
             "ORDER BY day DESC, id LIMIT $limit")
# Where the lists' first pages begin (the writer keeps them; keyset.py).
LIST_ANCHORS = ("MATCH (m:Meta {id: 'store'}) RETURN m.briefing_day_min AS first_briefing, "
                "m.briefing_day_max AS last_briefing, m.event_day_min AS first_event, m.event_day_max AS last_event")
BRIEFING = ("MATCH (b:Briefing {id: $id}) WHERE b.reported <= $as_of AND b.change <= $change RETURN b.id AS id, b.title AS title, b.body AS body, "
            "b.paragraphs AS paragraphs, b.period_start AS period_start, b.period_end AS period_end, "
            "b.section AS section, b.trend AS trend, b.published AS published, b.publisher AS publisher, "
            "b.author AS author, b.source_url AS source_url, b.layout AS layout, b.content_hash AS content_hash")
BRIEFING_MENTIONS = ("MATCH (:Briefing {id: $id})<-[m:MENTIONED_IN]-(n:Entity) "
                     "RETURN n.id AS entity, n.label AS label, n.class AS class, m.spans AS spans ORDER BY entity")
BRIEFING_EVENTS = ("MATCH (:Briefing {id: $id})<-[r:REPORTED_IN]-(e:Event) "
                   "RETURN e.id AS event, e.type AS type, r.modality AS modality, e.date AS date, "
                   "r.sentence AS sentence, r.start AS start, r.end AS end, r.evidence AS evidence, "
                   "r.q_texts AS quantities ORDER BY start, event")
# Events on a timeline, earliest first, a window of days at a time after a cursor (keyset.py), with
# only the filters asked for (a `$x IS NULL OR ...` filter would keep FalkorDB from the day index).
# A briefing that reports an event twice (two sentences) is listed once, and the briefings in id
# order: Neo4j gives a row per relationship, FalkorDB one per pair of nodes when the relationship
# is not named again, and neither promises the order of a collect() fed in no order.
_EVENT_FILTERS = {"type": "($type = e.type OR $type IN labels(e))", "modality": "e.modality = $modality"}
# Filters by a neighbour: the neighbour found first, then the edge between it and each event of the
# window (FalkorDB checks a pattern predicate, or an edge to a neighbour matched with it, many times
# slower: it walks every edge of the event).
_EVENT_NEIGHBOURS = {"actor": "(e)-->(actor)", "place": "(e)-[:PLACE]->(place)"}
_EVENT_ROWS = ("WITH e ORDER BY e.day, e.id LIMIT $limit MATCH (e)-[:REPORTED_IN]->(b:Briefing) WHERE b.reported <= $as_of AND b.change <= $change "
               "WITH DISTINCT e, b ORDER BY b.id "
               "RETURN e.id AS event, e.type AS type, e.modality AS modality, e.date AS date, "
               "e.date_start AS date_start, collect(b.id) AS briefings, e.day AS day, e.id AS id "
               "ORDER BY day, event")
EVENT_FILTERS = (*_EVENT_FILTERS, *_EVENT_NEIGHBOURS)


@functools.lru_cache(maxsize=128)
def events_query(filters: frozenset[str], through: str = "", label: str = "", spanning: bool = False,
                 as_of: bool = False) -> str:
    """The timeline's statement with these filters (EVENT_FILTERS), read through the day index, or
    (`through`) through the edges of the actor or place asked for ('actor', 'place') or the `label`
    of the type (an event class of the ontology: 'type'), when they select fewer events than the
    index would read (keyset.py). `spanning`: instead of a window of days, the events that begin on
    one of the days $starts and are still going on $date_from (a period's 'from'). `as_of`: only
    the events reported by a briefing published by $as_of (rows.reported_day)."""
    neighbours = [f for f in _EVENT_NEIGHBOURS if f in filters and f != through]
    found = "".join(f"MATCH ({f}:Entity {{id: ${f}}}) WITH {', '.join(neighbours[:i + 1])} "
                    for i, f in enumerate(neighbours))
    carried = "".join(f"{f}, " for f in neighbours)
    if through in ("actor", "place"):
        start = f"MATCH (:Entity {{id: ${through}}})<--(e:Event) WITH DISTINCT {carried}e WHERE "
    elif through == "type":
        start = f"MATCH (e:{label}) WITH {carried}e WHERE "
    else:
        start = "MATCH (e:Event) WHERE "
    window = ("e.day IN $starts AND e.date_end >= $date_from" if spanning else "e.day >= $lo AND e.day < $hi") \
        + " AND NOT (e.day = $after_day AND e.id <= $after_id)"
    wanted = [_EVENT_FILTERS[f] for f in _EVENT_FILTERS if f in filters and f != through]
    statement = found + start + " AND ".join([window, *wanted]) + " "
    if neighbours:
        statement += f"WITH {carried}e MATCH " + ", ".join(_EVENT_NEIGHBOURS[f] for f in neighbours) + " WITH DISTINCT e "
    if as_of:
        # as of a report day: the events a briefing published by then reports, before the page's limit
        statement += "WITH e MATCH (e)-[:REPORTED_IN]->(v:Briefing) WHERE v.reported <= $as_of AND v.change <= $change WITH DISTINCT e "
    return statement + _EVENT_ROWS


MOST_CONNECTED = ("MATCH (n:Entity) WHERE n.n_briefings > 0 "
                  "RETURN n.id AS id, n.label AS label, n.class AS class, n.n_briefings AS briefings "
                  "ORDER BY briefings DESC, id LIMIT $limit")
EVENT = ("MATCH (e:Event {id: $id}) RETURN e.id AS id, e.type AS type, labels(e) AS labels, "
         "e.modality AS modality, e.date AS date, e.date_text AS date_text, e.date_start AS date_start, "
         "e.date_end AS date_end")
EVENT_PARTICIPANTS = ("MATCH (e:Event {id: $id})-[r]->(n:Entity) WHERE r.reported <= $as_of AND r.change <= $change "
                      "RETURN DISTINCT type(r) AS role, n.id AS id, n.label AS label, n.class AS class "
                      "ORDER BY role, id")
EVENT_REPORTS = ("MATCH (e:Event {id: $id}) WITH e "
                 "MATCH (e)-[r:REPORTED_IN]->(b:Briefing) WHERE b.reported <= $as_of AND b.change <= $change "
                 "RETURN b.id AS briefing, b.title AS title, b.publisher AS publisher, r.modality AS modality, r.sentence AS sentence, "
                 "r.start AS start, r.end AS end, r.evidence AS evidence, r.trigger AS trigger, "
                 "r.q_texts AS quantities ORDER BY briefing, start")
# A briefing's relations, from the lists the writer keeps on it (cypher.briefing_relation_lists): the
# relation edges of its entities are those of every briefing (a hub's thousands), not its own.
BRIEFING_RELATIONS = ("MATCH (b:Briefing {id: $id}) RETURN b.rel_predicates AS predicates, b.rel_subjects AS subjects, "
                      "b.rel_objects AS objects, b.rel_sentences AS sentences, b.rel_starts AS starts, "
                      "b.rel_ends AS ends, b.rel_evidence AS evidence, b.rel_modalities AS modalities")
LABELS = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.label AS label"
# Which of some entities a briefing published by $as_of names (the search, as of a day).
NAMED_BY = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) WITH n "
            "MATCH (n)-[:MENTIONED_IN]->(b:Briefing) WHERE b.reported <= $as_of AND b.change <= $change "
            "RETURN DISTINCT n.id AS id")
# How many briefings were published by $as_of (through the index of the report days).
BRIEFINGS_AS_OF = "MATCH (b:Briefing) WHERE b.reported <= $as_of AND b.change <= $change RETURN count(b)"

# Where events happened: the point each inherited from its place (rows.to_rows), with the place's label.
EVENT_POINTS = ("UNWIND $ids AS id MATCH (e:Event {id: id}) WHERE e.lat IS NOT NULL "
                "OPTIONAL MATCH (p:Entity {id: e.place}) "
                "RETURN e.id AS id, e.lat AS lat, e.lon AS lon, e.precision AS precision, e.place AS place, "
                "p.label AS place_label")
