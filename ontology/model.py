"""The Python view of the ontology: classes, properties, roles, modalities and lexicons, loaded once."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TypeVar

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

T = TypeVar("T")

BG = Namespace("https://w3id.org/briefgraph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/briefgraph/ontology")
ONTOLOGY_FILES = ("briefgraph.ttl", "typologies.ttl")

# The vocabularies' prefixes, declared by the Turtle, TriG and JSON-LD that the exports, the Linked
# Data twins and the SPARQL endpoint write.
PREFIXES = {
    "bg": str(BG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
}


def ontology_path(name: str = "briefgraph.ttl") -> Traversable:
    """The path of one of the ontology's files inside the installed package."""
    return resources.files("briefgraph.ontology").joinpath(name)


def relationship_type(name: str) -> str:
    """The graph relationship type of a property: allyOf -> ALLY_OF."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


@dataclass(frozen=True)
class OntologyClass:
    """An OWL class of the ontology, with what the rest of the system reads from it."""

    name: str
    iri: str
    labels: dict[str, str]
    definition: str
    parents: tuple[str, ...]
    ancestors: tuple[str, ...]          # the class itself first, then up to the root, in bg: only
    id_kind: str | None
    trigger_verbs: tuple[str, ...] = ()
    trigger_nouns: tuple[str, ...] = ()
    head_nouns: tuple[str, ...] = ()
    reporting_verbs: tuple[str, ...] = ()
    evaluative_verbs: tuple[str, ...] = ()
    takes_content: bool = False
    close_matches: tuple[str, ...] = ()
    broad_matches: tuple[str, ...] = ()
    external_parents: tuple[str, ...] = ()
    # What the class itself states; Model resolves them through the ancestors (see Model.inherited).
    specificity_rank: int | None = None
    containment_rank: int | None = None
    echelon_rank: int | None = None
    movement: bool | None = None
    information_source: bool | None = None
    requires_context: bool | None = None
    context_words: tuple[str, ...] = ()
    person_titles: tuple[str, ...] = ()
    name_heads: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The English label."""
        return self.labels.get("en") or self.name

    @property
    def graph_labels(self) -> tuple[str, ...]:
        """The node labels in the property graph: root first, the class itself last."""
        return tuple(reversed(self.ancestors))

    def is_a(self, other: str) -> bool:
        """Whether this class is `other` or one of its subclasses."""
        return other in self.ancestors


@dataclass(frozen=True)
class OntologyProperty:
    """An OWL property of the ontology."""

    name: str
    iri: str
    kind: str                           # "object", "datatype" or "annotation"
    labels: dict[str, str]
    definition: str
    domain: tuple[str, ...]             # bg: class names (a union gives several)
    range: tuple[str, ...]
    characteristics: frozenset[str]     # "symmetric", "transitive", "functional"
    parents: tuple[str, ...] = ()
    inverse: str | None = None
    cues: tuple[str, ...] = ()
    role_name: str | None = None
    post_nouns: tuple[str, ...] = ()
    extracted: bool = False             # bg:extractedRelation: a relation the extraction states

    @property
    def label(self) -> str:
        """The English label."""
        return self.labels.get("en") or self.name

    @property
    def relationship_type(self) -> str:
        """The graph relationship type: allyOf -> ALLY_OF."""
        return relationship_type(self.name)


@dataclass(frozen=True)
class Modality:
    """A concept of the event modality scheme, with its cue words."""

    name: str
    iri: str
    label: str
    definition: str
    cues: tuple[str, ...]
    precedence: int = 0                 # bg:precedence: the higher wins when an event's triggers disagree


@dataclass(frozen=True)
class Model:
    """The whole ontology as Python data, derived from the Turtle files."""

    graph: Graph
    classes: dict[str, OntologyClass]
    properties: dict[str, OntologyProperty]
    modalities: dict[str, Modality] = field(default_factory=dict)

    def cls(self, name: str) -> OntologyClass:
        """A class by local name, or KeyError naming the known ones."""
        try:
            return self.classes[name]
        except KeyError:
            raise KeyError(f"no class {name!r} in the ontology") from None

    def subclasses(self, root: str) -> list[OntologyClass]:
        """Every class that is `root` or below it, sorted by name."""
        return sorted((c for c in self.classes.values() if c.is_a(root)), key=lambda c: c.name)

    @property
    def entity_classes(self) -> list[OntologyClass]:
        """Classes of real-world things (under bg:Entity)."""
        return self.subclasses("Entity")

    @property
    def event_classes(self) -> list[OntologyClass]:
        """Event classes (under bg:Event), including the abstract groupings."""
        return self.subclasses("Event")

    @property
    def relations(self) -> list[OntologyProperty]:
        """The relations between entities that extractions state (bg:extractedRelation), by name."""
        return [p for p in self.properties.values() if p.extracted]

    @property
    def roles(self) -> dict[str, OntologyProperty]:
        """Event roles by role name (agent, speaker, target, ..., place)."""
        return {p.role_name: p for p in self.properties.values() if p.role_name}

    def inherited(self, class_name: str, read: Callable[[OntologyClass], T | None]) -> T | None:
        """What a class states, or else its nearest ancestor (the class itself first, then upwards)."""
        for name in self.cls(class_name).ancestors:
            value = read(self.classes[name])
            if value is not None:
                return value
        return None

    def id_kind(self, class_name: str) -> str:
        """The identifier kind of a class: its own bg:idKind or its nearest ancestor's."""
        kind = self.inherited(class_name, lambda c: c.id_kind or None)
        if kind is None:
            raise KeyError(f"class {class_name!r} has no identifier kind")
        return kind

    # The inherited values, for every class at once, computed on first use: the rules ask the same
    # questions of the same classes thousands of times a briefing, and a model never changes.
    @cached_property
    def _ranks(self) -> dict[str, dict[str, int | None]]:
        readers: dict[str, Callable[[OntologyClass], int | None]] = {
            "bg:specificityRank": lambda c: c.specificity_rank, "bg:containmentRank": lambda c: c.containment_rank,
            "bg:echelonRank": lambda c: c.echelon_rank}
        return {what: {name: self.inherited(name, read) for name in self.classes} for what, read in readers.items()}

    @cached_property
    def _marked(self) -> dict[str, frozenset[str]]:
        readers: dict[str, Callable[[OntologyClass], bool | None]] = {
            "movement": lambda c: c.movement, "information_source": lambda c: c.information_source,
            "requires_context": lambda c: c.requires_context}
        return {what: frozenset(name for name in self.classes if self.inherited(name, read))
                for what, read in readers.items()}

    @cached_property
    def _context_words(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(w.lower() for a in c.ancestors for w in self.classes[a].context_words)
                for name, c in self.classes.items()}

    def _rank(self, class_name: str, read: Callable[[OntologyClass], int | None], what: str) -> int:
        rank = self._ranks[what].get(class_name) if class_name in self.classes else self.inherited(class_name, read)
        if rank is None:
            raise KeyError(f"class {class_name!r} has no {what}")
        return rank

    def specificity_rank(self, class_name: str) -> int:
        """How precisely a place of the class locates an event (bg:specificityRank, 0 the finest)."""
        return self._rank(class_name, lambda c: c.specificity_rank, "bg:specificityRank")

    def containment_rank(self, class_name: str) -> int:
        """How large a place of the class is among places that contain one another (bg:containmentRank)."""
        return self._rank(class_name, lambda c: c.containment_rank, "bg:containmentRank")

    def echelon_rank(self, class_name: str) -> int:
        """The echelon of a military formation of the class (bg:echelonRank, 0 a battalion)."""
        return self._rank(class_name, lambda c: c.echelon_rank, "bg:echelonRank")

    @property
    def echelon_order(self) -> list[str]:
        """The classes that state an echelon, from the finest to the largest (ties by name)."""
        ranked = [(c.echelon_rank, c.name) for c in self.classes.values() if c.echelon_rank is not None]
        return [name for _, name in sorted(ranked)]

    def is_movement(self, class_name: str) -> bool:
        """Whether events of the class bring something to a place (bg:movement)."""
        if class_name not in self.classes:
            self.cls(class_name)            # KeyError naming the known classes
        return class_name in self._marked["movement"]

    def is_information_source(self, class_name: str) -> bool:
        """Whether instances of the class report events rather than take part (bg:informationSource)."""
        if class_name not in self.classes:
            self.cls(class_name)            # KeyError naming the known classes
        return class_name in self._marked["information_source"]

    def requires_context(self, class_name: str) -> bool:
        """Whether an event of the class needs its domain shown in its sentence (bg:requiresContext)."""
        if class_name not in self.classes:
            self.cls(class_name)            # KeyError naming the known classes
        return class_name in self._marked["requires_context"]

    def context_words(self, class_name: str) -> frozenset[str]:
        """The bg:contextWord of the class and of its ancestors, in lower case."""
        if class_name not in self.classes:
            self.cls(class_name)            # KeyError naming the known classes
        return self._context_words[class_name]

    def stronger_modality(self, a: str, b: str) -> str:
        """Of two modalities, the one an event keeps (the higher bg:precedence; `a` on a tie)."""
        return max(a, b, key=lambda name: self.modalities[name].precedence)

    @property
    def name_heads(self) -> dict[str, str]:
        """Capitalised heads of proper names (bg:nameHead) -> the class whose names they make."""
        return {head: c.name for c in self.classes.values() for head in c.name_heads}

    @property
    def person_titles(self) -> frozenset[str]:
        """Titles and ranks written before a person's name (bg:personTitle on Person), as written."""
        return frozenset(self.classes["Person"].person_titles)

    @property
    def post_nouns(self) -> dict[str, str]:
        """Post nouns (lower case, bg:postNoun) -> the relation they state between a person and a body."""
        return {n.lower(): p.name for p in self.properties.values() for n in p.post_nouns}


def _local(iri: URIRef | str) -> str | None:
    s = str(iri)
    return s[len(BG):] if s.startswith(str(BG)) else None


def _texts(g: Graph, s: Node, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal)))


def _int(g: Graph, s: Node, p: URIRef) -> int | None:
    """An integer annotation (a rank), or None when the subject states none."""
    value = g.value(s, p)
    return int(value) if isinstance(value, Literal) else None


def _flag(g: Graph, s: Node, p: URIRef) -> bool | None:
    """A boolean annotation (a marker), or None when the subject states none."""
    value = g.value(s, p)
    return bool(value.toPython()) if isinstance(value, Literal) else None


def _labels(g: Graph, s: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(s, RDFS.label):
        language = o.language if isinstance(o, Literal) else None
        out.setdefault(language or "en", str(o))
    return out


def _class_names(g: Graph, node: Node) -> tuple[str, ...]:
    """bg: class names of a class expression: a named class or an owl:unionOf of them."""
    if isinstance(node, URIRef):
        name = _local(node)
        return (name,) if name else ()
    union = g.value(node, OWL.unionOf)
    if union is None:
        return ()
    return tuple(n for m in Collection(g, union) if isinstance(m, URIRef) and (n := _local(m)))


def _ancestors(name: str, parents: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    order: list[str] = []
    queue = [name]
    while queue:
        current = queue.pop(0)
        if current in order:
            continue
        order.append(current)
        queue.extend(parents.get(current, ()))
    return tuple(order)


def build_model(graph: Graph) -> Model:
    """Derive the model from a graph holding the ontology's Turtle files."""
    g = graph
    parents: dict[str, tuple[str, ...]] = {}
    external: dict[str, tuple[str, ...]] = {}
    for s in g.subjects(RDF.type, OWL.Class):
        name = _local(s) if isinstance(s, URIRef) else None
        if not name:
            continue
        sup = [o for o in g.objects(s, RDFS.subClassOf) if isinstance(o, URIRef)]
        parents[name] = tuple(sorted(n for o in sup if (n := _local(o))))
        external[name] = tuple(sorted(str(o) for o in sup if not _local(o)))
    classes: dict[str, OntologyClass] = {}
    for name in sorted(parents):
        s = BG[name]
        id_kind = g.value(s, BG.idKind)
        classes[name] = OntologyClass(
            name=name, iri=str(s), labels=_labels(g, s),
            definition=str(g.value(s, SKOS.definition) or ""),
            parents=parents[name], ancestors=_ancestors(name, parents),
            id_kind=str(id_kind) if id_kind else None,
            trigger_verbs=_texts(g, s, BG.triggerVerb), trigger_nouns=_texts(g, s, BG.triggerNoun),
            head_nouns=_texts(g, s, BG.headNoun),
            reporting_verbs=_texts(g, s, BG.reportingVerb),
            evaluative_verbs=_texts(g, s, BG.evaluativeVerb),
            takes_content=bool(g.value(s, BG.contentTrigger)),
            close_matches=tuple(sorted(str(o) for o in g.objects(s, SKOS.closeMatch))),
            broad_matches=tuple(sorted(str(o) for o in g.objects(s, SKOS.broadMatch))),
            external_parents=external[name],
            specificity_rank=_int(g, s, BG.specificityRank),
            containment_rank=_int(g, s, BG.containmentRank),
            echelon_rank=_int(g, s, BG.echelonRank),
            movement=_flag(g, s, BG.movement),
            information_source=_flag(g, s, BG.informationSource),
            requires_context=_flag(g, s, BG.requiresContext),
            context_words=_texts(g, s, BG.contextWord),
            person_titles=_texts(g, s, BG.personTitle),
            name_heads=_texts(g, s, BG.nameHead),
        )

    kinds = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype",
             OWL.AnnotationProperty: "annotation"}
    chars = {OWL.SymmetricProperty: "symmetric", OWL.TransitiveProperty: "transitive",
             OWL.FunctionalProperty: "functional"}
    properties: dict[str, OntologyProperty] = {}
    for rdf_type, kind in kinds.items():
        for s in g.subjects(RDF.type, rdf_type):
            name = _local(s) if isinstance(s, URIRef) else None
            if not name:
                continue
            domain = next(iter(g.objects(s, RDFS.domain)), None)
            rng = next(iter(g.objects(s, RDFS.range)), None)
            inverse = g.value(s, OWL.inverseOf)
            role = g.value(s, BG.roleName)
            properties[name] = OntologyProperty(
                name=name, iri=str(s), kind=kind, labels=_labels(g, s),
                definition=str(g.value(s, SKOS.definition) or ""),
                domain=_class_names(g, domain) if domain is not None else (),
                range=_class_names(g, rng) if rng is not None else (),
                characteristics=frozenset(c for t, c in chars.items() if (s, RDF.type, t) in g),
                parents=tuple(sorted(n for o in g.objects(s, RDFS.subPropertyOf)
                                     if isinstance(o, URIRef) and (n := _local(o)))),
                inverse=_local(inverse) if isinstance(inverse, URIRef) else None,
                cues=_texts(g, s, BG.cue), role_name=str(role) if role else None,
                post_nouns=_texts(g, s, BG.postNoun), extracted=bool(_flag(g, s, BG.extractedRelation)),
            )

    modalities: dict[str, Modality] = {}
    for s in g.subjects(RDF.type, BG.Modality):
        name = _local(s) if isinstance(s, URIRef) else None
        if name:
            modalities[name] = Modality(name=name, iri=str(s), label=_labels(g, s).get("en", name),
                                        definition=str(g.value(s, SKOS.definition) or ""),
                                        cues=_texts(g, s, BG.cue), precedence=_int(g, s, BG.precedence) or 0)
    return Model(graph=g, classes=classes, properties=dict(sorted(properties.items())),
                 modalities=dict(sorted(modalities.items())))


def load_graph(files: Iterable[str] = ONTOLOGY_FILES) -> Graph:
    """Parse the ontology's Turtle files into one rdflib graph."""
    g = Graph()
    g.bind("bg", BG)
    for name in files:
        with ontology_path(name).open("rb") as fh:
            g.parse(fh, format="turtle", publicID=str(ONTOLOGY_IRI))
    return g


@cache
def load_model() -> Model:
    """The ontology model, parsed once per process."""
    return build_model(load_graph())
