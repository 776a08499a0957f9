"""Reviewers' decisions as data: each one a statement about one fact (its identity and the span of
its evidence), with its author, time and reason, appended to a log that is never rewritten. A
fact's decision is the latest one on it that no later decision undid: two reviewers deciding at
once both land in the log, and the later wins, visibly (the earlier is shown as overridden)."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from briefgraph.errors import BriefgraphError
from briefgraph.ingest.timex import iso_period
from briefgraph.ontology.model import load_model

from .database import Database


class CurationError(BriefgraphError, ValueError):
    """A decision that cannot be recorded as given (the message says what is wrong)."""

    http_status = 400


class Kind(StrEnum):
    """What sort of fact a decision concerns."""

    ENTITY = "entity"           # an entity as a whole: merge, alias, Wikidata id, class (every briefing)
    MENTION = "mention"         # words of one briefing resolved to an entity: reject, split off
    EVENT = "event"             # an event as one briefing reports it: reject, class, date, modality
    ROLE = "role"               # an entity in a role of an event
    RELATION = "relation"       # a relation as one sentence states it
    QUANTITY = "quantity"       # a number an event states


class Verdict(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"
    UNSURE = "unsure"
    CORRECT = "correct"         # value: {"class": ...} | {"date": ...} | {"value": ...} | {"modality": ...} | {"role": ...}
    MERGE = "merge"             # value: {"into": entity id}: this entity is the same referent as that one
    SPLIT = "split"             # a mention taken off its entity; value: {"entity": new id} or {} (no entity)
    ALIAS = "alias"             # value: {"alias": a name}
    WIKIDATA = "wikidata"       # value: {"wikidata": "Q..."}
    DISTINCT = "distinct"       # value: {"from": entity id}: not the same referent (a merge suggestion declined)
    UNDO = "undo"               # `undoes`: the decision it takes back


# Which verdicts each kind of fact takes (the forms offer these, the log refuses the rest).
VERDICTS: dict[Kind, frozenset[Verdict]] = {
    Kind.ENTITY: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.CORRECT, Verdict.MERGE,
                            Verdict.ALIAS, Verdict.WIKIDATA, Verdict.DISTINCT}),
    Kind.MENTION: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.SPLIT}),
    Kind.EVENT: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.CORRECT}),
    Kind.ROLE: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.CORRECT}),
    Kind.RELATION: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.CORRECT}),
    Kind.QUANTITY: frozenset({Verdict.CONFIRM, Verdict.UNSURE, Verdict.REJECT, Verdict.CORRECT}),
}
# The fields a correction of each kind may set.
CORRECTABLE: dict[Kind, frozenset[str]] = {
    Kind.ENTITY: frozenset({"class"}),
    Kind.EVENT: frozenset({"class", "date", "modality"}),
    Kind.ROLE: frozenset({"role"}),
    Kind.RELATION: frozenset({"predicate", "modality"}),
    Kind.QUANTITY: frozenset({"value", "unit"}),
}
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]{0,11}")
ENTITY_ID = re.compile(r"[a-z][a-z0-9-]*/[a-z0-9][a-z0-9._-]*")


@dataclass(frozen=True)
class Fact:
    """A fact's identity: its kind, its key (the entity or event id; `subject|predicate|object` of
    a relation; `event|role|entity` of a role; the event of a quantity; the entity of a mention) and,
    for the facts of one briefing, where its evidence is: the briefing and the span of the words
    (the sentence of an event or relation, the number of a quantity, the words of a mention) with
    their text, which finds the fact again when an edit of the briefing moved its offsets."""

    kind: Kind
    key: str
    briefing: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None

    @property
    def anchored(self) -> bool:
        """Whether the fact is one briefing's (else: an entity, in every briefing)."""
        return self.briefing is not None

    def label(self) -> str:
        """The fact as one line for the logs."""
        where = f" in {self.briefing} [{self.start}:{self.end}]" if self.briefing else ""
        return f"{self.kind.value} {self.key}{where}"


@dataclass(frozen=True)
class Decision:
    """One reviewer's statement about a fact."""

    id: int
    fact: Fact
    verdict: Verdict
    value: dict[str, Any] = field(default_factory=dict)
    author: str = ""
    time: str = ""
    reason: str = ""
    undoes: int | None = None


SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    briefing TEXT,
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    verdict TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '{}',
    author TEXT NOT NULL,
    time TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    undoes INTEGER REFERENCES decisions(id),
    applied INTEGER,                     -- the change set that applied it to the stores; NULL: pending
    orphaned INTEGER NOT NULL DEFAULT 0  -- 1: its fact was not found when it was last applied
);
-- the briefings a decision was applied to (what its undo rewrites: a merged entity is gone from them)
CREATE TABLE IF NOT EXISTS applications (
    decision INTEGER NOT NULL REFERENCES decisions(id),
    briefing TEXT NOT NULL,
    PRIMARY KEY (decision, briefing)
);
CREATE INDEX IF NOT EXISTS decisions_fact ON decisions(kind, key, briefing, start);
CREATE INDEX IF NOT EXISTS decisions_briefing ON decisions(briefing);
CREATE INDEX IF NOT EXISTS decisions_author ON decisions(author, id);
CREATE INDEX IF NOT EXISTS decisions_pending ON decisions(applied) WHERE applied IS NULL;
CREATE INDEX IF NOT EXISTS decisions_undoes ON decisions(undoes) WHERE undoes IS NOT NULL;
"""
_COLUMNS = 'id, kind, key, briefing, start, "end", text, verdict, value, author, time, reason, undoes'


def _row(row: sqlite3.Row) -> Decision:
    fact = Fact(Kind(row["kind"]), row["key"], row["briefing"], row["start"], row["end"], row["text"])
    return Decision(row["id"], fact, Verdict(row["verdict"]), json.loads(row["value"]), row["author"], row["time"],
                    row["reason"], row["undoes"])


def check(fact: Fact, verdict: Verdict, value: dict[str, Any]) -> None:
    """Refuse a decision its fact cannot take, or a value its verdict cannot use (CurationError)."""
    if verdict is Verdict.UNDO:
        raise CurationError("an undo is recorded with Decisions.undo, naming the decision it takes back")
    if verdict not in VERDICTS[fact.kind]:
        raise CurationError(f"a {fact.kind.value} cannot be given the verdict {verdict.value!r}; "
                            f"it takes {', '.join(sorted(v.value for v in VERDICTS[fact.kind]))}")
    if fact.kind is Kind.ENTITY and fact.anchored:
        raise CurationError("a decision on an entity holds in every briefing: give no briefing")
    if fact.kind is not Kind.ENTITY and (fact.briefing is None or fact.start is None or fact.end is None):
        raise CurationError(f"a decision on a {fact.kind.value} names its briefing and the span of its evidence")
    if verdict is Verdict.CORRECT:
        unknown = set(value) - CORRECTABLE[fact.kind]
        if not value or unknown:
            raise CurationError(f"a correction of a {fact.kind.value} sets one or more of "
                                f"{', '.join(sorted(CORRECTABLE[fact.kind]))}"
                                + (f", not {', '.join(sorted(unknown))}" if unknown else ""))
        if "value" in value and not isinstance(value["value"], (int, float)) or isinstance(value.get("value"), bool):
            raise CurationError("a quantity's value is a number")
        _check_correction(fact.kind, value)
    elif verdict is Verdict.MERGE:
        into = value.get("into")
        if not isinstance(into, str) or not ENTITY_ID.fullmatch(into) or into == fact.key:
            raise CurationError("a merge names the id of another entity to merge into (kind/slug)")
    elif verdict is Verdict.DISTINCT:
        other = value.get("from")
        if not isinstance(other, str) or not ENTITY_ID.fullmatch(other) or other == fact.key:
            raise CurationError("'distinct' names the id of the other entity (kind/slug)")
    elif verdict is Verdict.ALIAS:
        alias = value.get("alias")
        if not isinstance(alias, str) or not alias.strip() or len(alias) > 200:
            raise CurationError("an alias is a name of 1 to 200 characters")
    elif verdict is Verdict.WIKIDATA:
        if not isinstance(value.get("wikidata"), str) or not WIKIDATA_ID.fullmatch(value["wikidata"]):
            raise CurationError("a Wikidata id is Q followed by digits (Q123)")
    elif verdict is Verdict.SPLIT:
        target = value.get("entity")
        if target is not None and (not isinstance(target, str) or not ENTITY_ID.fullmatch(target)):
            raise CurationError("a mention is split off to a new entity id (kind/slug), or to none")
    elif value:
        raise CurationError(f"the verdict {verdict.value!r} takes no value")


def _check_correction(kind: Kind, value: dict[str, Any]) -> None:
    """Refuse a corrected class, modality, role, predicate or date the ontology does not have (a
    correction the overlay could not apply would stop every write of its briefing)."""
    model = load_model()
    names = {
        "class": {c.name for c in (model.entity_classes if kind is Kind.ENTITY else model.event_classes)},
        "modality": set(model.modalities) if kind is Kind.EVENT else {"reported", "denied"},
        "role": set(model.roles),
        "predicate": {p.name for p in model.relations},
    }
    for name, allowed in names.items():
        if name in value and value[name] not in allowed:
            shown = str(value[name])[:60]
            article = "an" if kind.value[0] in "aeiou" else "a"
            raise CurationError(f"{name} {shown!r} is not one the ontology has for {article} {kind.value}; "
                                f"one of {', '.join(sorted(allowed)[:12])}{', ...' if len(allowed) > 12 else ''}")
    if "date" in value and not _is_date(str(value["date"])):
        raise CurationError(f"a date is YYYY-MM-DD, YYYY-MM or YYYY, not {str(value['date'])[:40]!r}")
    if "unit" in value and (not isinstance(value["unit"], str) or not value["unit"].strip()):
        raise CurationError("a unit is a word (troops, tanks, km)")


def _is_date(text: str) -> bool:
    try:
        iso_period(text)
    except ValueError:
        return False
    return True


class Decisions:
    """The log of decisions in the curation database."""

    def __init__(self, db: Database, clock: Any = None):
        self.db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        db.connection().executescript(SCHEMA)

    def _now(self) -> str:
        return str(self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))

    def record(self, fact: Fact, verdict: Verdict, author: str, value: dict[str, Any] | None = None,
               reason: str = "") -> Decision:
        """Append a decision (checked first); it is on disk when this returns."""
        return self.record_many([(fact, verdict, value or {})], author, reason)[0]

    def record_many(self, items: Iterable[tuple[Fact, Verdict, dict[str, Any]]], author: str,
                    reason: str = "") -> list[Decision]:
        """Several decisions in one transaction (a bulk verdict): all recorded, or none; on disk
        when this returns."""
        if len(reason) > 2000:
            raise CurationError("a reason is at most 2,000 characters")
        rows = []
        for fact, verdict, value in items:
            check(fact, verdict, value)
            rows.append((fact.kind.value, fact.key, fact.briefing, fact.start, fact.end, fact.text, verdict.value,
                         json.dumps(value, sort_keys=True, ensure_ascii=False)))
        now = self._now()
        ids = []
        with self.db.write() as conn:
            for row in rows:
                cur = conn.execute(
                    'INSERT INTO decisions (kind, key, briefing, start, "end", text, verdict, value, author, time, '
                    "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, author, now, reason))
                ids.append(int(cur.lastrowid or 0))
        return [d for d in (self.get(i) for i in ids) if d is not None]

    def undo(self, decision_id: int, author: str, reason: str = "") -> Decision:
        """Take a decision back (itself a decision, in the log): the fact's decision becomes the
        latest one before it that stands, or none."""
        with self.db.write() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (decision_id,)).fetchone()
            if row is None:
                raise CurationError(f"there is no decision {decision_id}")
            target = _row(row)
            if target.verdict is Verdict.UNDO:
                raise CurationError(f"decision {decision_id} is an undo; undo the decision it took back again instead")
            if conn.execute("SELECT 1 FROM decisions WHERE undoes = ?", (decision_id,)).fetchone():
                raise CurationError(f"decision {decision_id} was already undone")
            f = target.fact
            cur = conn.execute(
                'INSERT INTO decisions (kind, key, briefing, start, "end", text, verdict, value, author, time, reason, '
                "undoes) VALUES (?, ?, ?, ?, ?, ?, 'undo', '{}', ?, ?, ?, ?)",
                (f.kind.value, f.key, f.briefing, f.start, f.end, f.text, author, self._now(), reason, decision_id))
            ident = int(cur.lastrowid or 0)
        found = self.get(ident)
        assert found is not None
        return found

    def get(self, decision_id: int) -> Decision | None:
        """One decision by its id."""
        row = self.db.connection().execute(f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        return _row(row) if row else None

    def standing(self, briefings: Iterable[str] | None = None) -> list[Decision]:
        """The decision that holds for each fact (the latest not undone; undos are not decisions
        that hold), in the order they were made; given `briefings`, only the decisions on their
        facts and those on entities (what curating them needs, whatever the size of the log)."""
        where, params = "", []
        if briefings is not None:
            chosen = sorted(set(briefings))
            where = f"AND (d.briefing IS NULL OR d.briefing IN ({', '.join('?' * len(chosen))})) "
            params = chosen
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM decisions d WHERE verdict != 'undo' {where}"
            "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) "
            "AND NOT EXISTS (SELECT 1 FROM decisions l WHERE l.kind = d.kind AND l.key = d.key "
            "AND l.briefing IS d.briefing AND l.start IS d.start AND l.verdict != 'undo' AND l.id > d.id "
            "AND NOT EXISTS (SELECT 1 FROM decisions lu WHERE lu.undoes = l.id)) ORDER BY id", params).fetchall()
        return [_row(r) for r in rows]

    def history(self, fact: Fact) -> list[Decision]:
        """Every decision ever made on a fact, undos included, oldest first (its audit log)."""
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE kind = ? AND key = ? AND briefing IS ? AND start IS ? ORDER BY id",
            (fact.kind.value, fact.key, fact.briefing, fact.start)).fetchall()
        return [_row(r) for r in rows]

    def by_author(self, author: str, limit: int = 100, before: int | None = None) -> list[Decision]:
        """A reviewer's decisions, the latest first (their audit log), `limit` at a time."""
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE author = ? AND id < ? ORDER BY id DESC LIMIT ?",
            (author, before if before is not None else 2**62, limit)).fetchall()
        return [_row(r) for r in rows]

    def pending(self) -> list[Decision]:
        """The decisions (undos included) not yet applied to the stores, oldest first."""
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE applied IS NULL ORDER BY id").fetchall()
        return [_row(r) for r in rows]

    def mark_applied(self, ids: Iterable[int], change: int) -> None:
        """Record that the change set `change` applied these decisions to the stores."""
        with self.db.write() as conn:
            conn.executemany("UPDATE decisions SET applied = ? WHERE id = ?", [(change, i) for i in ids])

    def note_written(self, applications: Iterable[tuple[int, str]], orphaned: Iterable[int],
                     found: Iterable[int]) -> None:
        """After briefings were written curated: the briefing each decision changed, and which
        decisions found their fact and which no longer did."""
        with self.db.write() as conn:
            conn.executemany("INSERT OR IGNORE INTO applications (decision, briefing) VALUES (?, ?)", list(applications))
            conn.executemany("UPDATE decisions SET orphaned = 1 WHERE id = ?", [(i,) for i in orphaned])
            conn.executemany("UPDATE decisions SET orphaned = 0 WHERE id = ?", [(i,) for i in found])

    def applied_to(self, decision_id: int) -> list[str]:
        """The briefings a decision was applied to."""
        rows = self.db.connection().execute("SELECT briefing FROM applications WHERE decision = ? ORDER BY briefing",
                                            (decision_id,)).fetchall()
        return [r[0] for r in rows]

    def orphaned_count(self) -> int:
        """How many decisions not undone found no fact when they were last applied."""
        return int(self.db.connection().execute(
            "SELECT count(*) FROM decisions d WHERE orphaned = 1 "
            "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id)").fetchone()[0])

    def pending_count(self) -> int:
        """How many decisions wait to be applied to the stores."""
        return int(self.db.connection().execute("SELECT count(*) FROM decisions WHERE applied IS NULL").fetchone()[0])

    def orphaned(self) -> list[Decision]:
        """The standing decisions whose fact was not found when they were last applied."""
        ids = {r[0] for r in self.db.connection().execute("SELECT id FROM decisions WHERE orphaned = 1").fetchall()}
        return [d for d in self.standing() if d.id in ids]

    def distinct_pairs(self) -> list[tuple[str, str]]:
        """The pairs of entities reviewers said are not one referent (and did not take back)."""
        return [(d.fact.key, str(d.value["from"])) for d in self.standing() if d.verdict is Verdict.DISTINCT]

    def count(self) -> int:
        """How many decisions the log holds."""
        return int(self.db.connection().execute("SELECT count(*) FROM decisions").fetchone()[0])
