"""`/downloads`: the full dumps with their sizes and SHA-256, and the VoID/DCAT description.
When the data have changed since the dumps were made, the page starts their regeneration in the
background (one process at a time, by a lock) and lists the previous set meanwhile."""
from __future__ import annotations

import base64
import logging
import threading

from flask import Blueprint, Response, abort, current_app, send_from_directory

from briefgraph.exports.downloads import read_manifest, regenerate, void_description

from .context import get_view
from .twins import Page, twin_route

bp = Blueprint("downloads", __name__)
log = logging.getLogger("briefgraph.webapp")
_running = threading.Lock()


def _folder():
    return current_app.config["SETTINGS"].data_dir / "downloads"


def regenerate_now(app) -> dict | None:
    """Make the dumps of the current generation (in this thread)."""
    with app.app_context():
        view = get_view()
        settings = app.config["SETTINGS"]
        counts = {**view.counts(), "triples": view.rdf.count()}
        return regenerate(_folder(), graph=view.graph, rdf=view.rdf, base_url=settings.base_url,
                          generation=view.generation(), counts=counts)


def _in_background(app) -> None:
    if not _running.acquire(blocking=False):
        return

    def work():
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
        _in_background(current_app._get_current_object())
    data = {"files": [{**f, "url": f"/downloads/{f['name']}"} for f in (manifest or {}).get("files", [])],
            "counts": (manifest or {}).get("counts"), "created": (manifest or {}).get("created"),
            "up_to_date": not stale, "void": "/downloads/void.ttl"}
    return Page("downloads.html", data, "Downloads", [("Downloads", None)])


@bp.route("/downloads/<name>")
def download(name: str):
    """A dump of the current set, or its VoID description."""
    manifest = read_manifest(_folder())
    if manifest is None:
        abort(404, description="The downloads are being made; come back in a minute.")
    names = {f["name"]: f["media_type"] for f in manifest["files"]}
    if name == "void.ttl":
        return Response(void_description(current_app.config["SETTINGS"].base_url, manifest), mimetype="text/turtle")
    if name not in names:
        abort(404, description=f"There is no download {name!r}.")
    response = send_from_directory(_folder() / manifest["dir"], name, mimetype=names[name], as_attachment=True)
    sha = next(f["sha256"] for f in manifest["files"] if f["name"] == name)
    response.headers["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(sha)).decode()}:"   # RFC 9530
    return response
