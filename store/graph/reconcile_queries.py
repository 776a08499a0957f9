"""The reconciliation service's Cypher (store/reconciliation.py): candidates' names and counts, the
relations its properties read, and whether a briefing of a period names an entity. In the subset
Neo4j 5 and FalkorDB share, linted with the rest (tools/catalogue.py)."""
from __future__ import annotations

# The relations the service's properties read (country, part of, location, commander), with the
# other end of each: a denied relation ('is not deployed in') is not one.
RELATED_TYPES = ("COMMANDS", "DEPLOYED_TO", "LEADS", "LOCATED_IN", "MEMBER_OF", "PART_OF")

CANDIDATES = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) "
              "RETURN n.id AS id, n.label AS label, n.class AS class, n.aliases AS aliases, n.wikidata AS wikidata, "
              "coalesce(n.n_briefings, 0) AS briefings, coalesce(n.n_events, 0) AS events, "
              "n.lat AS lat, n.lon AS lon, n.precision AS precision")
RELATED = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) WITH n "
           f"MATCH (n)-[r:{'|'.join(RELATED_TYPES)}]-(o:Entity) "
           "WHERE coalesce(r.modality, 'reported') <> 'denied' "
           "RETURN n.id AS id, type(r) AS predicate, startNode(r).id = n.id AS outgoing, o.id AS other, "
           "o.label AS other_label, o.class AS other_class, count(r) AS stated "
           "ORDER BY id, predicate, stated DESC, other")
# Whether a briefing of a period (report days, rows.reported_day: ordinals) names the entity.
NAMED_BETWEEN = ("MATCH (n:Entity {id: $id}) WITH n MATCH (n)-[:MENTIONED_IN]->(b:Briefing) "
                 "WHERE b.day >= $lo AND b.day <= $hi RETURN b.id AS id LIMIT 1")
STATEMENTS = (CANDIDATES, RELATED, NAMED_BETWEEN)
