"""Modality of an event from the cue words around its trigger (cues come from the ontology)."""
from __future__ import annotations

import re
from functools import cache

from briefgraph.ontology.model import Model, load_model

# Cues that must stand right before the trigger to negate it ("no orders", "not deployed").
NEGATION_WINDOW = 4
# Cues after a noun trigger that make it forecast or planned ("are expected", "is planned").
AFTER_NOUN = {"forecast": re.compile(r"^\s*(?:\w+\s+){0,6}?(?:is|are|was|were)\s+(?:\w+\s+)?(?:expected|likely|possible|anticipated)\b"),
              "planned": re.compile(r"^\s*(?:\w+\s+){0,6}?(?:is|are|was|were)\s+(?:\w+\s+)?(?:planned|scheduled|envisaged|to\s+be)\b")}
NO_EVIDENCE = re.compile(r"\b(?:no|not any|little)\s+(?:\w+\s+)?(?:evidence|signs?|indications?|indicators?)\b", re.I)
# The future tense with no hedge: a schedule when the event is dated, attributed or a named
# operation, the author's forecast otherwise. Grammar, not domain.
BARE_FUTURE = re.compile(r"(?<![\w-])(?:will|(?:is |are )?expected to)(?![\w-])")
# English negation is grammar, not domain: it stays here, while the modality cues are the ontology's.
NEGATIONS = frozenset({"no", "not", "never", "n't", "without", "neither", "nor"})


@cache
def _cue_patterns(model: Model | None = None) -> dict[str, re.Pattern[str]]:
    model = model or load_model()
    out = {}
    for name, modality in model.modalities.items():
        cues = [c for c in modality.cues if c.lower() not in NEGATIONS]
        # Case matters for modal verbs ("may" is a modal, "May" a month); sentence adverbs and
        # conjunctions ("Reportedly", "If") also start sentences.
        flags = re.IGNORECASE if name in ("alleged", "conditional", "denied") else 0
        if cues:
            alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            out[name] = re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", flags)
    return out


def modality_of(sentence: str, before: str, after: str, is_noun: bool, prefix: str = "") -> str:
    """The modality of an event: `before` is the text of its clause up to the trigger, `prefix`
    the sentence up to the trigger, `after` the text that follows it, `sentence` the whole sentence."""
    cues = _cue_patterns()
    if negated(before, prefix or before):
        return "denied"
    if cues["conditional"].search(sentence):
        return "conditional"
    near = (prefix or before)[-60:]
    if cues["forecast"].search(near) or (is_noun and AFTER_NOUN["forecast"].search(after)):
        return "forecast"
    if cues["planned"].search(near) or (is_noun and AFTER_NOUN["planned"].search(after)):
        return "planned"
    if cues["alleged"].search(sentence):
        return "alleged"
    return "reported"


def negated(before: str, prefix: str) -> bool:
    """Whether what follows is negated or denied: a negation among the last words of its clause
    (`before`: 'has not signed', 'no troops'), or 'no evidence of' or a denial's cue ('denied that')
    earlier in the sentence (`prefix`). Events and relations alike."""
    words = re.findall(r"[\w']+", before.lower())[-NEGATION_WINDOW:]
    return (any(w in NEGATIONS or w.endswith("n't") for w in words) or bool(NO_EVIDENCE.search(prefix))
            or bool(_cue_patterns()["denied"].search(prefix)))


def announced(sentence_prefix: str) -> bool:
    """Whether a forecast rests on nothing but a bare future ('will', 'is expected to') near the
    trigger, with none of the hedges of an assessment ('likely', 'may', 'could', 'assess')."""
    near = sentence_prefix[-60:]
    hedges = _cue_patterns()["forecast"].findall(near)
    return bool(hedges) and all(BARE_FUTURE.fullmatch(h) for h in hedges)
