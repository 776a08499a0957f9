"""Word tokens with character offsets, the unit every matcher of the pipeline works on."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Initialisms with dots (U.S., U.K.), words with inner hyphens, apostrophes or digits (T-80,
# BMP-2, Lukashenka’s, 9K720, 11,889), then any other non-space character on its own.
TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+\.\d+"
    r"|\w+(?:[-\u2010\u2011'\u2019]\w+)*"
    r"|[^\w\s]"
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its span in the text and its text."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        """The token in lower case."""
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        """Whether the token has a letter or a digit."""
        return self.text[0].isalnum() or self.text[-1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        """Whether the token starts with an upper-case letter."""
        return self.text[0].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The tokens of `text`, with offsets shifted by `offset`."""
    return [Token(m.start() + offset, m.end() + offset, m.group()) for m in TOKEN.finditer(text)]
