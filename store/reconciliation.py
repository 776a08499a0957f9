"""Matching a partner's names to the archive's entities (the W3C Reconciliation API's queries, the
suggest services and data extension; webapp/reconcile.py speaks the protocol).

Candidates come from the search's full-text index (names in any script, word endings, one typo in
a long word) and are scored by their name keys (ontology/names.py): 100 for a name or alias with
the query's key, else a string similarity of the keys. Property conditions move the score (a
condition met +5, one failed -20), a type restricts or (`should`) prefers. A candidate is a `match`
a reviewer can trust only when its key is the query's, no other candidate's is, its type is the one
asked for and no condition fails."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from briefgraph.errors import BriefgraphError
from briefgraph.ingest.timex import iso_period
from briefgraph.ontology.gazetteer import Gazetteer, load_gazetteer
from briefgraph.ontology.model import Model, load_model
from briefgraph.ontology.names import name_key
from briefgraph.store.graph import reconcile_queries as rq
from briefgraph.store.view import View

MAX_QUERIES = 100           # in one batch (OpenRefine sends 10 by default)
MAX_LIMIT = 50              # candidates a query may ask for
DEFAULT_LIMIT = 5
POOL = 25                   # candidates read from the index for each query, before scoring
MET, FAILED, WRONG_TYPE = 5.0, 20.0, 30.0
STRICTNESS = ("any", "all", "should")


class ReconcileError(BriefgraphError, ValueError):
    """A query the service cannot answer: the message names the query's key and what is wrong."""

    http_status = 400


@dataclass(frozen=True)
class Property:
    """A property of the service: given in a query's conditions, fetched by data extension, or both."""

    id: str
    name: str
    description: str
    applies_to: str = "Entity"      # the class whose entities have it
    condition: bool = True          # may be given in a query
    extension: bool = True          # may be fetched
    values: str | None = None       # the class of its values when they are entities of the archive
    relational: bool = False        # read from the briefings' relations (reconcile_queries.RELATED)


PROPERTIES = {p.id: p for p in (
    Property("wikidata", "Wikidata id", "The entity's Wikidata item (Q-number), where it is certain."),
    Property("class", "class", "The entity's most specific class in the Briefgraph ontology."),
    Property("aliases", "other names", "The other names and spellings the archive knows.", condition=False),
    Property("country", "country", "The state the entity belongs to or lies in (a name in any script, or a state's id).",
             values="State", relational=True),
    Property("post", "post", "A post the person holds or held (for example 'Minister of Defence').", "Person"),
    Property("date", "date", "A day, month or year (YYYY, YYYY-MM, YYYY-MM-DD) when the entity was active: a "
             "briefing of that period names it, or the person held the post then.", extension=False),
    Property("part_of", "part of", "What the entity is part of or a member of (a name or an id).",
             values="Entity", relational=True),
    Property("location", "location", "Where the entity is located or deployed (a name or an id).",
             values="Entity", relational=True),
    Property("commander", "commander", "Who commands or leads the entity, as the briefings state it.",
             values="Entity", relational=True),
    Property("latest_event", "latest event", "The latest event the entity takes part in.", condition=False),
    Property("latest_event_date", "latest event's date", "The day the latest event begins.", condition=False),
    Property("briefings", "briefings", "How many briefings name the entity.", condition=False),
    Property("events", "events", "How many events the entity takes part in.", condition=False),
    Property("latitude", "latitude", "WGS 84 latitude of the place's point.", "Place", condition=False),
    Property("longitude", "longitude", "WGS 84 longitude of the place's point.", "Place", condition=False),
    Property("geo_precision", "geographic precision", "How precise the point is: site, town, district, region or "
             "country.", "Place", condition=False),
)}
# relations behind the properties (reconcile_queries.RELATED): (predicate, from the entity outwards)
_PART_OF = {("PART_OF", True), ("MEMBER_OF", True)}
_LOCATION = {("LOCATED_IN", True), ("DEPLOYED_TO", True)}
_COMMANDER = {("COMMANDS", False), ("LEADS", False)}
_RELATIONS = {"part_of": _PART_OF, "location": _LOCATION, "commander": _COMMANDER}


@dataclass(frozen=True)
class Condition:
    """A property a query's candidates should have, with the values given (names or ids)."""

    pid: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """One reconciliation query of a batch."""

    text: str
    types: tuple[str, ...] = ()
    strict: str = "any"
    conditions: tuple[Condition, ...] = ()
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Candidate:
    """An entity that may be the one a query names, with its score (0-100) and the features behind it."""

    id: str
    name: str
    score: float
    match: bool
    cls: str
    description: str
    features: tuple[tuple[str, float | bool], ...] = ()


@dataclass
class _Facts:
    """What the scoring and the extension read of an entity."""

    row: dict[str, Any]
    related: list[dict[str, Any]] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {k for k in (name_key(n) for n in [self.row["label"], *(self.row["aliases"] or [])]) if k}

    def others(self, kinds: set[tuple[str, bool]]) -> list[dict[str, Any]]:
        return [r for r in self.related if (r["predicate"], r["outgoing"]) in kinds]


def _value(key: str, value: Any) -> str:
    """A condition's value as text: a string, a number, or a reconciled entity's id."""
    if isinstance(value, dict):
        if not isinstance(value.get("id"), str):
            raise ReconcileError(f"{key}: an entity value needs an 'id'")
        return str(value["id"])
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ReconcileError(f"{key}: a property value is a string, a number or an object with an 'id'")


def parse_query(key: str, body: Any, model: Model | None = None) -> Query:
    """One query of a batch, as the specification's JSON gives it; ReconcileError names what is wrong."""
    model = model or load_model()
    if not isinstance(body, dict):
        raise ReconcileError(f"{key}: a query is an object")
    unknown = set(body) - {"query", "type", "types", "limit", "properties", "type_strict"}
    if unknown:
        raise ReconcileError(f"{key}: unknown member {sorted(unknown)[0]!r}")
    text = body.get("query", "")
    if not isinstance(text, str):
        raise ReconcileError(f"{key}: 'query' is a string")
    raw_types = body.get("type", body.get("types", []))
    types = (raw_types,) if isinstance(raw_types, str) else tuple(raw_types) if isinstance(raw_types, list) else None
    if types is None or not all(isinstance(t, str) for t in types):
        raise ReconcileError(f"{key}: 'type' is a type id or a list of them")
    for t in types:
        if t not in model.classes or not model.classes[t].is_a("Entity"):
            raise ReconcileError(f"{key}: type {t!r} is not an entity class of the ontology")
    strict = body.get("type_strict", "any")
    if strict not in STRICTNESS:
        raise ReconcileError(f"{key}: 'type_strict' is one of {', '.join(STRICTNESS)}")
    limit = body.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 1:
        raise ReconcileError(f"{key}: 'limit' is a positive number")
    conditions = []
    raw = body.get("properties", [])
    if not isinstance(raw, list):
        raise ReconcileError(f"{key}: 'properties' is a list")
    for item in raw:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise ReconcileError(f"{key}: each property is an object with 'pid' and 'v'")
        pid = item["pid"]
        if pid not in PROPERTIES or not PROPERTIES[pid].condition:
            raise ReconcileError(f"{key}: {pid!r} is not a property a query can give; see the suggest service")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        conditions.append(Condition(pid, tuple(_value(key, v) for v in values)))
    if not text.strip() and not conditions:
        raise ReconcileError(f"{key}: a query needs 'query' or 'properties'")
    return Query(text.strip()[:500], types, strict, tuple(conditions), min(int(limit), MAX_LIMIT))


def parse_batch(batch: Any, model: Model | None = None) -> dict[str, Query]:
    """A batch of queries by key (q0, q1, ...)."""
    if not isinstance(batch, dict) or not batch:
        raise ReconcileError("queries: a batch is a non-empty object of queries by key")
    if len(batch) > MAX_QUERIES:
        raise ReconcileError(f"queries: at most {MAX_QUERIES} queries in a batch, not {len(batch)}")
    return {str(k): parse_query(str(k), v, model) for k, v in batch.items()}


def name_similarity(query: str, keys: Iterable[str]) -> tuple[float, bool]:
    """The best score of a query's key against names' keys (100 for the same key), and whether one
    is the same."""
    q = name_key(query)
    best = 0.0
    for k in keys:
        if k == q:
            return 100.0, True
        best = max(best, fuzz.ratio(q, k), 0.9 * fuzz.token_set_ratio(q, k))
    return round(best, 1), False


def period(value: str) -> tuple[dt.date, dt.date] | None:
    """A date value's first and last day: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (None if it is none)."""
    try:
        return iso_period(value)
    except ValueError:
        return None


class Reconciler:
    """The service's answers, read through a view of the stores (what the archive holds now)."""

    def __init__(self, view: View, gazetteer: Gazetteer | None = None, model: Model | None = None):
        self.view = view
        self.gazetteer = gazetteer or load_gazetteer()
        self.model = model or load_model()
        states = [e for e in self.gazetteer.entries.values() if e.cls == "State"]
        self._states: dict[str, set[str]] = defaultdict(set)      # name key -> state ids
        for state in states:
            for text, _ in state.forms():
                self._states[name_key(text)].add(state.id)

    # ── reading ──────────────────────────────────────────────────────────────────────────────
    def _facts(self, ids: Sequence[str], related: bool) -> dict[str, _Facts]:
        """Candidates' names and counts (and relations, when asked) in one read each."""
        if not ids:
            return {}
        facts = {row["id"]: _Facts(row) for row in self.view.graph.read(rq.CANDIDATES, {"ids": list(ids)}).dicts()}
        if related:
            for row in self.view.graph.read(rq.RELATED, {"ids": list(facts)}).dicts():
                facts[row["id"]].related.append(row)
        return facts

    def _countries(self, ident: str, facts: _Facts) -> set[str]:
        """The states an entity belongs to or lies in: the gazetteer's, through what it is part of,
        and the states the briefings say it is part of (or, for a place, lies in)."""
        out = {ident} if facts.row["class"] == "State" else set()
        entries = self.gazetteer.entries
        todo, seen = [ident], set()
        while todo:                         # the gazetteer's countries, up its part-of chain
            entry = entries.get(todo.pop())
            if entry is None or entry.id in seen:
                continue
            seen.add(entry.id)
            out |= set(entry.countries)
            todo += list(entry.part_of)
        kinds = _PART_OF | (_LOCATION if self.model.cls(facts.row["class"]).is_a("Place") else set())
        for other in facts.others(kinds):
            if other["other_class"] == "State":
                out.add(other["other"])
            elif other["other"] in entries:
                out |= set(entries[other["other"]].countries)
        return out

    def _named_in(self, ident: str, first: dt.date, last: dt.date) -> bool:
        rows = self.view.graph.read(rq.NAMED_BETWEEN, {"id": ident, "lo": first.toordinal(), "hi": last.toordinal()})
        return bool(rows.rows)

    # ── conditions ───────────────────────────────────────────────────────────────────────────
    def _held(self, ident: str) -> list[tuple[set[str], dt.date | None, dt.date | None]]:
        """A person's posts from the gazetteer: the keys of each post's names, and the tenure."""
        entry = self.gazetteer.entries.get(ident)
        out = []
        for holding in entry.posts if entry else ():
            post = self.gazetteer.posts.get(holding.post)
            if post:
                out.append(({name_key(n) for n in (post.label, *post.aliases)}, holding.start, holding.end))
        return out

    def _refers(self, value: str, rows: list[dict[str, Any]]) -> bool:
        """Whether a condition's value (an id or a name) is one of the related entities."""
        key = name_key(value)
        return any(value == r["other"] or key == name_key(r["other_label"]) for r in rows)

    def _check(self, cond: Condition, ident: str, facts: _Facts, query: Query) -> bool | None:
        """Whether the candidate meets the condition (None: the archive does not say)."""
        values = cond.values
        if cond.pid == "wikidata":
            found = facts.row["wikidata"]
            return None if not found else found in {v.strip().upper() for v in values}
        if cond.pid == "class":
            cls = self.model.cls(facts.row["class"])
            return any(v in self.model.classes and cls.is_a(v) or name_key(v) == name_key(cls.label) for v in values)
        if cond.pid == "country":
            wanted = {s for v in values for s in ({v} if v.startswith("state/") else self._states.get(name_key(v), set()))}
            countries = self._countries(ident, facts)
            return None if not countries else bool(wanted & countries)
        if cond.pid == "post":
            held = self._held(ident)
            if not held:
                return None
            days = [p for c in query.conditions if c.pid == "date" for v in c.values if (p := period(v))]
            for keys, start, end in held:
                if not any(name_key(v) in keys or any(fuzz.token_set_ratio(name_key(v), k) >= 90 for k in keys)
                           for v in values):
                    continue
                if all((start is None or start <= last) and (end is None or first <= end) for first, last in days):
                    return True
            return False
        if cond.pid == "date":
            periods = [p for v in values if (p := period(v))]
            if not periods:
                return False
            for first, last in periods:
                if any((s is None or s <= last) and (e is None or first <= e) for _, s, e in self._held(ident)):
                    return True
                if self._named_in(ident, first, last):
                    return True
            return False
        rows = facts.others(_RELATIONS[cond.pid])
        return None if not rows else any(self._refers(v, rows) for v in values)

    # ── queries ──────────────────────────────────────────────────────────────────────────────
    def _type_ok(self, cls: str, query: Query) -> bool:
        if not query.types:
            return True
        found = self.model.cls(cls)
        hits = [found.is_a(t) for t in query.types]
        return all(hits) if query.strict == "all" else any(hits)

    def _pool(self, query: Query) -> list[str]:
        """The ids a query's candidates are chosen among."""
        if query.text:
            size = max(POOL, query.limit * 3)
            found = [row["id"] for row in self.view.graph.search(query.text, size).dicts()]
            words = [w for w in name_key(query.text).split() if len(w) > 2]
            if not found and len(words) > 1:
                # a typo in a short word ('Putn') fails an index that wants every word: each word alone
                for word in words:
                    found += [row["id"] for row in self.view.graph.search(word, size).dicts() if row["id"] not in found]
            return found
        qids = [v.strip().upper() for c in query.conditions if c.pid == "wikidata" for v in c.values]
        if not qids:
            return []
        return [e.id for e in self.gazetteer.entries.values() if e.wikidata in qids]

    def reconcile(self, queries: Mapping[str, Query]) -> dict[str, list[Candidate]]:
        """Each query's candidates, the best first."""
        pools = {key: self._pool(q) for key, q in queries.items()}
        related = any(PROPERTIES[c.pid].relational for q in queries.values() for c in q.conditions)
        facts = self._facts(sorted({i for ids in pools.values() for i in ids}), related)
        return {key: self._candidates(q, [i for i in pools[key] if i in facts], facts) for key, q in queries.items()}

    def _candidates(self, query: Query, ids: list[str], facts: dict[str, _Facts]) -> list[Candidate]:
        scored = []
        for ident in ids:
            f = facts[ident]
            type_ok = self._type_ok(f.row["class"], query)
            if not type_ok and query.strict != "should":
                continue
            if query.text:
                name, exact = name_similarity(query.text, f.keys)
            else:
                name, exact = 100.0, False
            score = name - (0 if type_ok else WRONG_TYPE)
            features: list[tuple[str, float | bool]] = [("name", name)]
            failed = False
            for cond in query.conditions:
                if score < 40 and not exact:
                    break                   # not worth a read: it cannot come near the top
                met = self._check(cond, ident, f, query)
                if met is not None:
                    features.append((cond.pid, met))
                    score += MET if met else -FAILED
                    failed |= not met
            scored.append((max(0.0, min(100.0, score)), exact, exact and type_ok and not failed, f, tuple(features)))
        scored.sort(key=lambda s: (-s[0], -s[3].row["briefings"], s[3].row["id"]))
        # a match needs the type asked for, and no other candidate with the query's name key
        unique = sum(1 for s in scored if s[1]) == 1 and bool(query.types)
        return [Candidate(f.row["id"], f.row["label"], round(score, 1), trusted and unique, f.row["class"],
                          self.describe(f.row), features)
                for score, _, trusted, f, features in scored[:query.limit]]

    def describe(self, row: Mapping[str, Any]) -> str:
        """A line telling namesakes apart: class, the gazetteer's countries, briefings naming it."""
        parts = [self.model.cls(row["class"]).label]
        entry = self.gazetteer.entries.get(row["id"])
        if entry and entry.countries and row["class"] != "State":
            parts.append(", ".join(self.gazetteer.entries[c].label for c in entry.countries
                                   if c in self.gazetteer.entries))
        n = int(row.get("briefings") or 0)
        parts.append(f"named in {n} briefing{'s' if n != 1 else ''}")
        return " · ".join(p for p in parts if p)

    # ── suggest ──────────────────────────────────────────────────────────────────────────────
    def suggest_entities(self, prefix: str, limit: int = 10, types: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Entities whose names begin with (or, for a long word, are one typo from) the prefix."""
        hits = [row["id"] for row in self.view.graph.search(prefix, max(limit * 2, 20)).dicts()]
        facts = self._facts(hits, related=False)
        out = []
        for ident in hits:
            f = facts.get(ident)
            if f is None or types and not any(self.model.cls(f.row["class"]).is_a(t) for t in types):
                continue
            out.append(f.row)
        key = name_key(prefix)
        out.sort(key=lambda r: (not any(k.startswith(key) for k in _Facts(r).keys), -r["briefings"], r["id"]))
        return out[:limit]

    def suggest_types(self, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
        """Entity classes whose name or label begins with the prefix (or has a word that does)."""
        key = name_key(prefix)
        found = []
        for cls in self.model.entity_classes:
            words = name_key(cls.label).split() + [name_key(cls.name)]
            if not key or any(w.startswith(key) for w in words) or name_key(cls.label).startswith(key):
                found.append(cls)
        found.sort(key=lambda c: (not name_key(c.label).startswith(key), c.label))
        return [{"id": c.name, "name": c.label, "description": c.definition,
                 "broader": [{"id": p, "name": self.model.cls(p).label} for p in c.parents if p in self.model.classes]}
                for c in found[:limit]]

    def suggest_properties(self, prefix: str, limit: int = 10) -> list[Property]:
        """The service's properties whose id or name begins with the prefix."""
        key = name_key(prefix)
        return [p for p in PROPERTIES.values()
                if not key or name_key(p.name).startswith(key) or p.id.startswith(key.replace(" ", "_"))][:limit]

    def properties_for(self, cls: str | None) -> list[Property]:
        """The properties data extension can fetch for entities of a class (all, for none)."""
        if cls is not None and (cls not in self.model.classes or not self.model.cls(cls).is_a("Entity")):
            raise ReconcileError(f"type {cls!r} is not an entity class of the ontology")
        return [p for p in PROPERTIES.values() if p.extension and (
            cls is None or self.model.cls(cls).is_a(p.applies_to) or self.model.cls(p.applies_to).is_a(cls))]

    # ── data extension ───────────────────────────────────────────────────────────────────────
    def extend(self, ids: Sequence[str], pids: Sequence[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Each entity's values of each property, as the specification's cells: {"str"}, {"int"},
        {"float"}, {"date"} or another entity {"id", "name"}; an unknown id gets empty cells."""
        for pid in pids:
            if pid not in PROPERTIES or not PROPERTIES[pid].extension:
                raise ReconcileError(f"{pid!r} is not a property data extension can fetch; see extend/propose")
        facts = self._facts(list(dict.fromkeys(ids)), any(PROPERTIES[p].relational for p in pids))
        return {ident: {pid: (self._cells(pid, ident, facts[ident]) if ident in facts else []) for pid in pids}
                for ident in ids}

    def _cells(self, pid: str, ident: str, f: _Facts) -> list[dict[str, Any]]:
        row, entries = f.row, self.gazetteer.entries
        if pid == "wikidata":
            return [{"str": row["wikidata"]}] if row["wikidata"] else []
        if pid == "class":
            return [{"str": self.model.cls(row["class"]).label}]
        if pid == "aliases":
            return [{"str": a} for a in row["aliases"] or []]
        if pid == "country":
            return [{"id": c, "name": entries[c].label if c in entries else c} for c in sorted(self._countries(ident, f))]
        if pid in _RELATIONS:
            seen = dict.fromkeys((r["other"], r["other_label"]) for r in f.others(_RELATIONS[pid]))
            return [{"id": i, "name": n} for i, n in seen]
        if pid in ("latest_event", "latest_event_date"):
            events = self.view.latest_events(ident, 1)
            if not events:
                return []
            e = events[0]
            if pid == "latest_event":
                when = e["date"] or e["date_start"]
                return [{"id": e["event"], "name": f"{self.model.cls(e['type']).label}" + (f", {when}" if when else "")}]
            return [{"date": f"{e['date_start']}T00:00:00Z"}] if e["date_start"] else []
        if pid in ("briefings", "events"):
            return [{"int": int(row[pid] or 0)}]
        if pid in ("latitude", "longitude"):
            value = row["lat" if pid == "latitude" else "lon"]
            return [{"float": float(value)}] if value is not None else []
        if pid == "geo_precision":
            return [{"str": row["precision"]}] if row["precision"] else []
        raise ReconcileError(f"{pid!r} is not a property data extension can fetch")
