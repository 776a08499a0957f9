"""Event triggers: the words of the ontology's lexicons found in a sentence, with the part of
speech told from context, and the stretch of the sentence each trigger owns."""
from __future__ import annotations

import re

from dataclasses import dataclass

from ..draft import Doc
from ..inflect import verb_forms
from ..lexicon import Lexicon, Trigger
from ..sentences import Sentence
from ..tokens import Token

# Function words and punctuation that shape English clauses: grammar, not domain, so they stay here
# (the trigger words themselves are the ontology's bg:triggerVerb and bg:triggerNoun).
DETERMINERS = frozenset("the a an this that these those its their his her our another every each of".split())
# Adjectives that, after a determiner, put the next word in a noun phrase ("the first trains").
ADJECTIVES = frozenset("first last second third new previous large military joint latest next".split())
BOUNDARY_WORDS = frozenset({"and", "but", "while", "whereas", "which", "where", "although", "though", "after", "before"})
BOUNDARY_PUNCT = frozenset({",", ";", ":", "(", ")", "\u2013", "\u2014"})
# "the main channel for delivering troops": a gerund after a preposition names an activity, not an event.
GENERIC_BEFORE_GERUND = frozenset({"for", "of", "about", "in", "on", "without", "by", "at"})
# A purpose rather than an event: "the centre is intended for the joint training of crews", "used
# these camps to train its men". Grammar, not domain.
PURPOSE_BEFORE = re.compile(r"\b(?:used|uses|use|using|intended|designed|aimed|meant|built|set up|created|formed?|"
                            r"established)\b[^,.;:]{0,50}\b(?:to|for)\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+)?$")
# A noun inside a phrase that cites it as an authority names no new event: "in line with a decision of
# the two presidents", "under the 1997 agreement". Grammar, not domain.
CITED_BEFORE = re.compile(r"\b(?:in line with|in accordance with|under|pursuant to|according to|on the basis of)\s+"
                          r"(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# "Lukashenko, often called Europe's last dictator", "is widely described as": a speech verb's passive
# participle after a frequency adverb names or characterises, it reports no speech. Grammar, not domain.
NAMING_ADVERBS = frozenset({"often", "also", "sometimes", "widely", "commonly", "frequently", "usually",
                            "popularly", "once", "still"})
NAMING_BEFORE_ADVERB = frozenset({",", "(", "is", "are", "was", "were", "been", "be", "being"})
# A noun that a trigger word modifies names a thing, not an event: "training centre", "combat duty
# station", "deployment area". Grammar (English compounds), not domain.
COMPOUND_HEADS = frozenset({"centre", "centres", "center", "centers", "ground", "grounds", "camp", "camps",
                            "facility", "facilities", "school", "schools", "area", "areas", "range", "ranges",
                            "base", "bases", "site", "sites", "unit", "units", "programme", "programmes",
                            "program", "programs", "plan", "plans", "aircraft", "vehicles", "ammunition"})


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


class TriggerFinder:
    """Find the triggers of a sentence and split the sentence between them."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.model = lexicon.model
        self.reporting = {f for c in self.model.event_classes for v in c.reporting_verbs for f in verb_forms(v)}
        self.evaluative = {f for c in self.model.event_classes for v in c.evaluative_verbs for f in verb_forms(v)}

    def _pick(self, triggers: list[Trigger], prev: str, prev_is_name: bool, nxt: str = "") -> Trigger | None:
        verbs = [t for t in triggers if t.pos == "verb"]
        nouns = [t for t in triggers if t.pos == "noun"]
        if nxt == "of" and not nouns:
            return None          # "head of the department": a verb trigger used as a noun it is not
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

    def find(self, doc: Doc, s: Sentence, tokens: list[Token], occupied: list[tuple[int, int]]) -> list[TriggerHit]:
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
                nxt = lower[i + k] if i + k < len(lower) else ""
                generic = (lower[i].endswith("ing") and prev in GENERIC_BEFORE_GERUND or nxt in COMPOUND_HEADS
                           or bool(PURPOSE_BEFORE.search(doc.text[max(s.start, start - 80):start])))
                naming = lower[i].endswith("ed") and prev in NAMING_ADVERBS and i > 1 \
                    and lower[i - 2] in NAMING_BEFORE_ADVERB
                prev_is_name = i > 0 and any(a < tokens[i - 1].end <= b for a, b in occupied)
                in_quantity = any(q.start <= start < q.end for q in doc.quantities.get(s.index, []))
                trig = None if inside_name or generic or in_quantity or tokens[i].text[0].isupper() and i > 0 \
                    else self._pick(triggers, prev, prev_is_name, lower[i + k] if i + k < len(lower) else "")
                if trig and trig.pos == "noun" and CITED_BEFORE.search(doc.text[max(s.start, start - 60):start]):
                    trig = None
                if trig and naming and self.model.cls(trig.cls).is_a("SpeechAct"):
                    trig = None
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
                if any(h.start <= start and end <= h.end and h.cls == trig.cls for h in hits):
                    continue        # a trigger of the class already covers it
                first = doc.token_index(start) - doc.sentence_tokens[s.index][0]
                last = doc.token_index(end) - doc.sentence_tokens[s.index][0]
                hits = [h for h in hits if not (h.start < end and start < h.end)]
                hits.append(TriggerHit(first, last, start, end, trig.cls, trig.pos))
        return sorted(hits, key=lambda h: h.start)

    def regions(self, tokens: list[Token], hits: list[TriggerHit],
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
