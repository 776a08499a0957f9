"""Pairs of entities that may be one referent, for a reviewer to merge or leave: two entities of
one class whose names share a key (the search's: script, transliteration, diacritics, case); whose
names are one or two edits apart (a typo, a transliteration variant) and share their first
letters; or two persons said to hold the same post (LEADS or COMMANDS the same body) in briefings
of the same day. Each pair with why, and the entity named in more briefings first (the likelier
one to merge into)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefgraph.ontology.names import name_key
from briefgraph.store.graph.base import GraphStore

ENTITIES = ("MATCH (n:Entity) RETURN n.id AS id, n.label AS label, n.class AS class, n.aliases AS aliases, "
            "coalesce(n.n_briefings, 0) AS briefings ORDER BY id")
SAME_POST = ("MATCH (a:Person)-[r:LEADS|COMMANDS]->(o:Entity)<-[s:LEADS|COMMANDS]-(b:Person) "
             "WHERE a.id < b.id AND type(r) = type(s) AND r.reported = s.reported "
             "RETURN DISTINCT a.id AS a, b.id AS b, o.label AS post, type(r) AS how ORDER BY a, b LIMIT $limit")
BLOCK = 3               # names compared for edits only within the same first letters of their key


@dataclass(frozen=True)
class Suggestion:
    """Two entities that may be one, the likelier one to keep first, and why."""

    keep: dict[str, Any]
    merge: dict[str, Any]
    reasons: tuple[str, ...]


def edits(a: str, b: str, cap: int = 2) -> int:
    """The Levenshtein distance of two strings, cut at cap + 1 (the rows stop early beyond it)."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def _keys(entity: dict[str, Any]) -> set[str]:
    return {k for k in (name_key(n) for n in [entity["label"], *(entity["aliases"] or [])]) if k}


def merge_suggestions(graph: GraphStore, limit: int = 100, excluded: Iterable[tuple[str, str]] = ()) -> list[Suggestion]:
    """Up to `limit` pairs, those with the most reasons first, then the most named."""
    entities = {e["id"]: e for e in graph.read(ENTITIES).dicts()}
    reasons: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entities.values():
        for key in _keys(e):
            by_key[(e["class"], key)].add(e["id"])
    for (cls, key), ids in by_key.items():
        for a in sorted(ids):
            for b in sorted(ids):
                if a < b:
                    reasons[(a, b)].append(f"the same name: “{key}”")
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e in entities.values():
        for key in _keys(e):
            if len(key) >= 5:
                blocks[(e["class"], key[:BLOCK])].append((key, e["id"]))
    for members in blocks.values():
        for i, (ka, a) in enumerate(members):
            for kb, b in members[i + 1:]:
                if a != b and ka != kb and edits(ka, kb) <= (1 if len(ka) < 8 else 2):
                    pair = (min(a, b), max(a, b))
                    reason = f"names one or two letters apart: “{ka}”, “{kb}”"
                    if not any(r.startswith("names one or two") for r in reasons[pair]):
                        reasons[pair].append(reason)
    for row in graph.read(SAME_POST, {"limit": limit * 10}).dicts():
        reasons[(row["a"], row["b"])].append(f"the same post on the same day: {row['how'].lower()} {row['post']}")
    skip = {tuple(sorted(p)) for p in excluded}
    out = []
    for (a, b), why in reasons.items():
        if (a, b) in skip or a not in entities or b not in entities:
            continue
        first, second = sorted((entities[a], entities[b]), key=lambda e: (-e["briefings"], e["id"]))
        out.append(Suggestion(first, second, tuple(why)))
    out.sort(key=lambda s: (-len(s.reasons), -(s.keep["briefings"] + s.merge["briefings"]), s.keep["id"], s.merge["id"]))
    return out[:limit]
