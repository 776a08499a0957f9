"""Resolve mentions to entities: overlaps, metonyms by context, demonyms with force nouns, titles
to the post holder at the briefing's date, anaphoric 'the grouping', new entities' ids."""
from __future__ import annotations

import bisect
import datetime as dt
import re

from briefgraph.ontology.names import slugify

from ..draft import Doc, EntityRecord, Mention
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import component

# Prepositions after which a capital's name is a place, not the state acting.
LOCATIVE = re.compile(r"(?:\b(?:in|near|to|from|outside|around|at|towards|toward|via|into|of|across|through|"
                      r"reach|reached|reaching|left|leave|leaves|leaving|entered|enter|enters|departed|"
                      r"visited|visit|visits|visiting|bypassed|past)\s+(?:the\s+)?)$",
                      re.IGNORECASE)
# Engineering, not domain: which component's guess wins an overlap (the rules over the statistical model).
SOURCE_RANK = {"gazetteer": 0, "unit-pattern": 1, "place-pattern": 1, "weapon-pattern": 1, "author": 1, "ner": 3}
ANAPHOR = re.compile(r"\b[Tt]he\s+([a-z]+)\b")
# A sentence that opens on a personal pronoun continues about the person last named. Grammar.
PRONOUN = re.compile(r"(?:He|She)\b")
# How many sentences back, within the paragraph, a pronoun's antecedent may stand.
PRONOUN_REACH = 3


def _rank(m: Mention) -> tuple[int, bool, int, int]:
    known = bool(m.candidates)
    return (-(m.end - m.start), not known, SOURCE_RANK.get(m.source, 2), m.start)


def remove_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest mention where spans overlap (a known entity over a new one on ties); a
    statistical guess never overrides a name the gazetteer or a pattern found."""
    if not mentions:
        return []
    size = max(m.end for m in mentions)
    ruled = bytearray(size)               # characters covered by the rules' mentions
    for m in mentions:
        if m.source != "ner":
            ruled[m.start:m.end] = b"\x01" * (m.end - m.start)
    mentions = [m for m in mentions if m.source != "ner" or not any(ruled[m.start:m.end])]
    # Names inside a longer name, and the second of two coordinated units, overlap on purpose.
    kept = [m for m in mentions if m.source == "nested" or m.form == "coordinated"]
    taken = bytearray(size)
    for m in sorted((m for m in mentions if m.source != "nested" and m.form != "coordinated"), key=_rank):
        if any(taken[m.start:m.end]):
            continue
        kept.append(m)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return sorted(kept, key=lambda m: (m.start, m.end))


@component("resolver", requires=("mentions",), provides=("entities",))
class Resolver:
    """Give every mention an entity id and collect the entities of the document."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()

    def _new_entity(self, m: Mention) -> str:
        kind = self.lexicon.model.id_kind(m.cls)
        return f"{kind}/{slugify(m.label or m.text)}"

    def _choose(self, doc: Doc, m: Mention) -> str | None:
        gazetteer = self.lexicon.gazetteer
        if len(m.candidates) > 1:
            before = doc.text[max(0, m.start - 30):m.start]
            places = [c for c in m.candidates if self.lexicon.model.cls(gazetteer.entries[c].cls).is_a("Place")]
            others = [c for c in m.candidates if c not in places]
            if places and others:
                # "WARSAW, Sept 10 -": a dateline names where the report was filed.
                dateline = m.text.isupper() and doc.text[m.end:m.end + 1] == "," and \
                    (m.start == 0 or doc.text[m.start - 1] == "\n")
                based = doc.text[m.end:m.end + 6] == "-based"      # "the Minsk-based agency"
                return places[0] if dateline or based or LOCATIVE.search(before) else others[0]
        return m.candidates[0] if m.candidates else None

    def _forces_named(self, state: str, modifiers: list[str]) -> str | None:
        """The state's force whose name has every modifier ('territorial' -> Territorial Defence
        Troops), or its armed forces as a whole when there is no modifier."""
        if not modifiers:
            return self.lexicon.main_forces.get(state)
        found = [e.id for e in self.lexicon.gazetteer.entries.values()
                 if e.cls == "ArmedForces" and state in e.countries
                 and all(any(w.startswith(mod[:6]) for w in e.label.lower().split()) for mod in modifiers)]
        return found[0] if len(found) == 1 else None

    def _demonym(self, doc: Doc, m: Mention) -> None:
        """'Russian troops' is the state's armed forces, 'Belarusian territorial troops' one of its
        services; 'Belarusian territory' is the state itself."""
        after = re.match(r"\s+((?:[a-z]+\s+){0,2}[a-z]+)", doc.text[m.end:m.end + 50])
        if not after:
            return
        words = after.group(1).split()
        for n in range(len(words), 0, -1):
            for k in (2, 1):
                noun = " ".join(words[n - k:n]) if n - k >= 0 else ""
                if noun and noun in self.lexicon.force_nouns:
                    modifiers = [w for w in words[:n - k] if w not in ("military", "armed")]
                    forces = self._forces_named(m.entity or "", modifiers)
                    if forces:
                        m.entity, m.cls, m.form = forces, "ArmedForces", "alias"
                        m.end = m.end + after.start(1) + len(" ".join(words[:n]))
                        m.text = doc.text[m.start:m.end]
                    return

    def _title(self, doc: Doc, m: Mention, day: dt.date | None) -> None:
        """A title followed by a name stays a title (relations use it); alone, it is its holder,
        when the posts it may name had one holder at the briefing's date (or one named here)."""
        nxt = next((o for o in doc.mentions if o.start >= m.end and o.start - m.end <= 2), None)
        if nxt is not None and nxt.cls == "Person" or day is None:
            return
        holders: dict[str, str] = {}       # holder -> the post it holds
        for post in m.candidates:
            holder = self.lexicon.gazetteer.holder(post, day)
            if holder:
                holders.setdefault(holder, post)
        if len(holders) > 1:
            named = {c for o in doc.mentions if o is not m for c in o.candidates}
            holders = {h: p for h, p in holders.items() if h in named}
        if len(holders) == 1:
            (holder, post), = holders.items()
            m.entity, m.cls, m.form, m.post = holder, "Person", "title", post

    def _anaphors(self, doc: Doc) -> None:
        """'the grouping' after 'the regional grouping ...': the last organisation whose name ends so."""
        taken = [(m.start, m.end) for m in doc.mentions]
        seen: dict[str, str] = {}
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        new = []
        for s in doc.sentences:
            for m in by_sentence.get(s.index, []):
                if m.entity and m.cls not in ("Person", "State") and self.lexicon.model.cls(m.cls).is_a("Organization"):
                    record = doc.entities.get(m.entity)
                    names = {m.text, *(record.aliases if record else ()), record.label if record else ""}
                    for name in names:
                        words = name.lower().split()
                        if len(words) > 1 and words[-1].isalpha():
                            seen[words[-1]] = m.entity
            for a in ANAPHOR.finditer(s.text):
                noun = a.group(1)
                start, end = s.start + a.start(1), s.start + a.end(1)
                if noun in seen and not any(start < e and b < end for b, e in taken):
                    ent = seen[noun]
                    new.append(Mention(start, end, noun, s.index, doc.entities[ent].cls, "anaphora", "designation",
                                       candidates=(ent,), entity=ent))
        doc.mentions = sorted(doc.mentions + new, key=lambda m: (m.start, m.end))

    def _pronouns(self, doc: Doc) -> None:
        """'Lukashenka met ... . He said ...': a sentence that opens on 'He' or 'She' is about the
        person named first (the subject, in English order) in the last sentence before it that names
        one, within its paragraph and a few sentences."""
        last: tuple[int, Mention] | None = None       # (sentence index, mention) of the last person
        starts = [start for start, _ in doc.briefing.paragraphs]
        paragraph_of = {s.index: bisect.bisect_right(starts, s.start) for s in doc.sentences}
        new = []
        for s in doc.sentences:
            opener = PRONOUN.match(s.text)
            if opener and last and s.index - last[0] <= PRONOUN_REACH \
                    and paragraph_of.get(s.index) == paragraph_of.get(last[0]):
                person = last[1]
                new.append(Mention(s.start, s.start + opener.end(), opener.group(), s.index, "Person", "pronoun",
                                   "pronoun", candidates=(person.entity or "",), entity=person.entity))
            people = [m for m in doc.mentions_in(s.index) if m.cls == "Person"]
            if people:
                last = (s.index, people[0])
        doc.mentions = sorted(doc.mentions + new, key=lambda m: (m.start, m.end))

    def _record(self, doc: Doc, m: Mention) -> None:
        gazetteer = self.lexicon.gazetteer
        record = doc.entities.get(m.entity or "")
        if record is None:
            entry = gazetteer.entries.get(m.entity or "")
            if entry:
                record = EntityRecord(entry.id, entry.label, entry.cls, entry.wikidata, known=True)
            else:
                record = EntityRecord(m.entity or "", m.label or m.text, m.cls, known=False)
            doc.entities[record.id] = record
        if m.form not in ("title", "pronoun"):
            record.aliases.add(m.text)

    def __call__(self, doc: Doc) -> Doc:
        doc.mentions = remove_overlaps(doc.mentions)
        day = doc.briefing.reference_date
        for m in doc.mentions:
            if m.form == "title":
                self._title(doc, m, day)
                continue
            m.entity = self._choose(doc, m) or self._new_entity(m)
            entry = self.lexicon.gazetteer.entries.get(m.entity)
            if entry:
                m.cls = entry.cls
            if m.form == "demonym":
                self._demonym(doc, m)
        for m in doc.mentions:
            if m.entity:
                self._record(doc, m)
        self._anaphors(doc)
        self._pronouns(doc)
        for m in doc.mentions:
            if m.entity and m.source == "anaphora":
                self._record(doc, m)
        return doc
