"""Record time in the graph store: change sets and superseded briefing versions.

Every ingest that writes is one change set (`ChangeSet {id, time}`: its sequence number and the UTC
time it began). Each batch it writes adds, in the batch's own transaction, one `ChangePart` (the
briefings it added, changed and removed, and the entities, events and relations that appeared in
the archive or disappeared from it), linked to the change set by `PART_OF` and to every entity it
concerns by `TOUCHED` (what was learnt about that entity: the feeds and an entity's history read
these edges, which are as many as the batches that concerned it, not as its mentions).

A briefing carries the change set that wrote its current version (`change`, `recorded`,
`version`); when a change replaces or removes it, what the earlier version said is kept as a
`BriefingVersion` (`change_from`, `change_to`: the record-time interval in which the archive held
it) with its facts as lists: the archive's earlier states can be read back."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from briefgraph.store.graph.base import Statement
from briefgraph.store.graph.rows import GraphRows

# Reads before a batch's write: which of its facts the archive holds already, and where.
ENTITIES_HELD = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.n_briefings AS briefings"
EVENTS_HELD = "UNWIND $ids AS id MATCH (e:Event {id: id}) RETURN e.id AS id"
# An event another briefing than the ones this batch replaces reports (events have few reports).
# (The event found first, then its reports: matched in one pattern with the filter on the briefings,
# FalkorDB scans every briefing: 300 ms a replaced briefing at 1,000 briefings, 1 ms now.)
EVENTS_ELSEWHERE = ("UNWIND $ids AS id MATCH (e:Event {id: id}) WITH e MATCH (e)-[:REPORTED_IN]->(b:Briefing) "
                    "WHERE NOT b.id IN $replaced RETURN DISTINCT e.id AS id")
# A relation (subject, predicate, object) asserted by a briefing, and whether by another briefing
# than the ones this batch replaces: both ends are bound, so the engines expand into the pair.
RELATIONS_HELD = ("UNWIND $rows AS row MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
                  "MATCH (s)-[r]->(o) WHERE type(r) = row.predicate AND r.briefing IS NOT NULL "
                  "RETURN row.subject AS subject, row.predicate AS predicate, row.object AS object, "
                  "max(CASE WHEN r.briefing IN $replaced THEN 0 ELSE 1 END) AS elsewhere")
LAST_CHANGE = "MATCH (m:Meta {id: 'store'}) RETURN m.change_seq AS seq"

PART_LISTS = ("added", "changed", "removed", "entities_added", "entities_removed", "events_added",
              "events_removed", "relations_added", "relations_removed")
TOUCH_LISTS = ("mentions", "relations_added", "relations_removed", "events_added", "events_removed")


@dataclass(frozen=True)
class Stamp:
    """One change set: its sequence number and when it began (ISO 8601, UTC, seconds)."""

    seq: int
    time: str


@dataclass
class Delta:
    """What one batch changed in the archive."""

    added: list[str] = field(default_factory=list)           # briefing ids
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    entities_added: list[str] = field(default_factory=list)
    entities_removed: list[str] = field(default_factory=list)
    events_added: list[str] = field(default_factory=list)
    events_removed: list[str] = field(default_factory=list)
    relations_added: list[str] = field(default_factory=list)  # relation_key()s
    relations_removed: list[str] = field(default_factory=list)
    # entity id -> list name (TOUCH_LISTS) -> what this batch taught about it
    touched: dict[str, dict[str, set[str]]] = field(default_factory=dict)


def relation_key(subject: str, predicate: str, obj: str) -> str:
    """A relation's key in change sets: 'subject predicate object'."""
    return f"{subject} {predicate} {obj}"


def split_relation_key(key: str) -> tuple[str, str, str]:
    subject, predicate, obj = key.split(" ", 2)
    return subject, predicate, obj


@dataclass(frozen=True)
class Facts:
    """A briefing's facts as sets of keys: what a change compares."""

    entities: frozenset[str]
    events: frozenset[str]
    relations: frozenset[str]
    roles: frozenset[tuple[str, str]]        # (event, entity)

    @classmethod
    def of(cls, rows: GraphRows) -> "Facts":
        return cls(
            frozenset(row["id"] for group in rows.entities.values() for row in group),
            frozenset(row["id"] for group in rows.events.values() for row in group),
            frozenset(relation_key(row["subject"], kind, row["object"])
                      for kind, group in rows.relations.items() for row in group),
            frozenset((row["event"], row["entity"]) for group in rows.roles.values() for row in group))


def _union(many: list[Facts]) -> Facts:
    return Facts(frozenset().union(*(f.entities for f in many)), frozenset().union(*(f.events for f in many)),
                 frozenset().union(*(f.relations for f in many)), frozenset().union(*(f.roles for f in many)))


def batch_delta(read: Any, new: dict[str, GraphRows], old: dict[str, GraphRows],
                removed: tuple[str, ...] = ()) -> Delta:
    """What writing `new` (briefing id -> rows) will change, `old` being what the replaced and
    removed briefings said before (id -> rows). `read(statement, params)` reads the graph before
    the write. An entity, event or relation appears when the archive did not hold it; it
    disappears when only the briefings replaced or removed held it and their new versions do not."""
    replaced = sorted(old)
    new_facts = {bid: Facts.of(rows) for bid, rows in new.items()}
    old_facts = {bid: Facts.of(rows) for bid, rows in old.items()}
    now, before = _union(list(new_facts.values())), _union(list(old_facts.values()))

    held = {ident: n or 0 for ident, n in read(ENTITIES_HELD, {"ids": sorted(now.entities | before.entities)})}
    # an entity's briefings that this batch replaces or removes: the others still name it
    replacing = {ident: sum(ident in f.entities for f in old_facts.values()) for ident in before.entities}
    entities_elsewhere = {ident for ident, n in held.items() if n > replacing.get(ident, 0)}
    events_held = {ident for (ident,) in read(EVENTS_HELD, {"ids": sorted(now.events | before.events)})}
    events_elsewhere = ({ident for (ident,) in read(EVENTS_ELSEWHERE, {"ids": sorted(before.events), "replaced": replaced})}
                        if before.events else set())
    pairs = [dict(zip(("subject", "predicate", "object"), split_relation_key(k)))
             for k in sorted(now.relations | before.relations)]
    relations_held: dict[str, bool] = {}
    if pairs:
        for subject, predicate, obj, elsewhere in read(RELATIONS_HELD, {"rows": pairs, "replaced": replaced}):
            relations_held[relation_key(subject, predicate, obj)] = bool(elsewhere)

    delta = Delta(added=sorted(set(new) - set(old)), changed=sorted(set(new) & set(old)), removed=sorted(removed))
    delta.entities_added = sorted(now.entities - set(held))
    delta.entities_removed = sorted(before.entities - now.entities - entities_elsewhere)
    delta.events_added = sorted(now.events - events_held)
    delta.events_removed = sorted(before.events - now.events - events_elsewhere)
    delta.relations_added = sorted(now.relations - set(relations_held))
    delta.relations_removed = sorted(k for k in before.relations - now.relations if not relations_held.get(k))

    def touch(entity: str, kind: str, value: str) -> None:
        delta.touched.setdefault(entity, {k: set() for k in TOUCH_LISTS})[kind].add(value)

    for bid, facts in sorted(new_facts.items()):
        earlier = old_facts.get(bid)
        for entity in sorted(facts.entities - (earlier.entities if earlier else frozenset())):
            touch(entity, "mentions", bid)
    for kind, keys in (("relations_added", delta.relations_added), ("relations_removed", delta.relations_removed)):
        for key in keys:
            subject, _, obj = split_relation_key(key)
            touch(subject, kind, key)
            touch(obj, kind, key)
    for kind, events, roles in (("events_added", set(delta.events_added), now.roles),
                                ("events_removed", set(delta.events_removed), before.roles)):
        for event, entity in sorted(roles):
            if event in events:
                touch(entity, kind, event)
    for entity in delta.entities_added:
        delta.touched.setdefault(entity, {k: set() for k in TOUCH_LISTS})
    return delta


def stamp_rows(rows: list[dict[str, Any]], stamp: Stamp, versions: dict[str, int]) -> list[dict[str, Any]]:
    """Briefing rows with the change that writes them: its number and time, and the version."""
    return [{**row, "change": stamp.seq, "recorded": stamp.time, "version": versions.get(row["id"], 0) + 1}
            for row in rows]


def stamp_edges(rows: GraphRows, stamp: Stamp) -> None:
    """Give a batch's role and relation edges the change that writes them (the record-time views
    read an edge only as of a change set after it, View.recorded)."""
    for group in (*rows.roles.values(), *rows.relations.values()):
        for row in group:
            row["change"] = stamp.seq


def version_row(old: GraphRows, stamp: Stamp) -> dict[str, Any]:
    """A superseded briefing version: what it was and said, and when the archive held it."""
    b = old.briefing
    facts = Facts.of(old)
    version = b.get("version") or 1
    return {
        "id": f"{b['id']}@{version}", "briefing": b["id"], "version": version,
        "change_from": b.get("change") or 0, "recorded_from": b.get("recorded"),
        "change_to": stamp.seq, "recorded_to": stamp.time,
        "content_hash": b.get("content_hash"), "title": b.get("title"), "publisher": b.get("publisher"),
        "published": b.get("published"), "period_start": b.get("period_start"), "period_end": b.get("period_end"),
        "day": b.get("day"), "entities": sorted(facts.entities), "events": sorted(facts.events),
        "relations": sorted(facts.relations),
        # everything it said, as the writer writes it: the record-time views show it (store/superseded.py)
        "rows": json.dumps(asdict(old), ensure_ascii=False, sort_keys=True),
    }


def write_change(stamp: Stamp, part: int, delta: Delta, versions: list[dict[str, Any]]) -> list[Statement]:
    """The statements recording one batch of a change set, sent after the batch's own (in its
    transaction): the change set (made by its first batch), the part, the entities' edges to it,
    and the versions the batch superseded."""
    part_id = f"{stamp.seq}/{part}"
    lists = {name: getattr(delta, name) for name in PART_LISTS}
    out: list[Statement] = [
        ("MERGE (m:Meta {id: 'store'}) SET m.change_seq = $seq "
         "MERGE (c:ChangeSet {id: $seq}) ON CREATE SET c.time = $time "
         "CREATE (p:ChangePart {id: $part})-[:PART_OF]->(c) "
         "SET p.change = $seq, p.time = $time, p.added = $added, p.changed = $changed, p.removed = $removed, "
         "p.entities_added = $entities_added, p.entities_removed = $entities_removed, "
         "p.events_added = $events_added, p.events_removed = $events_removed, "
         "p.relations_added = $relations_added, p.relations_removed = $relations_removed",
         {"seq": stamp.seq, "time": stamp.time, "part": part_id, **lists}),
    ]
    first, gone = set(delta.entities_added), set(delta.entities_removed)
    touched = [{"entity": entity, "first": entity in first, **{k: sorted(v) for k, v in lists_of.items()}}
               for entity, lists_of in sorted(delta.touched.items()) if entity not in gone]
    if touched:
        out.append(("UNWIND $rows AS row MATCH (p:ChangePart {id: $part}) MATCH (n:Entity {id: row.entity}) "
                    "CREATE (p)-[t:TOUCHED]->(n) SET t.change = $seq, t.time = $time, t.first = row.first, "
                    "t.mentions = row.mentions, t.relations_added = row.relations_added, "
                    "t.relations_removed = row.relations_removed, t.events_added = row.events_added, "
                    "t.events_removed = row.events_removed",
                    {"rows": touched, "part": part_id, "seq": stamp.seq, "time": stamp.time}))
    if versions:
        out.append((SUPERSEDE, {"rows": versions}))
    return out


SUPERSEDE = ("UNWIND $rows AS row CREATE (v:BriefingVersion {id: row.id}) SET v.briefing = row.briefing, "
             "v.version = row.version, v.change_from = row.change_from, v.recorded_from = row.recorded_from, "
             "v.change_to = row.change_to, v.recorded_to = row.recorded_to, v.content_hash = row.content_hash, "
             "v.title = row.title, v.publisher = row.publisher, v.published = row.published, "
             "v.period_start = row.period_start, v.period_end = row.period_end, v.day = row.day, "
             "v.entities = row.entities, v.events = row.events, v.relations = row.relations, v.rows = row.rows")


def forget_part(stamp: Stamp, part: int, version_ids: list[str]) -> list[Statement]:
    """Undo a batch's record (its write failed and was undone): its part and the versions it
    superseded, and the change set too if that was its only part."""
    return [
        ("UNWIND $ids AS id MATCH (v:BriefingVersion {id: id}) DELETE v", {"ids": version_ids}),
        ("MATCH (p:ChangePart {id: $part}) DETACH DELETE p", {"part": f"{stamp.seq}/{part}"}),
        ("MATCH (c:ChangeSet {id: $seq}) WHERE NOT (c)<-[:PART_OF]-(:ChangePart) DELETE c", {"seq": stamp.seq}),
    ]


# Reads of the record: the change sets (newest first, a page after a sequence number), one change
# set's parts (each list cut at $cap: a first load's part lists a batch's hundreds of events), and
# an entity's edges from the change sets that concerned it.
CHANGE_SETS = ("MATCH (c:ChangeSet) WHERE c.id < $before WITH c ORDER BY c.id DESC LIMIT $limit "
               "MATCH (p:ChangePart)-[:PART_OF]->(c) "
               "RETURN c.id AS id, c.time AS time, sum(size(p.added)) AS added, sum(size(p.changed)) AS changed, "
               "sum(size(p.removed)) AS removed, sum(size(p.entities_added)) AS entities_added, "
               "sum(size(p.entities_removed)) AS entities_removed, sum(size(p.events_added)) AS events_added, "
               "sum(size(p.events_removed)) AS events_removed, sum(size(p.relations_added)) AS relations_added, "
               "sum(size(p.relations_removed)) AS relations_removed ORDER BY id DESC")
CHANGE_PARTS = ("MATCH (p:ChangePart)-[:PART_OF]->(c:ChangeSet {id: $id}) "
                "RETURN c.time AS time, p.id AS part, p.added[0..$cap] AS added, p.changed[0..$cap] AS changed, "
                "p.removed[0..$cap] AS removed, p.entities_added[0..$cap] AS entities_added, "
                "p.entities_removed[0..$cap] AS entities_removed, p.events_added[0..$cap] AS events_added, "
                "p.events_removed[0..$cap] AS events_removed, p.relations_added[0..$cap] AS relations_added, "
                "p.relations_removed[0..$cap] AS relations_removed, size(p.added) AS n_added, "
                "size(p.changed) AS n_changed, size(p.removed) AS n_removed, "
                "size(p.entities_added) AS n_entities_added, size(p.entities_removed) AS n_entities_removed, "
                "size(p.events_added) AS n_events_added, size(p.events_removed) AS n_events_removed, "
                "size(p.relations_added) AS n_relations_added, size(p.relations_removed) AS n_relations_removed")
# (Each list cut at $cap, with its size: a first load names a hub in hundreds of briefings at once.)
_TOUCH = ("t.change AS change, t.time AS time, t.first AS first, "
          + ", ".join(f"t.{k}[0..$cap] AS {k}, size(t.{k}) AS n_{k}" for k in TOUCH_LISTS))
ENTITY_TOUCHES = ("MATCH (n:Entity {id: $id})<-[t:TOUCHED]-(:ChangePart) "
                  # the latest $limit change sets, each with all its parts' edges (a first load
                  # touches a hub from every one of its batches)
                  "WITH t.change AS change, collect(t) AS edges ORDER BY change DESC LIMIT $limit "
                  f"UNWIND edges AS t RETURN {_TOUCH}")
# A hub's (touched by most change sets): the change sets numbered in [$lo, $hi) through the index of
# the parts' change numbers, then the edge between each part and the entity, both ends found
# first (its own edges are as many as the change sets of the archive's life).
ENTITY_TOUCHES_WINDOW = ("MATCH (n:Entity {id: $id}) WITH n MATCH (p:ChangePart) WHERE p.change >= $lo AND p.change < $hi "
                         f"WITH n, p MATCH (p)-[t:TOUCHED]->(n) RETURN {_TOUCH}")
ENTITY_BRIEFINGS = "MATCH (n:Entity {id: $id}) RETURN coalesce(n.n_briefings, 0) AS briefings"
LATEST_CHANGE = "MATCH (m:Meta {id: 'store'}) RETURN m.change_seq AS seq"
# The last change set recorded by a time (the times are ISO 8601 in UTC, ordered as text).
CHANGE_AT = "MATCH (c:ChangeSet) WHERE c.time <= $time RETURN max(c.id) AS id"
