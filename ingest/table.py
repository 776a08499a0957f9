"""A plain-text rendering of an extraction for the terminal (`briefgraph extract --format table`)."""
from __future__ import annotations

from .extraction import Extraction


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def render_table(extraction: Extraction) -> str:
    """Entities, events and relations as aligned text tables."""
    data = extraction.to_json()
    b = data["briefing"]
    lines = [f"{b['id']}: {b['title']}", f"period {b.get('period') or '-'}   layout {b['layout']}", ""]
    lines.append(f"ENTITIES ({len(data['entities'])})")
    for e in data["entities"]:
        lines.append(f"  {e['type']:<22} {_cut(e['label'], 44):<44} {len(e['mentions']):>3}x  {e['id']}")
    lines += ["", f"EVENTS ({len(data['events'])})"]
    for e in data["events"]:
        who = ", ".join(f"{p['role']}={p['entity'].split('/', 1)[1]}" for p in e["participants"])
        qty = "; ".join(q["text"] for q in e["quantities"])
        lines.append(f"  {e['type']:<18} {e['modality']:<11} {e['date'] or '-':<12} "
                     f"{(e['place'] or '-').split('/')[-1]:<24} {_cut(who, 70)}")
        if qty:
            lines.append(f"  {'':<18} quantities: {_cut(qty, 100)}")
        lines.append(f"  {'':<18} \u201c{_cut(e['evidence']['text'], 100)}\u201d")
    lines += ["", f"RELATIONS ({len(data['relations'])})"]
    for r in data["relations"]:
        lines.append(f"  {r['subject']:<40} {r['predicate']:<12} {r['object']}")
    return "\n".join(lines)
