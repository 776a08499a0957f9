"""`/downloads`: the full dumps with their sizes and SHA-256, and the VoID/DCAT description.
When the data have changed since the dumps were made, the page starts their regeneration in the
background (one process at a time, by a lock) and lists the previous set meanwhile."""
from __future__ import annotations

import base64
import logging
import threading
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, send_from_directory

from briefgraph.exports.downloads import DELTAS, Manifest, read_manifest, regenerate, void_description
from briefgraph.settings import Settings

from .context import get_rdf, get_view
from .twins import Page, twin_route

bp = Blueprint("downloads", __name__)
log = logging.getLogger("briefgraph.webapp")
_running = threading.Lock()


def _settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def _folder() -> Path:
    return _settings().data_dir / "downloads"


def regenerate_now(app: Flask) -> Manifest | None:
    """Make the dumps of the current generation (in this thread)."""
    with app.app_context():
        view = get_view()
        rdf = get_rdf()
        counts = {**view.counts(), "triples": rdf.count()}
        return regenerate(_folder(), graph=view.graph, rdf=rdf, base_url=_settings().base_url,
                          generation=view.generation(), counts=counts)


def _in_background(app: Flask) -> None:
    if not _running.acquire(blocking=False):
        return

    def work() -> None:
        try:
            regenerate_now(app)
        except Exception:  # noqa: BLE001 - logged; the page keeps the previous set
            log.exception("regenerating the downloads failed")
        finally:
            _running.release()
    threading.Thread(target=work, name="downloads", daemon=True).start()


@twin_route(bp, "/downloads", "The full dumps in every format with their size and SHA-256, and the VoID/DCAT "
            "description of the dataset.", cached=False)
def downloads() -> Page:
    manifest = read_manifest(_folder())
    generation = get_view().generation()
    stale = manifest is None or manifest.get("generation") != generation
    if stale and not current_app.testing:
        # the app itself, not the proxy to it: the thread outlives the request
        _in_background(current_app._get_current_object())  # type: ignore[attr-defined]  # LocalProxy's method, typed as the Flask it stands for
    data = {"files": [{**f, "url": f"/downloads/{f['name']}"} for f in (manifest.get("files", []) if manifest else [])],
            "counts": manifest.get("counts") if manifest else None,
            "created": manifest.get("created") if manifest else None,
            "up_to_date": not stale, "void": "/downloads/void.ttl",
            "deltas": [{**d, "removed_url": f"/downloads/{DELTAS}/{d['removed']['name']}",
                        "added_url": f"/downloads/{DELTAS}/{d['added']['name']}"}
                       for d in reversed(manifest.get("deltas", []) if manifest else [])]}
    return Page("downloads.html", data, "Downloads", [("Downloads", None)])


@bp.route("/downloads/<name>")
def download(name: str) -> Response:
    """A dump of the current set, or its VoID description."""
    manifest = read_manifest(_folder())
    if manifest is None:
        abort(404, description="The downloads are being made; come back in a minute.")
    names = {f["name"]: f["media_type"] for f in manifest["files"]}
    if name == "void.ttl":
        return Response(void_description(_settings().base_url, manifest), mimetype="text/turtle")
    if name not in names:
        abort(404, description=f"There is no download {name!r}.")
    response = send_from_directory(_folder() / manifest["dir"], name, mimetype=names[name], as_attachment=True)
    sha = next(f["sha256"] for f in manifest["files"] if f["name"] == name)
    response.headers["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(sha)).decode()}:"   # RFC 9530
    return response


@bp.route(f"/downloads/{DELTAS}/<name>")
def delta(name: str) -> Response:
    """One file of a delta between consecutive sets."""
    manifest = read_manifest(_folder())
    found = [dump for d in (manifest.get("deltas", []) if manifest else []) for dump in (d["removed"], d["added"])
             if dump["name"] == name]
    if not found:
        abort(404, description=f"There is no delta {name!r}.")
    response = send_from_directory(_folder() / DELTAS, name, mimetype=found[0]["media_type"], as_attachment=True)
    response.headers["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(found[0]['sha256'])).decode()}:"
    return response
