"""The write side: batches of briefings into both stores at once, each briefing all or nothing, a
no-op when it is unchanged, a replacement when it changed. A briefing is checked by the stores' own
rules before its batch is written; a batch that one store still refuses is undone in both and
written again one briefing at a time, so that only the briefing at fault is left out."""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, parse

from briefgraph.ingest.briefing import Briefing
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.facts import Extraction
from briefgraph.ontology.gazetteer import Gazetteer
from briefgraph.store.graph import cypher, disagreement, history
from briefgraph.store.graph.base import GraphError, GraphStore, Statement
from briefgraph.store.graph.rows import GraphRows, check_values, combine, to_rows
from briefgraph.store.graph.upgrade import upgrade
from briefgraph.store.curation.queue import Item
from briefgraph.store.rdf.base import RdfError, RdfStore, hash_ask
from briefgraph.store.rdf.quads import briefing_iri, briefing_statements, entity_graph_iri, graph_iri, is_shared
from briefgraph.store.rdf.record import change_nquads, superseded_update
from briefgraph.store.rollback import Before, read_rows, snapshot, undo

HASH = NamedNode("https://w3id.org/briefgraph/ontology#contentHash")
HASH_TERM = str(HASH)


@dataclass(frozen=True)
class Prepared:
    """A briefing ready to write: its graph rows and its named graph as N-Quads, built wherever the
    extraction ran (a worker process), so that the writer only writes."""

    briefing: Briefing
    rows: GraphRows
    nquads: str
    shared: str = ""            # the entity graph's N-Quads (classes, labels, ids of the entities named)
    curation: str = ""          # the fingerprint of the reviewers' decisions applied (overlay.fingerprint)
    applied: tuple[int, ...] = ()       # the decisions that found their fact in it
    orphaned: tuple[int, ...] = ()      # the decisions on its facts that found none of them
    review: tuple[Item, ...] = ()       # its facts for the review queue (store/curation/queue.py)


def prepare(extraction: Extraction, base_url: str, file_sha256: str = "", curation: str = "",
            gazetteer: Gazetteer | None = None) -> Prepared:
    """Graph rows and N-Quads of one extraction, checked by the rules of both stores (BriefingError
    naming the file and the value otherwise); the content-hash triple, which marks the named
    graph complete, is left out here and written last (see OxigraphStore.load_graphs). The file's
    own SHA-256 is kept so that a later run can skip the unchanged file without reading it."""
    path = extraction.briefing.path
    try:
        rows = to_rows(extraction, file_sha256, curation, gazetteer)
        check_values(rows)
    except ValueError as exc:
        raise BriefingError(path, f"cannot be stored in the graph: {exc}") from None
    graph = graph_iri(base_url, extraction.briefing.id)
    entities = entity_graph_iri(base_url)
    own, shared = [], []
    for s, p, o in briefing_statements(extraction, base_url):
        if p == HASH_TERM:
            continue
        if is_shared(base_url, s, p):
            shared.append(f"{s} {p} {o} {entities} .\n")
        else:
            own.append(f"{s} {p} {o} {graph} .\n")
    prepared = Prepared(extraction.briefing, rows, "".join(own), "".join(shared), curation)
    check_nquads(prepared.nquads + prepared.shared, path)
    return prepared


_ERROR_LINE = re.compile(r"\bline (\d+)\b")


def check_nquads(nquads: str, path: str) -> None:
    """Parse the N-Quads as the RDF store will (the same parser): a term that is no IRI, a bad
    escape, raise BriefingError with the statement at fault instead of failing the batch's load."""
    try:
        for _ in parse(nquads.encode("utf-8"), format=RdfFormat.N_QUADS):
            pass
    except (SyntaxError, UnicodeEncodeError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        found = _ERROR_LINE.search(reason)
        lines = nquads.splitlines()
        statement = lines[int(found.group(1)) - 1] if found and int(found.group(1)) <= len(lines) else ""
        where = f" in the statement {statement[:300]!r}" if statement else ""
        raise BriefingError(path, f"cannot be stored as RDF: {reason}{where}") from None


def marker(base_url: str, briefing: Briefing) -> str:
    """The N-Quad that says a briefing's named graph is complete at this content hash."""
    return (f"{briefing_iri(base_url, briefing.id)} {HASH} \"{briefing.content_hash}\" "
            f"{graph_iri(base_url, briefing.id)} .\n")


def stored_hashes(graph: GraphStore, rdf: RdfStore) -> dict[str, tuple[str, str]]:
    """Every briefing stored in both stores: (content hash, file SHA-256) by id."""
    in_rdf = rdf.hashes()
    return {row[0]: (row[1], row[2] or "") for row in graph.read(cypher.ALL_HASHES).rows
            if in_rdf.get(row[0]) == row[1]}


@dataclass(frozen=True)
class Outcome:
    """What happened to one briefing: 'ingested', 'unchanged', 'replaced', or 'failed' with the
    reason a store gave."""

    briefing: str
    status: str
    reason: str = ""


class _Refused(Exception):
    """One store failed a write; the message names the store and says why."""

    def __init__(self, store: str, error: Exception):
        super().__init__(store, error)
        self.store, self.error = store, error

    def __str__(self) -> str:
        return f"the {self.store} store refused it: {self.error}"


def _events_of(todo: list[tuple[Prepared, bool]], before: dict[str, Before]) -> list[str]:
    """The events a batch writes, and those the briefings it replaces reported before."""
    rows = [item.rows for item, _ in todo] + [before[item.briefing.id].rows for item, replaced in todo if replaced]
    return sorted({row["id"] for r in rows for group in r.events.values() for row in group})


def _relations_of(many: list[GraphRows]) -> list[dict[str, str]]:
    """The relations ({subject, predicate: the relationship type, object}) some briefings' rows state."""
    return [{"subject": row["subject"], "predicate": kind, "object": row["object"]}
            for rows in many for kind, group in rows.relations.items() for row in group]


def _touched_relations(todo: list[tuple[Prepared, bool]], before: dict[str, Before]) -> list[dict[str, str]]:
    """The relations a batch states, and those the briefings it replaces stated before."""
    return _relations_of([item.rows for item, _ in todo]
                         + [before[item.briefing.id].rows for item, replaced in todo if replaced])


class Writer:
    """Writes extractions to the graph store and the RDF store. The writer owns the RDF store it is
    given (it is opened for writing for the writer; `close` closes it); the graph store is the
    caller's, who opened it to read what is stored before there was anything to write."""

    def __init__(self, graph: GraphStore, rdf: RdfStore, base_url: str,
                 clock: Callable[[], datetime] | None = None):
        self.graph = graph
        self.rdf = rdf
        self.base = base_url
        # One writer is one change set (store/graph/history.py), numbered and timed at its first write.
        self._clock = clock or (lambda: datetime.now(UTC))
        self._stamp: history.Stamp | None = None
        self._parts = 0
        self._pending: tuple[history.Stamp, int, list[str]] | None = None    # the last batch's record
        self._rdf_record: tuple[str, str] = ("", "")                             # ... and its RDF (update, N-Quads)
        # The RDF store loads while the graph store writes (pyoxigraph releases the GIL).
        self._rdf_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rdf-writer")
        graph.ensure_schema()
        upgrade(graph)
        rdf.ensure_ontology()
        # a write whose contradictions were not found (its process was killed before): find them now
        events, relations = disagreement.pending_of(lambda query, params: graph.read(query, params).dicts())
        if events or relations:
            self._contradictions(events, relations)

    def checkpoint(self) -> None:
        """After a large write: the graph store's next start is from a snapshot, not a replay."""
        self.graph.checkpoint()

    def close(self) -> None:
        """Stop the RDF loading thread and close the RDF store."""
        self._rdf_thread.shutdown(wait=True)
        self.rdf.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stored_hash(self, briefing_id: str) -> tuple[str, str] | None:
        """The content hash the graph holds for a briefing and the fingerprint of the decisions
        applied to it, or None."""
        query, params = cypher.briefing_hash(briefing_id)
        rows = self.graph.read(query, params).rows
        return (rows[0][0], rows[0][1]) if rows else None

    def rdf_has(self, briefing: Briefing) -> bool:
        """Whether the RDF store holds the briefing at its content hash."""
        return self.rdf.ask(hash_ask(graph_iri(self.base, briefing.id), briefing_iri(self.base, briefing.id),
                                     briefing.content_hash))

    def write(self, extraction: Extraction) -> Outcome:
        """Store one briefing's extraction; an unchanged briefing is not written again."""
        return self.write_many([extraction])[0]

    def write_many(self, extractions: list[Extraction]) -> list[Outcome]:
        """Store a batch of extractions (see write_prepared)."""
        return self.write_prepared([prepare(e, self.base) for e in extractions])

    def write_prepared(self, batch: list[Prepared]) -> list[Outcome]:
        """Store a batch of briefings in one transaction per store: each briefing all or nothing
        (the batch is), unchanged ones skipped, changed ones replacing what they said before. If
        either store fails the batch, both are undone and the briefings written one by one: the
        good ones are stored, and the one a store refuses is 'failed' with the store's reason."""
        outcomes: list[Outcome] = []
        todo: list[tuple[Prepared, bool]] = []
        seen: set[str] = set()
        for item in batch:
            b = item.briefing
            if b.id in seen:
                raise ValueError(f"{b.path}: a second briefing with the id {b.id!r} in one batch")
            seen.add(b.id)
            stored = self.stored_hash(b.id)
            if stored == (b.content_hash, item.curation) and self.rdf_has(b):
                outcomes.append(Outcome(b.id, "unchanged"))
                continue
            todo.append((item, stored is not None))
            outcomes.append(Outcome(b.id, "replaced" if stored is not None else "ingested"))
        if not todo:
            return outcomes
        # What a replaced briefing was, to be put back should its replacement fail (read only for
        # replacements: a new briefing is simply removed).
        before = {item.briefing.id: snapshot(self.graph, self.rdf, self.base, item.briefing.id)
                  for item, replaced in todo if replaced}
        failed: dict[str, str] = {}
        try:
            self._write(todo, before)
        except _Refused as exc:
            self._undo(todo, before, exc)
            groups = [[one] for one in todo] if len(todo) > 1 else []
            if not groups:
                failed[todo[0][0].briefing.id] = str(exc)
            for group in groups:
                try:
                    self._write(group, before)
                except _Refused as alone:
                    self._undo(group, before, alone)
                    failed[group[0][0].briefing.id] = str(alone)
        return [Outcome(o.briefing, "failed", failed[o.briefing]) if o.briefing in failed else o
                for o in outcomes]

    @property
    def change(self) -> history.Stamp | None:
        """The change set this writer records, once it has written."""
        return self._stamp

    def _next_part(self) -> tuple[history.Stamp, int]:
        """The change set (numbered after the store's last one at this writer's first write) and
        the number of the batch about to be written in it."""
        if self._stamp is None:
            rows = self.graph.read(history.LAST_CHANGE).rows
            last = rows[0][0] if rows and rows[0][0] is not None else 0
            self._stamp = history.Stamp(last + 1, self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self._parts += 1
        return self._stamp, self._parts

    def _record(self, new: dict[str, GraphRows], old: dict[str, GraphRows],
                removed: tuple[str, ...] = ()) -> tuple[list[Statement], list[dict[str, Any]]]:
        """The statements recording a batch in its change set, and the briefing rows stamped with it."""
        read = lambda query, params: self.graph.read(query, params).rows        # noqa: E731
        delta = history.batch_delta(read, new, old, removed)
        stamp, part = self._next_part()
        versions = [history.version_row(old[bid], stamp) for bid in sorted(old)]
        self._pending = (stamp, part, [v["id"] for v in versions])
        stamped = history.stamp_rows([rows.briefing for rows in new.values()], stamp,
                                     {v["briefing"]: v["version"] for v in versions})
        # the same record in the RDF store, written once the batch is in both stores
        self._rdf_record = (superseded_update(self.base, [*delta.changed, *delta.removed]),
                            change_nquads(self.base, stamp.seq, stamp.time, delta.added, delta.changed, delta.removed,
                                          versions))
        return history.write_change(stamp, part, delta, versions), stamped

    def _write(self, todo: list[tuple[Prepared, bool]], before: dict[str, Before]) -> None:
        """Write the briefings to both stores at once; _Refused says which store failed."""
        # A briefing counts as stored only when the graph store holds its hash and its named graph
        # holds the hash triple, which the RDF store writes last; a crash anywhere leaves a briefing
        # that the next run writes again, whole.
        # Statements of the entity graph are loaded with the batch: quads are a set, so what another
        # briefing already said of an entity is not said twice. A replacement may leave an entity
        # named by no briefing: the prune after both writes removes what the entity graph said of it
        # (after, not with the load: should the graph store fail, the undo needs those statements).
        rdf_done = self._rdf_thread.submit(
            self.rdf.load_graphs, [graph_iri(self.base, item.briefing.id) for item, _ in todo],
            "".join(item.nquads for item, _ in todo)
            + "".join(dict.fromkeys(line for item, _ in todo for line in item.shared.splitlines(keepends=True))),
            "".join(marker(self.base, item.briefing) for item, _ in todo))
        statements: list[Statement] = []
        graph_error: Exception | None = None
        self._pending = None            # set by _record: what an undo of this batch forgets
        try:
            record, stamped = self._record({item.briefing.id: item.rows for item, _ in todo},
                                           {item.briefing.id: before[item.briefing.id].rows
                                            for item, replaced in todo if replaced})
        except Exception as exc:  # noqa: BLE001 - the graph cannot be read: the batch is refused, undone
            record, stamped, graph_error = [], [], exc
        written = combine([item.rows for item, _ in todo])
        if self.change is not None:
            history.stamp_edges(written, self.change)
        keep = (sorted({row["id"] for group in written.entities.values() for row in group}),
                sorted({row["id"] for group in written.events.values() for row in group}))
        # the events whose reports change: their contradictions are dropped with the write, found again after it
        touched, relations = _events_of(todo, before), _touched_relations(todo, before)
        statements += [disagreement.forget(touched), disagreement.forget_relations(relations),
                       disagreement.pending(touched, relations)]
        for item, stored_before in todo:
            if stored_before:
                statements += cypher.remove_briefing(item.briefing.id, keep)
        statements.append(cypher.write_briefings(stamped))
        statements += list(cypher.write_rows(written))
        statements += record
        statements.append(cypher.bump_generation(uuid.uuid4().hex))
        try:
            if graph_error is None:
                self.graph.write(statements)
        except Exception as exc:  # noqa: BLE001 - any failure of one store is undone in both
            graph_error = exc
        failure = rdf_done.exception()
        rdf_error = failure if failure is None or isinstance(failure, Exception) else RdfError(str(failure))
        if graph_error is not None:
            raise _Refused("graph", graph_error) from graph_error
        if rdf_error is not None:
            raise _Refused("RDF", rdf_error) from rdf_error
        if any(replaced for _, replaced in todo):
            try:
                self.rdf.prune_entities(entity_graph_iri(self.base))
            except Exception as exc:  # noqa: BLE001
                raise _Refused("RDF", exc) from exc
        try:
            self._contradictions(touched, relations)
        except Exception as exc:  # noqa: BLE001
            raise _Refused("graph", exc) from exc
        try:
            self.rdf.record(*self._rdf_record)
        except Exception as exc:  # noqa: BLE001
            raise _Refused("RDF", exc) from exc

    def _contradictions(self, events: list[str], relations: list[dict[str, str]]) -> None:
        """Find again the contradictions of the events and relations a write touched
        (store/graph/disagreement.py)."""
        read = lambda query, params: self.graph.read(query, params).dicts()        # noqa: E731
        found = disagreement.refresh(read, events) + disagreement.refresh_relations(read, relations)
        self.graph.write([*found, disagreement.pending([], [])])

    def _undo(self, todo: list[tuple[Prepared, bool]], before: dict[str, Before], failure: _Refused) -> None:
        """Undo a failed write in both stores; if that fails too, stop the ingest with both reasons
        (the stores' markers still say which briefings are stored, and the next run writes the rest)."""
        batch = [(item.briefing.id, item.rows) for item, _ in todo]
        try:
            undo(self.graph, self.rdf, self.base, batch, before)
            if self._pending is not None:
                stamp, part, versions = self._pending
                self.graph.write(history.forget_part(stamp, part, versions))
            self._contradictions(_events_of(todo, before), _touched_relations(todo, before))
        except Exception as exc:  # noqa: BLE001 - reported with the failure that caused the undo
            kind = GraphError if failure.store == "graph" else RdfError
            raise kind(f"a batch could not be written ({failure}), and undoing it failed too ({exc}); "
                       "run the ingest again: it writes again, whole, every briefing not stored in both "
                       "stores") from exc

    def delete(self, briefing_id: str) -> None:
        """Remove a briefing and what only it said, from both stores (a change set records it)."""
        old = read_rows(self.graph, briefing_id)
        record, _ = self._record({}, {briefing_id: old}, (briefing_id,))
        events = sorted({row["id"] for group in old.events.values() for row in group})
        relations = _relations_of([old])
        self.graph.write([disagreement.forget(events), disagreement.forget_relations(relations),
                          disagreement.pending(events, relations), *cypher.delete_briefing(briefing_id), *record,
                          cypher.bump_generation(uuid.uuid4().hex)])
        self._contradictions(events, relations)
        self.rdf.drop_graph(graph_iri(self.base, briefing_id))
        self.rdf.prune_entities(entity_graph_iri(self.base))
        self.rdf.record(*self._rdf_record)
