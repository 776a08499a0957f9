"""Security headers on every response: a Content-Security-Policy without inline scripts or
styles, no MIME sniffing, no framing, a short referrer."""
from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response

# Cytoscape.js inserts one <style> element of its own (its container must be position: relative);
# the policy allows exactly that text by its hash, and no other inline style.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
CYTOSCAPE_STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CYTOSCAPE_STYLE.encode()).digest()).decode()
CSP = (f"default-src 'self'; script-src 'self'; style-src 'self' '{CYTOSCAPE_STYLE_HASH}'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# A page meant to be framed by another site (the reconciliation service's preview card, which
# OpenRefine shows in a frame): framed by any, nothing else relaxed.
FRAMEABLE = {**{k: v for k, v in HEADERS.items() if k != "X-Frame-Options"},
             "Content-Security-Policy": CSP.replace("frame-ancestors 'none'", "frame-ancestors *")}


def _secure(response: Response) -> Response:
    from flask import g
    for name, value in (FRAMEABLE if g.get("frameable") else HEADERS).items():
        response.headers.setdefault(name, value)
    return response


def _refuse_nul() -> None:
    """No parameter may carry a NUL character (no text here has one; databases choke on it)."""
    from flask import abort, request
    for values in (request.args, request.form):
        for value in values.values():
            if "\x00" in value:
                abort(400, description="a parameter holds a NUL character, which no query or name can contain")


def init_app(app: Flask) -> None:
    """Add the headers to every response, errors included; refuse NUL characters in parameters."""
    app.before_request(_refuse_nul)
    app.after_request(_secure)
