"""The project's base exception. Every error Briefgraph raises on purpose is a BriefgraphError, so
a caller can catch them all, and the web app answers each with the HTTP status it names. This is
the bottom layer: it imports nothing from the project, and every package may import it."""
from __future__ import annotations


class BriefgraphError(Exception):
    """An error Briefgraph raises on purpose, with a message a user can act on."""

    # The status the web app answers when the error reaches it unhandled: 500 (logged, not shown)
    # unless a subclass names a client's mistake (4xx) or a store that cannot answer for now (503).
    # A number, so that no layer below the web app imports from it.
    http_status: int = 500
