"""The gazetteer: the authority file of known entities (ontology/gazetteer.ttl) as Python data.

Ambiguity rule: no two entities share a name key (see names.name_key) among their labels, aliases
and designations, with one documented exception: a state's metonym ('Minsk', 'Moscow') may be the
name of a place (the city). The extraction tells them apart by context: the state when the name
acts, speaks or decides; the place after a locative preposition. `Gazetteer.conflicts()` lists
anything else, and the tests require it to be empty.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from briefgraph.errors import BriefgraphError

from .model import BG, Model, load_model, ontology_path
from .names import name_key

GAZETTEER_BASE = "https://w3id.org/briefgraph/id/"
WIKIDATA = "http://www.wikidata.org/entity/"

# The kinds of surface form an entity has, in order of strength as evidence of a mention.
FORMS = ("label", "alias", "designation", "metonym", "demonym")


@dataclass(frozen=True)
class PostHolding:
    """A person's tenure of a post."""

    post: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """Whether the tenure includes the day."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Post:
    """An office whose title designates its holder at a date."""

    id: str
    label: str
    aliases: tuple[str, ...]
    post_in: str | None
    relation: str          # "leads" or "memberOf"


@dataclass(frozen=True)
class GazetteerEntry:
    """A known entity with its names."""

    id: str                                  # "person/alexander-lukashenko"
    label: str
    cls: str                                 # most specific ontology class
    aliases: tuple[tuple[str, str], ...]     # (text, language)
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    wikidata: str | None = None
    countries: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    posts: tuple[PostHolding, ...] = ()

    @property
    def kind(self) -> str:
        """The identifier kind, the first segment of the id."""
        return self.id.split("/", 1)[0]

    def forms(self) -> list[tuple[str, str]]:
        """Every surface form with its kind: (text, form)."""
        out = [(self.label, "label")]
        out += [(text, "alias") for text, _ in self.aliases]
        out += [(t, "designation") for t in self.designations]
        out += [(t, "metonym") for t in self.metonyms]
        out += [(t, "demonym") for t in self.demonyms]
        return out


class GazetteerError(BriefgraphError, ValueError):
    """The gazetteer file is malformed: it names the entity and what is wrong."""


@dataclass(frozen=True)
class Gazetteer:
    """All known entities and posts, by id."""

    entries: dict[str, GazetteerEntry]
    posts: dict[str, Post]

    def __len__(self) -> int:
        return len(self.entries)

    def index(self) -> dict[str, list[tuple[str, str]]]:
        """Name key -> [(entity id, form)], every form of every entity."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entry in self.entries.values():
            seen: set[tuple[str, str]] = set()
            for text, form in entry.forms():
                key = name_key(text)
                if key and (key, form) not in seen:
                    seen.add((key, form))
                    out[key].append((entry.id, form))
        return dict(out)

    def conflicts(self) -> list[tuple[str, list[str]]]:
        """Name keys shared by two entities against the ambiguity rule of this module."""
        bad = []
        for key, hits in sorted(self.index().items()):
            ids = sorted({i for i, _ in hits})
            if len(ids) < 2:
                continue
            naming = {i for i, form in hits if form != "metonym"}
            metonym_of = {i for i, form in hits if form == "metonym"}
            allowed = (len(naming) <= 1
                       and all(self.entries[i].cls == "State" for i in metonym_of)
                       and all(model_is(self.entries[i].cls, "Place") for i in naming))
            if not allowed:
                bad.append((key, ids))
        return bad

    def holder(self, post_id: str, day: dt.date) -> str | None:
        """The id of the person who held the post on the day, if the gazetteer knows."""
        for entry in self.entries.values():
            if any(h.post == post_id and h.covers(day) for h in entry.posts):
                return entry.id
        return None


def model_is(class_name: str, ancestor: str, model: Model | None = None) -> bool:
    """Whether an ontology class is `ancestor` or below it."""
    model = model or load_model()
    return class_name in model.classes and model.classes[class_name].is_a(ancestor)


def _id(iri: Node | str) -> str:
    s = str(iri)
    if not s.startswith(GAZETTEER_BASE):
        raise GazetteerError(f"{s}: gazetteer IRIs must be relative to {GAZETTEER_BASE}")
    return s[len(GAZETTEER_BASE):]


def _date(value: Node | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise GazetteerError(f"not an ISO date: {value!r}") from None


def _language(o: Node) -> str:
    """The language tag of a literal ('' for none, and for anything but a literal)."""
    return (o.language or "") if isinstance(o, Literal) else ""


def _one_label(g: Graph, s: Node) -> str:
    labels = [o for o in g.objects(s, SKOS.prefLabel) if isinstance(o, Literal)]
    english = [o for o in labels if o.language in (None, "en")]
    if len(english) != 1:
        raise GazetteerError(f"{_id(s)}: needs exactly one English skos:prefLabel, has {len(english)}")
    return str(english[0])


def build_gazetteer(g: Graph, model: Model) -> Gazetteer:
    """Read entities and posts from a graph holding gazetteer.ttl."""
    posts: dict[str, Post] = {}
    for s in g.subjects(RDF.type, BG.Post):
        rel = g.value(s, BG.postRelation)
        post_in = g.value(s, BG.postIn)
        posts[_id(s)] = Post(
            id=_id(s), label=_one_label(g, s),
            aliases=tuple(sorted(str(o) for o in g.objects(s, SKOS.altLabel))),
            post_in=_id(post_in) if post_in is not None else None,
            relation=str(rel).rsplit("#", 1)[-1] if rel is not None else "leads",
        )
    entries: dict[str, GazetteerEntry] = {}
    for s, cls_iri in g.subject_objects(RDF.type):
        cls = str(cls_iri).removeprefix(str(BG))
        if cls == "Post" or not isinstance(s, URIRef):
            continue
        if cls not in model.classes or not model.classes[cls].is_a("Entity"):
            raise GazetteerError(f"{_id(s)}: type {cls_iri} is not an entity class of the ontology")
        ident = _id(s)
        if ident in entries:
            raise GazetteerError(f"{ident}: has more than one type")
        expected = model.id_kind(cls)
        if ident.split("/", 1)[0] != expected:
            raise GazetteerError(f"{ident}: a {cls} must have an id of kind {expected!r}")
        wikidata = [str(o)[len(WIKIDATA):] for o in g.objects(s, SKOS.exactMatch) if str(o).startswith(WIKIDATA)]
        holdings = []
        for h in g.objects(s, BG.holdsPost):
            post_iri = g.value(h, BG.post)
            if post_iri is None or _id(post_iri) not in posts:
                raise GazetteerError(f"{ident}: bg:holdsPost names no known post ({post_iri})")
            holdings.append(PostHolding(_id(post_iri), _date(g.value(h, BG.startDate)), _date(g.value(h, BG.endDate))))
        entries[ident] = GazetteerEntry(
            id=ident, label=_one_label(g, s), cls=cls,
            aliases=tuple(sorted((str(o), _language(o)) for o in g.objects(s, SKOS.altLabel))),
            metonyms=tuple(sorted(str(o) for o in g.objects(s, BG.metonym))),
            demonyms=tuple(sorted(str(o) for o in g.objects(s, BG.demonym))),
            designations=tuple(sorted(str(o) for o in g.objects(s, BG.designation))),
            wikidata=wikidata[0] if wikidata else None,
            countries=tuple(sorted(_id(o) for o in g.objects(s, BG.country))),
            part_of=tuple(sorted(_id(o) for o in g.objects(s, BG.partOfPlace))),
            posts=tuple(sorted(holdings, key=lambda h: (h.post, str(h.start)))),
        )
    for entry in entries.values():
        for ref in (*entry.countries, *entry.part_of):
            if ref not in entries:
                raise GazetteerError(f"{entry.id}: refers to {ref}, which the gazetteer does not define")
    for post in posts.values():
        if post.post_in and post.post_in not in entries:
            raise GazetteerError(f"{post.id}: bg:postIn {post.post_in} is not defined")
    return Gazetteer(entries=dict(sorted(entries.items())), posts=dict(sorted(posts.items())))


def load_gazetteer_graph() -> Graph:
    """Parse gazetteer.ttl."""
    g = Graph()
    with ontology_path("gazetteer.ttl").open("rb") as fh:
        g.parse(fh, format="turtle", publicID=GAZETTEER_BASE)
    return g


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, parsed once per process."""
    return build_gazetteer(load_gazetteer_graph(), load_model())


@dataclass(frozen=True)
class CuratedNames:
    """Names reviewers gave an entity (an alias; the names of an entity merged into it), with its
    label and class for an entity the bundled gazetteer does not know."""

    label: str
    cls: str
    names: tuple[str, ...]


def with_names(gazetteer: Gazetteer, curated: Mapping[str, CuratedNames]) -> Gazetteer:
    """The gazetteer with the reviewers' names: their aliases added to the entries, and an entry
    for an entity found by a pattern that they named (so that the extraction finds it by them)."""
    entries = dict(gazetteer.entries)
    for ident, extra in sorted(curated.items()):
        entry = entries.get(ident) or GazetteerEntry(ident, extra.label, extra.cls, ())
        known = {a for a, _ in entry.aliases} | {entry.label}
        added = tuple((name, "und") for name in dict.fromkeys(extra.names) if name and name not in known)
        if added or ident not in entries:
            entries[ident] = replace(entry, aliases=entry.aliases + added)
    return Gazetteer(entries, gazetteer.posts)

