"""People the gazetteer does not know, found the way briefings introduce them: a title or rank
before the name ('Major General Andrei Sudnik', 'Deputy Defence Minister Viktor Ivanov', 'Polish
Prime Minister Donald Tusk'), or a post in apposition after it ('Oleg Petrov, deputy head of the
Security Council, said'). Later mentions of the surname alone ('Petrov added') are the same person.
Titles and ranks come from the ontology (bg:personTitle on Person, bg:postNoun on the relations a
post states); what stays here is the shape of a name."""
from __future__ import annotations

import re

from ..draft import Doc, Mention
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import component
from ..sentences import Sentence

# A word of a personal name: capitalised, Latin or Cyrillic, with hyphens and apostrophes
# ("Jean-Pierre", "O'Neill"); an initial ("A.") may begin a name.
_UPPER = "[A-Z\u00c0-\u00de\u0100-\u017f\u0400-\u042f]"
_WORD = rf"{_UPPER}[^\W\d_'\u2019]*['\u2019]?[^\W\d_]+(?:-{_UPPER}[^\W\d_'\u2019]+)?"
NAME = rf"(?:[A-Z]\.\s*)?{_WORD}(?:\s+{_WORD}){{1,2}}"
# Capitalised words that begin the names of bodies, places and things rather than people: a title
# followed by one of them ("General Staff", "Minister of Defence") introduces no person.
NOT_NAME_WORDS = frozenset("""Staff Ministry Council Forces Force Army Armed Committee Service Guard Guards Defence Defense
    Affairs Security State States National Union Republic Command District Brigade Division Regiment Battalion
    Corps Office Administration Government Parliament Assembly Duma Senate Agency Bureau Department Directorate
    Group Centre Center Institute University Academy Bank Company Corporation Railway Railways Air Navy Naval
    Border Troops Police Militia General Federation Kingdom The This That These Those On In At For And But Of
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Foreign Internal Interior Emergency Emergencies Justice Health
    Economy Finance Education Culture Sport Transport Energy Industry Trade Agriculture Operation Exercise""".split())


@component("people", requires=("tokens", "mentions"), provides=("mentions",))
class PersonFinder:
    """Mentions of people by title and apposition, and of their surnames after."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        model = self.lexicon.model
        titles = set(model.person_titles) | {n.title() for n in model.post_nouns}
        alternatives = "|".join(re.escape(t) for t in sorted(titles, key=lambda t: (-len(t), t)))
        # 'Major General Andrei Sudnik', 'Polish Prime Minister Donald Tusk', 'Defence Minister X':
        # up to three capitalised words before the title (a nationality, a body), then the name.
        self.titled = re.compile(rf"\b(?:(?:{_WORD})\s+){{0,3}}?(?:{alternatives})\.?\s+({NAME})\b")
        posts = "|".join(re.escape(n) for n in sorted(model.post_nouns, key=lambda n: (-len(n), n)))
        # 'Oleg Petrov, deputy head of the Security Council': the name, a comma, a post of a body.
        self.affiliated = re.compile(rf"\b({NAME})\s+(?:of|from|at)\s+(?:the\s+)?")
        self.apposition = re.compile(rf"\b({NAME}),\s+(?:the\s+|a\s+)?(?:[a-z\-]+\s+){{0,3}}?(?:{posts})\s+(?:of|for|at|in)\b")
        # 'the head of the State Border Committee, Konstantin Molostov, said': a post of a named
        # body, then the name in apposition (a comma or a verb of saying after it).
        self.post_first = re.compile(rf"\b(?:{posts})\s+(?:of|for|at)\s+(?:the\s+)?(?:{_WORD}\s+){{0,5}}{_WORD},\s+({NAME})"
                                     r"(?=\s*[,;]|\s+(?:said|says|stated|told|announced|noted|added|claimed|warned|confirmed))")
        # the capitalised words of titles, which begin no name ('Deputy Defence Minister Ivan ...')
        self.title_words = frozenset(w for t in titles for w in t.replace("-", " ").split() if w[:1].isupper())

    def _clean(self, name: str) -> str | None:
        """The capitalised words of a name (any script: 'Čmilytė-Nielsen'), without the words of a
        title that runs on ('Secretary General Imangali Tasmagambetov') or that cannot be part of a
        name; None when fewer than two are left."""
        words: list[str] = []
        for w in name.split():
            if not w[:1].isupper() or w[:1].isdigit():
                break
            words.append(w)
        while words and (words[0] in NOT_NAME_WORDS or words[0] in self.title_words):
            words.pop(0)
        while words and words[-1] in NOT_NAME_WORDS:
            words.pop()
        if len(words) < 2 or any(w in NOT_NAME_WORDS for w in words):
            return None
        return " ".join(words)

    def _taken(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a mention found earlier overlaps the span."""
        return any(m.start < end and start < m.end for m in doc.mentions)

    def _add(self, doc: Doc, s: Sentence, start: int, name: str, found: dict[str, str]) -> None:
        end = start + len(name)
        if self._taken(doc, start, end) or self.lexicon.names.lookup(name):
            return
        doc.mentions.append(Mention(start, end, name, s.index, "Person", "person-pattern", "pattern", label=name))
        found.setdefault(name.split()[-1], name)

    def _surnames(self, doc: Doc, found: dict[str, str]) -> None:
        """The surname alone after the full name, as a word of its own (not inside a longer name)."""
        for surname, full in found.items():
            first = min(m.start for m in doc.mentions if m.label == full)
            for hit in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?:['\u2019]s)?(?![\w-])", doc.text):
                start, end = hit.start(), hit.start() + len(surname)
                before = doc.text[max(0, start - 30):start]
                if start <= first or self._taken(doc, start, end) or re.search(rf"{_WORD}\s+$", before):
                    continue
                sentence = next((s.index for s in doc.sentences if s.start <= start < s.end), None)
                if sentence is not None:
                    doc.mentions.append(Mention(start, end, surname, sentence, "Person", "person-pattern",
                                                "pattern", label=full))

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, str] = {}
        for s in doc.sentences:
            at = 0
            while (m := self.titled.search(s.text, at)) is not None:
                name = self._clean(m.group(1))
                if name:
                    # where the name is once the title's words that ran on are dropped
                    self._add(doc, s, s.start + m.start(1) + m.group(1).index(name), name, found)
                    at = m.end()
                else:
                    # a title that runs on ('Deputy Defence Minister Ivan Petrovski' matched as the
                    # title 'Deputy' and the name 'Defence Minister Ivan'): look again from inside it
                    at = m.start(1)
            for m in self.post_first.finditer(s.text):
                name = self._clean(m.group(1))
                if name and m.group(1).startswith(name):
                    self._add(doc, s, s.start + m.start(1), name, found)
            for m in self.apposition.finditer(s.text):
                name = self._clean(m.group(1))
                if name and m.group(1).startswith(name):
                    self._add(doc, s, s.start + m.start(1), name, found)
            for m in self.affiliated.finditer(s.text):
                # 'Jeffrey Lewis of the Middlebury Institute': a name, then the body it works for
                after = s.start + m.end()
                body = next((o for o in doc.mentions if o.start == after), None)
                name = self._clean(m.group(1))
                if body is not None and name and m.group(1) == name and self.lexicon.model.cls(body.cls).is_a("Organization"):
                    self._add(doc, s, s.start + m.start(1), name, found)
        self._surnames(doc, found)
        return doc
