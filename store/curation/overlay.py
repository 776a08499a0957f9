"""The reviewers' decisions applied to an extraction before it is stored: what the stores hold (and
so every page, JSON twin, SPARQL and Cypher query and export) is the curated extraction, and a
re-ingest of the briefing, or a new version of the extraction, is curated again by the same
decisions. A decision finds its fact by its identity and the span of its evidence, else by its
identity and the words of its evidence (an edit of the briefing moved them); one that finds nothing
is orphaned, reported and kept, never dropped.

Entity decisions (merge, alias, Wikidata id, class, reject) come first, so that the decisions on
one briefing's facts, made on the curated facts a reviewer saw, meet them under the same ids."""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from briefgraph.ingest.facts import Entity, Event, Extraction, Mention, Quantity, Relation, Role, Time
from briefgraph.ingest.identity import event_id
from briefgraph.ingest.timex import iso_period
from briefgraph.ontology.gazetteer import CuratedNames
from briefgraph.ontology.model import load_model

from .decisions import Decision, Fact, Kind, Verdict


@dataclass(frozen=True)
class Overlay:
    """The standing decisions, indexed: those on an entity (every briefing) and those on the facts
    of each briefing."""

    entities: dict[str, tuple[Decision, ...]] = field(default_factory=dict)
    briefings: dict[str, tuple[Decision, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, standing: Iterable[Decision]) -> Overlay:
        """The overlay of the standing decisions (Decisions.standing)."""
        entities: dict[str, list[Decision]] = {}
        briefings: dict[str, list[Decision]] = {}
        for d in standing:
            if d.verdict in (Verdict.CONFIRM, Verdict.UNSURE, Verdict.UNDO, Verdict.DISTINCT):
                continue            # they change nothing the stores hold
            if d.fact.briefing is None:
                entities.setdefault(d.fact.key, []).append(d)
            else:
                briefings.setdefault(d.fact.briefing, []).append(d)
        return cls({k: tuple(v) for k, v in entities.items()}, {k: tuple(v) for k, v in briefings.items()})

    def merged(self, entity: str) -> str:
        """The entity an id stands for after the merges (a chain followed to its end, a cycle cut)."""
        seen = {entity}
        while True:
            into = next((str(d.value["into"]) for d in self.entities.get(entity, ()) if d.verdict is Verdict.MERGE),
                        None)
            if into is None or into in seen:
                return entity
            seen.add(into)
            entity = into

    def relevant(self, briefing: str, entity_ids: Iterable[str]) -> list[Decision]:
        """The decisions that apply to a briefing naming these entities (merged ones followed), and
        the merges into them (the extraction finds the merged entity's names as theirs, so that a
        briefing naming the merged one names them: its fingerprint must change with the merge)."""
        out = list(self.briefings.get(briefing, ()))
        into = self._merges_into
        seen: set[str] = set()
        for ident in entity_ids:
            while ident not in seen:
                seen.add(ident)
                out.extend(self.entities.get(ident, ()))
                out.extend(into.get(ident, ()))
                ident = self.merged(ident)
        return sorted({d.id: d for d in out}.values(), key=lambda d: d.id)

    @functools.cached_property
    def _merges_into(self) -> dict[str, list[Decision]]:
        """The merge decisions by the entity they end in."""
        into: dict[str, list[Decision]] = {}
        for source, decisions in self.entities.items():
            for d in decisions:
                if d.verdict is Verdict.MERGE:
                    into.setdefault(self.merged(source), []).append(d)
        return into

    def names(self) -> dict[str, CuratedNames]:
        """The names reviewers gave entities, for the extraction to find them by (a curated overlay
        of the gazetteer): each alias, and the names of each entity merged into another."""
        out: dict[str, CuratedNames] = {}

        def add(ident: str, label: str, cls: str, names: Iterable[str]) -> None:
            known = out.get(ident)
            out[ident] = CuratedNames(label or (known.label if known else ""), cls or (known.cls if known else ""),
                                      tuple(dict.fromkeys((*(known.names if known else ()), *names))))

        for ident, decisions in sorted(self.entities.items()):
            for d in decisions:
                if d.verdict is Verdict.ALIAS and d.value.get("class"):
                    add(ident, str(d.value.get("label", "")), str(d.value["class"]), [str(d.value["alias"])])
                elif d.verdict is Verdict.MERGE and d.value.get("class"):
                    target = self.merged(ident)
                    add(target, str(d.value.get("label", "")), str(d.value["class"]),
                        [str(n) for n in d.value.get("names", [])])
        return {k: v for k, v in out.items() if v.label and v.cls and v.names}



def fingerprint(decisions: list[Decision]) -> str:
    """What the decisions on a briefing are, as a short hash ('' for none): stored with the
    briefing, so that a re-ingest rewrites it when they changed and skips it when not."""
    if not decisions:
        return ""
    blob = json.dumps([[d.id, d.verdict.value, d.value] for d in decisions], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Curated:
    """An extraction with the decisions applied, which of them found their fact and which not."""

    extraction: Extraction
    fingerprint: str
    applied: tuple[Decision, ...]
    orphaned: tuple[Decision, ...]


def curate(extraction: Extraction, overlay: Overlay) -> Curated:
    """Apply the overlay's decisions to one extraction."""
    decisions = overlay.relevant(extraction.briefing.id, [e.id for e in extraction.entities])
    if not decisions:
        return Curated(extraction, "", (), ())
    state = _State.of(extraction)
    applied: list[Decision] = []
    orphaned: list[Decision] = []
    for d in decisions:
        if d.fact.briefing is None:
            if state.entity_decision(d, overlay):
                applied.append(d)
    for d in decisions:
        if d.fact.briefing is not None:
            (applied if state.fact_decision(d) else orphaned).append(d)
    return Curated(state.build(extraction), fingerprint(decisions), tuple(applied), tuple(orphaned))


def _types(cls: str) -> tuple[str, ...]:
    return tuple(load_model().cls(cls).ancestors)


def parse_date(iso: str, text: str, start: int, end: int) -> Time:
    """A corrected date: a day, a month or a year (ISO 8601), as the interval of days it spans."""
    first, last = iso_period(iso)
    return Time(iso.strip(), text, start, end, first, last)


class _State:
    """The extraction's facts as mutable lists while the decisions are applied."""

    def __init__(self, entities: dict[str, Entity], events: list[Event], relations: list[Relation]):
        self.entities = entities
        self.events = events
        self.relations = relations
        # events identified anew by a decision (a participant merged, rejected, or a date corrected):
        # their old id -> the new, so that the later decisions made on the old id still find them
        self.renamed: dict[str, str] = {}

    def _identified(self, ev: Event) -> Event:
        new = _identified(ev)
        if new.id != ev.id:
            self.renamed[ev.id] = new.id
            for old, now in list(self.renamed.items()):
                if now == ev.id:
                    self.renamed[old] = new.id
        return new

    @classmethod
    def of(cls, extraction: Extraction) -> _State:
        return cls({e.id: e for e in extraction.entities}, list(extraction.events), list(extraction.relations))

    # -- decisions on an entity, in every briefing

    def entity_decision(self, d: Decision, overlay: Overlay) -> bool:
        ident = d.fact.key
        if ident not in self.entities:
            return False
        if d.verdict is Verdict.MERGE:
            self._rename(ident, overlay.merged(ident), d.value)
        elif d.verdict is Verdict.REJECT:
            self._drop_entity(ident)
        elif d.verdict is Verdict.ALIAS:
            pass                # a name for the extraction to look up (Overlay.names), not one the briefing uses
        elif d.verdict is Verdict.WIKIDATA:
            self.entities[ident] = replace(self.entities[ident], wikidata=str(d.value["wikidata"]))
        elif d.verdict is Verdict.CORRECT and "class" in d.value:
            cls = str(d.value["class"])
            self.entities[ident] = replace(self.entities[ident], type=cls, types=_types(cls))
        return True

    def _rename(self, old: str, new: str, value: dict[str, Any]) -> None:
        """Entity `old` is `new`: one entity with both's mentions and names, every fact moved to it."""
        gone = self.entities.pop(old)
        kept = self.entities.get(new)
        if kept is None:
            cls = str(value.get("class") or gone.type)
            kept = Entity(new, str(value.get("label") or gone.label), cls, _types(cls), (), gone.wikidata,
                          gone.known, ())
        names = {*kept.aliases, *gone.aliases, gone.label} - {kept.label}
        mentions = tuple(sorted((*kept.mentions, *(replace(m, entity=new) for m in gone.mentions)),
                                key=lambda m: (m.start, m.end)))
        self.entities[new] = replace(kept, aliases=tuple(sorted(names)), mentions=mentions,
                                     wikidata=kept.wikidata or gone.wikidata)
        def swap(x: str) -> str:
            return new if x == old else x
        self.events = [self._identified(replace(ev, participants=_unique(Role(r.role, swap(r.entity)) for r in ev.participants),
                                           place=swap(ev.place) if ev.place else None))
                       for ev in self.events]
        self.relations = [replace(r, subject=swap(r.subject), object=swap(r.object)) for r in self.relations
                          if swap(r.subject) != swap(r.object)]

    def _drop_entity(self, ident: str) -> None:
        self.entities.pop(ident, None)
        self.events = [self._identified(replace(ev, participants=tuple(r for r in ev.participants if r.entity != ident),
                                           place=None if ev.place == ident else ev.place))
                       for ev in self.events]
        self.relations = [r for r in self.relations if ident not in (r.subject, r.object)]

    # -- decisions on one briefing's facts

    def fact_decision(self, d: Decision) -> bool:
        f = d.fact
        if f.kind is Kind.RELATION:
            return self._relation(d)
        if f.kind is Kind.MENTION:
            return self._mention(d)
        found = self._event_index(f.key.split("|", 1)[0], f if f.kind is Kind.EVENT else None)
        if found is None:
            found = self._event_by_words(f)
        if found is None:
            return False
        ev = self.events[found]
        if f.kind is Kind.EVENT:
            if d.verdict is Verdict.REJECT:
                del self.events[found]
                return True
            self.events[found] = self._identified(_corrected_event(ev, d.value))
            return True
        if f.kind is Kind.ROLE:
            _, role, entity = f.key.split("|", 2)
            at = next((i for i, r in enumerate(ev.participants) if r.role == role and r.entity == entity), None)
            if at is None:
                return False
            people = list(ev.participants)
            if d.verdict is Verdict.REJECT:
                del people[at]
            else:
                people[at] = Role(str(d.value["role"]), entity)
            self.events[found] = self._identified(replace(ev, participants=_unique(people)))
            return True
        # a quantity: by its span, else by its words
        qs = list(ev.quantities)
        at = next((i for i, q in enumerate(qs) if (q.start, q.end) == (f.start, f.end)), None)
        if at is None:
            at = next((i for i, q in enumerate(qs) if q.text == f.text), None)
        if at is None:
            return False
        if d.verdict is Verdict.REJECT:
            del qs[at]
        else:
            q = qs[at]
            value, unit = d.value.get("value", q.value), str(d.value.get("unit", q.unit))
            # the words every page shows say that a reviewer corrected them, and what the briefing said
            number = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
            qs[at] = Quantity(value, unit, f"{number} {unit} (corrected; the briefing says \u201c{q.text}\u201d)",
                              q.start, q.end, q.bound, None)
        self.events[found] = replace(ev, quantities=tuple(qs))
        return True

    def _event_by_words(self, f: Fact) -> int | None:
        """An event under another id than the decision's (another version of the extraction dated
        or peopled it otherwise): for a role, the event of the same sentence with that entity in
        that role; for a quantity, the event with a number at the same place and in the same words."""
        if f.kind is Kind.ROLE:
            _, role, entity = f.key.split("|", 2)
            same = [i for i, ev in enumerate(self.events)
                    if ev.evidence.text == f.text and Role(role, entity) in ev.participants]
        elif f.kind is Kind.QUANTITY:
            same = [i for i, ev in enumerate(self.events)
                    if any((q.start, q.end, q.text) == (f.start, f.end, f.text) for q in ev.quantities)]
        else:
            return None
        return same[0] if len(same) == 1 else None

    def _event_index(self, ident: str, fact: Fact | None) -> int | None:
        """The event a decision concerns: by its id (and its sentence's span, when the decision is
        on the event itself), else by the words of its sentence when one event alone has them. An id
        an earlier decision replaced is followed to the new one."""
        ident = self.renamed.get(ident, ident)
        for i, ev in enumerate(self.events):
            if ev.id == ident and (fact is None or (ev.evidence.start, ev.evidence.end) == (fact.start, fact.end)):
                return i
        for i, ev in enumerate(self.events):
            if ev.id == ident:
                return i
        if fact is not None and fact.text:
            same = [i for i, ev in enumerate(self.events) if ev.evidence.text == fact.text]
            if len(same) == 1:
                return same[0]
        return None

    def _relation(self, d: Decision) -> bool:
        f = d.fact
        subject, predicate, obj = f.key.split("|", 2)
        candidates = [i for i, r in enumerate(self.relations)
                      if (r.subject, r.predicate, r.object) == (subject, predicate, obj)]
        at = next((i for i in candidates if (self.relations[i].evidence.start, self.relations[i].evidence.end)
                   == (f.start, f.end)), None)
        if at is None:
            at = next((i for i in candidates if self.relations[i].evidence.text == f.text), None)
        if at is None:
            return False
        if d.verdict is Verdict.REJECT:
            del self.relations[at]
        else:
            r = self.relations[at]
            self.relations[at] = replace(r, predicate=str(d.value.get("predicate", r.predicate)),
                                         modality=str(d.value.get("modality", r.modality)))
        return True

    def _mention(self, d: Decision) -> bool:
        f = d.fact
        e = self.entities.get(f.key)
        if e is None:
            return False
        at = next((i for i, m in enumerate(e.mentions) if (m.start, m.end) == (f.start, f.end)), None)
        if at is None:
            return False
        mention = e.mentions[at]
        rest = e.mentions[:at] + e.mentions[at + 1:]
        self.entities[f.key] = replace(e, mentions=rest)
        target = d.value.get("entity") if d.verdict is Verdict.SPLIT else None
        if target:
            moved = Mention(str(target), mention.start, mention.end, mention.text, mention.sentence,
                            mention.extractor, mention.confidence)
            other = self.entities.get(str(target))
            if other is None:
                cls = str(d.value.get("class") or e.type)
                other = Entity(str(target), str(d.value.get("label") or mention.text), cls, _types(cls), (), None,
                               False, ())
            self.entities[str(target)] = replace(other, mentions=tuple(sorted((*other.mentions, moved),
                                                                              key=lambda m: (m.start, m.end))))
        if not rest and not self._referenced(f.key):
            del self.entities[f.key]
        return True

    def _referenced(self, ident: str) -> bool:
        return any(ident in (r.subject, r.object) for r in self.relations) or any(
            ev.place == ident or any(p.entity == ident for p in ev.participants) for ev in self.events)

    def build(self, extraction: Extraction) -> Extraction:
        events = _merge_same(self.events)
        entities = tuple(sorted(self.entities.values(), key=lambda e: e.id))
        return replace(extraction, entities=entities, events=tuple(events), relations=tuple(self.relations))


def _unique(roles: Iterable[Role]) -> tuple[Role, ...]:
    out: list[Role] = []
    for r in roles:
        if r not in out:
            out.append(r)
    return tuple(out)


def _corrected_event(ev: Event, value: dict[str, Any]) -> Event:
    if "class" in value:
        ev = replace(ev, type=str(value["class"]), types=_types(str(value["class"])))
    if "modality" in value:
        ev = replace(ev, modality=str(value["modality"]))
    if "date" in value:
        old = ev.time
        text, start, end = (old.text, old.start, old.end) if old else ("", ev.trigger.start, ev.trigger.start)
        ev = replace(ev, time=parse_date(str(value["date"]), text, start, end))
    return ev


def _identified(ev: Event) -> Event:
    """The event under the id its (corrected) class, date and participants give it; an event its
    briefing identified by position keeps that id."""
    tail = ev.id.removeprefix("event/")
    if len(tail) != 16 or not all(c in "0123456789abcdef" for c in tail):
        return ev
    people = [r.entity for r in ev.participants]
    new = event_id(ev.id, ev.type, ev.date, people, ev.place)
    return ev if new == ev.id else replace(ev, id=new)


def _merge_same(events: list[Event]) -> list[Event]:
    """Events a correction made identical in identity (one id) are one event of the briefing: the
    first kept (a briefing reports an event once per sentence; the writer keys reports by id)."""
    seen: set[tuple[str, int]] = set()
    out: list[Event] = []
    for ev in events:
        key = (ev.id, ev.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out
