"""The one exception for every problem with an input briefing file."""
from __future__ import annotations

from briefgraph.errors import BriefgraphError


class BriefingError(BriefgraphError):
    """A briefing file that cannot be read, naming the file, the place and what is wrong."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(path, message)
        self.path = str(path)
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset

    @property
    def location(self) -> str:
        """The path, with the line and the column when they are known: `a.md:3:10`."""
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def __repr__(self) -> str:
        return (f"BriefingError(path={self.path!r}, message={self.message!r}, line={self.line!r}, "
                f"column={self.column!r}, offset={self.offset!r})")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields would be lost by the default pickling, which a batch run across
        # worker processes relies on.
        return (_rebuild, (self.path, self.message, self.line, self.column, self.offset))


def _rebuild(path: str, message: str, line: int | None, column: int | None,
             offset: int | None) -> BriefingError:
    """Recreate a pickled BriefingError."""
    return BriefingError(path, message, line=line, column=column, offset=offset)
