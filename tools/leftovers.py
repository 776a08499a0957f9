"""After a test run: the processes it started that are still running (an embedded database server,
a JVM engine, a query worker), found by the mark the run put in their environment
(BRIEFGRAPH_TEST_SESSION, see tests/conftest.py), or by their working folder under the run's
temporary folder: redis-server writes its process title over its environment, so the embedded
graph servers carry no readable mark (two leaked unseen). Each one is named and killed, and the
exit status is 1, so that `make test` fails on a leak. Servers still stopping get a few seconds.
Usage: python tools/leftovers.py MARK [TEMP_FOLDER]"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

GRACE_S = 10.0


def _inside(entry: Path, folder: str | None) -> bool:
    """Whether the process works in `folder` (or below it)."""
    if not folder:
        return False
    cwd = os.readlink(entry / "cwd")
    return cwd == folder or cwd.startswith(folder.rstrip("/") + "/")


def marked(mark: str, folder: str | None = None) -> dict[int, str]:
    """The live processes carrying the mark, or working in the run's temporary folder: pid ->
    command line."""
    needle = f"BRIEFGRAPH_TEST_SESSION={mark}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") or _inside(entry, folder):
                if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:160]
        except OSError:
            continue
    return found


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or not argv[0]:
        print(__doc__, file=sys.stderr)
        return 2
    folder = os.path.realpath(argv[1]) if len(argv) == 2 else None
    deadline = time.monotonic() + GRACE_S
    left = marked(argv[0], folder)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = marked(argv[0], folder)
    if not left:
        print("leftovers: the tests left no process running")
        return 0
    print(f"leftovers: the tests left {len(left)} process(es) running (now killed):", file=sys.stderr)
    for pid, command in sorted(left.items()):
        print(f"  {pid}: {command}", file=sys.stderr)
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
