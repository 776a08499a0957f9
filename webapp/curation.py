"""The app's curation services: the decisions log and the review queue in the curation database,
and the step that takes new decisions to the stores (store/curation/apply.py), one at a time per
process. A decision is acknowledged once it is on disk; applying it follows in the same request,
or, when an ingest holds the RDF store's write lock, at the end of that ingest (it applies every
pending decision) or with the next decision."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from briefgraph.store.curation.apply import Applied, apply_pending
from briefgraph.store.curation.database import Database, curation_path
from briefgraph.store.curation.decisions import Decisions
from briefgraph.store.curation.queue import Queue
from briefgraph.store.rdf.open_store import open_rdf
from briefgraph.store.writer import Writer

from .context import get_view, shared

log = logging.getLogger(__name__)

@dataclass
class Curation:
    """The decisions, the queue, and how to open a writer on the stores."""

    decisions: Decisions
    queue: Queue
    writer: Callable[[], Writer]
    applying: threading.Lock = field(default_factory=threading.Lock)

    def apply(self) -> Applied | None:
        """Apply the pending decisions now; None when the stores cannot be written at the moment
        (the decisions stay pending, and are applied later)."""
        with self.applying:
            try:
                writer = self.writer()
            except Exception as exc:  # noqa: BLE001 - a store that is busy or down: the decision waits
                log.warning("decisions pending, the stores cannot be written now: %s", exc)
                return None
            with writer:
                return apply_pending(self.decisions, self.queue, writer)


def _default_writer() -> Writer:
    settings = current_app.config["SETTINGS"]
    return Writer(get_view().graph, open_rdf(settings), settings.base_url)


def curation_db() -> Database:
    """The app's curation database (its accounts, decisions and queue), opened on first use: an
    anonymous reader never touches it."""
    def make() -> Database:
        settings = current_app.config["SETTINGS"]
        return Database(Path(current_app.config.get("CURATION_DB") or curation_path(settings.data_dir)))
    return shared("briefgraph.curation-db", make)


def curation() -> Curation:
    """The app's curation services, opened on first use."""
    def make() -> Curation:
        db = curation_db()
        return Curation(Decisions(db), Queue(db), current_app.config.get("CURATION_WRITER") or _default_writer)
    return shared("briefgraph.curation", make)
