"""Events where they happened: /events.geojson read back as GIS tools read it (shapely), and the
map page's list by place for readers without JavaScript, on both graph backends."""
import json

from shapely.geometry import Point, shape

from briefgraph.ontology.places import gazetteer_points, geocode


def _collection(client, query=""):
    response = client.get("/events.geojson" + query)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    document = json.loads(response.get_data(as_text=True))
    assert set(document) == {"type", "features"} and document["type"] == "FeatureCollection"   # RFC 7946: no crs
    return document["features"]


def test_every_located_event_is_a_point_at_its_place(client):
    features = _collection(client)
    assert len(features) == 94                  # of the samples' events, those whose place has a point
    points = gazetteer_points()
    for f in features:
        geometry = shape(f["geometry"])
        assert isinstance(geometry, Point) and geometry.is_valid
        assert -180 <= geometry.x <= 180 and -90 <= geometry.y <= 90
        # the gazetteer's point, or GeoNames' for a town the extraction found by name only
        place = points.get(f["properties"]["place"]) or geocode(f["properties"]["place_label"])
        assert (geometry.x, geometry.y) == (place.lon, place.lat)        # longitude first
        assert f["properties"]["precision"] == place.precision
        assert f["id"] == f["properties"]["event"]
    asipovichy = [f for f in features if f["properties"]["place"] == "place/asipovichy"]
    assert len(asipovichy) == 9
    assert {(f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1]) for f in asipovichy} == {(28.62872, 53.30588)}
    first = features[0]
    assert first == {"type": "Feature", "id": "event/1f7b0910ea4ba884",
                     "geometry": {"type": "Point", "coordinates": [19.1579, 51.9314]},
                     "properties": {"event": "event/1f7b0910ea4ba884", "type": "Deployment", "label": "deployment",
                                    "modality": "reported", "date": "2016", "date_start": "2016-01-01",
                                    "place": "state/poland", "place_label": "Poland", "precision": "country",
                                    "briefings": "10-doctrine-nuclear-snap-check",
                                    "url": "http://localhost/id/event/1f7b0910ea4ba884"}}


def test_the_timeline_filters_apply(client):
    exercises = _collection(client, "?type=Exercise")
    assert len(exercises) == 12 and {f["properties"]["type"] for f in exercises} == {"Exercise"}
    in_minsk = _collection(client, "?place=place/minsk")
    assert {f["properties"]["place"] for f in in_minsk} == {"place/minsk"} and len(in_minsk) == 6
    dated = _collection(client, "?from=2024&to=2024")
    assert dated and all(f["properties"]["date_start"].startswith("2024") for f in dated)
    assert client.get("/events.geojson?type=Nonsense").status_code == 400


def test_the_map_page_lists_the_events_by_place_without_javascript(client):
    response = client.get("/map?type=Exercise")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-geojson="/events.geojson?type=Exercise"' in html
    assert '<script src="/vendor/leaflet.js" defer></script>' in html
    places = client.get("/map.json?type=Exercise").get_json()["places"]
    assert sum(len(p["events"]) for p in places) == 12
    assert [p["label"] for p in places] == sorted(p["label"] for p in places)
    asipovichy = next(p for p in places if p["place"] == "place/asipovichy")
    assert (asipovichy["lat"], asipovichy["lon"], asipovichy["precision"]) == (53.30588, 28.62872, "town")
    assert '<h3><a href="/id/place/asipovichy">Asipovichy</a> <span class="meta">53.3059, 28.6287 · town</span></h3>' in html
    for name in ("leaflet.js", "leaflet.markercluster.js", "topojson-client.min.js", "countries-50m.json",
                 "regions-ukr.topo.json"):
        assert client.get(f"/vendor/{name}").status_code == 200, name


def test_a_place_page_gives_its_point_and_links_to_its_events_on_the_map(client):
    html = client.get("/id/place/asipovichy").get_data(as_text=True)
    assert ('<p class="meta point">At 53.3059, 28.6287 (town) · <a href="/map?place=place/asipovichy">'
            'its events on the map</a></p>') in html
    data = client.get("/id/place/asipovichy.json").get_json()
    assert (data["lat"], data["lon"], data["precision"]) == (53.30588, 28.62872, "town")
    assert 'class="meta point"' not in client.get("/id/person/alexander-lukashenko").get_data(as_text=True)
    region = client.get("/id/place/gomel-oblast").get_data(as_text=True)
    assert "(region precision)" in region
