"""Event arguments: the subject, the roles of the other mentions, the place, and the time."""
from __future__ import annotations

import re

from ..draft import Doc, Event, Mention
from ..lexicon import Lexicon
from ..sentences import Sentence
from ..timex import TimeMention
from .triggers import TriggerHit

DESTINATION = re.compile(r"(?:\b(?:to|into|towards|toward|reached|reach|reaching|arrived in|arrive in|arrives in|arrived at|for)\s+(?:the\s+)?(?:\w+\s+of\s+(?:the\s+)?)?)$", re.I)
ORIGIN = re.compile(r"(?:\bfrom\s+(?:the\s+)?)$", re.I)
LOCATION = re.compile(r"(?:\b(?:in|at|near|on|outside|around|past|inside|within|along|across|over)\s+(?:the\s+)?(?:\w+\s+of\s+(?:the\s+)?)?)$", re.I)
AGENT_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
SOURCE_BEFORE = re.compile(r"(?:\bSource:|\baccording to|\bAccording to)\s*(?:the\s+)?$")
# Grammar, not domain: the prepositions that put a mention in a prepositional phrase. Which classes
# are sources, which events are movements and how specific a place is come from the ontology
# (bg:informationSource, bg:movement, bg:specificityRank).
PREPOSITIONS = frozenset("amid of to from with by for in on at against into towards toward near "
                         "about over under after before during between among via across through".split())


class ArgumentFinder:
    """Fill an event's participants, place and time from the mentions of its stretch of text."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.model = lexicon.model

    def is_source(self, doc: Doc, m: Mention) -> bool:
        """A mention that reports rather than takes part: a media outlet, or a name after 'according to'."""
        if self.model.is_information_source(m.cls):
            return True
        before = doc.text[max(0, m.start - 25):m.start]
        return bool(SOURCE_BEFORE.search(before))

    def _place_role(self, doc: Doc, m: Mention, event_cls: str) -> str | None:
        cls = self.model.cls(m.cls)
        if not (cls.is_a("Place") or cls.is_a("State")):
            return None
        before = doc.text[max(0, m.start - 40):m.start]
        moving = self.model.is_movement(event_cls)
        if moving and DESTINATION.search(before):
            return "destination"
        if moving and ORIGIN.search(before):
            return "origin"
        if LOCATION.search(before):
            return "location"
        return None

    def _is_subject(self, doc: Doc, m: Mention) -> bool:
        """A mention that can be a clause's subject: not inside a prepositional phrase, not a possessive."""
        words = re.findall(r"[\w']+", doc.text[max(0, m.start - 30):m.start].lower())
        while words and words[-1] in ("the", "a", "an", "self-proclaimed", "once", "also", "then", "now"):
            words.pop()
        possessive = doc.text[m.end:m.end + 2] in ("\u2019s", "'s") or doc.text[m.end:m.end + 1] in ("\u2019", "'")
        return not (words and words[-1] in PREPOSITIONS) and not possessive

    def _role(self, m: Mention, trigger: TriggerHit, agent: Mention | None, doc: Doc) -> str:
        cls = self.model.cls(m.cls)
        if cls.is_a("WeaponSystem"):
            return "equipment"
        if self.model.cls(trigger.cls).is_a("TroopTransfer") and (cls.is_a("Company") or cls.is_a("Government")) \
                and m is not agent:
            return "carrier"      # a railway that carries, a police force that escorts
        if m is agent or AGENT_BY.search(doc.text[max(0, m.start - 10):m.start]):
            return "speaker" if self.model.cls(trigger.cls).is_a("Statement") else "agent"
        if self.model.cls(trigger.cls).is_a("Statement"):
            return "topic"
        if cls.is_a("MilitaryUnit") or cls.is_a("ArmedForces"):
            return "unit"
        return "target" if m.start > trigger.start else "participant"

    def agent(self, doc: Doc, hit: TriggerHit, mentions: list[Mention]) -> Mention | None:
        """The subject: the nearest actor before the trigger that is not in a prepositional phrase;
        for a noun trigger, also its possessor ("the Ukrainian Armed Forces' incursion")."""
        before = [m for m in mentions if m.end <= hit.start and self.model.cls(m.cls).is_a("Actor")
                  and not self.is_source(doc, m)]
        if hit.pos == "noun" and before and re.fullmatch(r"(?:\u2019s?|'s?)\s+(?:\w+\s+){0,2}", doc.text[before[-1].end:hit.start]):
            return before[-1]
        if hit.pos == "verb" and before and re.fullmatch(r"(?:\u2019s?|'s?)\s+(?:\w+\s+){1,2}to\s+", doc.text[before[-1].end:hit.start]):
            return before[-1]      # "Lukashenka's steps to strengthen ..."
        subjects = [m for m in before if self._is_subject(doc, m)]
        return subjects[-1] if subjects else None

    def fill(self, doc: Doc, s: Sentence, event: Event, hit: TriggerHit, mentions: list[Mention]) -> None:
        places: dict[str, list[tuple[int, Mention]]] = {"destination": [], "location": [], "origin": []}
        mentions = [m for m in mentions if m.entity and m.source != "nested" and not self.is_source(doc, m)]
        agent = self.agent(doc, hit, mentions)
        for m in mentions:
            role = None if m is agent else self._place_role(doc, m, event.cls)
            if role:
                places[role].append((self.model.specificity_rank(m.cls), m))
                continue
            if self.model.cls(m.cls).is_a("Place"):
                continue      # a place named without a locative ('Slutsk (Minsk Oblast)'): see below
            event.add(self._role(m, hit, agent, doc), m.entity or "")
        for role in ("destination", "location", "origin"):
            if places[role]:
                best = min(places[role], key=lambda pm: (pm[0], pm[1].start))[1]
                event.place = event.place or best.entity
                for _, m in places[role]:
                    if m.entity != event.place and role in ("destination", "origin"):
                        event.add(role, m.entity or "")
        if event.place is None and not self.model.cls(event.cls).is_a("SpeechAct"):
            # "strengthen the defence of the border": a place named in the event's phrase.
            named = [m for m in mentions if m is not agent and self.model.cls(m.cls).is_a("Place")]
            if named:
                event.place = min(named, key=lambda m: (self.model.specificity_rank(m.cls), m.start)).entity
        if event.place:
            event.participants = [p for p in event.participants if p.entity != event.place]

    def time(self, doc: Doc, s: Sentence, hit: TriggerHit, start: int, end: int,
             occupied: list[tuple[int, int]]) -> TimeMention | None:
        """The time in the trigger's region nearest to it; else the nearest one before the trigger
        (a sentence-initial 'On 24 June, ...' dates every event of the sentence)."""
        times = [t for t in doc.times.get(s.index, []) if not any(a <= t.start < b for a, b in occupied)]
        near = [t for t in times if start <= t.start < end]
        if near:
            return min(near, key=lambda t: abs(t.start - hit.start))
        earlier = [t for t in times if t.end <= hit.start]
        return earlier[-1] if earlier else None
