"""The facts of one briefing, typed: the one model the extraction produces and every projection
reads (the JSON of `briefgraph extract`, the graph store's rows in store/graph/rows.py, the RDF
quads in store/rdf/quads.py). Every fact keeps its provenance: the briefing (its `Extraction`), the
sentence and the character offsets of its words in the briefing's body, the component that found
it, and a confidence in [0, 1] (the measured precision of facts found that way, see
ingest/confidence.py), which a reader can threshold.

The facts are values: nothing changes them once `from_doc` has built them. They are not frozen
dataclasses because a frozen dataclass costs five times as much to build (1.1 against 0.22 µs on
this machine, measured with seven fields), and the ingest builds about 500 of them a briefing."""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from .briefing import Briefing

JsonObject = dict[str, Any]

EXTRACTOR = "briefgraph-rules/0.1"


@dataclass(slots=True)
class Span:
    """Words of the briefing's body: [start, end) and the text there."""

    start: int
    end: int
    text: str

    def to_json(self) -> JsonObject:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Evidence:
    """The sentence that states a fact: its index in the briefing and its span."""

    sentence: int
    start: int
    end: int
    text: str

    def to_json(self) -> JsonObject:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence}


@dataclass(slots=True)
class Mention:
    """Words that name an entity."""

    entity: str
    start: int
    end: int
    text: str
    sentence: int
    extractor: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence,
                "extractor": self.extractor, "confidence": self.confidence}


@dataclass(slots=True)
class Entity:
    """An entity the briefing names (or a fact refers to without naming it: no mentions then)."""

    id: str
    label: str
    type: str                        # the most specific ontology class
    types: tuple[str, ...]           # it and its ancestors
    aliases: tuple[str, ...]         # other names the briefing uses, sorted
    wikidata: str | None
    known: bool                      # in the gazetteer, as opposed to found by a pattern
    mentions: tuple[Mention, ...]

    @property
    def kind(self) -> str:
        """The first part of the id: 'person' of 'person/alexander-lukashenko'."""
        return self.id.split("/", 1)[0]

    def to_json(self) -> JsonObject:
        return {"id": self.id, "label": self.label, "type": self.type, "types": list(self.types),
                "aliases": list(self.aliases), "wikidata": self.wikidata, "known": self.known,
                "mentions": [m.to_json() for m in self.mentions]}


@dataclass(slots=True)
class Time:
    """When an event happened, as the text says it and as an interval of days."""

    iso: str                         # ISO 8601: a day, a month, a week or an interval
    text: str
    start: int
    end: int
    earliest: datetime.date
    latest: datetime.date

    def to_json(self) -> JsonObject:
        return {"text": self.text, "start": self.start, "end": self.end,
                "earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}


@dataclass(slots=True)
class Quantity:
    """A number an event states: the value, what it counts, its words, and how it bounds the truth."""

    value: int | float
    unit: str
    text: str
    start: int
    end: int
    bound: str | None = None         # "min" or "max" for the ends of a range
    qualifier: str | None = None     # the hedge: "about", "more than", "up to"

    def as_float(self) -> float:
        """The value as the float both stores keep; ValueError when there is none (a number of 400
        digits in the text is larger than any float)."""
        try:
            value = float(self.value)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            clipped = self.text if len(self.text) <= 40 else self.text[:40] + "\u2026"
            raise ValueError(f"the quantity {clipped!r} is too large to store as a number")
        return value

    def to_json(self) -> JsonObject:
        out: JsonObject = {"value": self.value, "unit": self.unit, "text": self.text, "start": self.start,
                           "end": self.end}
        if self.bound:
            out["bound"] = self.bound
        if self.qualifier:
            out["qualifier"] = self.qualifier
        return out


@dataclass(slots=True)
class Role:
    """An entity in a role of an event (the ontology's role properties: agent, theme, origin…)."""

    role: str
    entity: str


@dataclass(slots=True)
class Event:
    """Something that happened, or is said to be planned, denied or forecast."""

    id: str                          # the one identity (ingest/identity.py), the same in every store
    type: str
    types: tuple[str, ...]
    modality: str
    participants: tuple[Role, ...]
    place: str | None
    time: Time | None
    quantities: tuple[Quantity, ...]
    trigger: Span
    evidence: Evidence
    extractor: str
    confidence: float

    @property
    def date(self) -> str | None:
        """The ISO 8601 value of its time, if it has one."""
        return self.time.iso if self.time else None

    def to_json(self) -> JsonObject:
        return {"id": self.id, "type": self.type, "types": list(self.types), "modality": self.modality,
                "participants": [{"role": p.role, "entity": p.entity} for p in self.participants],
                "place": self.place, "date": self.date, "time": self.time.to_json() if self.time else None,
                "quantities": [q.to_json() for q in self.quantities], "trigger": self.trigger.to_json(),
                "evidence": self.evidence.to_json(), "extractor": self.extractor, "confidence": self.confidence}


@dataclass(slots=True)
class Relation:
    """A lasting relation between two entities (an ontology object property), stated in a sentence."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    extractor: str
    confidence: float
    modality: str = "reported"      # or "denied": the sentence negates or denies it

    def to_json(self) -> JsonObject:
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object,
                "evidence": self.evidence.to_json(), "extractor": self.extractor, "confidence": self.confidence,
                "modality": self.modality}


@dataclass(frozen=True)
class Extraction:
    """What one briefing says: its entities, events and relations."""

    briefing: Briefing
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    relations: tuple[Relation, ...]
    extractor: str = EXTRACTOR

    def to_json(self) -> JsonObject:
        """The extraction as JSON data (the schema of the dev-set README), deterministic for an input.
        The relations it states are `relations`; those it negates or denies are `denied_relations`
        (a relation in the schema is stated, as an event's modality says how it is)."""
        return {"briefing": self.briefing.to_json(), "extractor": self.extractor,
                "entities": [e.to_json() for e in self.entities], "events": [e.to_json() for e in self.events],
                "relations": [r.to_json() for r in self.relations if r.modality != "denied"],
                "denied_relations": [r.to_json() for r in self.relations if r.modality == "denied"]}
