"""The read side for the requests: one View per process (the stores' clients are thread-safe and
costly to open), opened on first use and closed when the process exits."""
from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import TypeVar, cast

from flask import Flask, current_app, g

from briefgraph.store.graph.base import open_graph
from briefgraph.store.rdf.base import RdfStore
from briefgraph.store.rdf.open_store import open_rdf
from briefgraph.store.view import View

_lock = threading.RLock()         # one object may be made from another (the curation's from the view's)
T = TypeVar("T")


def shared(name: str, make: Callable[[], T]) -> T:
    """An object the app keeps for every request (a store's client, a database), made on first use,
    once whatever the threads."""
    app = current_app
    found = app.extensions.get(name)
    if found is None:
        with _lock:
            found = app.extensions.get(name)
            if found is None:
                found = app.extensions[name] = make()
    return cast(T, found)


def get_view() -> View:
    """The app's view of the stores."""
    def make() -> View:
        settings = current_app.config["SETTINGS"]
        view = View(open_graph(settings), open_rdf(settings, read_only=True))
        atexit.register(view.close)
        return view
    return shared("briefgraph.view", make)


def reading_view() -> View:
    """The app's view as the request asks to read it: as of its `as_of` day and as recorded at its
    `recorded_as_of` time, if it gives them (the route declares them: twins.READING), else
    everything stored now."""
    day, time = g.get("as_of"), g.get("recorded_as_of")
    view = get_view()
    return view.at(day.toordinal() if day else None).recorded(view.changes.at(time) if time else None)


def not_found(what: str) -> str:
    """A 404's message for something the archive lacks, or lacked as of the request's day or time."""
    day, time = g.get("as_of"), g.get("recorded_as_of")
    reasons = ([f"as of {day.isoformat()} (published by then)"] if day else []) + \
        ([f"as recorded at {time}"] if time else [])
    return f"There is no {what} in the archive" + (" " + " and ".join(reasons) if reasons else "") + "."


def get_rdf() -> RdfStore:
    """The RDF store of the app's view (the app always gives its view one)."""
    rdf = get_view().rdf
    if rdf is None:
        raise RuntimeError("the app's view has no RDF store")
    return rdf


def init_app(app: Flask) -> None:
    """Let a test hand the app a view of its own stores."""
    if "VIEW" in app.config:
        app.extensions["briefgraph.view"] = app.config["VIEW"]
