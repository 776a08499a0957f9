"""The RDF store the settings choose: embedded Oxigraph (store/rdf/oxigraph_store.py) or a SPARQL 1.1
server (store/rdf/remote_store.py), both behind one interface (store/rdf/base.py)."""
from __future__ import annotations

from briefgraph.settings import Settings
from briefgraph.store.rdf.base import RdfError, RdfStore, briefing_id_of, hash_ask
from briefgraph.store.rdf.oxigraph_store import GRAPHS_PER_HANDLE, OxigraphStore
from briefgraph.store.rdf.remote_store import SparqlHttpStore

__all__ = ["GRAPHS_PER_HANDLE", "OxigraphStore", "RdfError", "RdfStore", "SparqlHttpStore", "briefing_id_of",
           "hash_ask", "open_rdf"]


def open_rdf(settings: Settings, read_only: bool = False, query_workers: int = 2) -> RdfStore:
    """The RDF store the settings choose; read-only for a process that only reads (only one
    process may write to the embedded store at a time)."""
    if settings.rdf_url:
        return SparqlHttpStore(settings.rdf_url)
    return OxigraphStore(settings.rdf_dir, read_only=read_only, query_workers=query_workers)
