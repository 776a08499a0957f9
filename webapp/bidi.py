"""Text from briefings is shown as written, except the Unicode controls that reorder what follows
them (right-to-left overrides and embeddings, directional isolates): a title holding U+202E would
display its end reversed, the old trick for making `txt.exe` read as `exe.txt`. In pages they are
shown as visible codes instead; the data (JSON, RDF, offsets) keeps them."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
VISIBLE = {code: f"[U+{code:04X}]" for code in BIDI_CONTROLS}


def visible_controls(value: Any) -> Any:
    """Jinja's finalize: every value a template prints, its reordering controls made visible
    (the codes are plain text, safe in markup too)."""
    if isinstance(value, Markup):
        return Markup(str.translate(value, VISIBLE))
    if isinstance(value, str):
        return value.translate(VISIBLE)
    return value
