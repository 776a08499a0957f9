"""Encoding detection, refusals and Unicode normalisation of briefing bytes."""
from __future__ import annotations

import codecs
import pickle
import random
from pathlib import Path

import pytest

from briefgraph.ingest.decode import MAX_BYTES, Decoded, decode, normalize_text
from briefgraph.ingest.errors import BriefingError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# Sample 13 mixes Latin, Cyrillic (a name in Belarusian), accents and typographic dashes.
SAMPLE_TEXT = (SAMPLES / "13-zapad-2025.txt").read_text(encoding="utf-8")

# The project's own sentences in Russian and Belarusian, for the Cyrillic code pages.
RUSSIAN = ("Учения у границы\n\nНа этой неделе министерство обороны сообщило о внезапной "
           "проверке боеготовности. Подразделения выдвинулись на полигоны под Брестом и "
           "Гродно.\n\nАналитики считают, что манёвры носят демонстративный характер.")
BELARUSIAN = ("Вучэнні ля мяжы\n\nМіністэрства абароны паведаміла пра раптоўную праверку "
              "баявой гатоўнасці. Падраздзяленні выйшлі на палігоны пад Брэстам.")


def error_of(data: bytes, **kwargs: int) -> BriefingError:
    """The BriefingError that decoding the bytes raises."""
    with pytest.raises(BriefingError) as caught:
        decode(data, "in/brief.txt", **kwargs)
    return caught.value


@pytest.mark.parametrize(("data", "encoding"), [
    (SAMPLE_TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE_TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + SAMPLE_TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + SAMPLE_TEXT.encode("utf-16-be"), "utf-16-be"),
    (SAMPLE_TEXT.encode("utf-16-le"), "utf-16-le"),
    (SAMPLE_TEXT.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF32_LE + SAMPLE_TEXT.encode("utf-32-le"), "utf-32-le"),
    (codecs.BOM_UTF32_BE + SAMPLE_TEXT.encode("utf-32-be"), "utf-32-be"),
])
def test_unicode_encodings_give_the_same_text(data: bytes, encoding: str) -> None:
    assert decode(data, "13.txt") == Decoded(SAMPLE_TEXT, encoding)


@pytest.mark.parametrize(("text", "encoding"), [
    (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (BELARUSIAN, "cp1251"),
    ("Минск", "cp1251"), ("Минск", "koi8-r"),
])
def test_cyrillic_code_pages(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "ru.txt") == Decoded(text, encoding)


def test_cyrillic_utf16_without_bom_is_detected_by_its_spaces() -> None:
    assert decode(RUSSIAN.encode("utf-16-le"), "ru.txt") == Decoded(RUSSIAN, "utf-16-le")


def test_western_text_falls_back_to_cp1252() -> None:
    text = "A café in Kraków; Müller said “no” — déjà vu."
    assert decode(text.encode("cp1252"), "w.txt") == Decoded(text, "cp1252")


def test_latin1_when_cp1252_leaves_a_byte_undefined() -> None:
    data = "Señor Muñoz in Málaga, José and Inés in Cádiz".encode("latin-1") + b" \x81"
    assert decode(data, "w.txt") == Decoded("Señor Muñoz in Málaga, José and Inés in Cádiz ",
                                            "latin-1")


def test_normalisation() -> None:
    raw = ("a\r\nb\rc\u00a0d\u200be\ufefff\u200eg\u202eh\u2066i\u2069j\u00adk "
           "\u201cquoted\u201d \u2013 \u2014 e\u0301 \u0915\u094d\u200d\u0937 \u200dx\x07\tt "
           "\U0001f468\u200d\U0001f469 \u200c")
    assert normalize_text(raw) == ("a\nb\nc defghijk \u201cquoted\u201d \u2013 \u2014 \u00e9 "
                                   "\u0915\u094d\u200d\u0937 x\tt \U0001f468\u200d\U0001f469 ")


def test_bom_inside_the_text_is_dropped() -> None:
    data = codecs.BOM_UTF8 + "Title\ufeff\r\n\r\nBody\u200b text.".encode("utf-8")
    assert decode(data, "t.txt") == Decoded("Title\n\nBody text.", "utf-8-sig")


def test_a_stray_control_character_is_tolerated_and_removed() -> None:
    assert decode(b"Report\x07 text\x1a", "t.txt") == Decoded("Report text", "utf-8")


def test_empty_file() -> None:
    assert str(error_of(b"")) == "in/brief.txt: the file is empty"


@pytest.mark.parametrize("data", [b"  \n\t\r\n  ", "\u00a0\u200b\n".encode("utf-8"),
                                  codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_whitespace_only_file(data: bytes) -> None:
    assert str(error_of(data)) == "in/brief.txt: the file contains only whitespace"


def test_binary_file() -> None:
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))
    err = error_of(png)
    assert str(err) == "in/brief.txt: looks like a binary file (NUL bytes at offset 8)"
    assert err.offset == 8


def test_control_characters_make_a_binary_file() -> None:
    err = error_of(b"text\x01\x02\x03\x04\x05\x06 more")
    assert str(err) == "in/brief.txt: looks like a binary file (control characters at offset 4)"


def test_undecodable_bytes() -> None:
    err = error_of(b"Weekly report \x80\x81\x82\x83\x84\x85\x86\x87 end")
    assert str(err) == ("in/brief.txt: cannot be decoded as UTF-8, UTF-16, cp1251 or koi8-r; "
                        "first bad byte 0x80 at offset 14")
    assert (err.offset, err.line) == (14, None)


def test_broken_utf8_is_not_guessed_as_a_code_page() -> None:
    err = error_of(b"abc \xc3\x28 def")
    assert err.message == ("cannot be decoded as UTF-8, UTF-16, cp1251 or koi8-r; "
                           "first bad byte 0xc3 at offset 4")


def test_truncated_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "Text".encode("utf-16-le") + b"\x00\xd8"
    assert error_of(data).message == ("looks like UTF-16-LE text with a byte order mark but "
                                      "cannot be decoded; first bad byte 0x00 at offset 10")


def test_file_over_the_size_limit() -> None:
    err = error_of(b"a" * (20 * 1024 * 1024))
    assert str(err) == "in/brief.txt: the file is 20.0 MB, over the 5.0 MB limit for one briefing"
    assert MAX_BYTES == 5 * 1024 * 1024


def test_size_limit_is_a_parameter() -> None:
    assert error_of(b"a" * 2048, max_bytes=1024).message == (
        "the file is 2.0 KB, over the 1.0 KB limit for one briefing")
    assert decode(b"a" * 2048, "t.txt", max_bytes=4096).text == "a" * 2048


def test_error_formats_and_pickling() -> None:
    assert str(BriefingError("f.md", "bad")) == "f.md: bad"
    assert str(BriefingError("f.md", "bad", line=3)) == "f.md:3: bad"
    assert str(BriefingError("f.md", "bad", line=3, column=7)) == "f.md:3:7: bad"
    err = pickle.loads(pickle.dumps(BriefingError("f.md", "bad", line=3, column=7, offset=9)))
    assert (err.path, err.message, err.line, err.column, err.offset) == ("f.md", "bad", 3, 7, 9)
