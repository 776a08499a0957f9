"""Components that lay out the text: sentences, tokens, time expressions and quantities."""
from __future__ import annotations

from ..draft import Doc
from ..pipeline import component
from ..sentences import split_sentences
from ..tokens import Token, tokenize


@component("sentences", requires=("briefing",), provides=("sentences",))
class Sentences:
    """Split the body into sentences, paragraph by paragraph."""

    def __call__(self, doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text, doc.briefing.paragraphs or None)
        return doc


@component("tokens", requires=("sentences",), provides=("tokens",))
class Tokens:
    """Tokenize each sentence, keeping the token range of every sentence."""

    def __call__(self, doc: Doc) -> Doc:
        tokens: list[Token] = []
        ranges: list[tuple[int, int]] = []
        for s in doc.sentences:
            first = len(tokens)
            tokens.extend(tokenize(s.text, s.start))
            ranges.append((first, len(tokens)))
        doc.tokens, doc.sentence_tokens = tokens, ranges
        return doc


@component("times", requires=("sentences",), provides=("times",))
class Times:
    """Find and normalise the temporal expressions of each sentence against the briefing's date."""

    def __call__(self, doc: Doc) -> Doc:
        from ..timex import find_times

        reference = doc.briefing.reference_date
        doc.times = {s.index: found for s in doc.sentences
                     if (found := find_times(s.text, reference, s.start))}
        return doc


@component("quantities", requires=("sentences",), provides=("quantities",))
class Quantities:
    """Find the numbers with units of each sentence."""

    def __call__(self, doc: Doc) -> Doc:
        from ..quantities import find_quantities

        doc.quantities = {s.index: found for s in doc.sentences
                          if (found := find_quantities(s.text, s.start))}
        return doc
