"""An event's one identity, assigned once at the end of the extraction: the id `briefgraph extract`
prints is the id both stores keep and every IRI carries (/id/event/…)."""
from __future__ import annotations

import hashlib


def event_id(provisional: str, cls: str, date: str | None, participants: list[str], place: str | None) -> str:
    """A dated event with participants is identified by its class, date and participants (its
    place among them), so that two briefings reporting it meet on one node; any other event keeps
    the id its briefing gave it (`event/{briefing}-{sentence}-{n}`)."""
    who = sorted(set(participants) | ({place} if place else set()))
    if date and who:
        key = "|".join([cls, date, *who])
        return "event/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return provisional
