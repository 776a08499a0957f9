"""Read-only handles of the embedded Oxigraph store, and what a long-lived reader needs of them:
opening one while a writer compacts, telling whether the files changed since, and handing back
the memory a closed handle held."""
from __future__ import annotations

import ctypes
import functools
import stat
import time
from pathlib import Path
from typing import Any

from pyoxigraph import Store


def files_state(path: Path) -> list[tuple[str, int, int]] | None:
    """Name, size and modification time of every file of an embedded store: equal lists, an
    unchanged store. None when a file vanished while being listed (a writer is compacting)."""
    try:
        state = []
        for entry in path.iterdir():
            info = entry.stat()
            if stat.S_ISREG(info.st_mode):
                state.append((entry.name, info.st_size, info.st_mtime_ns))
        return sorted(state)
    except OSError:
        return None


@functools.cache
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None where the C library is another."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Hand the memory freed by a closed handle back to the system (glibc keeps it otherwise)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


# A read-only open lists the store's files and then opens them; a writer compacting meanwhile
# deletes some in between ("Corruption: IO error: No such file or directory"). Opening again
# sees the new list. These are the pauses between attempts, in seconds.
REOPEN_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.5)


def open_read_only(path: Path) -> Store:
    """A read-only handle, opened again while a writer's compaction pulls files from under it."""
    for pause in (*REOPEN_PAUSES, None):
        try:
            return Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if pause is None or not any(marker in str(exc) for marker in ("No such file", "Corruption", "IO error")):
                raise OSError(f"{type(exc).__name__}: {exc}") from None
            time.sleep(pause)
    raise AssertionError("unreachable")
