"""Reading a briefing file: only regular files, never a read that blocks or has no end (issue 19,
finding 15)."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from briefgraph.ingest.errors import BriefingError
from briefgraph.ingest.files import read_file
from briefgraph.ingest.readers import read_briefing

ONLY = "only regular files are read"


def refusal(path: Path | str, **limit: int) -> str:
    with pytest.raises(BriefingError) as caught:
        read_file(path, **limit)
    return str(caught.value)


def test_a_named_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    outcome: list[str] = []
    reader = threading.Thread(target=lambda: outcome.append(refusal(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():                      # blocked in open(): a writer lets it go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("reading a named pipe waited for a writer")
    assert outcome == [f"{fifo}: is not a regular file but a named pipe (FIFO); {ONLY}"]


def test_devices_and_sockets_are_refused_without_being_read(tmp_path):
    assert refusal("/dev/zero") == f"/dev/zero: is not a regular file but a character device; {ONLY}"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.md"))
        assert refusal(tmp_path / "s.md") == f"{tmp_path / 's.md'}: is not a regular file but a socket; {ONLY}"


def test_the_size_limit_holds_while_reading_a_file_whose_size_says_nothing():
    # /proc files are regular files of size 0 whatever they hold: the stat alone cannot stop them.
    assert os.stat("/proc/self/maps").st_size == 0
    assert refusal("/proc/self/maps", max_bytes=100) == (
        "/proc/self/maps: the file grew past the 100 bytes limit for one briefing while it was read")


def test_a_regular_file_and_a_symbolic_link_named_directly_are_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Minsk.")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    assert read_file(tmp_path / "a.txt") == read_file(tmp_path / "link.txt") == b"Minsk."
    assert read_briefing(tmp_path / "link.txt").body == "Minsk."
