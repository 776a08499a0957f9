"""Bytes of a briefing file to normalised text: encoding detection, refusals, Unicode clean-up."""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from briefgraph.ingest.errors import BriefingError

MAX_BYTES = 5 * 1024 * 1024

# Longest mark first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that do not occur in text; tab, newlines, VT, FF and the DOS end-of-file
# mark (0x1A) do, and are tolerated (and removed by `normalize_text` where they carry nothing).
_BINARY_CONTROLS = frozenset([*range(0x01, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_BINARY_CONTROL_BYTES = bytes(sorted(_BINARY_CONTROLS))
_BINARY_CONTROL_CHARS = re.compile("[" + re.escape(_BINARY_CONTROL_BYTES.decode("ascii")) + "]")
# Cyrillic code pages, most common first (the first wins a tie).
_CYRILLIC_CODECS = ("cp1251", "koi8-r")
_FREQUENT_CYRILLIC = frozenset("оеаинтсрвлкмдпуяыі")
_ONE_LETTER_WORDS = frozenset("авиксоуяізўАВИКСОУЯІЗЎ")  # Russian and Belarusian
# Non-ASCII punctuation and symbols that real text in these code pages uses.
_TEXT_SYMBOLS = frozenset("«»–—…“”‘’„‚•№°±§·©®™€£¥¢½¼¾²³µ¿¡ºª×\u00a0")
_SAMPLE_BYTES = 32 * 1024
_LETTERS = re.compile(r"[^\W\d_]+")

# Unicode format controls (category Cf) that carry nothing in a briefing: zero-width space,
# BOM, soft hyphen, direction marks, embeddings and isolates, word joiner, invisible operators,
# and the rest of Cf outside the BMP. ZWNJ/ZWJ (U+200C/D) are handled apart: they matter
# inside words.
_FORMAT_CONTROLS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_JOINERS = re.compile("[\u200c\u200d]+")
# Joiners shape the letters (and emoji) on both sides of them; anywhere else they are noise.
_JOINABLE = ("L", "M", "N", "So", "Sk")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = ("\u00a0", "\u202f", "\u2007")  # no-break spaces


class Decoded(NamedTuple):
    """Normalised text and the name of the encoding it was read in."""

    text: str
    encoding: str


def decode(data: bytes, path: str = "<bytes>", *, max_bytes: int = MAX_BYTES) -> Decoded:
    """Detect the encoding of a briefing file, decode it and normalise the text."""
    check_size(len(data), path, max_bytes)
    if not data:
        raise BriefingError(path, "the file is empty")
    text, encoding = _detect(data, path)
    text = normalize_text(text)
    if not text.strip():
        raise BriefingError(path, "the file contains only whitespace")
    return Decoded(text, encoding)


def check_size(size: int, path: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file larger than the limit for one briefing."""
    if size > max_bytes:
        message = f"the file is {human_size(size)}, over the {human_size(max_bytes)} limit for one briefing"
        raise BriefingError(path, message)


def normalize_text(text: str) -> str:
    """NFC, `\\n` line ends, no invisible format controls, NBSP as a plain space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FORMAT_CONTROLS.sub("", text)
    text = _JOINERS.sub(lambda m: m.group() if _joins(m.string, m.start(), m.end()) else "", text)
    text = _CONTROLS.sub("", text)
    for space in _SPACES:  # str.replace is far faster than str.translate on non-ASCII text
        text = text.replace(space, " ")
    return unicodedata.normalize("NFC", text)


def _joins(text: str, start: int, end: int) -> bool:
    """Whether the joiners at text[start:end] sit between two letters, marks or emoji."""
    if start == 0 or end == len(text):
        return False
    neighbours = (text[start - 1], text[end])
    return all(unicodedata.category(ch).startswith(_JOINABLE) for ch in neighbours)


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """The decoded text and the encoding name, or a BriefingError saying why not."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data, len(bom), codec, path, "with a byte order mark"), codec
    sniffed = _sniff_utf16(data)
    if sniffed is not None:
        return _decode_unicode(data, 0, sniffed, path, "without a byte order mark"), sniffed
    _check_binary_bytes(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        bad = err.start
    return _decode_8bit(data, bad, path)


def _decode_unicode(data: bytes, start: int, codec: str, path: str, how: str) -> str:
    """Decode UTF-16/32 (strictly) and refuse binary content."""
    try:
        text = data[start:].decode(codec)
    except UnicodeDecodeError as err:
        offset = start + err.start
        name = codec.upper().removesuffix("-SIG")
        message = (f"looks like {name} text {how} but cannot be decoded; "
                   f"first bad byte 0x{data[offset]:02x} at offset {offset}")
        raise BriefingError(path, message, offset=offset) from None
    index = text.find("\x00")
    kind = "NUL bytes"
    if index < 0:
        controls = _BINARY_CONTROL_CHARS.findall(text)
        if len(controls) <= _control_budget(len(text)):
            return text
        index, kind = text.index(controls[0]), "control characters"
    offset = start + len(text[:index].encode(codec))
    raise BriefingError(path, f"looks like a binary file ({kind} at offset {offset})",
                        offset=offset)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: NUL bytes at every other position, not in between."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= 0.1 and even_nul <= 0.01:
        return "utf-16-le"
    if even_nul >= 0.1 and odd_nul <= 0.01:
        return "utf-16-be"
    return None


def _check_binary_bytes(data: bytes, path: str) -> None:
    """Refuse bytes with NULs or more control characters than a stray one or two."""
    nul = data.find(0)
    if nul >= 0:
        raise BriefingError(path, f"looks like a binary file (NUL bytes at offset {nul})",
                            offset=nul)
    count = len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES))
    if count > _control_budget(len(data)):
        first = min(data.find(bytes([b])) for b in _BINARY_CONTROLS if bytes([b]) in data)
        raise BriefingError(
            path, f"looks like a binary file (control characters at offset {first})", offset=first)


def _control_budget(size: int) -> int:
    """How many stray control characters a text of this size may carry."""
    return max(3, size // 1000)


def _decode_8bit(data: bytes, bad: int, path: str) -> tuple[str, str]:
    """A Cyrillic code page if the text reads as Cyrillic, else cp1252/latin-1 if Western."""
    sample = data[:_SAMPLE_BYTES]  # enough to judge; scoring megabytes would be slow
    best: tuple[float, str] | None = None
    for codec in _CYRILLIC_CODECS:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = cyrillic_score(sample.decode(codec))
        if best is None or score > best[0]:
            best = (score, codec)
    if best is not None and best[0] >= 0.6:
        return data.decode(best[1]), best[1]
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if western_score(text[:_SAMPLE_BYTES]) >= 0.8:
            return text, codec
        break  # latin-1 only stands in for the few bytes cp1252 leaves undefined
    raise BriefingError(
        path, "cannot be decoded as UTF-8, UTF-16, cp1251 or koi8-r; "
              f"first bad byte 0x{data[bad]:02x} at offset {bad}", offset=bad)


def cyrillic_score(text: str) -> float:
    """Plausibility in [0, 1] that the text is Russian or Belarusian in the right code page."""
    cyrillic = [ch for ch in text if "\u0400" <= ch <= "\u04ff" and ch.isalpha()]
    if not cyrillic:
        return 0.0
    lower = sum(ch.islower() for ch in cyrillic) / len(cyrillic)
    frequent = sum(ch.lower() in _FREQUENT_CYRILLIC for ch in cyrillic) / len(cyrillic)
    words = [w for w in _LETTERS.findall(text) if not w.isascii()]
    good = sum(len(w) for w in words if _all_cyrillic(w) and _sensible_case(w)
               and (len(w) > 1 or w in _ONE_LETTER_WORDS))
    shape = good / sum(len(w) for w in words)
    return (lower + frequent + shape) / 3 * (1 - _odd_symbol_share(text))


def western_score(text: str) -> float:
    """Plausibility in [0, 1] that the text is a Western language read in cp1252/latin-1."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or sum(not ch.isascii() for ch in letters) / len(letters) > 0.3:
        return 0.0
    words = [w for w in _LETTERS.findall(text) if not w.isascii()]
    if not words:
        return 1.0 - _odd_symbol_share(text)
    good = sum(len(w) for w in words if _sensible_case(w) and all(ord(c) < 0x250 for c in w)
               and (len(w) > 1 or w.islower() or w in "ÀÉ"))
    return good / sum(len(w) for w in words) * (1 - _odd_symbol_share(text))


def _odd_symbol_share(text: str) -> float:
    """Share of the non-ASCII characters that are neither letters nor usual text symbols."""
    high = [ch for ch in text if not ch.isascii()]
    if not high:
        return 0.0
    return sum(not ch.isalpha() and ch not in _TEXT_SYMBOLS for ch in high) / len(high)


def _all_cyrillic(word: str) -> bool:
    """Whether every letter of the word is Cyrillic."""
    return all("\u0400" <= ch <= "\u04ff" for ch in word)


def _sensible_case(word: str) -> bool:
    """lower, UPPER or Capitalised: the case patterns of real words."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def human_size(size: int) -> str:
    """A byte count for a message: MB from a tenth of a megabyte, else KB or bytes."""
    if size >= 1024 * 1024 // 10:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
