"""Bring a graph store written by an earlier version up to the current one, once, when a writer
opens it: version 2 added the day keys and counters that the pages read instead of counting
(store/graph/keyset.py, cypher.write_rows), version 3 each briefing's relations as lists on its node
(cypher.briefing_relation_lists), version 4 the report day of each briefing and of its role and
relation edges (the as-of views, rows.reported_day), version 5 each dated event's signature (its class
and participants, rows.event_signature: where contradictions between events are looked for), version 6
the change set of each role and relation edge (the record-time views, View.recorded; a store written
before change sets were recorded holds its briefings as of change 0), version 7 the points of
places and of their events (ontology/places.py, rows.to_rows).
Idempotent, and a no-op on a current store."""
from __future__ import annotations

import datetime as dt

from briefgraph.store.graph import cypher
from briefgraph.store.graph.base import GraphStore, Statement
from briefgraph.store.graph.keyset import NO_DAY, UNDATED, day_of
from briefgraph.ontology.places import point_of
from briefgraph.store.graph.rows import GraphRows, event_signature, point_row, reported_day

VERSION = 7
_VERSION = "MATCH (m:Meta {id: 'store'}) RETURN m.version AS version"
_ANY = "MATCH (b:Briefing) RETURN b.id LIMIT 1"

# The stored dates, read to compute the day keys (in Python: FalkorDB has no date arithmetic), and
# written back in batches.
_BRIEFING_DATES = "MATCH (b:Briefing) RETURN b.id AS id, coalesce(b.period_end, b.published) AS date"
_EVENT_DATES = "MATCH (e:Event) RETURN e.id AS id, e.date_start AS date"
_SET_BRIEFING_DAYS = "UNWIND $rows AS row MATCH (b:Briefing {id: row.id}) SET b.day = row.day"
_SET_EVENT_DAYS = "UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e.day = row.day"
BATCH = 10_000
_COUNTERS = (
    "MATCH (b:Briefing) OPTIONAL MATCH (b)<-[m:MENTIONED_IN]-(:Entity) WITH b, count(m) AS n SET b.n_entities = n",
    "MATCH (b:Briefing) OPTIONAL MATCH (b)<-[:REPORTED_IN]-(e:Event) WITH b, count(DISTINCT e) AS n SET b.n_events = n",
    "MATCH (n:Entity) OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Briefing) WITH n, count(m) AS c SET n.n_briefings = c",
    "MATCH (n:Entity) OPTIONAL MATCH (e:Event)-->(n) WITH n, count(DISTINCT e) AS c SET n.n_events = c",
    ("MATCH (b:Briefing) WITH max(b.day) AS top, min(CASE WHEN b.day > 0 THEN b.day END) AS earliest "
     "OPTIONAL MATCH (e:Event) WHERE e.day < $undated "
     "WITH top, earliest, min(e.day) AS first, max(e.day) AS last MERGE (m:Meta {id: 'store'}) "
     "SET m.briefing_day_max = top, m.briefing_day_min = earliest, m.event_day_min = first, "
     "m.event_day_max = last"),
)
# Version 3: the relation edges, read to write each briefing's lists.
_RELATION_EDGES = ("MATCH (s:Entity)-[r]->(o:Entity) WHERE r.briefing IS NOT NULL "
                   "RETURN type(r) AS type, s.id AS subject, o.id AS object, properties(r) AS r")
_EMPTY_RELATION_LISTS = f"MATCH (b:Briefing) SET {cypher.NO_RELATIONS}"
# Version 4: the report days, from the stored dates (in Python, as the day keys), copied to the edges.
_BRIEFING_REPORT_DATES = "MATCH (b:Briefing) RETURN b.id AS id, b.published AS published, b.period_end AS period_end"
_SET_REPORTED = "UNWIND $rows AS row MATCH (b:Briefing {id: row.id}) SET b.reported = row.reported"
_EDGES_REPORTED = ("MATCH (b:Briefing) WITH b MATCH (x)-[r]->(y:Entity) WHERE r.briefing = b.id "
                   "SET r.reported = b.reported")
# Version 5: the dated events' participants, read to compute their signatures.
_EVENT_PEOPLE = ("MATCH (e:Event) OPTIONAL MATCH (e)-[r]->(n:Entity) WHERE type(r) <> 'PLACE' "
                 "RETURN e.id AS id, e.type AS type, e.date_start IS NOT NULL AS dated, type(r) AS role, n.id AS entity")
_SET_SIGNATURES = "UNWIND $rows AS row MATCH (e:Event {id: row.id}) SET e.sig = row.sig"
# Version 6: the change set of every briefing (0 where none was recorded), copied to its edges.
_BRIEFING_CHANGES = ("MATCH (b:Briefing) WHERE b.change IS NULL SET b.change = 0, b.version = coalesce(b.version, 1)")
_EDGES_CHANGE = "MATCH (b:Briefing) WITH b MATCH (x)-[r]->(y:Entity) WHERE r.briefing = b.id SET r.change = b.change"
_CONTRADICTIONS_CHANGE = ("MATCH (c:Contradiction) WITH c UNWIND c.briefings AS id MATCH (b:Briefing {id: id}) "
                          "WITH c, max(b.change) AS change SET c.change = change")
_VERSIONS_CHANGE = "MATCH (v:BriefingVersion) WHERE v.change_from IS NULL SET v.change_from = 0"
# ... and the days the contradictions list spans (where its first page begins).
_CONTRADICTION_DAYS = ("MATCH (c:Contradiction) WITH min(c.day) AS first, max(c.day) AS last WHERE first IS NOT NULL "
                       "MERGE (m:Meta {id: 'store'}) SET m.contradiction_day_min = first, m.contradiction_day_max = last")
# Version 7: the entities, read to find their points (in Python: the gazetteer's, or GeoNames' for a
# settlement found by name), then each event given the point of a place it happened at.
_ENTITY_NAMES = "MATCH (n:Entity) RETURN n.id AS id, n.label AS label, n.class AS class"
_SET_POINTS = ("UNWIND $rows AS row MATCH (n:Entity {id: row.id}) "
               "SET n.lat = row.lat, n.lon = row.lon, n.precision = row.precision")
_EVENT_POINTS = ("MATCH (e:Event)-[:PLACE]->(p:Entity) WHERE p.lat IS NOT NULL WITH e, collect(p)[0] AS p "
                 "SET e.place = p.id, e.lat = p.lat, e.lon = p.lon, e.precision = p.precision")
STATEMENTS = (_VERSION, _ANY, _BRIEFING_DATES, _EVENT_DATES, _SET_BRIEFING_DAYS, _SET_EVENT_DAYS, *_COUNTERS,
              _RELATION_EDGES, _EMPTY_RELATION_LISTS, _BRIEFING_REPORT_DATES, _SET_REPORTED, _EDGES_REPORTED,
              _EVENT_PEOPLE, _SET_SIGNATURES, _BRIEFING_CHANGES, _EDGES_CHANGE, _CONTRADICTIONS_CHANGE,
              _VERSIONS_CHANGE, _CONTRADICTION_DAYS, _ENTITY_NAMES, _SET_POINTS,
              _EVENT_POINTS)      # for the linter (tools/catalogue.py)


def upgrade(graph: GraphStore) -> bool:
    """Upgrade the store in one transaction if it is older than VERSION; whether it did."""
    rows = graph.read(_VERSION).rows
    version = rows[0][0] if rows and rows[0][0] is not None else 1
    if version >= VERSION:
        return False
    statements: list[Statement] = []
    stored = bool(graph.read(_ANY).rows)
    if stored and version < 2:
        for read, write, missing in ((_BRIEFING_DATES, _SET_BRIEFING_DAYS, NO_DAY),
                                     (_EVENT_DATES, _SET_EVENT_DAYS, UNDATED)):
            days = [{"id": ident, "day": day_of(date, missing)} for ident, date in graph.read(read).rows]
            statements += [(write, {"rows": days[i:i + BATCH]}) for i in range(0, len(days), BATCH)]
        statements += [(s, {"undated": UNDATED}) for s in _COUNTERS]
    if stored and version < 3:
        relations = GraphRows(briefing={})
        for kind, subject, obj, props in graph.read(_RELATION_EDGES).rows:
            relations.relations.setdefault(kind, []).append({**props, "subject": subject, "object": obj})
        lists = cypher.briefing_relation_lists(relations)
        statements.append((_EMPTY_RELATION_LISTS, {}))
        statements += [(cypher.SET_RELATION_LISTS, {"rows": lists[i:i + BATCH]}) for i in range(0, len(lists), BATCH)]
    if stored and version < 4:
        dates = [{"id": ident, "reported": reported_day(*(dt.date.fromisoformat(d) if d else None for d in (p, e)))}
                 for ident, p, e in graph.read(_BRIEFING_REPORT_DATES).rows]
        statements += [(_SET_REPORTED, {"rows": dates[i:i + BATCH]}) for i in range(0, len(dates), BATCH)]
        statements.append((_EDGES_REPORTED, {}))
    if stored and version < 5:
        people: dict[str, tuple[str, bool, list[tuple[str, str]]]] = {}
        for ident, cls, dated, role, entity in graph.read(_EVENT_PEOPLE).rows:
            found = people.setdefault(ident, (cls, bool(dated), []))
            if role is not None:
                found[2].append((role, entity))
        sigs = [{"id": ident, "sig": event_signature(cls, found) if dated else ""}
                for ident, (cls, dated, found) in sorted(people.items())]
        statements += [(_SET_SIGNATURES, {"rows": sigs[i:i + BATCH]}) for i in range(0, len(sigs), BATCH)]
    if stored and version < 6:
        statements += [(s, {}) for s in (_BRIEFING_CHANGES, _EDGES_CHANGE, _CONTRADICTIONS_CHANGE, _VERSIONS_CHANGE,
                                         _CONTRADICTION_DAYS)]
    if stored and version < 7:
        located = {ident: point_of(ident, label, cls) for ident, label, cls in graph.read(_ENTITY_NAMES).rows}
        points = [{"id": ident, **point_row(point)} for ident, point in sorted(located.items()) if point is not None]
        statements += [(_SET_POINTS, {"rows": points[i:i + BATCH]}) for i in range(0, len(points), BATCH)]
        statements.append((_EVENT_POINTS, {}))
    statements.append(("MERGE (m:Meta {id: 'store'}) SET m.version = $v", {"v": VERSION}))
    graph.write(statements)
    return True
