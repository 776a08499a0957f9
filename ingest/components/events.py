"""Events, sentence by sentence: triggers from the ontology's lexicons, what a statement or a
decision says kept as its content, participants, place, time, quantities and modality."""
from __future__ import annotations

import re

from ..draft import Doc, Event, Mention, Participant
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import component
from ..sentences import Sentence
from ..tokens import Token
from .arguments import ArgumentFinder
from .event_merge import agent_of, definite_noun, merge
from .modality import announced, modality_of
from .triggers import BOUNDARY_PUNCT, BOUNDARY_WORDS, TriggerFinder, TriggerHit

# Words that open the complement of a statement or a decision: what follows is its content. Grammar,
# not domain: the domain's words (triggers, head nouns, bg:contextWord) come from the ontology.
CONTENT_OPENERS = frozenset({"that", ":", "\u201c", "\"", "\u00ab"})
# The speech verbs that deny what they report (their forms: 'denied', 'rejects', 'refuted').
DENIAL = re.compile(r"(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?)$")
HEADING = re.compile(r"[^\n]*[^.!?\u2026\"\u201d\u2019')\s]")
# A habit rather than an instance ("exercises are held regularly"): background the guidelines
# leave out. (What has gone on since a date is an ongoing event, which they keep.) Grammar, not domain.
HABITUAL = re.compile(r"\b(?:regularly|annually|routinely|usually|traditionally|as a rule|every (?:year|month|week|"
                      r"summer|autumn|spring|winter)|each (?:year|month))\b", re.I)
PRIOR = re.compile(r"\b(?:previously|earlier|formerly|before that|had been|until then)\b")


@component("events", requires=("mentions", "entities", "times", "quantities"), provides=("events",))
class EventExtractor:
    """The events of each sentence, with their arguments, date, quantities and modality."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        self.model = self.lexicon.model
        self.triggers = TriggerFinder(self.lexicon)
        self.arguments = ArgumentFinder(self.lexicon)
        # What shows a movement or a posture is military with no force named: the head nouns of forces,
        # units and weapons, the nouns of troop movements; and each class's bg:contextWord (below).
        self.military_words = (self.lexicon.force_nouns | set(self.lexicon.unit_heads)
                               | {n.lower() for n in self.model.cls("WeaponSystem").head_nouns}
                               | set(self.model.cls("TroopTransfer").trigger_nouns))
        # What can be deployed (the domain of bg:deployedTo) makes an event military by taking part.
        self.deployable = self.model.properties["deployedTo"].domain

    def __call__(self, doc: Doc) -> Doc:
        doc.events = [e for s in doc.sentences for e in self._events_of(doc, s)]
        return doc

    def _events_of(self, doc: Doc, s: Sentence) -> list[Event]:
        if HEADING.fullmatch(s.text) and len(s.text.split()) <= 12:
            return []          # a heading names a topic, it does not report an event
        tokens = doc.tokens_of(s.index)
        mentions = doc.mentions_in(s.index)
        occupied = [(m.start, m.end) for m in mentions]
        hits = self.triggers.find(doc, s, tokens, occupied)
        if not hits:
            return []
        speakers_before = {id(h): any(m.start < h.start and self.model.cls(m.cls).is_a("Actor")
                                      and not self.arguments.is_source(doc, m) for m in mentions) for h in hits}
        # A report ("X reported that ...") yields the events it reports, not a statement.
        others = [h for h in hits if not self.model.cls(h.cls).is_a("Statement")]
        hits = [h for h in hits if not (h.reporting and (others or not speakers_before[id(h)]))]
        # Content of a statement or a decision is not an event of its own (a threat makes it a threat).
        # A denial's content is the event it denies ("Minsk denied that troops crossed ..."): kept,
        # beside the statement, with the modality the denial gives it.
        kept: list[TriggerHit] = []
        container: TriggerHit | None = None
        content_from: int | None = None
        for h in hits:
            cls = self.model.cls(h.cls)
            if container is not None and h.start > container.start:
                if cls.is_a("Threat") and self.model.cls(container.cls).is_a("Statement"):
                    container.cls = "Threat"
                    continue
                if content_from is not None and h.start >= content_from and not (
                        self._denial(doc, container) and not cls.is_a("Statement")):
                    continue
            kept.append(h)
            if cls.takes_content and not h.reporting and not h.evaluative and container is None and \
                    (speakers_before[id(h)] or cls.is_a("AgreementSigning")):
                container = h
                content_from = self._content_start(tokens, h)
        # Triggers of one class next to each other in one region are one event ("an echelon ... departed").
        regions = self.triggers.regions(tokens, kept, occupied)
        events: list[Event] = []
        for hit, (a, b) in zip(kept, regions):
            span_start = tokens[a].start
            span_end = tokens[b - 1].end if b > a else hit.end
            before = doc.text[span_start:hit.start]
            after = doc.text[hit.end:min(s.end, hit.end + 80)]
            modality = modality_of(s.text, before, after, hit.pos == "noun", doc.text[s.start:hit.start])
            previous_hit = kept[kept.index(hit) - 1] if kept.index(hit) else None
            joined = previous_hit is not None and not any(
                t.lower in BOUNDARY_PUNCT or t.lower in BOUNDARY_WORDS for t in tokens[previous_hit.last:hit.first])
            if events and events[-1].cls == hit.cls and (modality == events[-1].modality or joined):
                # "an echelon ... departed": one event; "arrived ..., but it can move": two.
                event = events[-1]
                event.modality = self.model.stronger_modality(event.modality, modality)
            else:
                event = Event(cls=hit.cls, sentence=s.index, trigger=(hit.start, hit.end),
                              trigger_text=doc.text[hit.start:hit.end], modality=modality)
                events.append(event)
            event.trigger_words.append(doc.text[hit.start:hit.end].lower())
            in_region = [m for m in mentions if span_start <= m.start < span_end]
            self.arguments.fill(doc, s, event, hit, in_region)
            if event.time is None:
                event.time = self.arguments.time(doc, s, hit, span_start, span_end, occupied)
            event.quantities += [q for q in doc.quantities.get(s.index, [])
                                 if span_start <= q.start < span_end and q.unit != "%"
                                 and not any(o[0] <= q.start < o[1] for o in occupied)
                                 and q not in event.quantities]
        self._share_subject(doc, events, mentions, kept)
        self._schedules(doc, s, events, mentions)
        events = self._prior_location(doc, s, events)
        merged: list[Event] = []
        for e in events:
            # One sentence's triggers of one class are one event unless two agents are named
            # ("X signed the treaty": 'signed' and 'treaty'; "A met B, and C met D": two).
            twin = next((o for o in merged if o.cls == e.cls and (agent_of(o) == agent_of(e)
                                                                   or agent_of(o) is None or agent_of(e) is None)), None)
            if twin is not None:
                merge(twin, e)
            else:
                merged.append(e)
        return [e for e in merged if self._plausible(doc, s, e)]

    def _denial(self, doc: Doc, container: TriggerHit) -> bool:
        """Whether a statement's trigger is a denial ('denied', 'rejected', 'dismissed': a speech
        verb of the ontology that is also a cue of the denied modality)."""
        word = doc.text[container.start:container.end].lower()
        return self.model.cls(container.cls).is_a("Statement") and bool(DENIAL.match(word))

    def _content_start(self, tokens: list[Token], container: TriggerHit) -> int | None:
        """Where a statement's or a decision's content begins: right after a speech verb (with or
        without 'that'); after 'that', a colon or a quote near a speech noun; at a decision's
        'to'-infinitive."""
        if self.model.cls(container.cls).is_a("AgreementSigning"):
            openers, limit = CONTENT_OPENERS | {"to"}, 12
        elif container.pos == "verb":
            return tokens[container.last].start if container.last < len(tokens) else None
        else:
            openers, limit = CONTENT_OPENERS, 6
        for tok in tokens[container.last:container.last + limit]:
            if tok.lower in openers:
                return tok.start
        return None

    def _share_subject(self, doc: Doc, events: list[Event], mentions: list[Mention], hits: list[TriggerHit]) -> None:
        """Coordinated verbs share the sentence's subject; a meeting's outcome shares its parties."""
        if not events:
            return
        first = min(h.start for h in hits)
        subject = next((m for m in mentions if m.start < first and self.model.cls(m.cls).is_a("Actor")
                        and not self.arguments.is_source(doc, m)), None)
        meetings = [e for e in events if e.cls == "Meeting"]
        for e in events:
            if definite_noun(doc, self.model, e) and e.trigger[0] > first:
                continue        # "condemned the incursion": the subject did not make the incursion
            if subject and subject.entity and not e.has(subject.entity) \
                    and not any(p.role in ("agent", "speaker") for p in e.participants):
                role = "speaker" if self.model.cls(e.cls).is_a("Statement") else "agent"
                e.participants.insert(0, Participant(role, subject.entity))
            if e.cls == "AgreementSigning":
                for meeting in meetings:
                    for p in meeting.participants:
                        e.add("agent", p.entity)
        for e in meetings:
            actors = [p for p in e.participants if self.model.cls(doc.entities[p.entity].cls).is_a("Actor")]
            if len(actors) < 2:
                outside = sorted((m for m in mentions if m.cls == "Person" and not e.has(m.entity or "")),
                                 key=lambda m: abs(m.start - e.trigger[0]))
                if outside:
                    e.add("agent", outside[0].entity or "")

    def _schedules(self, doc: Doc, s: Sentence, events: list[Event], mentions: list[Mention]) -> None:
        """'will land at X on 3 September', 'according to the ministry, ... will stand combat duty',
        'will practise in Rock-2023': a future with a date, a source or a named operation and no
        hedge is an announced plan, which the guidelines keep, not the author's forecast."""
        attributed = any(self.arguments.is_source(doc, m) for m in mentions)
        named = any(self.model.cls(m.cls).is_a("Operation") for m in mentions)
        for e in events:
            if e.modality == "forecast" and announced(doc.text[s.start:e.trigger[0]]) \
                    and (e.time is not None or attributed or named):
                e.modality = "planned"

    def _prior_location(self, doc: Doc, s: Sentence, events: list[Event]) -> list[Event]:
        """'...departed from X; the vehicles were previously stationed at Y': Y is where the
        movement came from, not a deployment of its own."""
        moves = [e for e in events if e.cls == "TroopTransfer"]
        if not moves:
            return events
        out = []
        for e in events:
            clause = doc.text[max(s.start, e.trigger[0] - 40):e.trigger[0]].lower()
            if e.cls == "Deployment" and PRIOR.search(clause):
                if e.place:
                    moves[0].add("origin", e.place)
                continue
            out.append(e)
        return out

    def _plausible(self, doc: Doc, s: Sentence, e: Event) -> bool:
        """Drop events with nothing to say, and movements or postures with nothing military in them."""
        if not e.participants and not e.place and not e.quantities:
            return False
        clause = doc.text[max(s.start, e.trigger[0] - 80):min(s.end, e.trigger[1] + 60)]
        if HABITUAL.search(clause) and not self.model.cls(e.cls).is_a("SpeechAct"):
            return False
        if self.model.cls(e.cls).is_a("Statement") and not any(p.role == "speaker" for p in e.participants):
            return False
        if self.model.requires_context(e.cls):
            military = any(self._military(doc, p.entity) for p in e.participants)
            unigrams = re.findall(r"[a-z]+", s.text.lower())
            words = set(unigrams) | {" ".join(pair) for pair in zip(unigrams, unigrams[1:])}
            context = self.military_words | self.model.context_words(e.cls)
            return military or bool(words & context) or bool(e.quantities)
        return True

    def _military(self, doc: Doc, entity: str) -> bool:
        cls = self.model.cls(doc.entities[entity].cls)
        return any(cls.is_a(c) for c in self.deployable)
