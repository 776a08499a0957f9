"""The embedded stores' folders: made when missing, with an error a user can act on otherwise."""
from __future__ import annotations

from pathlib import Path


def ensure_folder(path: Path, what: str, error: type[Exception]) -> None:
    """Make `path` (and its parents) if missing; `error` naming `what` when it cannot be a folder."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise error(f"{what}'s folder {path} is a file: move it away, or set BRIEFGRAPH_DATA_DIR "
                    "to another folder") from None
    except OSError as exc:
        raise error(f"cannot create {what}'s folder {path}: {exc.strerror}") from None
