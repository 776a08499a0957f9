"""The web app: server-rendered pages over the read side of the stores, each with a JSON twin.
`create_app()` is the factory (for gunicorn: `briefgraph.webapp:create_app()`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from briefgraph.settings import Settings

from .bidi import visible_controls

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app, configured from the BRIEFGRAPH_* settings, then from `test_config` if given."""
    app = Flask(__name__)
    settings = Settings.from_env()
    app.config.from_mapping(
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=256 * 1024,      # no page takes an upload; queries are small
        VENDOR_DIR=settings.vendor_dir or str(PROJECT_ROOT / "node_modules"),
        JSON_SORT_KEYS=False,
        PAGE_CACHE_SIZE=settings.page_cache,     # rendered pages per process, dropped when the data change
        PAGE_CACHE_BYTES=settings.page_cache_mb << 20,
    )
    if test_config:
        app.config.update(test_config)
    if isinstance(app.json, DefaultJSONProvider):       # Flask's own provider: keys in their order, text as is
        app.json.sort_keys = False
        app.json.ensure_ascii = False
    app.jinja_env.finalize = visible_controls

    from . import auth, context, errors, security
    context.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    auth.init_app(app)          # sessions, sign-in (its blueprint), CSRF tokens, the sign-in rate limit

    from . import (api, briefings, changes, contradictions, cypher_endpoint, downloads, entities, event_map, events,
                   graph_view, home, ontology_page, reconcile, review, sparql_endpoint, vendor)
    for module in (home, changes, contradictions, entities, briefings, events, event_map, graph_view, vendor,
                   ontology_page, sparql_endpoint, cypher_endpoint, downloads, api, review, reconcile):
        app.register_blueprint(module.bp)
    return app
