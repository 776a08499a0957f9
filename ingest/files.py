"""A briefing file's bytes: only a regular file is read, and never more than the limit for one
briefing. Kept apart from the readers so that the ingest's parent process, which hashes files to
skip unchanged ones and lists folders, does not load the layouts' parsers."""
from __future__ import annotations

import io
import os
import stat

from briefgraph.ingest.decode import MAX_BYTES, check_size, human_size
from briefgraph.ingest.errors import BriefingError


def read_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; anything else raises BriefingError.

    A named pipe, a device or a socket is refused without being read: reading a FIFO waits for a
    writer for ever and /dev/zero never ends. The limit holds while reading, so a file that grows
    (or lies about its size) is refused too, never read without bound."""
    name = os.fspath(path)
    try:
        check_regular(os.stat(name).st_mode, name)
        # O_NONBLOCK: should the name become a FIFO between the stat and the open (a race), the
        # open returns at once instead of waiting for a writer; fstat then refuses it.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with open(fd, "rb", buffering=0, closefd=True) as handle:
            info = os.fstat(handle.fileno())
            check_regular(info.st_mode, name)
            check_size(info.st_size, name, max_bytes)
            data = _read_at_most(handle, max_bytes + 1)
    except FileNotFoundError:
        raise BriefingError(name, "no such file") from None
    except PermissionError:
        raise BriefingError(name, "permission denied") from None
    except IsADirectoryError:
        raise BriefingError(name, "is not a regular file but a directory; only regular files are read") from None
    except OSError as err:
        raise BriefingError(name, f"cannot read the file: {err.strerror or err}") from None
    except ValueError as err:  # a NUL character in the name
        raise BriefingError(name, f"cannot read the file: {err}") from None
    if len(data) > max_bytes:
        raise BriefingError(name, f"the file grew past the {human_size(max_bytes)} limit for one "
                                  "briefing while it was read")
    return data


def check_regular(mode: int, name: str) -> None:
    """Refuse anything but a regular file, saying what it is."""
    if stat.S_ISREG(mode):
        return
    raise BriefingError(name, f"is not a regular file but {file_kind(mode)}; only regular files are read")


def file_kind(mode: int) -> str:
    """'a directory', 'a named pipe (FIFO)', … for a message."""
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_at_most(handle: io.RawIOBase, limit: int) -> bytes:
    """Up to `limit` bytes, read in chunks until the end of the file."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
