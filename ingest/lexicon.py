"""Lexicons derived once from the ontology and the gazetteer: names, titles, head nouns, triggers, cues."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from briefgraph.ontology.gazetteer import Gazetteer, load_gazetteer
from briefgraph.ontology.model import Model, load_model
from briefgraph.ontology.names import name_key

from .inflect import noun_forms, phrase_forms, verb_forms

# Short all-capital acronyms match only in capitals ("US", "RG", "CIS"), never as ordinary words.
_ACRONYM = re.compile(r"^[A-Z0-9]{1,3}$")


@dataclass(frozen=True)
class NameHit:
    """What a name key can denote: an entity (with the kind of form) or a post (a title)."""

    target: str          # an entity id, or a post id for titles
    form: str            # label, alias, designation, metonym, demonym, title
    lowercase: bool = False   # may match text with no capital (descriptions, forms written so)


@dataclass
class NameIndex:
    """Name keys of every gazetteer form and post title, for longest-match lookup over tokens."""

    keys: dict[str, list[NameHit]]
    exact: dict[str, list[NameHit]]           # acronyms, by their exact text
    first_words: frozenset[str]
    max_tokens: int
    prefixes: frozenset[str] = frozenset()    # every word-prefix of every key, to stop early

    def lookup(self, surface: str) -> list[NameHit]:
        """Hits for a surface string: exact-case acronyms first, then the case-insensitive key."""
        if surface in self.exact:
            return self.exact[surface]
        return self.keys.get(name_key(surface), [])


def build_name_index(gazetteer: Gazetteer) -> NameIndex:
    """Index every form of every entity, and every post's titles."""
    keys: dict[str, list[NameHit]] = defaultdict(list)
    exact: dict[str, list[NameHit]] = defaultdict(list)

    def add(text: str, hit: NameHit) -> None:
        if _ACRONYM.match(text):
            if hit not in exact[text]:
                exact[text].append(hit)
            return
        key = name_key(text)
        if key and hit not in keys[key]:
            keys[key].append(hit)

    def lowercase_ok(text: str, form: str) -> bool:
        return form in ("designation", "title") or not any(c.isupper() for c in text)

    for entry in gazetteer.entries.values():
        for text, form in entry.forms():
            add(text, NameHit(entry.id, form, lowercase_ok(text, form)))
    for post in gazetteer.posts.values():
        for text in (post.label, *post.aliases):
            add(text, NameHit(post.id, "title", True))
    all_keys = list(keys) + [name_key(t) for t in exact]
    first = frozenset(k.split()[0] for k in all_keys if k)
    longest = max(len(k.split()) for k in all_keys if k)
    prefixes = frozenset(" ".join(k.split()[:n]) for k in keys for n in range(1, len(k.split()) + 1))
    return NameIndex(dict(keys), dict(exact), first, longest + 2, prefixes)


@dataclass(frozen=True)
class Trigger:
    """A trigger word or phrase form, the event class it signals, and whether it is a verb."""

    cls: str
    pos: str             # "verb" or "noun"
    base: str


def wildcard_pattern(base: str, pos: str) -> re.Pattern[str]:
    """A trigger with '*' ('violation of * airspace') as a regex over text: '*' is one or two words;
    a verb inflects its first word, a noun phrase each of its words."""
    parts = []
    for n, word in enumerate(base.lower().split()):
        if word == "*":
            parts.append(r"(?:[\w'\u2019-]+\s+){0,1}[\w'\u2019-]+")
            continue
        forms = verb_forms(word) if pos == "verb" and n == 0 else noun_forms(word) if pos == "noun" else {word}
        parts.append("(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")")
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])", re.IGNORECASE)


def build_wildcards(model: Model) -> list[tuple[str, re.Pattern[str], Trigger]]:
    """The triggers with a '*' slot, as (a word the text must contain, pattern, trigger)."""
    return [(max((w for w in base.lower().split() if w != "*"), key=len)[:5],
             wildcard_pattern(base, pos), Trigger(cls.name, pos, base))
            for cls in model.event_classes
            for pos, bases in (("verb", cls.trigger_verbs), ("noun", cls.trigger_nouns))
            for base in bases if "*" in base]


def build_triggers(model: Model) -> dict[str, list[Trigger]]:
    """Inflected trigger forms (lower case) of every event class -> the triggers they realise."""
    out: dict[str, list[Trigger]] = defaultdict(list)
    for cls in model.event_classes:
        for pos, bases in (("verb", cls.trigger_verbs), ("noun", cls.trigger_nouns)):
            for base in bases:
                if "*" in base:
                    continue
                for form in phrase_forms(base.lower(), pos):
                    trig = Trigger(cls.name, pos, base)
                    if trig not in out[form]:
                        out[form].append(trig)
    return dict(out)


def head_nouns(model: Model, root: str) -> dict[str, str]:
    """Head noun (lower case) -> the most specific class under `root` that declares it."""
    out: dict[str, str] = {}
    for cls in sorted(model.subclasses(root), key=lambda c: -len(c.ancestors)):
        for noun in cls.head_nouns:
            out.setdefault(noun.lower(), cls.name)
    return out


@dataclass(frozen=True)
class Lexicon:
    """Everything the components look words up in."""

    model: Model
    gazetteer: Gazetteer
    names: NameIndex
    triggers: dict[str, list[Trigger]]
    wildcards: list[tuple[str, re.Pattern[str], Trigger]]
    trigger_max_words: int
    trigger_first_words: frozenset[str]
    unit_heads: dict[str, str]
    place_heads: dict[str, str]
    force_nouns: frozenset[str]
    main_forces: dict[str, str]           # state id -> its armed forces' entity id

    def known(self, surface: str, classes: tuple[str, ...]) -> str | None:
        """The gazetteer entity a surface names by its label or an alias, when it is of one of the
        classes (a title, a demonym or a metonym is not the entity's name)."""
        for hit in self.names.lookup(surface):
            entry = self.gazetteer.entries.get(hit.target)
            if entry and hit.form in ("label", "alias") and any(self.model.cls(entry.cls).is_a(c) for c in classes):
                return entry.id
        return None


def _main_forces(gazetteer: Gazetteer) -> dict[str, str]:
    """Each state's armed forces as a whole: the ArmedForces entry whose label says 'armed forces'."""
    best: dict[str, tuple[tuple[bool, int], str]] = {}
    for entry in gazetteer.entries.values():
        label = entry.label.lower()
        if entry.cls != "ArmedForces" or len(entry.countries) != 1 or "armed forces" not in label:
            continue
        rank = (label.startswith("armed forces of"), -len(label))
        state = entry.countries[0]
        if state not in best or rank > best[state][0]:
            best[state] = (rank, entry.id)
    return {state: ident for state, (_, ident) in best.items()}


@cache
def load_lexicon() -> Lexicon:
    """The lexicon, built once per process."""
    return build_lexicon(load_gazetteer())


def build_lexicon(gazetteer: Gazetteer) -> Lexicon:
    """The lexicon of a gazetteer (the bundled one, or one with the reviewers' names added)."""
    model = load_model()
    triggers = build_triggers(model)
    return Lexicon(
        model=model, gazetteer=gazetteer, names=build_name_index(gazetteer),
        triggers=triggers, wildcards=build_wildcards(model), trigger_max_words=max(len(k.split()) for k in triggers),
        trigger_first_words=frozenset(k.split()[0] for k in triggers),
        unit_heads=head_nouns(model, "MilitaryUnit"), place_heads=head_nouns(model, "Place"),
        force_nouns=frozenset(n.lower() for n in model.cls("ArmedForces").head_nouns),
        main_forces=_main_forces(gazetteer),
    )
