"""The curation database: one SQLite file in WAL mode, each write committed with a full sync
before it is acknowledged (a kill -9 of the app after a reviewer's verdict was answered loses
nothing), each connection waiting for another's write lock rather than failing at once."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_NAME = "curation.sqlite"
BUSY_MS = 10_000


def curation_path(data_dir: Path) -> Path:
    """Where the curation database of a data folder lives."""
    return data_dir / FILE_NAME


class Database:
    """A thread's connection at a time to one SQLite file (sqlite3 connections are not shared
    between threads); `write()` is one transaction that holds the write lock from its start."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")      # WAL's NORMAL may lose the last commits on power loss
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: the lock taken first, so that two writers queue
        instead of one failing at its commit); committed when the block ends, rolled back on error."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
