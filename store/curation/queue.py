"""The review queue: every fact the stores hold that a reviewer can judge (a relation, an event
as one briefing reports it, each of its roles and quantities), with its evidence, how sure the
extraction is of it and how many pages show it; kept in the curation database beside the
decisions, replaced for a briefing each time the briefing is written. A page of the queue is one
indexed read there (the least sure first, then the most shown), whatever the size of the archive."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from briefgraph.ingest.facts import Extraction

from .database import Database
from .decisions import SCHEMA as DECISIONS_SCHEMA
from .decisions import Fact, Kind


@dataclass(frozen=True)
class Item:
    """A fact to review: its identity, evidence and place in the queue."""

    fact: Fact
    summary: str                # the fact in words, with the entities' labels
    evidence: str               # the sentence that states it
    sentence_start: int         # where that sentence begins in the briefing (the fact's words inside it)
    confidence: float
    pages: int                  # how many pages show it: the briefing's, the event's, each entity's


SCHEMA = """
CREATE TABLE IF NOT EXISTS queue (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    briefing TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    summary TEXT NOT NULL,
    evidence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    confidence REAL NOT NULL,
    pages INTEGER NOT NULL,
    decided INTEGER NOT NULL DEFAULT 0,     -- a decision that holds takes the fact out of the queue
    PRIMARY KEY (kind, key, briefing, start)
);
CREATE INDEX IF NOT EXISTS queue_order ON queue(decided, confidence, pages DESC, briefing, start, kind, key);
CREATE INDEX IF NOT EXISTS queue_kinds ON queue(decided, kind, confidence, pages DESC, briefing, start, key);
CREATE INDEX IF NOT EXISTS queue_briefing ON queue(briefing);
-- every decision (an undo too) sets the flag of its fact, in the transaction that records it
CREATE TRIGGER IF NOT EXISTS queue_decided AFTER INSERT ON decisions BEGIN
    UPDATE queue SET decided = """ + "{decided}" + """
    WHERE kind = NEW.kind AND key = NEW.key AND briefing = NEW.briefing AND start = NEW.start;
END;
"""
_COLUMNS = 'kind, key, briefing, start, "end", text, summary, evidence, sentence_start, confidence, pages'
# A fact leaves the queue once a decision that is not undone concerns it (an unsure one keeps it there).
_DECIDED = ("EXISTS (SELECT 1 FROM decisions d WHERE d.kind = queue.kind AND d.key = queue.key "
            "AND d.briefing = queue.briefing AND d.start = queue.start AND d.verdict NOT IN ('undo', 'unsure') "
            "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id))")
SCHEMA = SCHEMA.replace("{decided}", _DECIDED)


def items_of(extraction: Extraction) -> list[Item]:
    """The facts of a (curated) extraction a reviewer can judge."""
    label = {e.id: e.label for e in extraction.entities}
    bid = extraction.briefing.id
    out: list[Item] = []
    for r in extraction.relations:
        ev = r.evidence
        words = f"{label.get(r.subject, r.subject)} {r.predicate} {label.get(r.object, r.object)}"
        if r.modality == "denied":
            words = "not: " + words
        out.append(Item(Fact(Kind.RELATION, f"{r.subject}|{r.predicate}|{r.object}", bid, ev.start, ev.end, ev.text),
                        words, ev.text, ev.start, r.confidence, 3))
    for v in extraction.events:
        ev = v.evidence
        people = [p.entity for p in v.participants] + ([v.place] if v.place else [])
        names = ", ".join(label.get(p, p) for p in people)
        when = f" on {v.date}" if v.date else ""
        out.append(Item(Fact(Kind.EVENT, v.id, bid, ev.start, ev.end, ev.text),
                        f"{v.type} ({v.modality}){when}" + (f": {names}" if names else ""), ev.text, ev.start,
                        v.confidence, 2 + len(set(people))))
        for p in v.participants:
            out.append(Item(Fact(Kind.ROLE, f"{v.id}|{p.role}|{p.entity}", bid, ev.start, ev.end, ev.text),
                            f"{label.get(p.entity, p.entity)} as {p.role} of the {v.type}", ev.text, ev.start,
                            v.confidence, 3))
        for q in v.quantities:
            out.append(Item(Fact(Kind.QUANTITY, v.id, bid, q.start, q.end, q.text),
                            f"{q.text} = {q.value:g} {q.unit} in the {v.type}", ev.text, ev.start, v.confidence, 2))
    return out


def _row(row: sqlite3.Row) -> Item:
    fact = Fact(Kind(row["kind"]), row["key"], row["briefing"], row["start"], row["end"], row["text"])
    return Item(fact, row["summary"], row["evidence"], row["sentence_start"], row["confidence"], row["pages"])


class Queue:
    """The review queue in the curation database."""

    def __init__(self, db: Database):
        self.db = db
        conn = db.connection()
        conn.executescript(DECISIONS_SCHEMA)        # the trigger below is on the decisions
        columns = {row[1] for row in conn.execute("PRAGMA table_info(queue)")}
        if columns and "decided" not in columns:     # a queue of the first version of this module
            conn.execute("DROP TABLE queue")
        conn.executescript(SCHEMA)

    def replace(self, written: Iterable[tuple[str, list[Item]]]) -> None:
        """The facts of briefings just written, in place of what they held before (one transaction)."""
        with self.db.write() as conn:
            for briefing, items in written:
                conn.execute("DELETE FROM queue WHERE briefing = ?", (briefing,))
                conn.executemany(
                    f"INSERT OR REPLACE INTO queue ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(i.fact.kind.value, i.fact.key, briefing, i.fact.start, i.fact.end, i.fact.text or "", i.summary,
                      i.evidence, i.sentence_start, i.confidence, i.pages) for i in items])
                conn.execute(f"UPDATE queue SET decided = {_DECIDED} WHERE briefing = ?", (briefing,))

    def remove(self, briefing: str) -> None:
        """A deleted briefing's facts."""
        with self.db.write() as conn:
            conn.execute("DELETE FROM queue WHERE briefing = ?", (briefing,))

    def page(self, limit: int = 50, offset: int = 0, kind: Kind | None = None) -> list[Item]:
        """The undecided facts, the least sure first, then those on the most pages."""
        where = "decided = 0" + (" AND kind = ?" if kind else "")
        params: tuple[object, ...] = ((kind.value,) if kind else ()) + (limit, offset)
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM queue WHERE {where} "
            "ORDER BY confidence, pages DESC, briefing, start, kind, key LIMIT ? OFFSET ?", params).fetchall()
        return [_row(r) for r in rows]

    def find(self, fact: Fact) -> Item | None:
        """A fact of the queue, decided or not."""
        row = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM queue WHERE kind = ? AND key = ? AND briefing = ? AND start = ?",
            (fact.kind.value, fact.key, fact.briefing, fact.start)).fetchone()
        return _row(row) if row else None

    def counts(self) -> dict[str, int]:
        """How many facts wait for a decision, by kind."""
        rows = self.db.connection().execute(
            "SELECT kind, count(*) FROM queue WHERE decided = 0 GROUP BY kind ORDER BY kind").fetchall()
        return {r[0]: r[1] for r in rows}

    def size(self) -> int:
        """How many facts the queue holds, decided or not."""
        return int(self.db.connection().execute("SELECT count(*) FROM queue").fetchone()[0])
