"""The read side for the web app and the exports: entities with their facts and sources,
neighbourhoods, briefings, events, counts, and read-only Cypher and SPARQL with limits."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from pyoxigraph import Quad

from briefgraph.ontology.model import load_model
from briefgraph.settings import Settings
from briefgraph.store import superseded
from briefgraph.store.changes import ChangeLog
from briefgraph.store.graph import cypher, disagreement
from briefgraph.store.graph import queries
from briefgraph.store.graph.base import GraphStore, Rows
from briefgraph.store.graph.disagreement import independent_sources
from briefgraph.store.graph.keyset import (EVERY_CHANGE, EVERY_REPORT, NO_DAY, UNDATED, Cursor, Reader, day_of, first_window,
                                           read_page, through_selector)
from briefgraph.store.rdf.base import RdfStore, iri_term
from briefgraph.store.rdf.oxigraph_store import OxigraphStore
from briefgraph.store.rdf.sparql import SparqlResult
from briefgraph.store.stats import counts
from briefgraph.store.superseded import Held

# The settings' own defaults (BRIEFGRAPH_QUERY_TIMEOUT, BRIEFGRAPH_ROW_CAP), for callers without them.
DEFAULT_TIMEOUT_MS = Settings.query_timeout * 1000
DEFAULT_ROW_CAP = Settings.row_cap


# An entity taking part in more events than this today has its events not counted on a page as of a
# day or a change set (queries.EVENTS_OF_AS_OF: it would read every one; the timeline has them).
HUB_EVENTS = 1000

# How long before a period an event given as a span of days may begin and be listed in the period
# (a week: 'the week of 10 May'); events dated by a year or a month are found by their first day.
SPANNING_DAYS = 7


def _without(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """A keyset row without the keys it was paged by."""
    return {k: v for k, v in row.items() if k not in keys}


def _with_cursor(row: dict[str, Any], keys: tuple[str, ...] = ("day",)) -> dict[str, Any]:
    """A keyset row with the cursor of the page after it in place of the keys it was paged by."""
    return {**_without(row, keys), "cursor": Cursor(row["day"], row["id"]).token()}


def _merge_relations(live: list[dict[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An entity's relation rows with those of superseded versions held then, in the order of
    entity_relations(), each fact's `stated` counting both."""
    if not old:
        return live
    stated: dict[tuple[Any, ...], int] = {}
    for row in live:
        stated[(row["predicate"], row["outgoing"], row["other"])] = row["stated"]
    for row in old:
        key = (row["predicate"], row["outgoing"], row["other"])
        stated[key] = stated.get(key, 0) + 1
    rows = [{**row, "stated": stated[(row["predicate"], row["outgoing"], row["other"])]} for row in live + old]
    rows.sort(key=lambda r: r["start"] or 0)
    rows.sort(key=lambda r: r["briefing"], reverse=True)
    rows.sort(key=lambda r: (r["predicate"], r["other"], r["outgoing"]))
    return rows


def _latest_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows in the order of ENTITY_EVENTS: the latest first, then by event, briefing, offset."""
    events.sort(key=lambda e: (e["event"], e["briefing"], e["start"]))
    events.sort(key=lambda e: e["date_start"] or "", reverse=True)
    return events


class View:
    """Read-only access to both stores."""

    def __init__(self, graph: GraphStore, rdf: RdfStore | Path | None = None, sparql_workers: int = 2):
        """Over a graph store and an RDF store (a folder: the embedded store there, read-only)."""
        self.graph = graph
        self.changes = ChangeLog(graph)
        # the report day the reads are restricted to (`at`): None for everything stored
        self.as_of: int | None = None
        # the change set the reads are restricted to (`recorded`): None for what the archive holds now
        self.change: int | None = None
        self.rdf: RdfStore | None = (OxigraphStore(rdf, read_only=True, query_workers=sparql_workers)
                                     if isinstance(rdf, Path) else rdf)

    def at(self, as_of: int | None) -> "View":
        """This view as of a report day (an ordinal; rows.reported_day): what the briefings
        published by then said, and nothing later. The same stores, not to be closed apart."""
        other = copy.copy(self)
        other.as_of = as_of
        return other

    def recorded(self, change: int | None) -> "View":
        """This view as the archive held it once a change set was recorded (store/graph/history.py):
        the briefings' versions it held then, the live ones and the since superseded ones
        (store/superseded.py), and nothing recorded later. Combines with `at`."""
        other = copy.copy(self)
        other.change = change
        return other

    @property
    def restricted(self) -> bool:
        """Whether this view reads less than everything stored now (`at` or `recorded`)."""
        return self.as_of is not None or self.change is not None

    def _read(self, statement: str, params: dict[str, Any] | None = None) -> Rows:
        """A read of the graph store as of this view's report day and change set (every statement
        of the read side takes $as_of and $change; those that do not use them ignore them)."""
        return self.graph.read(statement, {**(params or {}),
                                           "as_of": EVERY_REPORT if self.as_of is None else self.as_of,
                                           "change": EVERY_CHANGE if self.change is None else self.change})

    def _held(self, statement: str, params: dict[str, Any] | None = None) -> list[Held]:
        """The superseded versions a statement of store/superseded.py finds, held at this view's
        change set (none for a view of what is held now)."""
        if self.change is None:
            return []
        return superseded.held(lambda q, p: self._read(q, p).dicts(), statement, params or {}, self.as_of)

    def entity(self, ident: str, event_limit: int = 100, mention_limit: int = 100,
               sources_per_relation: int = 20) -> dict[str, Any] | None:
        """An entity with its relations (each with its latest sources and how many state it), its
        latest events and mentions (each with its sources) and how many of them there are in all;
        None if unknown."""
        held = self._held(superseded.HELD_NAMING, {"id": ident})
        entity = self.entity_summary(ident) or superseded.entity_summary(held, ident)
        if entity is None:
            return None
        briefings, events_counted, events_today = self._counts_of(ident)
        old_events = superseded.entity_events(held, ident)
        if held:
            old_ids = sorted({row["event"] for row in old_events})
            linked = {row["id"] for row in self._read(queries.EVENTS_LINKED, {"id": ident, "ids": old_ids}).dicts()}
            briefings += len({h.briefing["id"] for h in held})
            if events_counted is not None:
                events_counted += len(set(old_ids) - linked)
        entity["counts"] = {"briefings": briefings, "events": events_counted}
        if self.restricted and not briefings:
            return None                 # no briefing published (or held) by then names it
        mentions = self._latest(ident, briefings, mention_limit, "Briefing", queries.ENTITY_MENTIONS,
                                queries.ENTITY_MENTIONS_WINDOW)
        if held:                        # in the order of ENTITY_MENTIONS: the latest first, then by briefing
            mentions += superseded.entity_mentions(held, ident)
            mentions.sort(key=lambda m: m["briefing"])
            mentions.sort(key=lambda m: m["day"], reverse=True)
        entity["mentions"] = [_without(m, ("day", "id")) for m in mentions[:mention_limit]]
        entity["relations"] = _merge_relations(self._read(queries.entity_relations(),
                                                          {"id": ident, "sources": sources_per_relation}).dicts(),
                                               superseded.entity_relations(held, ident))
        entity["events"] = []
        if event_limit:
            # an entity's events not counted as of a day are read as today's are: as a hub's
            shown = events_counted if events_counted is not None else events_today
            rows = self._latest(ident, shown, event_limit, "Event", queries.ENTITY_EVENT_IDS,
                                queries.ENTITY_EVENT_IDS_WINDOW)
            events = self._read(queries.ENTITY_EVENTS, {"id": ident, "ids": [r["id"] for r in rows]}).dicts()
            if held:
                events = _latest_first(events + old_events)
            entity["events"] = events
        return entity

    def _counts_of(self, ident: str) -> tuple[int, int | None, int]:
        """How many briefings name an entity and how many events it takes part in (the writer's
        counters, or counted as of the view's day or change set), and how many events today; the
        events of an entity in more than HUB_EVENTS today are not counted as of a day (None: it
        would read every one of them)."""
        found = self._read(queries.ENTITY_COUNTS, {"id": ident}).rows
        briefings, events = (int(found[0][0]), int(found[0][1])) if found else (0, 0)
        if not self.restricted:
            return briefings, events, events
        briefings = int(self._read(queries.BRIEFINGS_NAMING_AS_OF, {"id": ident}).rows[0][0])
        if events > HUB_EVENTS:
            return briefings, None, events
        return briefings, int(self._read(queries.EVENTS_OF_AS_OF, {"id": ident}).rows[0][0]), events

    def latest_events(self, ident: str, limit: int = 1) -> list[dict[str, Any]]:
        """An entity's latest `limit` events (as on its page: a hub's read a window of days at a
        time), one row per event, role and report (ENTITY_EVENTS)."""
        _, _, today = self._counts_of(ident)
        rows = self._latest(ident, today, limit, "Event", queries.ENTITY_EVENT_IDS, queries.ENTITY_EVENT_IDS_WINDOW)
        return self._read(queries.ENTITY_EVENTS, {"id": ident, "ids": [r["id"] for r in rows]}).dicts() if rows else []

    def entity_summary(self, ident: str) -> dict[str, Any] | None:
        """An entity's id, label, class, aliases and Wikidata id (no facts); None if unknown."""
        found = self._read(queries.ENTITY, {"id": ident}).dicts()
        return found[0] if found else None

    def _latest(self, ident: str, selected: int, limit: int, label: str, own: str, window: str) -> list[dict[str, Any]]:
        """The latest `limit` of an entity's `selected` briefings or events: through its own edges
        (`own`) when they are few, else a window of days at a time through the day index (`window`:
        a hub); dated events only, in that case (keyset.through_selector)."""
        if through_selector(selected, limit, self._count(label)):
            return self._read(own, {"id": ident, "limit": limit}).dicts()
        anchors = self._anchors()
        first, last = ((anchors["first_briefing"], anchors["last_briefing"]) if label == "Briefing"
                       else (anchors["first_event"], anchors["last_event"]))
        width = first_window(limit, last - first + 1, selected)
        if self.as_of is not None:
            # as of a day, from that day down: a briefing's day is not after its report day, and
            # the events dated later that a briefing had announced by then (plans, forecasts) are
            # counted and on the timeline, not among the latest on the page
            last = min(last, self.as_of)
        return read_page(self._reader(window, {"id": ident}), anchor=last, after=None, limit=limit, descending=True,
                         highest=UNDATED - 1, width=width)

    def _reader(self, statement: str, params: dict[str, Any]) -> Reader:
        """A keyset page's reader of one statement (keyset.read_page)."""
        return lambda window: self._read(statement, {**params, **window}).dicts()

    def _count(self, label: str) -> int:
        """How many nodes have a label (Briefing, Event or an event class), from the engine's counter."""
        rows = self._read(cypher.label_count(label)).rows
        return rows[0][0] if rows else 0

    def _anchors(self) -> dict[str, int]:
        """Where the lists' first pages begin: the latest briefing's day, the first and the last
        dated event's (the bounds of the day keys where the store has none yet)."""
        rows = self._read(queries.LIST_ANCHORS).dicts()
        found = rows[0] if rows else {}
        return {"first_briefing": found.get("first_briefing") or NO_DAY,
                "last_briefing": found.get("last_briefing") or UNDATED,
                "first_event": found.get("first_event") or NO_DAY, "last_event": found.get("last_event") or UNDATED - 1}

    def neighbourhood(self, ident: str, depth: int = 1, limit: int = 100) -> dict[str, list[dict[str, Any]]]:
        """Nodes and edges around an entity, depth 1 or 2 (through events), at most `limit` edges."""
        if depth not in (1, 2):
            raise ValueError("depth must be 1 or 2")
        nodes: dict[str, dict[str, Any]] = {}
        edges: list[dict[str, Any]] = []
        frontier = [ident]
        for _ in range(depth):
            following = []
            for node in frontier:
                event = node.startswith("event/")
                query = queries.NEIGHBOURS_OF_EVENT if event else queries.NEIGHBOURS
                held = self._held(superseded.HELD_REPORTING if event else superseded.HELD_NAMING, {"id": node})
                for row in self._read(query, {"id": node, "limit": limit}).dicts() + superseded.neighbours(held, node):
                    if len(edges) >= limit:
                        break
                    edge = {"source": row["source"], "target": row["target"], "type": row["rel"]}
                    if edge not in edges:
                        edges.append(edge)
                    if row["id"] not in nodes:
                        nodes[row["id"]] = {"id": row["id"], "label": row["label"], "labels": sorted(row["labels"])}
                        following.append(row["id"])
            frontier = following
        return {"nodes": list(nodes.values()), "edges": edges}

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities by name or alias, tolerant of case, script and word endings (as of the view's
        report day: those a briefing published by then names)."""
        hits = self.graph.search(text, limit).dicts()
        if not self.restricted:
            return hits
        named = ({row["id"] for row in self._read(queries.NAMED_BY, {"ids": [h["id"] for h in hits]}).dicts()}
                 if hits else set())
        found = [h for h in hits if h["id"] in named]
        found += [{**n, "score": 0.0} for n in superseded.matches(self._held(superseded.HELD), text)
                  if n["id"] not in named]
        return found[:limit]

    def search_briefings(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Briefings whose title has every word (as the start of one of its words, any case), latest
        first; through a full-text index of the titles (as of the view's report day: those published by then)."""
        found = self.graph.search_titles(text, limit).dicts()
        return [_without(b, ("reported", "change")) for b in found
                if (self.as_of is None or b["reported"] <= self.as_of)
                and (self.change is None or (b["change"] or 0) <= self.change)]

    def briefing_relations(self, ident: str) -> list[dict[str, Any]]:
        """The relations between entities that a briefing states, with their evidence."""
        versions = self._held(superseded.HELD_BRIEFING, {"id": ident})
        if versions:
            return superseded.briefing_relations(versions[0])
        found = self._read(queries.BRIEFING_RELATIONS, {"id": ident}).dicts()
        if not found or not found[0]["predicates"]:
            return []
        lists = found[0]
        # (a store of version 5 or older has no modalities: what it stored was stated)
        modalities = lists["modalities"] or ["reported"] * len(lists["predicates"])
        rows = [{"predicate": p, "subject": s, "object": o, "sentence": n, "start": a, "end": b, "evidence": ev,
                 "modality": m}
                for p, s, o, n, a, b, ev, m in zip(lists["predicates"], lists["subjects"], lists["objects"],
                                                   lists["sentences"], lists["starts"], lists["ends"],
                                                   lists["evidence"], modalities)]
        ids = sorted({r["subject"] for r in rows} | {r["object"] for r in rows})
        labels = {row["id"]: row["label"] for row in self._read(queries.LABELS, {"ids": ids}).dicts()}
        for r in rows:
            r["subject_label"], r["object_label"] = labels.get(r["subject"]), labels.get(r["object"])
        return sorted(rows, key=lambda r: (r["start"], r["predicate"], r["subject"], r["object"]))

    def most_connected(self, limit: int = 10) -> list[dict[str, Any]]:
        """The entities mentioned in the most briefings."""
        return self._read(queries.MOST_CONNECTED, {"limit": limit}).dicts()

    def event(self, ident: str) -> dict[str, Any] | None:
        """An event with its participants (by role) and the briefings that report it; None if unknown."""
        held = self._held(superseded.HELD_REPORTING, {"id": ident})
        found = self._read(queries.EVENT, {"id": ident}).dicts()
        event = found[0] if found else superseded.event(held, ident)
        if event is None:
            return None
        event["labels"] = sorted(event["labels"])
        participants = {(p["role"], p["id"]): p for p in superseded.event_participants(held, ident)}
        participants.update({(p["role"], p["id"]): p for p in self._read(queries.EVENT_PARTICIPANTS, {"id": ident}).dicts()})
        event["participants"] = [participants[k] for k in sorted(participants)]
        event["reports"] = sorted(self._read(queries.EVENT_REPORTS, {"id": ident}).dicts()
                                  + superseded.event_reports(held, ident), key=lambda r: (r["briefing"], r["start"]))
        if self.restricted and not event["reports"]:
            return None                 # no briefing published (or held) by then reports it
        event["sources"] = independent_sources([r["publisher"] for r in event["reports"]],
                                               [r["briefing"] for r in event["reports"]])
        event["contradictions"] = self._read(disagreement.OF_EVENT, {"id": ident}).dicts()
        return event

    def entity_contradictions(self, ident: str) -> list[dict[str, Any]]:
        """The contradictions about an entity's relations (stated by one briefing, denied by another)."""
        return self._read(disagreement.OF_ENTITY, {"id": ident}).dicts()

    def contradiction_flags(self, events: list[str]) -> dict[str, list[str]]:
        """Which of these events are contradicted, and how (event id -> kinds)."""
        if not events:
            return {}
        return {row["event"]: sorted(row["kinds"]) for row in self._read(disagreement.FLAGS, {"ids": events}).dicts()}

    def contradictions(self, limit: int = 50, after: tuple[int, str] | None = None,
                       kind: str | None = None) -> list[dict[str, Any]]:
        """Contradictions (or those of one kind), those of the latest events first, after a (day, id)
        cursor: a window of days at a time through the index of their days (keyset.py)."""
        rows = self._read(disagreement.ANCHORS).dicts()
        first, last = (rows[0]["first"], rows[0]["last"]) if rows else (None, None)
        if first is None or last is None:
            return []
        width = first_window(limit, last - first + 1, self._count("Contradiction"))
        statement, params = (disagreement.PAGE, {}) if kind is None else (disagreement.PAGE_OF_KIND, {"kind": kind})
        return read_page(self._reader(statement, params), anchor=last, after=Cursor(*after) if after else None,
                         limit=limit, descending=True, lowest=first, highest=last, width=width)

    def class_counts(self) -> dict[str, int]:
        """How many entities and events have each class as their own (most specific) class."""
        counts: dict[str, int] = {}
        for statement in (cypher.ENTITY_CLASSES, cypher.EVENT_CLASSES):
            for row in self._read(statement).rows:
                counts[row[0]] = counts.get(row[0], 0) + row[1]
        return counts

    def briefings(self, limit: int = 50, after: Cursor | None = None) -> list[dict[str, Any]]:
        """Briefings, latest first, with their counts: the page after the cursor (the first without),
        each row with its `cursor`, the cursor of the page that follows it."""
        anchors = self._anchors()
        width = first_window(limit, anchors["last_briefing"] - anchors["first_briefing"] + 1, self._count("Briefing"))
        last = anchors["last_briefing"] if self.as_of is None else min(anchors["last_briefing"], self.as_of)
        rows = read_page(self._reader(queries.BRIEFINGS, {}), anchor=last, after=after,
                         limit=limit, descending=True, width=width)
        # the versions held then of briefings changed or removed since, in their places
        rows += [superseded.briefing_row(h) for h in self._held(superseded.HELD)
                 if after is None or (h.briefing.get("day") or 0) < after.day
                 or (h.briefing.get("day") or 0) == after.day and h.briefing["id"] > after.id]
        rows.sort(key=lambda row: row["id"])
        rows.sort(key=lambda row: row["day"], reverse=True)
        return [_with_cursor(row) for row in rows[:limit]]

    def briefing_total(self) -> int:
        """How many briefings there are (as of the view's report day: published by then)."""
        if not self.restricted:
            return self._count("Briefing")
        return int(self._read(queries.BRIEFINGS_AS_OF).rows[0][0]) + len(self._held(superseded.HELD))

    def briefing(self, ident: str) -> dict[str, Any] | None:
        """A briefing with its text, mentions and events; None if unknown."""
        versions = self._held(superseded.HELD_BRIEFING, {"id": ident})
        if versions:
            return superseded.briefing(versions[0])
        found = self._read(queries.BRIEFING, {"id": ident}).dicts()
        if not found:
            return None
        briefing = found[0]
        briefing["mentions"] = self._read(queries.BRIEFING_MENTIONS, {"id": ident}).dicts()
        briefing["events"] = self._read(queries.BRIEFING_EVENTS, {"id": ident}).dicts()
        return briefing

    def events(self, *, type: str | None = None, actor: str | None = None, place: str | None = None,
               date_from: str | None = None, date_to: str | None = None, modality: str | None = None,
               limit: int = 100, after: Cursor | None = None) -> list[dict[str, Any]]:
        """Events on a timeline, earliest first, filtered by type (or any ancestor class), actor,
        place, modality and period (from and to, ISO days, both included): the page after the
        cursor, each row with its `cursor`. An event is in the period when it begins in it, or began
        before it and still goes on when it begins, if it is dated by the year or the month the
        period begins in or began in the week before (longer spans are listed from their start: the
        timeline reads days through an index, and these are the days such an event can begin on)."""
        params = {k: v for k, v in {"type": type, "actor": actor, "place": place, "modality": modality}.items()
                  if v is not None}
        total = self._count("Event")
        # how many events each filter lets through, where a counter says it: the narrowest decides
        # whether the page is read through it or through the day index (keyset.through_selector)
        selected: dict[str, int] = {}
        if type is not None:
            model = load_model()
            if type not in model.classes or not model.cls(type).is_a("Event"):
                raise ValueError(f"{type!r} is not an event class of the ontology")
            selected["type"] = self._count(type)
        for name in ("actor", "place"):
            if name in params:
                found = self._read(queries.ENTITY_COUNTS, {"id": params[name]}).dicts()
                selected[name] = found[0]["events"] if found else 0
        narrowest = min(selected, key=lambda name: selected[name], default="")
        shown = selected.get(narrowest, total)
        anchors = self._anchors()
        # an undated event is in no period
        lowest, highest = day_of(date_from, NO_DAY), day_of(date_to, UNDATED - 1 if date_from else UNDATED)
        through = narrowest if narrowest and through_selector(shown, limit, total) else ""
        rows: list[dict[str, Any]] = []
        if date_from is not None and (after is None or after.day < lowest):
            begun = dt.date.fromisoformat(date_from)
            starts = {begun.replace(month=1, day=1).toordinal(), begun.replace(day=1).toordinal(),
                      *range(lowest - SPANNING_DAYS, lowest)}
            spanning = {**params, "starts": sorted(d for d in starts if d < lowest and (after is None or d >= after.day)),
                        "date_from": date_from, "after_day": after.day if after else NO_DAY - 1,
                        "after_id": after.id if after else "", "limit": limit}
            rows = self._read(queries.events_query(frozenset(params), through, type or "", spanning=True,
                                                   as_of=self.as_of is not None),
                                   spanning).dicts()
            after = None                # the rest of the page begins with the period
        if through:
            statement = queries.events_query(frozenset(params), through, type or "", as_of=self.as_of is not None)
            width = highest - lowest + 1          # one read: what the selector gives, sorted
        else:
            statement = queries.events_query(frozenset(params), as_of=self.as_of is not None)
            width = first_window(limit, anchors["last_event"] - anchors["first_event"] + 1, shown)
        if len(rows) < limit:
            rows += read_page(self._reader(statement, params), anchor=max(anchors["first_event"], lowest), after=after,
                              limit=limit - len(rows), descending=False, lowest=lowest, highest=highest, width=width)
        held = self._held(superseded.HELD)
        if held:
            shown_ids = {row["event"] for row in rows}
            model = load_model()
            rows += [_without(row, ("participants", "places", "date_end")) for row in superseded.timeline_rows(held)
                     if row["event"] not in shown_ids and lowest <= row["day"] <= highest
                     and (after is None or (row["day"], row["id"]) > (after.day, after.id))
                     and (type is None or model.cls(row["type"]).is_a(type)) and (modality is None or row["modality"] == modality)
                     and (actor is None or actor in row["participants"] | row["places"])
                     and (place is None or place in row["places"])]
            rows.sort(key=lambda row: (row["day"], row["id"]))
        return [_with_cursor(row, ("day", "id")) for row in rows[:limit]]

    def event_points(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Where these events happened, for those whose place has a point: id -> lat, lon,
        precision, place and its label."""
        if not ids:
            return {}
        return {row["id"]: row for row in self._read(queries.EVENT_POINTS, {"ids": ids}).dicts()}

    def generation(self) -> str | None:
        """The token the last write left: a new one means the data changed."""
        rows = self._read(cypher.GENERATION).rows
        return rows[0][0] if rows else None

    def counts(self) -> dict[str, int]:
        """Briefings, entities, events and sources."""
        return counts(self.graph)

    def cypher(self, statement: str, params: dict[str, Any] | None = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS,
               limit: int = DEFAULT_ROW_CAP) -> Rows:
        """A researcher's Cypher: read-only by the database, time-boxed, capped."""
        return self.graph.read(statement, params, timeout_ms=timeout_ms, limit=limit)

    def sparql(self, query: str, *, timeout_s: float = DEFAULT_TIMEOUT_MS / 1000, limit: int = DEFAULT_ROW_CAP,
               default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
               formats: dict[str, str] | None = None) -> SparqlResult:
        """A researcher's SPARQL: a query (never an update), time-boxed, capped; the default graph
        is the union of the named graphs unless default graphs are given."""
        return self._rdf().query(query, timeout_s=timeout_s, limit=limit, default_graphs=default_graphs,
                                 named_graphs=named_graphs, generation=self.generation(), formats=formats)

    def describe(self, iri: str, *, timeout_s: float = DEFAULT_TIMEOUT_MS / 1000, limit: int = 200_000) -> list[Quad]:
        """The quads that describe a resource, from the RDF store; ValueError for a malformed IRI."""
        return self._rdf().describe(iri_term(iri), timeout_s=timeout_s, limit=limit, generation=self.generation())

    def _rdf(self) -> RdfStore:
        if self.rdf is None:
            raise ValueError("this view has no RDF store")
        return self.rdf

    def close(self) -> None:
        """Release both stores (the RDF store's query workers stop)."""
        if self.rdf is not None:
            self.rdf.close()
        self.graph.close()
