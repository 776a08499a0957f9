"""Static relations stated explicitly in one sentence: titles (leads, memberOf), place hierarchies
(locatedIn), 'units of Y' (partOf), 'stationed in' (deployedTo), and the cue phrases of the
other relations in the ontology (allyOf, opposes, signatoryOf, operates, memberOf)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from briefgraph.ontology.gazetteer import Post, PostHolding

from ..draft import Doc, Mention, Relation
from ..lexicon import Lexicon, load_lexicon
from .modality import negated
from ..pipeline import component
from ..sentences import Sentence

# The ranks of the "A (B)" hierarchies (bg:containmentRank, bg:echelonRank) and the post nouns of
# "X, head of Y" (bg:postNoun) come from the ontology; what stays here is the shape of the phrases.
MEMBER_NOUNS = r"(?:mercenaries|fighters|men|troops|forces|soldiers|units|militants|people|supporters)"
# A bracket of a few words between two names: an abbreviation or another spelling of the first.
ALSO_KNOWN_AS = re.compile(r"\s*\([^()]{1,40}\)(?=\s*[(,])")
# 'The CSTO comprises Armenia, Belarus and Russia', 'its members are A and B': members of a body.
MEMBERS = re.compile(r"\b(?:comprises|comprising|consists of|consisting of|brings together|unites|"
                     r"(?:its |whose )?members (?:are|include)|member states (?:are|include))\s+", re.I)
# A deputy or vice holder of a post is a member of the body, not its head.
DEPUTY = re.compile(r"\b(?:deputy|vice|assistant)\b", re.I)
# A unit's place in the chain of command stated by a copula or a verb.
SUBORDINATE = re.compile(r"\b(?:(?:is|are|was|were|remains|remain)\s+(?:now\s+|still\s+|formally\s+)?"
                         r"(?:part of|subordinate(?:d)? to)|belongs? to|, part of)\s+(?:the\s+)?")
PRESENT = re.compile(r"\b(?:is|are|remain|remains|stay|stays)\s+(?:\w+\s+){0,2}?$", re.I)


def _between(doc: Doc, a: Mention, b: Mention) -> str:
    return doc.text[a.end:b.start]


@component("relations", requires=("mentions", "entities"), provides=("relations",))
class RelationExtractor:
    """Relations from explicit constructions only; nothing from world knowledge or names alone."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        self.model = self.lexicon.model
        self.cues = {p.name: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in sorted(p.cues, key=len, reverse=True)) + r")(?![\w-])", re.I)
                     for p in self.model.relations if p.cues}
        # 'X, spokesman for Y', 'the chief of Y, X': a post noun (bg:postNoun) -> the relation it states.
        self.post_nouns = self.model.post_nouns
        self.role = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(self.post_nouns, key=lambda n: (-len(n), n)))
                               + r")\s+(?:of|for)\s+(?:the\s+)?", re.I)
        # 'Polish Prime Minister X', 'Deputy Defence Minister X': a post noun written as a title just
        # before a person the gazetteer does not know, with the body it is held in among the words
        # before it (a state's adjective, a body's name).
        titles = "|".join(re.escape(n.title()) for n in sorted(self.post_nouns, key=lambda n: (-len(n), n)))
        self.title_before = re.compile(r"((?:[A-Z][\w'\u2019-]*\s+){0,4}?)(" + titles + r")\s+$")
        # What can be deployed (the domain of bg:deployedTo): forces, units, weapons, mercenaries.
        self.deployable = self.model.properties["deployedTo"].domain

    @staticmethod
    def _cls(doc: Doc, m: Mention) -> str:
        """The class of the mention's entity, or the class proposed for the mention."""
        return doc.entities[m.entity].cls if m.entity in doc.entities else m.cls

    def _is(self, doc: Doc, m: Mention, *classes: str) -> bool:
        cls = self.model.cls(self._cls(doc, m))
        return any(cls.is_a(c) for c in classes)

    def _add(self, doc: Doc, out: list[Relation], subject: str | None, predicate: str, obj: str | None,
             sentence: int, how: str, modality: str = "reported") -> None:
        if subject and obj and subject != obj and not any(
                r.subject == subject and r.predicate == predicate and r.object == obj for r in out):
            out.append(Relation(subject, predicate, obj, sentence, how, modality))

    @staticmethod
    def _modality(doc: Doc, s: Sentence, cue_at: int) -> str:
        """How the sentence states the relation its cue (at `cue_at`) names: 'denied' when the words
        before the cue negate it ('has not signed', 'is not a member of') or a denial precedes it."""
        prefix = doc.text[s.start:cue_at]
        return "denied" if negated(prefix, prefix) else "reported"

    def _titles(self, doc: Doc, out: list[Relation], mentions: list[Mention]) -> None:
        """'Defence Minister Viktar Khrenin' and 'the Belarusian president' (its holder)."""
        gazetteer = self.lexicon.gazetteer
        for i, m in enumerate(mentions):
            posts = [p for p in m.candidates if p in gazetteer.posts] if m.form == "title" else []
            if m.form != "title":
                posts = [h.target for h in self.lexicon.names.lookup(m.text) if h.form == "title"]
            if not posts:
                continue
            person = m.entity if m.form == "title" and m.entity else None
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if person is None and nxt is not None and nxt.cls == "Person" and len(_between(doc, m, nxt).strip()) == 0:
                person = nxt.entity
            if m.form != "title" and m.entity:
                person = m.entity
            if not person or person not in gazetteer.entries:
                continue
            held = {h.post for h in gazetteer.entries[person].posts}
            for post_id in posts:
                if post_id in held:
                    post = gazetteer.posts[post_id]
                    if post.post_in:
                        self._add(doc, out, person, post.relation, post.post_in, m.sentence, "title")
                    break

    def _hierarchy(self, doc: Doc, out: list[Relation], items: list[Mention], rank: Callable[[str], int],
                   predicate: str) -> None:
        """'A (B)', 'A (B, C)' and 'A, B' where A is finer than B: 'Slutsk (Minsk Oblast)',
        '5th Guards Tank Brigade (36th CAA, Eastern Military District)'."""
        for a, b in zip(items, items[1:]):
            # An abbreviation or a spelling in brackets between the two is no boundary:
            # "41st Combined Arms Army (CAA) (Central Military District)", "Rechytsa (Rechitsa), Homiel region".
            gap = ALSO_KNOWN_AS.sub(" ", _between(doc, a, b))
            ra = rank(self._cls(doc, a))
            rb = rank(self._cls(doc, b))
            in_parentheses = re.fullmatch(r"\s*\(\s*", gap) or (
                re.fullmatch(r"\s*,\s*", gap) and "(" in doc.text[max(0, a.start - 60):a.start]
                and ")" not in doc.text[a.end:b.start])
            if in_parentheses and ra < rb:
                self._add(doc, out, a.entity, predicate, b.entity, a.sentence, "apposition")
            elif predicate == "locatedIn" and re.fullmatch(r"\s*,\s*", gap) and ra < rb and rb >= 1 \
                    and self._cls(doc, b) != "State":
                self._add(doc, out, a.entity, predicate, b.entity, a.sentence, "apposition")
            elif predicate == "locatedIn" and ra < rb and not self._is(doc, a, "State") and (
                    re.fullmatch(r"\s+(?:in|of)\s+(?:the\s+)?", gap) and (self._cls(doc, b) != "State" or ra <= 1)
                    or re.fullmatch(r"\s*,\s*", gap) and self._cls(doc, b) == "State"
                    and not re.match(r"\s*(?:and|or)\b", doc.text[b.end:b.end + 5])):
                # "the Brestsky training ground in Brest Oblast", "a district of Moscow", "Dnipro, Ukraine"
                self._add(doc, out, a.entity, predicate, b.entity, a.sentence, "place-in")
            elif predicate == "locatedIn" and rb < ra and (
                    re.fullmatch(r"\s*(?:'s|\u2019s|'|\u2019)\s+", gap)
                    or re.fullmatch(r"\s+", gap) and doc.text[a.end - 2:a.end] in ("'s", "\u2019s")):
                # "Russia's Smolensk Oblast"
                self._add(doc, out, b.entity, predicate, a.entity, a.sentence, "possessive")
            elif predicate == "locatedIn" and rb < ra and re.fullmatch(
                    r"\s*,\s*(?:especially|notably|particularly|including|mainly|primarily)\s+in\s+", gap):
                self._add(doc, out, b.entity, predicate, a.entity, a.sentence, "apposition")

    def _places(self, doc: Doc, out: list[Relation], mentions: list[Mention]) -> None:
        """Place hierarchies, and 'X-based' things (the unit that follows, or the one in apposition)."""
        self._hierarchy(doc, out, [m for m in mentions if self._is(doc, m, "Place", "State")],
                        self.model.containment_rank, "locatedIn")
        for m in mentions:
            if not doc.text[m.end:m.end + 8].startswith("-based") or not self._is(doc, m, "Place", "State"):
                continue
            before = next((o for o in reversed(mentions) if o.end <= m.start and self._is(doc, o, "Actor")
                           and re.fullmatch(r",\s+(?:the|a|an)\s+", doc.text[o.end:m.start])), None)
            after = next((o for o in mentions if o.start > m.end and o.start - m.end < 40
                          and self._is(doc, o, "Organization")), None)
            thing = before or after
            if thing:
                self._add(doc, out, thing.entity, "locatedIn", m.entity, m.sentence, "x-based")

    def _part_of(self, doc: Doc, out: list[Relation], mentions: list[Mention]) -> None:
        """'the 1st Battalion of the 19th Brigade', 'A (B, C)' unit hierarchies, 'units from Y, including X'."""
        units = [m for m in mentions if self._is(doc, m, "MilitaryUnit", "ArmedForces")]
        self._hierarchy(doc, out, units, self.model.echelon_rank, "partOf")
        for a, b in zip(mentions, mentions[1:]):
            gap = _between(doc, a, b)
            if self._is(doc, a, "MilitaryUnit") and self._is(doc, b, "MilitaryUnit", "ArmedForces") \
                    and re.fullmatch(r"\s+of\s+(?:the\s+)?", gap):
                self._add(doc, out, a.entity, "partOf", b.entity, a.sentence, "unit-of")
            if self._is(doc, a, "ArmedForces", "State") and self._is(doc, b, "MilitaryUnit") \
                    and re.search(r"\bincluding\s+(?:the\s+)?$", gap) and re.search(r"\bunits\s+(?:from|of)\s+(?:the\s+)?$", doc.text[max(0, a.start - 20):a.start]):
                forces = self.lexicon.main_forces.get(a.entity, a.entity) if a.entity else None
                self._add(doc, out, b.entity, "partOf", forces, a.sentence, "units-including")

    def _subordinate(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """'The brigade is part of / belongs to / is subordinate to the Western Operational Command':
        the unit before the copula, the formation after it."""
        for m in SUBORDINATE.finditer(s.text):
            at, after = s.start + m.start(), s.start + m.end()
            unit = next((o for o in reversed(mentions) if o.end <= at and self._is(doc, o, "MilitaryUnit")), None)
            whole = next((o for o in mentions if o.start >= after and o.start - after < 40
                          and self._is(doc, o, "MilitaryUnit", "ArmedForces")), None)
            if unit and whole and unit.entity != whole.entity:
                cue = re.sub(r"\s+the\s*$", "", m.group().strip(", ")).lower()
                self._add(doc, out, unit.entity, "partOf", whole.entity, s.index, "cue:" + cue,
                          self._modality(doc, s, at))

    def _operates(self, doc: Doc, out: list[Relation], mentions: list[Mention]) -> None:
        """'Su-35S fighters of the Russian Aerospace Forces': the force operates the weapon."""
        for a, b in zip(mentions, mentions[1:]):
            if self._is(doc, a, "WeaponSystem") and self._is(doc, b, "ArmedForces", "MilitaryUnit") \
                    and re.fullmatch(r"(?:\s+[a-z-]+){0,3}\s+of\s+(?:the\s+)?", _between(doc, a, b)):
                self._add(doc, out, b.entity, "operates", a.entity, a.sentence, "weapon-of")

    def _roles(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """'X, spokesman for Y' (memberOf); 'the chief of Y, Major General X' and 'X, head of Y' (leads)."""
        for m in self.role.finditer(s.text):
            predicate = self.post_nouns[m.group(1).lower()]
            at, end = s.start + m.start(), s.start + m.end()
            body = next((o for o in mentions if o.start >= end and o.start - end <= 20
                         and self._is(doc, o, "Organization", "State")), None)
            if body is None:
                continue
            owned = next((o for o in mentions if o.start > body.end and not doc.text[body.end:o.start].strip()
                          and self._is(doc, o, "Organization")), None)
            if owned is not None and doc.text[body.end - 2:body.end] in ("'s", "\u2019s"):
                body = owned        # 'director of Russia's Foreign Intelligence Service': the service
            # 'X, the first deputy head of Y': up to three words qualify the post; a deputy's is membership.
            person = next((o for o in reversed(mentions) if o.end <= at and o.cls == "Person"
                           and re.fullmatch(r",\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,3}", doc.text[o.end:at])), None)
            if person is not None and DEPUTY.search(doc.text[person.end:at]):
                predicate = "memberOf"
            if person is None:
                person = next((o for o in mentions if o.start > body.end and o.cls == "Person"
                               and re.fullmatch(r",\s+(?:[A-Z][a-z]+\s+){0,3}", doc.text[body.end:o.start])), None)
            if person:
                self._add(doc, out, person.entity, predicate, body.entity, s.index, "role")

    def _deployed(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """Forces or weapons 'currently deployed on/in' a place, as the situation at writing."""
        m = self.cues["deployedTo"].search(s.text)
        if not m:
            return
        # 'Iskanders deployed in ...', 'the brigade, stationed in Slonim, ...': the participle after the thing
        participle = any(o.end <= s.start + m.start() and re.fullmatch(r"\s*,?\s*", doc.text[o.end:s.start + m.start()])
                         and self._is(doc, o, "MilitaryUnit", "ArmedForces", "WeaponSystem") for o in mentions)
        if not PRESENT.search(s.text[:m.start()]) and not participle:
            return
        cue_at = s.start + m.start()
        target = next((o for o in mentions if o.start >= s.start + m.end() and self._is(doc, o, "Place", "State")), None)
        if target is None:
            return
        for o in mentions:
            if o is not target and self._is(doc, o, *self.deployable) \
                    and (o.start < cue_at or re.search(r"\b(?:along with|together with|as well as|and)\b", doc.text[target.end:o.start])):
                self._add(doc, out, o.entity, "deployedTo", target.entity, s.index, "deployed-cue",
                          self._modality(doc, s, cue_at))

    def _cued(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """allyOf, opposes, signatoryOf, operates, memberOf: subject before the cue, object after."""
        actors = [o for o in mentions if self._is(doc, o, "Actor")]
        self._signatories(doc, out, s, mentions, actors)
        for predicate in ("allyOf", "opposes", "operates", "memberOf"):
            pattern = self.cues.get(predicate)
            for m in pattern.finditer(s.text) if pattern else ():
                at, after_cue = s.start + m.start(), s.start + m.end()
                subject = next((o for o in reversed(actors) if o.end <= at and not self._is(doc, o, "WeaponSystem")), None)
                if predicate == "opposes" or predicate == "allyOf":
                    subject = next((o for o in actors if o.end <= at), subject)
                wanted = {"signatoryOf": ("Agreement",), "operates": ("WeaponSystem",),
                          "memberOf": ("Organization",)}.get(predicate, ("Actor",))
                obj = next((o for o in mentions if o.start >= after_cue and o.start - after_cue < 60
                            and self._is(doc, o, *wanted)), None)
                if subject and obj:
                    self._add(doc, out, subject.entity, predicate, obj.entity, s.index, "cue:" + m.group().lower(),
                              self._modality(doc, s, at))

    def _signatories(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention],
                     actors: list[Mention]) -> None:
        """'Putin and Lukashenko signed the treaty and the concept': each signatory of each document."""
        pattern = self.cues.get("signatoryOf")
        for m in pattern.finditer(s.text) if pattern else ():
            at, after_cue = s.start + m.start(), s.start + m.end()
            subjects: list[Mention] = []
            for o in reversed([a for a in actors if a.end <= at and self._is(doc, a, "Person", "State", "Organization")]):
                gap = doc.text[o.end:subjects[-1].start] if subjects else doc.text[o.end:at]
                if subjects and not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap):
                    break
                if not subjects and len(gap) > 40:
                    break
                subjects.append(o)
            clause_end = s.text.find(".", m.end())
            stop = s.start + (clause_end if clause_end != -1 else len(s.text))
            documents = [o for o in mentions if after_cue <= o.start < stop and self._is(doc, o, "Agreement")]
            for subject in subjects:
                for document in documents:
                    self._add(doc, out, subject.entity, "signatoryOf", document.entity, s.index,
                              "cue:" + m.group().lower(), self._modality(doc, s, at))

    def _members(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """'The CSTO comprises Armenia, Belarus and Russia': each listed state or body is a member."""
        for m in MEMBERS.finditer(s.text):
            at, after = s.start + m.start(), s.start + m.end()
            body = next((o for o in reversed(mentions) if o.end <= at and self._is(doc, o, "Organization")
                         and not self._is(doc, o, "Government")), None)
            if body is None:
                continue
            listed: list[Mention] = []
            cursor = after
            for o in mentions:
                if o.start < cursor:
                    continue
                if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)?(?:the\s+)?", doc.text[cursor:o.start]) \
                        or not self._is(doc, o, "State", "Organization"):
                    break
                listed.append(o)
                cursor = o.end
            for member in listed:
                self._add(doc, out, member.entity, "memberOf", body.entity, s.index, "members",
                          self._modality(doc, s, at))

    def _open_titles(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """'Polish Prime Minister Donald Tusk' (leads Poland), 'Poland's Interior Minister X' (leads
        the ministry when the gazetteer knows it), 'Deputy Defence Minister X' (memberOf); for a
        person whose posts the gazetteer holds, the post the title names ('Defence Minister Viktor
        Khrenin': the defence ministry he heads)."""
        gazetteer = self.lexicon.gazetteer
        for person in mentions:
            if self._cls(doc, person) != "Person" or person.entity is None:
                continue
            found = self.title_before.search(doc.text[s.start:person.start])
            if not found:
                continue
            title = found.group(0).split()
            entry = gazetteer.entries.get(person.entity)
            if entry is not None and entry.posts:
                post = self._post_named(entry.posts, title)
                if post is not None and post.post_in:
                    self._add(doc, out, person.entity, post.relation, post.post_in, s.index, "title")
                continue
            title_at = s.start + found.start()
            body = next((o for o in reversed(mentions) if title_at <= o.start and o.end <= person.start
                         and self._is(doc, o, "Organization", "State")), None)
            if body is None or body.entity is None:
                continue
            predicate = "memberOf" if DEPUTY.search(found.group(0)) else self.post_nouns[found.group(2).lower()]
            target = self._ministry(found.group(0), body.entity) if self._is(doc, body, "State") else None
            self._add(doc, out, person.entity, predicate, target or body.entity, s.index, "title")

    def _post_named(self, holdings: Iterable[PostHolding], title: list[str]) -> Post | None:
        """The post among a person's whose name has every word of the title ('Defence Minister' is
        the Minister of Defence of Belarus), if only one has."""
        words = {re.sub(r"['\u2019]s?$", "", w.lower()) for w in title if w[:1].isupper()}
        posts = self.lexicon.gazetteer.posts
        found = {h.post for h in holdings if h.post in posts
                 and words <= set(posts[h.post].label.lower().replace("defense", "defence").split())}
        return posts[found.pop()] if len(found) == 1 else None

    def _ministry(self, title: str, state: str) -> str | None:
        """The ministry a minister's title names in a state, when the gazetteer knows it: 'Interior
        Minister' of Poland is its Ministry of the Interior."""
        words = [w for w in title.split() if w[:1].isupper() and not w.endswith(("'s", "\u2019s"))]
        if len(words) < 2 or words[-1] != "Minister":
            return None
        entry = self.lexicon.gazetteer.entries.get(state)
        if entry is None:
            return None
        field, label = words[-2], entry.label
        return next(filter(None, (self.lexicon.known(form, ("Government",)) for form in (
            f"Ministry of {field} of {label}", f"{field} Ministry of {label}", f"Ministry of the {field} of {label}"))), None)

    def _possessive_leader(self, doc: Doc, out: list[Relation], s: Sentence, mentions: list[Mention]) -> None:
        """'Prigozhin said that his mercenaries ...': the person leads the armed group named here."""
        for m in re.finditer(r"\b(?:his|her)\s+" + MEMBER_NOUNS + r"\b", s.text):
            at = s.start + m.start()
            person = next((o for o in reversed(mentions) if o.end <= at and o.cls == "Person"), None)
            group = next((o for o in mentions if self._is(doc, o, "PrivateMilitaryCompany", "MilitaryUnit")), None)
            if person and group:
                self._add(doc, out, person.entity, "leads", group.entity, s.index, "possessive")

    def __call__(self, doc: Doc) -> Doc:
        out: list[Relation] = []
        for s in doc.sentences:
            all_mentions = doc.mentions_in(s.index, resolved_only=False)
            mentions = [m for m in all_mentions if m.entity]
            self._titles(doc, out, all_mentions)
            self._places(doc, out, mentions)
            self._part_of(doc, out, mentions)
            self._subordinate(doc, out, s, mentions)
            self._operates(doc, out, mentions)
            self._roles(doc, out, s, mentions)
            self._deployed(doc, out, s, mentions)
            self._cued(doc, out, s, mentions)
            self._possessive_leader(doc, out, s, mentions)
            self._open_titles(doc, out, s, mentions)
            self._members(doc, out, s, mentions)
        doc.relations = out
        return doc
