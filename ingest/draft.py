"""The document that flows through the extraction pipeline, and the facts the components add to it."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .sentences import Sentence
from .tokens import Token

if TYPE_CHECKING:
    from .briefing import Briefing
    from .quantities import QuantityMention
    from .timex import TimeMention


@dataclass
class Mention:
    """A span of text that names or describes an entity, and what it was resolved to."""

    start: int
    end: int
    text: str
    sentence: int
    cls: str                         # the ontology class proposed for it
    source: str                      # the component that found it
    form: str = "label"              # label, alias, metonym, demonym, designation, title, pattern, ner
    candidates: tuple[str, ...] = ()  # known entity ids it may denote
    entity: str | None = None        # the entity id, once resolved
    post: str | None = None          # the post a title names ('post/president-of-belarus')
    label: str | None = None         # the canonical label of a new entity found by a pattern


@dataclass
class EntityRecord:
    """An entity of the extraction: known from the gazetteer or new, with what the text calls it."""

    id: str
    label: str
    cls: str
    wikidata: str | None = None
    known: bool = True
    aliases: set[str] = field(default_factory=set)


@dataclass
class Participant:
    """An entity in a role of an event."""

    role: str
    entity: str


@dataclass
class Event:
    """An event found in a sentence."""

    cls: str
    sentence: int
    trigger: tuple[int, int]
    trigger_text: str
    modality: str = "reported"
    participants: list[Participant] = field(default_factory=list)
    place: str | None = None
    time: "TimeMention | None" = None
    quantities: list["QuantityMention"] = field(default_factory=list)
    extractor: str = "trigger-lexicon"
    id: str = ""
    trigger_words: list[str] = field(default_factory=list)   # every trigger merged into the event

    def has(self, entity: str) -> bool:
        """Whether the entity is a participant or the place."""
        return entity == self.place or any(p.entity == entity for p in self.participants)

    def add(self, role: str, entity: str) -> None:
        """Add a participant unless it is there already or is the place; the subject's role wins
        over a weaker one the same entity got from another of its mentions ("Ukrainian President
        Volodymyr Zelensky said": the title is read first, the name is the subject)."""
        if not self.has(entity):
            self.participants.append(Participant(role, entity))
        elif role in ("agent", "speaker"):
            for n, p in enumerate(self.participants):
                if p.entity == entity and p.role in ("topic", "participant", "target"):
                    self.participants[n] = Participant(role, entity)


@dataclass
class Relation:
    """A static relation between two entities, stated in one sentence."""

    subject: str
    predicate: str
    object: str
    sentence: int
    extractor: str
    modality: str = "reported"      # or "denied": 'Belarus has not joined ...' (ingest/components/modality.py)


@dataclass
class Doc:
    """A briefing in the pipeline: its text, sentences, tokens, and what the components found."""

    briefing: "Briefing"
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    sentence_tokens: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: dict[int, list["TimeMention"]] = field(default_factory=dict)
    quantities: dict[int, list["QuantityMention"]] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list, repr=False)
    _by_sentence: dict[int, list[Mention]] = field(default_factory=dict, repr=False)
    _by_sentence_size: int = field(default=-1, repr=False)

    def tokens_of(self, sentence: int) -> list[Token]:
        """The tokens of one sentence."""
        a, b = self.sentence_tokens[sentence]
        return self.tokens[a:b]

    def token_index(self, offset: int) -> int:
        """The index of the first token that starts at or after `offset`."""
        if len(self._token_starts) != len(self.tokens):
            self._token_starts = [t.start for t in self.tokens]
        return bisect.bisect_left(self._token_starts, offset)

    def mentions_in(self, sentence: int, resolved_only: bool = True) -> list[Mention]:
        """The mentions of one sentence (by default the resolved ones), in text order."""
        if self._by_sentence_size != len(self.mentions):
            self._by_sentence = {}
            for m in self.mentions:
                self._by_sentence.setdefault(m.sentence, []).append(m)
            self._by_sentence_size = len(self.mentions)
        found = self._by_sentence.get(sentence, [])
        return [m for m in found if m.entity] if resolved_only else list(found)
