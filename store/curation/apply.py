"""The decisions taken to the stores: each briefing a pending decision concerns is extracted again
from the text the graph keeps, curated with every standing decision, and written as a
replacement (one change set for all of them), so that the graph, the RDF store and everything
read from them show the decision. A decision is marked applied only once its briefings are
written: one the process did not live to apply is applied by the next run (the app's, or an
ingest's), and applying twice writes nothing the second time."""
from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from briefgraph.errors import BriefgraphError
from briefgraph.ingest.briefing import Briefing
from briefgraph.ingest.extraction import curated_pipeline, extract
from briefgraph.ingest.pipeline import Pipeline
from briefgraph.ontology.gazetteer import CuratedNames, Gazetteer, load_gazetteer, with_names
from briefgraph.store.graph.base import GraphStore
from briefgraph.store.graph.rows import parse_span
from briefgraph.store.writer import Prepared, Writer, prepare

from .decisions import Decision, Decisions, Verdict
from .overlay import Curated, Overlay, curate
from .queue import Queue, items_of
from .rdf_graph import record_update

STORED_BRIEFING = ("MATCH (b:Briefing {id: $id}) RETURN b.title AS title, b.layout AS layout, b.section AS section, "
                   "b.trend AS trend, b.publisher AS publisher, b.author AS author, b.source_url AS source_url, "
                   "b.published AS published, b.period_start AS period_start, b.period_end AS period_end, "
                   "b.content_hash AS content_hash, b.file_sha256 AS file_sha256, b.body AS body, "
                   "b.paragraphs AS paragraphs")
BRIEFINGS_NAMING = ("MATCH (n:Entity {id: $id}) WITH n MATCH (n)-[:MENTIONED_IN]->(b:Briefing) "
                    "RETURN b.id AS id ORDER BY id")
BATCH = 32


class StoredTextError(BriefgraphError, RuntimeError):
    """A briefing whose stored text no longer gives the hash it was stored under (the store is
    damaged: a server error)."""


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def stored_briefing(graph: GraphStore, briefing_id: str) -> tuple[Briefing, str] | None:
    """A briefing as the graph keeps it (its text and metadata) and its file's SHA-256; None if
    it is not stored."""
    rows = graph.read(STORED_BRIEFING, {"id": briefing_id}).dicts()
    if not rows:
        return None
    r = rows[0]
    briefing = Briefing(id=briefing_id, path=f"{briefing_id} (as stored)", layout=r["layout"], encoding="utf-8",
                        title=r["title"], body=r["body"],
                        paragraphs=tuple(parse_span(p) for p in r["paragraphs"] or []),
                        published=_day(r["published"]), period_start=_day(r["period_start"]),
                        period_end=_day(r["period_end"]), section=r["section"], trend=r["trend"],
                        publisher=r["publisher"], author=r["author"], source_url=r["source_url"])
    if briefing.content_hash != r["content_hash"]:
        raise StoredTextError(f"{briefing_id}: the stored text gives the hash {briefing.content_hash[:12]}, "
                              f"not the {r['content_hash'][:12]} it was stored under")
    return briefing, r["file_sha256"] or ""


@dataclass
class Applied:
    """What one application wrote: the decisions it applied, the briefings it rewrote, the
    decisions that found no fact, and the briefings it could not rewrite (with why)."""

    decisions: list[int] = field(default_factory=list)
    briefings: list[str] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    change: int | None = None


def targets(graph: GraphStore, decisions: Decisions, pending: Iterable[Decision]) -> list[str]:
    """The briefings the pending decisions change: an anchored fact's briefing; the briefings
    naming an entity (and the one it merges into); for an undo, also those the undone decision
    was applied to (a merged entity is no longer in them)."""
    out: set[str] = set()

    def naming(entity: str) -> set[str]:
        return {r[0] for r in graph.read(BRIEFINGS_NAMING, {"id": entity}).rows}

    for d in pending:
        target = decisions.get(d.undoes) if d.verdict is Verdict.UNDO and d.undoes is not None else d
        if target is None:
            continue
        out.update(decisions.applied_to(target.id))
        if target.fact.briefing is not None:
            out.add(target.fact.briefing)
            continue
        out |= naming(target.fact.key)
        if target.verdict is Verdict.MERGE:
            out |= naming(str(target.value["into"]))
    return sorted(out)


def apply_pending(decisions: Decisions, queue: Queue, writer: Writer, pipeline: Pipeline | None = None) -> Applied:
    """Write every briefing the pending decisions concern, curated by all standing decisions, in
    the writer's change set; then mark the decisions applied."""
    result = Applied()
    pending = decisions.pending()
    if not pending:
        return result
    briefings = targets(writer.graph, decisions, pending)
    overlay = Overlay.of(decisions.standing(briefings))
    for start in range(0, len(briefings), BATCH):
        batch = []
        for ident in briefings[start:start + BATCH]:
            try:
                stored = stored_briefing(writer.graph, ident)
            except StoredTextError as exc:
                result.failed[ident] = str(exc)
                continue
            if stored is None:
                continue                # removed since: nothing to curate
            briefing, file_sha = stored
            extraction = extract(briefing, pipeline or pipeline_for(overlay))
            batch.append(prepare_curated(curate(extraction, overlay), writer.base, file_sha, overlay))
        outcomes = writer.write_prepared(batch)
        failed = {o.briefing: o.reason for o in outcomes if o.status == "failed"}
        result.failed.update(failed)
        result.briefings += [o.briefing for o in outcomes if o.status != "failed"]
        result.orphaned += [i for i, _ in after_write(decisions, queue, batch, failed)]
    result.decisions = [d.id for d in pending]
    writer.rdf.record(*record_update(writer.base, decisions, pending))      # the decisions themselves, in RDF
    result.change = writer.change.seq if writer.change else 0
    decisions.mark_applied(result.decisions, result.change)
    return result


def prepare_curated(curated: Curated, base_url: str, file_sha256: str, overlay: Overlay | None = None) -> Prepared:
    """A curated extraction ready to write, with the decisions it applied and those it orphaned,
    and the entities' aliases with the reviewers' names."""
    prepared = prepare(curated.extraction, base_url, file_sha256, curated.fingerprint,
                       curated_gazetteer(overlay) if overlay else None)
    return replace(prepared, applied=tuple(d.id for d in curated.applied),
                   orphaned=tuple(d.id for d in curated.orphaned), review=tuple(items_of(curated.extraction)))


def names_key(overlay: Overlay) -> tuple[tuple[str, CuratedNames], ...]:
    """The reviewers' names as a key the pipeline and gazetteer caches can hold."""
    return tuple(sorted(overlay.names().items()))


def curated_gazetteer(overlay: Overlay) -> Gazetteer | None:
    """The gazetteer with the reviewers' names (None when they gave none: the bundled one)."""
    key = names_key(overlay)
    return _gazetteer(key) if key else None


@functools.cache
def _gazetteer(key: tuple[tuple[str, CuratedNames], ...]) -> Gazetteer:
    return with_names(load_gazetteer(), dict(key))


def pipeline_for(overlay: Overlay, ner_model: str = "off") -> Pipeline:
    """The extraction pipeline that finds entities by the reviewers' names too."""
    return curated_pipeline(ner_model, names_key(overlay))


def after_write(decisions: Decisions, queue: Queue, written: list[Prepared],
                failed: Iterable[str] = ()) -> list[tuple[int, str]]:
    """After a batch is written: its facts in the review queue; which decisions found their fact in
    it, and which no longer did (returned: kept, and listed as orphaned)."""
    refused = set(failed)
    stored = [item for item in written if item.briefing.id not in refused]
    queue.replace((item.briefing.id, list(item.review)) for item in stored)
    found = {i for item in stored for i in item.applied}
    orphaned = sorted({(i, item.briefing.id) for item in stored for i in item.orphaned if i not in found})
    decisions.note_written([(i, item.briefing.id) for item in stored for i in item.applied],
                           [i for i, _ in orphaned], sorted(found))
    return orphaned
