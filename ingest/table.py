"""A plain-text rendering of an extraction for the terminal (`briefgraph extract --format table`)."""
from __future__ import annotations

from .facts import Extraction


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def render_table(extraction: Extraction) -> str:
    """Entities, events and relations as aligned text tables."""
    b = extraction.briefing
    lines = [f"{b.id}: {b.title}", f"period {b.period or '-'}   layout {b.layout}", ""]
    lines.append(f"ENTITIES ({len(extraction.entities)})")
    for e in extraction.entities:
        lines.append(f"  {e.type:<22} {_cut(e.label, 44):<44} {len(e.mentions):>3}x  {e.id}")
    lines += ["", f"EVENTS ({len(extraction.events)})"]
    for v in extraction.events:
        who = ", ".join(f"{p.role}={p.entity.split('/', 1)[1]}" for p in v.participants)
        qty = "; ".join(q.text for q in v.quantities)
        lines.append(f"  {v.type:<18} {v.modality:<11} {v.date or '-':<12} "
                     f"{(v.place or '-').split('/')[-1]:<24} {_cut(who, 70)}")
        if qty:
            lines.append(f"  {'':<18} quantities: {_cut(qty, 100)}")
        lines.append(f"  {'':<18} \u201c{_cut(v.evidence.text, 100)}\u201d")
    lines += ["", f"RELATIONS ({len(extraction.relations)})"]
    for r in extraction.relations:
        lines.append(f"  {r.subject:<40} {r.predicate:<12} {r.object}")
    return "\n".join(lines)
