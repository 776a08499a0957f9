"""Across sentences: a continuation sentence ("It included ...") adds to the event before it, an
anaphoric "the convoy" or "this echelon" refers to an earlier event, and repeated reports of one
event (same type, agent, participants, place, date and ordinal) become one event."""
from __future__ import annotations

import re

from briefgraph.ontology.model import Model

from ..draft import Doc, Event
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import component
from .arguments import ArgumentFinder
from .triggers import TriggerHit

# Reports of one event with and without attribution ("according to ...") are the same event.
MODALITY_GROUP = {"reported": "asserted", "alleged": "asserted", "planned": "planned", "forecast": "forecast",
                  "conditional": "conditional", "denied": "denied"}
# A later report that the movement arrived or reached somewhere moves its place there.
ARRIVAL = ("arriv", "reach", "unload", "enter")
ORDINALS = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b", re.I)
SAME_TIME = re.compile(r"\b(?:then|at the same (?:time|meeting|press conference|session|event)|that day|"
                       r"the same day|later that day|on the same day)\b", re.I)
CONTINUATION = re.compile(r"^(?:It|They|These|This|That|The|Its|Their)\b")
# "condemned the incursion", "the alleged attack", "this exercise": a definite noun that names an
# event of the kind reported just before is that event again.
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|such)\s+(?:[a-z-]+\s+){0,2}$")
ANAPHORIC_EVENT = re.compile(r"^(?:[A-Z]\w*:\s+)?(?:[\w\s]{0,40}?\b(?:noted|said|reported|added|stated)\s+that\s+)?"
                             r"(?:the|this|that)\s+(?:current\s+|same\s+|latest\s+)?(\w+)", re.I)


def agent_of(e: Event) -> str | None:
    """The event's agent or speaker, if it has one."""
    return next((p.entity for p in e.participants if p.role in ("agent", "speaker")), None)


def merge(into: Event, other: Event) -> None:
    """Add what `other` says to `into`: participants, a reached place, the time, new quantities."""
    for p in other.participants:
        into.add(p.role, p.entity)
    arrived = any(w.startswith(ARRIVAL) for w in other.trigger_words)
    into.trigger_words += [w for w in other.trigger_words if w not in into.trigger_words]
    if other.place and (into.place is None or arrived):
        if into.place and into.place != other.place:
            into.add("origin", into.place)
        into.place = other.place
        into.participants = [p for p in into.participants if p.entity != into.place]
    into.time = into.time or other.time
    known = {(q.value, q.unit, q.bound) for q in into.quantities}
    into.quantities += [q for q in other.quantities if (q.value, q.unit, q.bound) not in known]


def definite_noun(doc: Doc, model: Model, e: Event) -> bool:
    """Whether the event's trigger is one of its class's nouns after a definite determiner ("the
    incursion"): a reference to an event reported before rather than a report of a new one."""
    word = e.trigger_text.lower()
    return any(word.startswith(n.lower()) for n in model.cls(e.cls).trigger_nouns) and bool(
        DEFINITE_BEFORE.search(doc.text[max(0, e.trigger[0] - 40):e.trigger[0]]))


def _elsewhere_or_else_when(a: Event, b: Event) -> bool:
    """Whether two events name different places or different times."""
    return bool((a.time and b.time and a.time.iso != b.time.iso) or (a.place and b.place and a.place != b.place))


def _conflict(a: Event, b: Event) -> bool:
    """Whether two events name different agents, places or times: not one event."""
    return (agent_of(a) is not None and agent_of(b) is not None and agent_of(a) != agent_of(b)) \
        or _elsewhere_or_else_when(a, b)


def ordinal(doc: Doc, e: Event) -> str | None:
    """The ordinal just before the trigger ('a sixth convoy'), which tells repeated events apart."""
    found = ORDINALS.findall(doc.text[max(0, e.trigger[0] - 30):e.trigger[0]])
    return found[-1].lower() if found else None


def same_event(doc: Doc, a: Event, b: Event) -> bool:
    """Whether two events are reports of one: nothing in them differs, and they share participants."""
    if a.cls != b.cls or MODALITY_GROUP[a.modality] != MODALITY_GROUP[b.modality]:
        return False
    if _elsewhere_or_else_when(a, b):
        return False
    if ordinal(doc, a) != ordinal(doc, b) or agent_of(a) != agent_of(b):
        return False
    pa = {p.entity for p in a.participants}
    pb = {p.entity for p in b.participants}
    return bool(pa) and bool(pb) and (pa <= pb or pb <= pa) and a.time == b.time


@component("event-merge", requires=("events",), provides=("events",))
class EventMerger:
    """One event per real-world event in the document, with deterministic ids."""

    def __init__(self, lexicon: Lexicon | None = None, window: int = 6):
        self.lexicon = lexicon or load_lexicon()
        self.arguments = ArgumentFinder(self.lexicon)
        self.window = window

    def _continuation(self, doc: Doc, sentence: int, previous: Event) -> None:
        """'It included 20 BMP-2, ...': the sentence's mentions and numbers join the event before."""
        s = doc.sentences[sentence]
        extra = Event(cls=previous.cls, sentence=s.index, trigger=previous.trigger, trigger_text="")
        self.arguments.fill(doc, s, extra, TriggerHit(0, 0, s.start, s.start, extra.cls, "noun"),
                            doc.mentions_in(s.index))
        extra.quantities = [q for q in doc.quantities.get(s.index, []) if q.unit != "%"]
        merge(previous, extra)

    @staticmethod
    def _inherit_times(doc: Doc, events: list[Event]) -> None:
        """'Putin said then ...', 'at the same press conference': the time of the event before."""
        for before, e in zip(events, events[1:]):
            if e.time is None and before.time is not None and e.sentence - before.sentence <= 1 \
                    and SAME_TIME.search(doc.sentences[e.sentence].text):
                e.time = before.time

    def __call__(self, doc: Doc) -> Doc:
        by_sentence: dict[int, list[Event]] = {}
        for e in doc.events:
            by_sentence.setdefault(e.sentence, []).append(e)
        out: list[Event] = []
        for s in doc.sentences:
            events = by_sentence.get(s.index, [])
            previous = [e for e in out if s.index - e.sentence <= 1]
            if not events and previous and CONTINUATION.match(s.text):
                self._continuation(doc, s.index, previous[-1])
                continue
            anaphoric = ANAPHORIC_EVENT.match(s.text)
            for e in events:
                target = None
                if anaphoric and anaphoric.group(1).lower() == e.trigger_text.lower():
                    target = next((o for o in reversed(out) if o.cls == e.cls
                                   and MODALITY_GROUP[o.modality] == MODALITY_GROUP[e.modality]
                                   and s.index - o.sentence <= self.window), None)
                if target is None and definite_noun(doc, self.lexicon.model, e):
                    target = next((o for o in reversed(out) if o.cls == e.cls and o.sentence < e.sentence
                                   and MODALITY_GROUP[o.modality] == MODALITY_GROUP[e.modality]
                                   and s.index - o.sentence <= 2 and not _conflict(o, e)), None)
                target = target or next((o for o in reversed(out) if same_event(doc, o, e)), None)
                if target is not None:
                    merge(target, e)
                else:
                    out.append(e)
        self._inherit_times(doc, out)
        for n, e in enumerate(out):
            e.id = f"event/{doc.briefing.id}-{e.sentence}-{n}"
        doc.events = out
        return doc
