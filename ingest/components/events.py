"""Events: triggers from the ontology's lexicons, participants in roles from the sentence's
structure, place, time, quantities and modality; continuation sentences and repeated reports of
one event merged."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..doc import Doc, Event, Mention, Participant
from ..inflect import verb_forms
from ..lexicon import Lexicon, Trigger, load_lexicon
from ..pipeline import component
from ..sentences import Sentence
from ..tokens import Token
from .modality import modality_of

DETERMINERS = frozenset("the a an this that these those its their his her our another every each of".split())
# Adjectives that, after a determiner, put the next word in a noun phrase ("the first trains").
ADJECTIVES = frozenset("first last second third new previous large military joint latest next".split())
VERB_CONTEXT = frozenset("to will would can could may might must shall should did do does not n't has "
                         "have had is are was were be been being they he she it we who which also "
                         "reportedly allegedly already".split())
BOUNDARY_WORDS = frozenset({"and", "but", "while", "whereas", "which", "where", "although", "though", "after", "before"})
BOUNDARY_PUNCT = frozenset({",", ";", ":", "(", ")", "\u2013", "\u2014"})
DESTINATION = re.compile(r"(?:\b(?:to|into|towards|toward|reached|reach|reaching|arrived in|arrive in|arrives in|arrived at|for)\s+(?:the\s+)?(?:\w+\s+of\s+(?:the\s+)?)?)$", re.I)
ORIGIN = re.compile(r"(?:\bfrom\s+(?:the\s+)?)$", re.I)
LOCATION = re.compile(r"(?:\b(?:in|at|near|on|outside|around|past|inside|within|along|across|over)\s+(?:the\s+)?(?:\w+\s+of\s+(?:the\s+)?)?)$", re.I)
AGENT_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
SOURCE_CLASSES = ("MediaOutlet", "MonitoringGroup")
PLACE_RANK = {"Settlement": 0, "RailwayStation": 0, "TrainingGround": 0, "Airfield": 0, "Border": 0,
              "District": 1, "AdministrativeRegion": 2, "Place": 2, "MacroRegion": 3, "State": 3}
# "the main channel for delivering troops": a gerund after a preposition names an activity, not an event.
GENERIC_BEFORE_GERUND = frozenset({"for", "of", "about", "in", "on", "without", "by", "at"})
# Words that open the complement of a statement or a decision: what follows is its content.
CONTENT_OPENERS = frozenset({"that", ":", "\u201c", "\"", "\u00ab"})
PREPOSITIONS = frozenset("amid of to from with by for in on at against into towards toward near "
                         "about over under after before during between among via across through".split())
# Words that make a posture or movement military even with no force or weapon named.
MILITARY_CONTEXT = frozenset({"defence", "defense", "border", "combat", "military", "echelons", "convoys"})
HEADING = re.compile(r"[^\n]*[^.!?\u2026\"\u201d\u2019')\s]")
PRIOR = re.compile(r"\b(?:previously|earlier|formerly|before that|had been|until then)\b")
MOVEMENT = ("TroopTransfer", "Deployment", "Incursion", "ArmsTransfer", "AirspaceViolation", "Visit")
# Reports of one event with and without attribution ("according to ...") are the same event.
MODALITY_GROUP = {"reported": "asserted", "alleged": "asserted", "planned": "planned", "forecast": "forecast",
                  "conditional": "conditional", "denied": "denied"}
ARRIVAL = ("arriv", "reach", "unload", "enter")
MODALITY_STRENGTH = ("reported", "alleged", "planned", "forecast", "conditional", "denied")
ORDINALS = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b", re.I)
CONTINUATION = re.compile(r"^(?:It|They|These|This|That|The|Its|Their)\b")
ANAPHORIC_EVENT = re.compile(r"^(?:[A-Z]\w*:\s+)?(?:[\w\s]{0,40}?\b(?:noted|said|reported|added|stated)\s+that\s+)?(?:the|this|that)\s+(?:current\s+|same\s+|latest\s+)?(\w+)", re.I)


@dataclass
class TriggerHit:
    """A trigger found in a sentence: its tokens and the event class it signals."""

    first: int               # token index in the sentence
    last: int                # exclusive
    start: int
    end: int
    cls: str
    pos: str
    reporting: bool = False
    evaluative: bool = False


@component("events", requires=("mentions", "entities", "times", "quantities"), provides=("events",))
class EventExtractor:
    """One event per trigger group, with its arguments, date, quantities and modality."""

    def __init__(self, lexicon: Lexicon | None = None, merge_window: int = 6):
        self.lexicon = lexicon or load_lexicon()
        self.model = self.lexicon.model
        self.merge_window = merge_window
        self.reporting = {f for c in self.model.event_classes for v in c.reporting_verbs for f in verb_forms(v)}
        self.evaluative = {f for c in self.model.event_classes for v in c.evaluative_verbs for f in verb_forms(v)}
        self.military_words = (MILITARY_CONTEXT | self.lexicon.force_nouns | set(self.lexicon.unit_heads)
                               | {n.lower() for n in self.model.cls("WeaponSystem").head_nouns}
                               | set(self.model.cls("TroopTransfer").trigger_nouns))

    # ---- triggers -------------------------------------------------------------------------
    def _pick(self, triggers: list[Trigger], prev: str, prev_is_name: bool) -> Trigger | None:
        verbs = [t for t in triggers if t.pos == "verb"]
        nouns = [t for t in triggers if t.pos == "noun"]
        noun_context = (prev in DETERMINERS or prev.endswith(("'s", "\u2019s", "s'")) or prev[:1].isdigit()
                        or prev in ADJECTIVES and not prev_is_name)
        if verbs and nouns:
            # "the first trains" is a noun, "were training" a verb; with no clue, the verb.
            triggers = nouns if noun_context else verbs
        elif verbs and noun_context:
            return None          # "this move": a verb trigger used as a noun it is not
        classes = {t.cls for t in triggers}
        deepest = [t for t in triggers if not any(self.model.cls(o).is_a(t.cls) and o != t.cls for o in classes)]
        non_statement = [t for t in deepest if not self.model.cls(t.cls).is_a("Statement")]
        chosen = non_statement or deepest
        return sorted(chosen, key=lambda t: t.cls)[0] if chosen else None

    def _triggers(self, doc: Doc, s: Sentence, tokens: list[Token], occupied: list[tuple[int, int]]) -> list[TriggerHit]:
        lower = [t.lower for t in tokens]
        hits: list[TriggerHit] = []
        i = 0
        max_words = self.lexicon.trigger_max_words
        first_words = self.lexicon.trigger_first_words
        while i < len(tokens):
            found = None
            if lower[i] not in first_words:
                i += 1
                continue
            for k in range(min(max_words, len(tokens) - i), 0, -1):
                phrase = " ".join(lower[i:i + k])
                if phrase in self.lexicon.triggers:
                    found = (k, self.lexicon.triggers[phrase])
                    break
            if found:
                k, triggers = found
                start, end = tokens[i].start, tokens[i + k - 1].end
                inside_name = any(a < end and start < b for a, b in occupied)
                prev = lower[i - 1] if i else ""
                generic = lower[i].endswith("ing") and prev in GENERIC_BEFORE_GERUND
                prev_is_name = i > 0 and any(a < tokens[i - 1].end <= b for a, b in occupied)
                in_quantity = any(q.start <= start < q.end for q in doc.quantities.get(s.index, []))
                trig = None if inside_name or generic or in_quantity or tokens[i].text[0].isupper() and i > 0 \
                    else self._pick(triggers, prev, prev_is_name)
                if trig:
                    hits.append(TriggerHit(i, i + k, start, end, trig.cls, trig.pos,
                                           reporting=trig.pos == "verb" and lower[i] in self.reporting,
                                           evaluative=trig.pos == "verb" and lower[i] in self.evaluative))
                i += k
            else:
                i += 1
        text_lower = s.text.lower()
        for anchor, pattern, trig in self.lexicon.wildcards:
            if anchor not in text_lower:
                continue
            for m in pattern.finditer(s.text):
                start, end = s.start + m.start(), s.start + m.end()
                if any(h.start < end and start < h.end and h.cls == trig.cls for h in hits):
                    continue
                first = doc.token_index(start) - doc.sentence_tokens[s.index][0]
                last = doc.token_index(end) - doc.sentence_tokens[s.index][0]
                hits = [h for h in hits if not (h.start < end and start < h.end)]
                hits.append(TriggerHit(first, last, start, end, trig.cls, trig.pos))
        return sorted(hits, key=lambda h: h.start)

    # ---- arguments ------------------------------------------------------------------------
    def _regions(self, tokens: list[Token], hits: list[TriggerHit],
                 occupied: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The token range each trigger owns: split at the last clause boundary between two
        triggers ('and' inside a name such as '6th and 11th brigades' is none)."""
        bounds = []
        for a, b in zip(hits, hits[1:]):
            cut = next((j for j in range(b.first - 1, a.last - 1, -1)
                        if (tokens[j].lower in BOUNDARY_PUNCT or tokens[j].lower in BOUNDARY_WORDS)
                        and not any(s <= tokens[j].start < e for s, e in occupied)), b.first)
            bounds.append(cut)
        starts = [0] + bounds
        ends = bounds + [len(tokens)]
        return list(zip(starts, ends))

    def _is_source(self, doc: Doc, m: Mention) -> bool:
        cls = self.model.cls(m.cls)
        if any(cls.is_a(c) for c in SOURCE_CLASSES):
            return True
        before = doc.text[max(0, m.start - 25):m.start]
        return bool(re.search(r"(?:\bSource:|\baccording to|\bAccording to)\s*(?:the\s+)?$", before))

    def _place_role(self, doc: Doc, m: Mention, event_cls: str) -> str | None:
        cls = self.model.cls(m.cls)
        if not (cls.is_a("Place") or cls.is_a("State")):
            return None
        before = doc.text[max(0, m.start - 40):m.start]
        moving = any(self.model.cls(event_cls).is_a(c) for c in MOVEMENT)
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

    def _agent(self, doc: Doc, hit: TriggerHit, mentions: list[Mention]) -> Mention | None:
        """The subject: the nearest actor before the trigger that is not in a prepositional phrase;
        for a noun trigger, also its possessor ("the Ukrainian Armed Forces' incursion")."""
        before = [m for m in mentions if m.end <= hit.start and self.model.cls(m.cls).is_a("Actor")
                  and not self._is_source(doc, m)]
        if hit.pos == "noun" and before and re.fullmatch(r"(?:\u2019s?|'s?)\s+(?:\w+\s+){0,2}", doc.text[before[-1].end:hit.start]):
            return before[-1]
        if hit.pos == "verb" and before and re.fullmatch(r"(?:\u2019s?|'s?)\s+(?:\w+\s+){1,2}to\s+", doc.text[before[-1].end:hit.start]):
            return before[-1]      # "Lukashenka's steps to strengthen ..."
        subjects = [m for m in before if self._is_subject(doc, m)]
        return subjects[-1] if subjects else None

    def _fill(self, doc: Doc, s: Sentence, event: Event, hit: TriggerHit, mentions: list[Mention]) -> None:
        places: dict[str, list[tuple[int, Mention]]] = {"destination": [], "location": [], "origin": []}
        mentions = [m for m in mentions if m.entity and m.source != "nested" and not self._is_source(doc, m)]
        agent = self._agent(doc, hit, mentions)
        for m in mentions:
            role = None if m is agent else self._place_role(doc, m, event.cls)
            if role:
                places[role].append((PLACE_RANK.get(m.cls, 2), m))
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
                event.place = min(named, key=lambda m: (PLACE_RANK.get(m.cls, 2), m.start)).entity
        if event.place:
            event.participants = [p for p in event.participants if p.entity != event.place]

    # ---- building -------------------------------------------------------------------------
    def _events_of(self, doc: Doc, s: Sentence) -> list[Event]:
        if HEADING.fullmatch(s.text) and len(s.text.split()) <= 12:
            return []          # a heading names a topic, it does not report an event
        tokens = doc.tokens_of(s.index)
        mentions = [m for m in doc.mentions if m.sentence == s.index and m.entity]
        occupied = [(m.start, m.end) for m in mentions]
        hits = self._triggers(doc, s, tokens, occupied)
        if not hits:
            return []
        speakers_before = {id(h): any(m.start < h.start and self.model.cls(m.cls).is_a("Actor")
                                      and not self._is_source(doc, m) for m in mentions) for h in hits}
        # A report ("X reported that ...") yields the events it reports, not a statement.
        others = [h for h in hits if not self.model.cls(h.cls).is_a("Statement")]
        hits = [h for h in hits if not (h.reporting and (others or not speakers_before[id(h)]))]
        # Content of a statement or a decision is not an event of its own (a threat makes it a threat).
        kept: list[TriggerHit] = []
        container: TriggerHit | None = None
        content_from: int | None = None
        for h in hits:
            cls = self.model.cls(h.cls)
            if container is not None and h.start > container.start:
                if cls.is_a("Threat") and self.model.cls(container.cls).is_a("Statement"):
                    container.cls = "Threat"
                    continue
                if content_from is not None and h.start >= content_from:
                    continue
            kept.append(h)
            if cls.takes_content and not h.reporting and not h.evaluative and container is None and \
                    (speakers_before[id(h)] or cls.is_a("AgreementSigning")):
                container = h
                content_from = self._content_start(tokens, h)
        # Triggers of one class next to each other in one region are one event ("an echelon ... departed").
        regions = self._regions(tokens, kept, occupied)
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
                event.modality = max(event.modality, modality, key=MODALITY_STRENGTH.index)
            else:
                event = Event(cls=hit.cls, sentence=s.index, trigger=(hit.start, hit.end),
                              trigger_text=doc.text[hit.start:hit.end], modality=modality)
                events.append(event)
            event.trigger_words.append(doc.text[hit.start:hit.end].lower())
            in_region = [m for m in mentions if span_start <= m.start < span_end]
            self._fill(doc, s, event, hit, in_region)
            if event.time is None:
                event.time = self._time(doc, s, hit, span_start, span_end, occupied)
            event.quantities += [q for q in doc.quantities.get(s.index, [])
                                 if span_start <= q.start < span_end and q.unit != "%"
                                 and not any(o[0] <= q.start < o[1] for o in occupied)
                                 and q not in event.quantities]
        self._share_subject(doc, events, mentions, kept)
        events = self._prior_location(doc, s, events)
        merged: list[Event] = []
        for e in events:
            twin = next((o for o in merged if o.cls == e.cls and self._agent_of(o) == self._agent_of(e)), None)
            if twin is not None:
                self._merge(twin, e)
            else:
                merged.append(e)
        return [e for e in merged if self._plausible(doc, s, e)]

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

    @staticmethod
    def _agent_of(e: Event) -> str | None:
        return next((p.entity for p in e.participants if p.role in ("agent", "speaker")), None)

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

    def _time(self, doc: Doc, s: Sentence, hit: TriggerHit, start: int, end: int, occupied) -> "object | None":
        """The time in the trigger's region nearest to it; else the nearest one before the trigger
        (a sentence-initial 'On 24 June, ...' dates every event of the sentence)."""
        times = [t for t in doc.times.get(s.index, []) if not any(a <= t.start < b for a, b in occupied)]
        near = [t for t in times if start <= t.start < end]
        if near:
            return min(near, key=lambda t: abs(t.start - hit.start))
        earlier = [t for t in times if t.end <= hit.start]
        return earlier[-1] if earlier else None

    def _share_subject(self, doc: Doc, events: list[Event], mentions: list[Mention], hits: list[TriggerHit]) -> None:
        """Coordinated verbs share the sentence's subject; a meeting's outcome shares its parties."""
        if not events:
            return
        first = min(h.start for h in hits)
        subject = next((m for m in mentions if m.start < first and self.model.cls(m.cls).is_a("Actor")
                        and not self._is_source(doc, m)), None)
        meetings = [e for e in events if e.cls == "Meeting"]
        for e in events:
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

    def _plausible(self, doc: Doc, s: Sentence, e: Event) -> bool:
        """Drop events with nothing to say, and movements or postures with nothing military in them."""
        if not e.participants and not e.place and not e.quantities:
            return False
        if self.model.cls(e.cls).is_a("Statement") and not any(p.role == "speaker" for p in e.participants):
            return False
        if e.cls in ("TroopTransfer", "Deployment"):
            military = any(self._military(doc, p.entity) for p in e.participants)
            unigrams = re.findall(r"[a-z]+", s.text.lower())
            words = set(unigrams) | {" ".join(pair) for pair in zip(unigrams, unigrams[1:])}
            return military or bool(words & self.military_words) or bool(e.quantities)
        return True

    def _military(self, doc: Doc, entity: str) -> bool:
        cls = self.model.cls(doc.entities[entity].cls)
        return any(cls.is_a(c) for c in ("ArmedForces", "MilitaryUnit", "WeaponSystem", "PrivateMilitaryCompany"))

    # ---- across sentences -----------------------------------------------------------------
    @staticmethod
    def _ordinal(doc: Doc, e: Event) -> str | None:
        window = doc.text[max(0, e.trigger[0] - 30):e.trigger[0]]
        found = ORDINALS.findall(window)
        return found[-1].lower() if found else None

    def _merge(self, into: Event, other: Event) -> None:
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

    def _same_event(self, doc: Doc, a: Event, b: Event) -> bool:
        if a.cls != b.cls or MODALITY_GROUP[a.modality] != MODALITY_GROUP[b.modality]:
            return False
        if (a.time and b.time and a.time.iso != b.time.iso) or (a.place and b.place and a.place != b.place):
            return False
        oa, ob = self._ordinal(doc, a), self._ordinal(doc, b)
        if oa != ob:
            return False
        agent_a, agent_b = self._agent_of(a), self._agent_of(b)
        if agent_a != agent_b:
            return False
        pa = {p.entity for p in a.participants}
        pb = {p.entity for p in b.participants}
        return bool(pa) and bool(pb) and (pa <= pb or pb <= pa) and a.time == b.time

    def __call__(self, doc: Doc) -> Doc:
        out: list[Event] = []
        for s in doc.sentences:
            events = self._events_of(doc, s)
            previous = [e for e in out if s.index - e.sentence <= 1]
            anaphoric = ANAPHORIC_EVENT.match(s.text)
            if not events and previous and CONTINUATION.match(s.text):
                # "It included 20 BMP-2, ..." continues the event of the sentence before.
                extra = Event(cls=previous[-1].cls, sentence=s.index, trigger=previous[-1].trigger, trigger_text="")
                self._fill(doc, s, extra, TriggerHit(0, 0, s.start, s.start, extra.cls, "noun"),
                           [m for m in doc.mentions if m.sentence == s.index and m.entity])
                extra.quantities = [q for q in doc.quantities.get(s.index, []) if q.unit != "%"]
                self._merge(previous[-1], extra)
                continue
            for e in events:
                target = None
                if anaphoric and anaphoric.group(1).lower() in {w.lower() for w in [e.trigger_text]}:
                    target = next((o for o in reversed(out) if o.cls == e.cls
                                   and MODALITY_GROUP[o.modality] == MODALITY_GROUP[e.modality]
                                   and s.index - o.sentence <= self.merge_window), None)
                target = target or next((o for o in reversed(out) if self._same_event(doc, o, e)), None)
                if target is not None:
                    self._merge(target, e)
                else:
                    out.append(e)
        for n, e in enumerate(out):
            e.id = f"event/{doc.briefing.id}-{e.sentence}-{n}"
        doc.events = out
        return doc
