"""Delta dumps: between one download set and the next, the N-Quads lines removed and added, so
that a partner holding the earlier full N-Quads dump updates it instead of downloading the whole
archive again. Both dumps are sorted on disk (the system's `sort`, in bytes order, in bounded
memory) and merged in one pass; applying the removed lines and then the added ones to the earlier
dump, sorted, gives the later dump, sorted. The dumps hold no blank node but the ontology's, whose
labels stay those the store gave them when it loaded the ontology."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

SORT_MEMORY = "256M"


def sort_lines(source: Path, target: Path, scratch: Path) -> None:
    """`source`'s lines, sorted by their bytes and each once, into `target`."""
    scratch.mkdir(parents=True, exist_ok=True)
    subprocess.run(["sort", "-u", "-S", SORT_MEMORY, "-T", str(scratch), "-o", str(target), str(source)],
                   check=True, env={**os.environ, "LC_ALL": "C"})


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from fh


def diff_sorted(before: Path, after: Path, removed: Path, added: Path) -> tuple[int, int]:
    """Write the lines only `before` has into `removed` and those only `after` has into `added`
    (both inputs sorted by bytes); the two counts."""
    old, new = _lines(before), _lines(after)
    a, b = next(old, None), next(new, None)
    gone = came = 0
    with removed.open("wb") as out_removed, added.open("wb") as out_added:
        while a is not None or b is not None:
            if b is None or (a is not None and a < b):
                out_removed.write(a)  # type: ignore[arg-type]
                gone += 1
                a = next(old, None)
            elif a is None or b < a:
                out_added.write(b)
                came += 1
                b = next(new, None)
            else:
                a, b = next(old, None), next(new, None)
    return gone, came
