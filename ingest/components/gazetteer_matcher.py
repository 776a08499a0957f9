"""Find mentions of known entities and titles: longest match of gazetteer names over the tokens."""
from __future__ import annotations

import re

from briefgraph.ontology.names import name_key

from ..draft import Doc, Mention
from ..lexicon import Lexicon, NameHit, load_lexicon
from ..pipeline import component
from ..tokens import Token

# "Baranovichi-based", "Kremlin-backed": the name before the suffix is a mention of its own.
HYPHEN_SUFFIXES = ("based", "backed", "led", "controlled", "made", "born", "occupied", "held", "built")
# A deputy, a vice or a former holder is not the one a post's title designates.
DEPUTY_BEFORE = re.compile(r"\b(?:deputy|vice|assistant|former|ex-)\s*$", re.I)


def _capitalised(tokens: list[Token]) -> bool:
    return any(t.text[0].isupper() or not t.text[0].isalpha() for t in tokens if t.is_word)


@component("gazetteer", requires=("tokens",), provides=("mentions",))
class GazetteerMatcher:
    """Mentions of gazetteer entities (and post titles), longest match first, left to right."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()

    def _hits(self, doc: Doc, tokens: list[Token], i: int, j: int) -> list[NameHit]:
        surface = doc.text[tokens[i].start:tokens[j - 1].end]
        hits = self.lexicon.names.lookup(surface)
        if hits and not _capitalised(tokens[i:j]):
            hits = [h for h in hits if h.lowercase]
        return hits

    def _mention(self, doc: Doc, sentence: int, start: int, end: int, hits: list[NameHit]) -> Mention:
        gazetteer = self.lexicon.gazetteer
        entities = [h for h in hits if h.form != "title"]
        if entities:
            # An adjective that names a state is a demonym even when it is also an alias ("U.S.").
            demonyms = [h for h in entities if h.form == "demonym"]
            best = demonyms[0] if demonyms else min(
                entities, key=lambda h: ("label", "alias", "designation", "metonym", "demonym").index(h.form))
            cls = gazetteer.entries[best.target].cls
            return Mention(start, end, doc.text[start:end], sentence, cls, "gazetteer", best.form,
                           candidates=tuple(dict.fromkeys(h.target for h in entities)))
        posts = tuple(dict.fromkeys(h.target for h in hits))
        return Mention(start, end, doc.text[start:end], sentence, "Person", "gazetteer", "title",
                       post=posts[0], candidates=posts)

    def _inner_states(self, doc: Doc, sentence: int, outer: Mention) -> list[Mention]:
        """'the border with Ukraine' also mentions Ukraine."""
        if outer.cls != "Border":
            return []
        inner = []
        for tok in doc.tokens_of(sentence):
            if outer.start < tok.start and tok.end <= outer.end and tok.is_capitalised:
                hits = [h for h in self.lexicon.names.lookup(tok.text)
                        if h.form in ("label", "alias", "demonym")
                        and self.lexicon.gazetteer.entries[h.target].cls == "State"]
                if hits:
                    inner.append(Mention(tok.start, tok.end, tok.text, sentence, "State", "nested", "label",
                                         candidates=(hits[0].target,), label=None))
        return inner

    def _longest(self, doc: Doc, tokens: list[Token], i: int) -> tuple[int, list[NameHit]]:
        """The longest gazetteer name starting at token i: (token count, hits), or (0, [])."""
        names = self.lexicon.names
        if tokens[i].text in names.exact:
            return 1, names.exact[tokens[i].text]
        key = ""
        best: tuple[int, list[NameHit]] = (0, [])
        for j in range(i, min(len(tokens), i + names.max_tokens)):
            words = name_key(tokens[j].text)
            if not words:
                continue              # punctuation inside a name: "Doctrine of the Union State (2021)"
            key = f"{key} {words}" if key else words
            if key not in names.prefixes:
                break
            if key in names.keys:
                hits = self._hits(doc, tokens, i, j + 1)
                if hits:
                    best = (j + 1 - i, hits)
        return best

    def __call__(self, doc: Doc) -> Doc:
        names = self.lexicon.names
        for s in doc.sentences:
            tokens = doc.tokens_of(s.index)
            i = 0
            while i < len(tokens):
                tok = tokens[i]
                matched = 0
                if tok.is_word:
                    matched, hits = self._longest(doc, tokens, i)
                    if matched and all(h.form == "title" for h in hits) and DEPUTY_BEFORE.search(
                            doc.text[max(s.start, tok.start - 25):tok.start]):
                        # "first deputy state secretary of the Security Council": another post than
                        # the title's, whose holder it does not designate
                        matched = 0             # the body inside the title is still found, word by word
                    if matched:
                        mention = self._mention(doc, s.index, tok.start, tokens[i + matched - 1].end, hits)
                        doc.mentions.append(mention)
                        doc.mentions.extend(self._inner_states(doc, s.index, mention))
                if not matched and "-" in tok.text and tok.text.rsplit("-", 1)[1].lower() in HYPHEN_SUFFIXES:
                    head = tok.text.rsplit("-", 1)[0]
                    hits = names.lookup(head)
                    if hits and head[0].isupper():
                        doc.mentions.append(self._mention(doc, s.index, tok.start, tok.start + len(head), hits))
                i += matched or 1
        return doc
