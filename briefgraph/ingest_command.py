"""`briefgraph ingest PATH...`: files and folders into the stores, with a progress bar and a report."""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import batched, islice
from multiprocessing import get_context
from pathlib import Path

from briefgraph.ingest.briefing import briefing_id
from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.extraction import default_pipeline, extract
from briefgraph.ingest.files import file_kind, read_file
from briefgraph.ingest.readers import read_bytes
from briefgraph.settings import Settings
from briefgraph.store.graph.base import open_graph
from briefgraph.store.graph.upgrade import upgrade
from briefgraph.store.rdf.open_store import open_rdf
from briefgraph.store.sandbox import die_with_parent
from briefgraph.store.curation.apply import after_write, apply_pending, pipeline_for, prepare_curated
from briefgraph.store.curation.database import Database, curation_path
from briefgraph.store.curation.decisions import Decisions
from briefgraph.store.curation.overlay import Overlay, curate
from briefgraph.store.curation.queue import Queue
from briefgraph.store.writer import Writer, stored_hashes

BRIEFING_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
# Files in a folder that describe the folder rather than being briefings.
NOT_BRIEFINGS = ("readme", "license", "licence", "changelog", "index")


@dataclass(frozen=True)
class Refused:
    """An input found in a folder that the command will not read, and why."""
    path: str
    reason: str


def scan(paths: Iterable[str]) -> list[Path | Refused]:
    """Files named directly, and briefing files found in folders (sorted, hidden files skipped);
    what a folder holds under a briefing's name but cannot be read is Refused, in its place.

    A file named on the command line is read wherever it is (the reader refuses anything but a
    regular file); a folder's files are only those inside it: a symbolic link out of it is refused,
    not followed, so that a link such as `passwd.txt -> /etc/passwd` is never read."""
    out: list[Path | Refused] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(_scan_folder(p))
        else:
            out.append(p)
    return out


def collect(paths: Iterable[str]) -> list[Path]:
    """The files `scan` would read."""
    return [item for item in scan(paths) if isinstance(item, Path)]


def _scan_folder(folder: Path) -> list[Path | Refused]:
    """The briefing files of a folder and its subfolders (symbolic links to folders not entered)."""
    root = folder.resolve()
    found: list[Path | Refused] = []
    for f in sorted(folder.rglob("*")):
        if f.suffix.lower() not in BRIEFING_SUFFIXES or f.name.startswith(".") \
                or f.stem.lower() in NOT_BRIEFINGS:
            continue
        try:
            mode = f.lstat().st_mode
            if stat.S_ISLNK(mode):
                target = f.resolve()
                if not target.is_relative_to(root):
                    found.append(Refused(str(f), f"is a symbolic link to {target}, outside the folder "
                                                 f"{folder}; links out of a folder are not followed"))
                    continue
                mode = f.stat().st_mode
        except FileNotFoundError:
            found.append(Refused(str(f), "is a symbolic link to a file that does not exist"))
            continue
        except (OSError, RuntimeError) as exc:           # a loop of links, a file gone meanwhile
            found.append(Refused(str(f), f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
            continue
        if stat.S_ISDIR(mode):
            continue                                      # a folder named like a file: rglob enters it
        if not stat.S_ISREG(mode):
            found.append(Refused(str(f), f"is not a regular file but {file_kind(mode)}; "
                                         "only regular files are read"))
            continue
        found.append(f)
    return found


@dataclass
class Report:
    """What an ingest did, file by file."""
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, path: str, reason: str) -> None:
        """Count a file that was not stored, with the reason."""
        self.counts["failed"] += 1
        self.failures.append((path, reason))

    def render(self) -> str:
        """A human summary: counts, then each failure with its reason, then each warning."""
        parts = [f"{self.counts[k]} {k}" for k in ("ingested", "replaced", "unchanged", "extracted", "failed")
                 if self.counts[k] or k in ("ingested", "failed")]
        lines = ["ingest: " + ", ".join(parts)]
        lines += [f"  failed: {path}: {reason}" for path, reason in self.failures]
        lines += [f"  warning: {path}: {message}" for path, message in self.warnings]
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""
    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.done = total, stream, 0
        self.live = stream.isatty()

    def step(self, label: str) -> None:
        """Count one file done."""
        self.done += 1
        if self.live:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[:40]:40s}")
            self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self.live:
            self.stream.write("\n")


@dataclass(frozen=True)
class Unchanged:
    """A file whose briefing is stored as it is."""
    briefing_id: str


# Workers extract at most TASKS_AHEAD tasks of FILES_PER_TASK files ahead of the writer (two
# batches' worth): enough to keep them busy while a batch is written. Submitting every file at once,
# as before, let finished extractions pile up in this process while the writer, the slower stage,
# caught up: 450 MB of results for 2,000 briefings, and garbage collections that scanned the pile
# (6.3 s of the writer's time in a 2,000-briefing ingest), costs that grew with the ingest.
FILES_PER_TASK = 4
TASKS_AHEAD = 16


@dataclass(frozen=True)
class WorkerState:
    """What an extraction worker is told when it starts: what is stored, (content hash, file
    SHA-256) by briefing id, to skip unchanged files; the base of IRIs (empty for a dry run, which
    prepares nothing for the stores); the statistical NER model the settings name; the reviewers'
    standing decisions, applied to every extraction before it is stored."""

    stored: dict[str, tuple[str, str]]
    base_url: str
    ner_model: str
    overlay: Overlay = Overlay()


# The one piece of state a worker process keeps, set by its initialiser (a second run in one
# process starts from its own).
_STATE = WorkerState({}, "", "off")


def _start_worker(parent_pid: int, state: WorkerState) -> None:
    """Worker initialiser: die with the ingest that started it, then keep its state."""
    die_with_parent(parent_pid)
    _remember(state)


def _remember(state: WorkerState) -> None:
    global _STATE
    _STATE = state


def _extract(path: Path):
    """Read and extract one file in a worker: the prepared briefing (the Extraction for a dry run);
    Unchanged when the stored hash says so (no extraction); or (path, reason) when the file is bad."""


    try:
        data = read_file(path)
        file_sha = hashlib.sha256(data).hexdigest()
        stored = _STATE.stored.get(briefing_id(path.name))
        if stored and stored[1] == file_sha:
            return Unchanged(briefing_id(path.name))          # the same bytes: not even read
        briefing = read_bytes(data, str(path))
        if stored and stored[0] == briefing.content_hash:
            return Unchanged(briefing.id)
        if not _STATE.base_url:
            return extract(briefing, default_pipeline(_STATE.ner_model))
        extraction = extract(briefing, pipeline_for(_STATE.overlay, _STATE.ner_model))
        return prepare_curated(curate(extraction, _STATE.overlay), _STATE.base_url, file_sha, _STATE.overlay)
    except BriefingError as exc:
        # The file and the line where the reader knows it: the report reads `a.md:3: what is wrong`.
        return (exc.location, exc.message) if exc.path == str(path) else (str(path), str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
        return (str(path), f"internal error ({type(exc).__name__}: {exc}); please report it")


def _extractions(files: list[Path], jobs: int, state: WorkerState):
    """Prepared briefings (or, for a dry run, extractions) in file order, from worker processes
    when there is more than one job."""
    if jobs <= 1 or len(files) < 4:
        _remember(state)
        yield from map(_extract, files)
        return

    chunks = batched(files, FILES_PER_TASK)
    # Spawned from this (the main) thread, each worker dying with this process: a forkserver, and
    # the workers it forked, outlived an ingest that was killed (they were left running).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(os.getpid(), state)) as pool:
        ahead = deque(pool.submit(_extract_all, chunk) for chunk in islice(chunks, TASKS_AHEAD))
        try:
            while ahead:
                done = ahead.popleft().result()
                ahead.extend(pool.submit(_extract_all, chunk) for chunk in islice(chunks, 1))
                yield from done
        finally:
            for task in ahead:
                task.cancel()


def _extract_all(paths: tuple[Path, ...]) -> list:
    """_extract for a few files: one task, one round trip to the worker."""
    return [_extract(path) for path in paths]


def _same_bytes(files: list[Path], stored: dict[str, tuple[str, str]]) -> set[Path]:
    """The files whose bytes are those of their stored briefing (by SHA-256): known here, in the
    parent, so that an unchanged archive starts no worker at all."""


    same = set()
    for path in files:
        known = stored.get(briefing_id(path.name))
        if not known or not known[1]:
            continue
        try:
            if hashlib.sha256(read_file(path)).hexdigest() == known[1]:
                same.add(path)
        except BriefingError:
            continue                      # the worker reports it with the reason
    return same


def ingest(paths: list[str], settings: Settings, dry_run: bool = False, jobs: int = 1,
           batch: int = 32) -> tuple[Report, int]:
    """Ingest the paths (extraction in `jobs` processes, writes in batches of `batch` briefings,
    each batch one transaction per store); return the report and the exit status."""

    inputs = scan(paths)
    files = [item for item in inputs if isinstance(item, Path)]
    report = Report()
    graph = writer = None
    stored: dict[str, tuple[str, str]] = {}
    base_url = None if dry_run else settings.base_url
    decisions = None if dry_run else Decisions(Database(curation_path(settings.data_dir)))
    queue = None if decisions is None else Queue(decisions.db)
    if not dry_run:
        graph = open_graph(settings)
        # a store an earlier version wrote is brought up to this one even when nothing is to be written
        graph.ensure_schema()
        upgrade(graph)
        reader = open_rdf(settings, read_only=True)       # what is stored, without taking the write lock
        try:
            stored = stored_hashes(graph, reader)
        finally:
            reader.close()
    progress = Progress(len(inputs))
    pending: list = []

    def flush() -> None:
        nonlocal writer
        if graph is not None and pending:
            if writer is None:            # the RDF store is opened for writing only when there is something to write
                writer = Writer(graph, open_rdf(settings), settings.base_url)
            paths = {item.briefing.id: item.briefing.path for item in pending}
            failed = []
            for outcome in writer.write_prepared(pending):
                if outcome.status == "failed":   # a store refused it; the rest of the batch is stored
                    report.fail(paths[outcome.briefing], outcome.reason)
                    failed.append(outcome.briefing)
                else:
                    report.counts[outcome.status] += 1
            if decisions is not None and queue is not None:
                for i, briefing in after_write(decisions, queue, pending, failed):
                    report.warnings.append((paths[briefing], f"the reviewers' decision {i} finds its fact no more "
                                                             "(kept, listed as orphaned on /review)"))
        elif pending:
            report.counts["extracted"] += len(pending)
        pending.clear()

    try:
        ids: set[str] = set()
        same = _same_bytes(files, stored)
        overlay = Overlay.of(decisions.standing()) if decisions is not None else Overlay()
        results = _extractions([f for f in files if f not in same], jobs,
                               WorkerState(stored, base_url or "", settings.ner_model, overlay))
        for path in inputs:
            if isinstance(path, Refused):
                report.fail(path.path, path.reason)
                progress.step(Path(path.path).name)
                continue
            result = Unchanged(briefing_id(path.name)) if path in same else next(results)
            if isinstance(result, Unchanged):
                ids.add(result.briefing_id)
                report.counts["unchanged"] += 1
            elif isinstance(result, tuple):
                report.fail(*result)
            elif result.briefing.id in ids:
                report.fail(str(path), f"another file of this run has the same briefing id {result.briefing.id!r}")
            else:
                ids.add(result.briefing.id)
                report.warnings += [(str(path), message) for message in result.briefing.warnings]
                pending.append(result)
                if len(pending) >= batch:
                    flush()
            progress.step(path.name)
        flush()
        results.close()                   # ends the worker pool
        if decisions is not None and queue is not None and graph is not None and decisions.pending():
            if writer is None:
                writer = Writer(graph, open_rdf(settings), settings.base_url)
            applied = apply_pending(decisions, queue, writer)
            report.counts["curated"] += len(applied.briefings)
            for ident, reason in applied.failed.items():
                report.fail(ident, f"the reviewers' decisions could not be applied: {reason}")
        if writer and (report.counts["ingested"] or report.counts["replaced"]):
            writer.checkpoint()           # the next run starts from a snapshot, not a replay
    finally:
        if writer:
            writer.close()
        if graph is not None:
            graph.close()
        if decisions is not None:
            decisions.db.close()
    progress.finish()
    return report, 1 if report.counts["failed"] else 0
