"""Mentions that follow a pattern rather than a list: unit designations, weapon models, places
named with their kind ('X Oblast', 'X railway station'), settlements ('the town of X'), and the
briefing's author. Head nouns come from the ontology (bg:headNoun)."""
from __future__ import annotations

import re

from briefgraph.ontology.names import name_key
from briefgraph.ontology.places import matches, unambiguous

from ..draft import Doc, Mention
from ..lexicon import Lexicon, head_nouns, load_lexicon
from ..pipeline import component
from ..sentences import Sentence

ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
# Words that may stand between a unit's ordinal and its head noun ("38th Separate Air Assault").
_MODIFIER = r"(?:(?!(?:the|of|and|in|on|at|to|from|with|was|were|is|are|had|has|which|that|by)\b)[A-Za-z][\w-]*\s+){0,4}?"
# Weapon and vehicle model designations: T-80, BMP-2, S-400, Su-25, MiG-29, Tu-22M3, 9K720, BTR-82A.
WEAPON = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z]{0,3}-[A-Z]?\d{1,3}[A-Z]{0,2}\d{0,2}|\d[A-Z]\d{2,3}[A-Z0-9]*)(?![\w-])")
NOT_WEAPONS = frozenset({"COVID-19", "G-7", "G-20", "F-1", "P-5", "E-3"})
# "Poland's border with Belarus", "its border with Belarus".
BORDER_WITH = re.compile(r"(?:(?<=['\u2019]s )|\b(its|their)\s+)(border)\s+with\s+(?:the\s+)?")
# A named exercise or operation: capitalised words and a year, "Union Resolve-2022", "Search-2023".
# The shape of a name, not a word list: the class is the ontology's NamedExercise.
NAMED_YEAR = re.compile(r"(?<![\w-])((?:[A-Z][\w'\u2019]+\s+){0,2}[A-Z][\w'\u2019]+)[-\u2011](?:19|20)\d\d(?![\w-])")
# A model's popular name after its index: "Strela-10" of "9A34 Strela-10".
MODEL_NAME = re.compile(r" ([A-Z][a-z]+(?:-\d+[A-Z]?\d?)?)(?![\w-])")
# Designations that are not models: a year after a word ("Rock-2023", an exercise), a roman
# numeral before a number (a clause or a congress).
NOT_A_MODEL = re.compile(r"[A-Za-z]+-(?:19|20)\d\d|[IVXLC]+-\d+")
_CAP_WORDS = r"[A-Z\u0400-\u042f][\w'\u2019-]*(?:\s+[A-Z\u0400-\u042f][\w'\u2019-]*){0,2}"
# "Mielnik, a village close to the border", "the villages of Krynki, Narewka and Płaska".
_PLACE_NAME = r"[A-Z\u00c0-\u00de\u0100-\u017f\u0400-\u042f][^\W\d_]+(?:[-\s][A-Z\u00c0-\u00de\u0100-\u017f][^\W\d_]+)?"
SETTLEMENT_APPOSED = re.compile(r"\b(" + _PLACE_NAME + r"),\s+(?:a|the)\s+(?:[a-z-]+\s+){0,2}?(?:village|town|city|"
                                r"settlement|hamlet|township)\b")
SETTLEMENTS_OF = re.compile(r"\b(?:villages|towns|cities|settlements)\s+of\s+((?:" + _PLACE_NAME + r")(?:\s*,\s*"
                            + _PLACE_NAME + r")*(?:\s*,?\s+and\s+" + _PLACE_NAME + r")?)")
SETTLEMENT = re.compile(r"\b(?:the\s+)?(?:town|city|village|settlement|urban-type settlement|hamlet|direction)\s+of\s+(" + _CAP_WORDS + ")")
# A town the gazetteer lacks, named after a locative preposition ('arrived in Baltiysk', 'near
# Klintsy'): a settlement when GeoNames knows one populated place of that name in the region's
# countries, and a town (GEONAMES_TOWN inhabitants or more: villages share names with words).
LOCATIVE = re.compile(r"\b(?:in|near|outside|around|to|from|at|towards)\s+((?:" + _PLACE_NAME + r")(?:\s*,\s*"
                      + _PLACE_NAME + r")*(?:\s*,?\s+and\s+" + _PLACE_NAME + r")?)\b")
GEONAMES_TOWN = 5000
# "the Obuz-Lesnovsky, Domanovsky and Brestsky training grounds": one head noun for several names.
_NAME = r"[A-Z\u0400-\u042f][\w'\u2019-]*"
# Capitalised words that begin a sentence or a clause rather than a name.
_OPENERS = frozenset("""The A An This That These Those On In At After Before When While According As By For From
    Since Until Under Over With Without Both Its Their His Her Our Some Many Most Several Two Three""".split())
# The words a proper name's tail may hold between its capitalised words: "the Treaty on the
# Creation of a Union State", "the Ministry of Internal Affairs".
# A date is no part of a name: "the Security Council on Friday".
_CALENDAR = (r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)")
_TAIL = (r"(?:\s+(?:of|on|for)\s+(?:the\s+|a\s+)?" + _CALENDAR + _NAME + r"(?:\s+(?:(?:of|on|for|in)\s+(?:the\s+|a\s+)?)?"
         + _CALENDAR + _NAME + r"){0,8})?")
# An owner in the possessive before a name ("Russia's Kaliningrad Oblast"): not part of the name.
_OWNER = re.compile(r"^(?:[\w-]+\s+)*?[\w-]+(?:'s|\u2019s|'|\u2019)\s+")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _title(words: str) -> str:
    return " ".join(w if w.isupper() or any(c.isdigit() for c in w) else w[:1].upper() + w[1:] for w in words.split())


@component("patterns", requires=("tokens", "mentions"), provides=("mentions",))
class PatternMatcher:
    """Mentions found by designation and naming patterns; a known name found this way resolves to
    the gazetteer entity, a new one gets a class from its head noun."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        heads = sorted(self.lexicon.unit_heads, key=len, reverse=True)
        self.unit_re = re.compile(
            r"\b(?:the\s+)?(" + ORDINAL + r")(?:\s*(?:,|and|&)\s*(" + ORDINAL + r"))?\s+(" + _MODIFIER + r")("
            + "|".join(re.escape(h) for h in heads) + r")s?\b", re.IGNORECASE)
        place_heads = sorted(self.lexicon.place_heads, key=len, reverse=True)
        plural = "|".join(re.escape(h) + "s" for h in place_heads if h not in ("border", "range"))
        self.coordinated_places = re.compile(
            r"\b(" + _NAME + r"(?:\s*,\s*" + _NAME + r")*\s*,?\s+and\s+" + _NAME + r")\s+(" + plural + r"|ranges)\b")
        self.place_re = re.compile(
            r"\b(" + _CAP_WORDS + r")\s+((?i:" + "|".join(re.escape(h) for h in place_heads if h != "border") + r"))\b")
        # Bodies and documents by the capitalised head of their name (bg:nameHead): "the Polish
        # Defence Ministry", "the Ministry of National Defence", "the Military Doctrine".
        self.name_heads = self.lexicon.model.name_heads
        name_heads = "|".join(re.escape(h) for h in sorted(self.name_heads, key=len, reverse=True))
        self.named_re = re.compile(r"((?:" + _NAME + r"\s+){0,4})(" + name_heads + r")\b(" + _TAIL + r")")
        # Sources by what they are: "the Nasha Niva outlet", "the Telegram channel Gayun".
        source_heads = {h: c for h, c in head_nouns(self.lexicon.model, "Organization").items()
                        if self.lexicon.model.is_information_source(c)}
        sources = "|".join(re.escape(h) for h in sorted(source_heads, key=len, reverse=True))
        self.source_heads = source_heads
        self.source_after = re.compile(r"\b(" + _CAP_WORDS + r")\s+(" + sources + r")\b")
        self.source_before = re.compile(r"\b(" + sources + r")\s+(" + _CAP_WORDS + r")")

    def _model_of(self, designation: str) -> str | None:
        """The known weapon whose name begins with the designation ('9K720' of '9K720 Iskander')."""
        found = {e.id for e in self.lexicon.gazetteer.entries.values()
                 if self.lexicon.model.cls(e.cls).is_a("WeaponSystem")
                 and any(name.split()[0] == designation for name in (e.label, *(a for a, _ in e.aliases)) if name)}
        return found.pop() if len(found) == 1 else None

    def _known_unit(self, ordinal: str, cls: str, modifiers: str, head: str) -> str | None:
        """A gazetteer unit with the same ordinal, class and head noun whose name has every modifier
        word ('the 11th mechanized brigade' is the 11th Separate Mechanized Brigade; the 2nd Guards
        Tank Army is not the 2nd Guards Combined Arms Army), if only one."""
        words = [w.lower()[:6] for w in modifiers.split()]
        found = [e.id for e in self.lexicon.gazetteer.entries.values()
                 if e.cls == cls and e.label.lower().startswith(ordinal.lower() + " ")
                 and e.label.lower().split("(")[0].strip().endswith(head.lower())
                 and all(any(x.startswith(w) for x in e.label.lower().split()) for w in words)]
        return found[0] if len(found) == 1 else None

    def _add(self, doc: Doc, sentence: int, start: int, end: int, cls: str, label: str, source: str,
             known: str | None) -> None:
        m = Mention(start, end, doc.text[start:end], sentence, cls, source, "pattern", label=label)
        if known:
            m.candidates = (known,)
            m.cls = self.lexicon.gazetteer.entries[known].cls
            m.form = "alias"
        doc.mentions.append(m)

    def _units(self, doc: Doc, s: Sentence) -> None:
        for m in self.unit_re.finditer(s.text):
            head = m.group(4).lower()
            cls = self.lexicon.unit_heads.get(head) or self.lexicon.unit_heads.get(_singular(head), "MilitaryUnit")
            modifiers = m.group(3).strip()
            head_sg = _singular(m.group(4)) if m.group(4).lower().endswith("s") and m.group(4).lower() not in self.lexicon.unit_heads else m.group(4)
            for n, ordinal in enumerate((m.group(1), m.group(2))):
                if not ordinal:
                    continue
                label = _title(f"{ordinal} {modifiers} {head_sg}".replace("  ", " "))
                start = s.start + (m.start(1) if n == 0 else m.start(2))
                self._add(doc, s.index, start, s.start + m.end(), cls, label, "unit-pattern",
                          self.lexicon.known(label, ("MilitaryUnit",)) or self._known_unit(ordinal, cls, modifiers, head_sg))
                if n == 1:
                    doc.mentions[-1].form = "coordinated"  # "6th and 11th brigades": both spans end together

    def _weapons(self, doc: Doc, s: Sentence) -> None:
        for m in WEAPON.finditer(s.text):
            if m.group() in NOT_WEAPONS or NOT_A_MODEL.fullmatch(m.group()):
                continue
            end, name = m.end(), m.group()
            known = self.lexicon.known(name, ("WeaponSystem",)) or self._model_of(name)
            popular = MODEL_NAME.match(s.text, m.end())
            if known is None and popular and popular.group(1) not in _OPENERS \
                    and not self.lexicon.names.lookup(popular.group(1)):
                # "9A34 Strela-10", "2S6M Tunguska": an index and the model's popular name are one name
                end, name = popular.end(), m.group() + popular.group()
                known = self.lexicon.known(name, ("WeaponSystem",))
            self._add(doc, s.index, s.start + m.start(), s.start + end, "WeaponSystem", name, "weapon-pattern", known)

    def _places(self, doc: Doc, s: Sentence) -> None:
        for m in self.place_re.finditer(s.text):
            name, head = m.group(1), m.group(2)
            if name.split()[0].lower() in ("the", "a", "this", "that", "in", "on"):
                continue
            owner = _OWNER.match(name)
            if owner:
                if owner.end() >= len(name):
                    continue
                name = name[owner.end():]
            cls = self.lexicon.place_heads[head.lower()] if head.lower() in self.lexicon.place_heads else "Place"
            surface = f"{name} {head}"
            known = self.lexicon.known(surface, ("Place",))
            label = _title(surface) if cls in ("AdministrativeRegion", "District") else f"{name} {head.lower()}"
            if head.lower() == "region":
                label = f"{name} Oblast"
            end = s.start + m.end(2)
            of = re.match(r"\s+of\s+(" + _NAME + ")", s.text[m.end(2):]) if head == "Republic" else None
            if of:                  # "the Autonomous Republic of Crimea"
                label = f"{surface} of {of.group(1)}"
                end = s.start + m.end(2) + of.end()
                known = self.lexicon.known(label, ("Place",))
            self._add(doc, s.index, s.start + m.end(1) - len(name), end, cls, label, "place-pattern", known)
        for m in self.coordinated_places.finditer(s.text):
            head = m.group(2)
            singular = head[:-1] if head.endswith("s") else head
            cls = self.lexicon.place_heads.get(singular.lower(), "Place")
            for name in re.finditer(_NAME, m.group(1)):
                start = s.start + m.start(1) + name.start()
                label = f"{name.group()} {singular.lower()}"
                if cls in ("AdministrativeRegion", "District"):
                    label = _title(label) if singular.lower() != "region" else f"{name.group()} Oblast"
                self._add(doc, s.index, start, start + len(name.group()), cls, label, "place-pattern",
                          self.lexicon.known(f"{name.group()} {singular}", ("Place",)))
        for m in SETTLEMENT_APPOSED.finditer(s.text):
            name = m.group(1)
            if name.split()[0] in _OPENERS:
                continue
            self._add(doc, s.index, s.start + m.start(1), s.start + m.end(1), "Settlement", name,
                      "place-pattern", self.lexicon.known(name, ("Place",)))
        for m in SETTLEMENTS_OF.finditer(s.text):
            for name in re.finditer(_PLACE_NAME, m.group(1)):
                start = s.start + m.start(1) + name.start()
                self._add(doc, s.index, start, start + len(name.group()), "Settlement", name.group(),
                          "place-pattern", self.lexicon.known(name.group(), ("Place",)))
        for m in SETTLEMENT.finditer(s.text):
            name = m.group(1)
            self._add(doc, s.index, s.start + m.start(1), s.start + m.end(1), "Settlement", name,
                      "place-pattern", self.lexicon.known(name, ("Place",)))
        for m in LOCATIVE.finditer(s.text):
            for one in re.finditer(_PLACE_NAME, m.group(1)):        # 'in Klintsy, Unecha and Yelnya'
                name, start = one.group(), s.start + m.start(1) + one.start()
                if name.split()[0] in _OPENERS or self.lexicon.names.lookup(name) \
                        or any(o.start < start + len(name) and start < o.end for o in doc.mentions):
                    continue
                town = unambiguous(matches(name), [name_key(name)])
                if town is not None and town.population >= GEONAMES_TOWN:
                    self._add(doc, s.index, start, start + len(name), "Settlement", name, "place-geonames", None)

    def _state_at(self, doc: Doc, start: int, end: int) -> Mention | None:
        """The first mention of a state inside [start, end), if any."""
        for m in doc.mentions:
            entry = self.lexicon.gazetteer.entries.get(m.candidates[0]) if m.candidates else None
            if entry is not None and entry.cls == "State" and m.start >= start and m.end <= end:
                return m
        return None

    def _borders(self, doc: Doc, s: Sentence) -> None:
        """"Poland's border with Belarus", "Lithuania closed its border with Belarus": the border
        of the two states, by its name in the gazetteer ('Belarus–Poland border')."""
        for m in BORDER_WITH.finditer(s.text):
            other = self._state_at(doc, s.start + m.end(), s.start + m.end() + 40)
            if other is None or other.start != s.start + m.end():
                continue
            at = s.start + m.start()
            owner = next((o for o in reversed(doc.mentions) if o.end <= at and o.sentence == s.index
                          and self._state_at(doc, o.start, o.end) is o), None)
            if owner is None or owner.candidates[0] == other.candidates[0]:
                continue
            names = sorted(self.lexicon.gazetteer.entries[c].label for c in (owner.candidates[0], other.candidates[0]))
            label = f"{names[0]}\u2013{names[1]} border"
            known = self.lexicon.known(label, ("Border",))
            if known:
                self._add(doc, s.index, s.start + m.start(2), other.end, "Border", label, "place-pattern", known)
                # the state inside the border's name is mentioned too, as in a border the gazetteer names
                doc.mentions.append(Mention(other.start, other.end, other.text, s.index, "State", "nested", "label",
                                            candidates=other.candidates[:1]))

    def _exercises(self, doc: Doc, s: Sentence) -> None:
        """Exercises and operations named by words and a year; the opener of a sentence is no part."""
        for m in NAMED_YEAR.finditer(s.text):
            words = m.group(1).split()
            while len(words) > 1 and words[0] in _OPENERS:
                words.pop(0)
            start = s.start + m.end(1) - len(" ".join(words))
            end = s.start + m.end()
            surface = doc.text[start:end]
            self._add(doc, s.index, start, end, "NamedExercise", surface, "name-pattern",
                      self.lexicon.known(surface, ("Operation",)))

    def _named(self, doc: Doc, s: Sentence) -> None:
        """A body or a document named by its head and the capitalised words around it; the head
        alone ("the Ministry") or after an opener only ("The Council") names nothing."""
        for m in self.named_re.finditer(s.text):
            before = m.group(1).split()
            while before and before[0] in _OPENERS:
                before.pop(0)
            owner = next((i for i in range(len(before) - 1, -1, -1) if before[i].endswith(("'s", "\u2019s", "'", "\u2019"))), None)
            owner_name = None
            if owner is not None:
                owner_name = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", " ".join(before[:owner + 1]))
                before = before[owner + 1:]
            tail = m.group(3)
            owned_tail = re.search(r"\s+(?:of|on|for)\s+(?:the\s+)?\S+(?:'s|\u2019s)\b", tail)
            if owned_tail:          # "Department of Ukraine's General Staff": the name ends before the owner
                tail = tail[:owned_tail.start()]
            if not before and not tail and not (owner_name and m.group(2) != "Ministry" and self._state_named(owner_name)):
                continue            # the head alone names nothing, unless a state owns it ("Poland's Sejm")
            head = m.group(2)
            start = s.start + m.start(2) - len(" ".join(before)) - (1 if before else 0)
            end = s.start + m.end(2) + len(tail)
            surface = doc.text[start:end]
            cls = self.name_heads[head]
            wanted = (cls,) if cls != "Ministry" else ("Government",)
            known = self.lexicon.known(surface, wanted) or self._owned(doc, surface, owner_name, wanted)
            owner_state = self._state_named(owner_name) if owner_name else None
            # A new body owned by a state is named as the gazetteer names bodies: "<name> of <state>"
            # ("Ukraine's National Guard" is the National Guard of Ukraine).
            label = f"{surface} of {owner_state}" if owner_state and not known else surface
            self._add(doc, s.index, start, end, cls, label, "name-pattern", known)

    def _state_named(self, name: str) -> str | None:
        """The label of the state a name (or its possessive) denotes, if it is one."""
        state = self.lexicon.known(name, ("State",))
        return self.lexicon.gazetteer.entries[state].label if state else None

    def _owned(self, doc: Doc, surface: str, owner: str | None, classes: tuple[str, ...]) -> str | None:
        """The known body a name without its owner denotes: the owner named in the possessive
        ("Belarus' Security Council"), else the one state the briefing names most ("the Defence
        Ministry" in a text about Belarus), when the gazetteer knows "<name> of <state>"."""
        # A body the briefing has named in full already: "the Security Council of Belarus ... the
        # Security Council".
        named = {c for m in doc.mentions for c in m.candidates[:1]
                 if c in self.lexicon.gazetteer.entries
                 and self.lexicon.gazetteer.entries[c].label.startswith(surface + " of ")}
        if len(named) == 1 and not owner:
            return named.pop()
        owned_by = self.lexicon.known(owner, ("State",)) if owner else None
        states = [owned_by] if owned_by else []
        if not states:
            counts: dict[str, int] = {}
            for m in doc.mentions:
                for c in m.candidates[:1]:
                    entry = self.lexicon.gazetteer.entries.get(c)
                    if entry is not None and entry.cls == "State":
                        counts[c] = counts.get(c, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if not ranked or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
                return None            # no state, or two named about as often: whose body is unclear
            states = [ranked[0][0]]
        words = surface.split()
        forms = [surface]
        if len(words) > 1 and words[-1] in self.name_heads:     # "Defence Ministry": "Ministry of Defence"
            forms.append(f"{words[-1]} of {' '.join(words[:-1])}")
        for state in states:
            label = self.lexicon.gazetteer.entries[state].label
            for form in forms:
                found = self.lexicon.known(f"{form} of {label}", classes)
                if found:
                    return found
        return None

    def _sources(self, doc: Doc, s: Sentence) -> None:
        """An outlet or a monitoring group introduced as one."""
        for m in self.source_after.finditer(s.text):
            name = m.group(1)
            if name.split()[0] in _OPENERS or name in ("Telegram",):
                continue
            if re.match(r"\s+" + _NAME, s.text[m.end(2):]) and not self.lexicon.known(name, ("Organization",)):
                continue        # 'Independent outlet Zerkalo': the name follows the head, the word before describes it
            cls = self.source_heads[m.group(2).lower()]
            self._add(doc, s.index, s.start + m.start(1), s.start + m.end(1), cls, name, "source-pattern",
                      self.lexicon.known(name, ("Organization",)))
        for m in self.source_before.finditer(s.text):
            name = m.group(2)
            cls = self.source_heads[m.group(1).lower()]
            self._add(doc, s.index, s.start + m.start(2), s.start + m.end(2), cls, name, "source-pattern",
                      self.lexicon.known(name, ("Organization",)))

    def _author(self, doc: Doc) -> None:
        author = getattr(doc.briefing, "author", None)
        if not author:
            return
        key = name_key(author)
        for s in doc.sentences:
            pos = s.text.find(author)
            if pos != -1 and name_key(s.text[pos:pos + len(author)]) == key:
                self._add(doc, s.index, s.start + pos, s.start + pos + len(author), "Person", author,
                          "author", self.lexicon.known(author, ("Person",)))

    def __call__(self, doc: Doc) -> Doc:
        for s in doc.sentences:
            self._units(doc, s)
            self._weapons(doc, s)
            self._places(doc, s)
            self._named(doc, s)
            self._sources(doc, s)
            self._exercises(doc, s)
            self._borders(doc, s)
        self._author(doc)
        return doc
