"""The W3C Reconciliation API 0.2 at /reconcile, driven as OpenRefine drives it, on both graph
backends; every answer checked against the specification's JSON Schemas (tests/reconciliation_spec.py),
whose validator is itself checked against the specification's valid and invalid examples."""
import json

import pytest

from tests.reconciliation_spec import errors, require_specs, validator

# A partner's column of ten names, reconciled against one type as OpenRefine does: in Cyrillic,
# in another transliteration, with a typo, in another spelling. (query, the first candidate, match)
COLUMN = [
    ("Лукашенко", "person/alexander-lukashenko", True),
    ("Lukashenka", "person/alexander-lukashenko", True),
    ("Vladimir Putn", "person/vladimir-putin", False),          # a typo: the right one, not certain
    ("Виктор Хренин", "person/viktor-khrenin", True),
    ("NATO", "organization/nato", True),
    ("wagner group", "organization/wagner-group", True),
    ("Belarus", "state/belarus", True),
    ("Russian Armed Forces", "armed-forces/russian-armed-forces", True),
    ("Prigozhin", "person/yevgeny-prigozhin", True),
    ("Ministry of Defense of Belarus", "government/ministry-of-defence-of-belarus", True),   # an alias
]


SCHEMA_OF = {"queries": ("reconciliation-query-batch", "reconciliation-result-batch"),
             "extend": ("data-extension-query", "data-extension-response")}


def _post(client, **form):
    """A form POST as OpenRefine sends it; the request and the answer both checked by their schemas."""
    (name, body), = form.items()
    asked, answered = SCHEMA_OF[name]
    assert errors(asked, body) == []
    response = client.post("/reconcile", data={name: json.dumps(body)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert errors(answered, response.get_json()) == []
    return response.get_json()


# ── the oracle checks itself ──────────────────────────────────────────────────────────────────

def _examples(kind):
    folder = require_specs()
    return sorted((p.parent.parent.name, p) for p in (folder / "examples").glob(f"*/{kind}/*.json"))


# examples of objects the specification gives no schema file of, checked against the part of one
# that describes them
SUB_SCHEMAS = {
    "reconciliation-candidate": ("reconciliation-result-batch", "#/patternProperties/^.*$/properties/result/items"),
}
# (the flyout, preview, suggest and data-extension metadata examples have no schema to check them
# by; the security-scheme examples are OpenAPI 3's, and the manifest refers to Swagger 2.0's)


def _check(name, document):
    if name in SUB_SCHEMAS:
        schema, pointer = SUB_SCHEMAS[name]
        found = validator(schema)
        sub = found.evolve(schema={"$ref": found.schema.get("$id", "").rstrip("#") + pointer})
        return [e.message for e in sub.iter_errors(document)]
    return errors(name, document)


def _checkable(name):
    return name in SUB_SCHEMAS or (require_specs() / "schemas" / f"{name}.json").exists()


def test_the_validator_accepts_every_valid_example_and_refuses_every_invalid_one():
    valid = [(n, p) for n, p in _examples("valid") if _checkable(n)]
    invalid = [(n, p) for n, p in _examples("invalid") if _checkable(n)]
    assert (len(valid), len(invalid)) == (29, 16)
    for name, path in valid:
        assert _check(name, json.loads(path.read_text())) == [], path
    for name, path in invalid:
        assert _check(name, json.loads(path.read_text())) != [], path


# ── OpenRefine's drive ────────────────────────────────────────────────────────────────────────

def test_openrefine_drive(client):
    # 1. the manifest
    manifest = client.get("/reconcile").get_json()
    assert errors("manifest", manifest) == []
    assert manifest["view"]["url"] == "http://localhost/id/{{id}}"
    assert manifest["identifierSpace"] == "http://briefgraph.test/id/"
    assert manifest["defaultTypes"][0] == {"id": "Person", "name": "person"}
    suggest = manifest["suggest"]["entity"]
    # 2. a batch of ten names of one type, by form POST (the object of q0, q1, ...)
    batch = {f"q{i}": {"query": name, "type": "Actor", "type_strict": "should", "limit": 3}
             for i, (name, _, _) in enumerate(COLUMN)}
    # ... one with a property condition: Lukashenka of Belarus, in the country's Russian name
    batch["q1"]["properties"] = [{"pid": "country", "v": "Беларусь"}]
    assert errors("reconciliation-query-batch", batch) == []
    found = _post(client, queries=batch)
    assert errors("reconciliation-result-batch", found) == []
    assert list(found) == list(batch)
    for i, (name, best, match) in enumerate(COLUMN):
        first = found[f"q{i}"]["result"][0]
        assert (first["id"], first["match"]) == (best, match), name
        assert all(not c["match"] for c in found[f"q{i}"]["result"][1:]), name
    assert found["q0"]["result"][0] == {
        "id": "person/alexander-lukashenko", "name": "Alexander Lukashenko",
        "description": "person · Belarus · named in 15 briefings", "score": 100.0, "match": True,
        "type": [{"id": "Person", "name": "person"}], "features": [{"id": "name", "value": 100.0}]}
    assert found["q1"]["result"][0]["features"] == [{"id": "name", "value": 100.0}, {"id": "country", "value": True}]
    assert found["q2"]["result"][0]["score"] == 96.3
    # 3. suggest: the entity the user types, a type, a property
    answer = client.get(suggest["service_path"] + "?prefix=Khren").get_json()
    assert errors("suggest-entities-response", answer) == []
    assert answer["result"][0] == {"id": "person/viktor-khrenin", "name": "Viktor Khrenin",
                                   "description": "person · Belarus · named in 7 briefings",
                                   "notable": [{"id": "Person", "name": "person"}]}
    types = client.get(manifest["suggest"]["type"]["service_path"] + "?prefix=brig").get_json()
    assert errors("suggest-types-response", types) == []
    assert [t["id"] for t in types["result"]] == ["Brigade"]
    props = client.get(manifest["suggest"]["property"]["service_path"] + "?prefix=coun").get_json()
    assert errors("suggest-properties-response", props) == []
    assert [p["id"] for p in props["result"]] == ["country"]
    # 4. data extension: the properties proposed for the type, then the columns fetched
    proposed = client.get("/reconcile/extend/propose?type=Person").get_json()
    assert errors("data-extension-property-proposal", proposed) == []
    assert {"wikidata", "class", "country", "latest_event", "briefings"} <= {p["id"] for p in proposed["properties"]}
    assert "latitude" not in {p["id"] for p in proposed["properties"]}
    query = {"ids": ["person/alexander-lukashenko", "state/belarus", "person/nobody"],
             "properties": [{"id": p} for p in ("wikidata", "class", "country", "commander", "briefings",
                                                "latest_event_date")]}
    assert errors("data-extension-query", query) == []
    extended = _post(client, extend=query)
    assert errors("data-extension-response", extended) == []
    assert extended["rows"]["state/belarus"] == {
        "wikidata": [{"str": "Q184"}], "class": [{"str": "state"}],
        "country": [{"id": "state/belarus", "name": "Belarus"}],
        "commander": [{"id": "person/alexander-lukashenko", "name": "Alexander Lukashenko"}],
        "briefings": [{"int": 17}], "latest_event_date": [{"date": "2025-10-29T00:00:00Z"}]}
    assert extended["rows"]["person/alexander-lukashenko"]["country"] == [{"id": "state/belarus", "name": "Belarus"}]
    assert extended["rows"]["person/nobody"] == {p["id"]: [] for p in query["properties"]}
    assert [m["id"] for m in extended["meta"]] == [p["id"] for p in query["properties"]]


def test_a_batch_by_get_is_the_batch_by_post(client):
    batch = {"q0": {"query": "Asipovichy"}, "q1": {"query": "Осиповичи", "type": "Place"}}
    by_get = client.get("/reconcile", query_string={"queries": json.dumps(batch)}).get_json()
    assert errors("reconciliation-result-batch", by_get) == []
    assert by_get == _post(client, queries=batch)
    # the Russian name and the Belarusian transliteration reconcile to one town; without a type
    # nothing is certain
    assert by_get["q0"]["result"][0]["id"] == by_get["q1"]["result"][0]["id"] == "place/asipovichy"
    assert (by_get["q0"]["result"][0]["match"], by_get["q1"]["result"][0]["match"]) == (False, True)


def test_types_restrict_unless_they_are_only_preferred(client):
    any_ = _post(client, queries={"q0": {"query": "Asipovichy", "type": "TrainingGround"}})["q0"]["result"]
    assert [c["id"] for c in any_] == ["place/osipovichi-training-ground"]
    assert any_[0]["match"] is False                    # not the name asked for
    should = _post(client, queries={"q0": {"query": "Asipovichy", "type": "TrainingGround",
                                           "type_strict": "should"}})["q0"]["result"]
    assert should[0]["id"] == "place/osipovichi-training-ground"
    assert [c["id"] for c in should[1:]] == ["place/asipovichy", "place/asipovichy-district"]
    assert [c["score"] for c in should] == [90.0, 70.0, 60.0]
    both = _post(client, queries={"q0": {"query": "Belarus", "type": ["Actor", "Place"], "type_strict": "all"}})
    assert both["q0"]["result"] == []


def test_a_failed_condition_lowers_the_score_and_takes_the_match_away(client):
    found = _post(client, queries={"q0": {"query": "Vladimir Putin", "type": "Person",
                                          "properties": [{"pid": "country", "v": {"id": "state/belarus"}}]},
                                   "q1": {"query": "Viktor Khrenin", "type": "Person",
                                          "properties": [{"pid": "date", "v": "2024"}]},
                                   "q2": {"query": "Viktor Khrenin", "type": "Person",
                                          "properties": [{"pid": "date", "v": "1990-05"}]}})
    putin = found["q0"]["result"][0]
    assert (putin["id"], putin["score"], putin["match"]) == ("person/vladimir-putin", 80.0, False)
    assert putin["features"] == [{"id": "name", "value": 100.0}, {"id": "country", "value": False}]
    assert (found["q1"]["result"][0]["score"], found["q1"]["result"][0]["match"]) == (100.0, True)
    assert (found["q2"]["result"][0]["score"], found["q2"]["result"][0]["match"]) == (80.0, False)


def test_a_query_of_a_wikidata_id_alone(client):
    found = _post(client, queries={"q0": {"properties": [{"pid": "wikidata", "v": "Q184"}], "type": "State"}})
    assert [(c["id"], c["match"]) for c in found["q0"]["result"]] == [("state/belarus", False)]


@pytest.mark.parametrize("form, message", [
    ({"queries": "{"}, "queries: not JSON (Expecting property name enclosed in double quotes at character 1)"),
    ({"queries": json.dumps({"q0": {"query": "x", "type": "Nonsense"}})},
     "q0: type 'Nonsense' is not an entity class of the ontology"),
    ({"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}})},
     "q0: 'colour' is not a property a query can give; see the suggest service"),
    ({"queries": json.dumps({"q0": {"limit": 3}})}, "q0: a query needs 'query' or 'properties'"),
    ({"queries": json.dumps({"q0": {"query": "x", "props": []}})}, "q0: unknown member 'props'"),
    ({"extend": json.dumps({"ids": ["state/belarus"], "properties": [{"id": "colour"}]})},
     "'colour' is not a property data extension can fetch; see extend/propose"),
])
def test_bad_queries_get_a_json_error_naming_the_query(client, form, message):
    response = client.post("/reconcile", data=form)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"status": 400, "title": "Bad Request", "message": message}}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/reconcile", "/reconcile/suggest/entity?prefix=Min", "/reconcile/suggest/type",
                                  "/reconcile/suggest/property", "/reconcile/extend/propose",
                                  "/reconcile/preview?id=place/minsk", "/reconcile/flyout/entity?id=place/minsk",
                                  "/reconcile/preview?id=place/nowhere", "/reconcile/suggest/entity"])
def test_cors_on_every_route_and_its_preflight(client, path):
    response = client.get(path, headers={"Origin": "https://openrefine.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(path, headers={"Origin": "https://openrefine.example",
                                              "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    # a browser's cross-site POST of a form needs no CSRF token here (the service changes nothing)
    assert client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "Minsk"}})}).status_code == 200


def test_jsonp(client):
    response = client.get("/reconcile?callback=jsonp123")
    assert response.mimetype == "application/javascript"
    body = response.get_data(as_text=True)
    assert body.startswith("/**/jsonp123({") and body.endswith("});")
    assert client.get("/reconcile?callback=alert(1)").status_code == 400


def test_preview_card_is_framed_by_the_client(client):
    response = client.get("/reconcile/preview?id=state/belarus")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    html = response.get_data(as_text=True)
    assert '<a href="http://localhost/id/state/belarus" target="_blank" rel="noopener">Belarus</a>' in html
    assert '<a href="https://www.wikidata.org/wiki/Q184" target="_blank" rel="noopener">Q184</a>' in html
    assert "state · named in 17 briefings" in html
    # every other page still refuses to be framed
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    flyout = client.get("/reconcile/flyout/entity?id=state/belarus").get_json()
    assert flyout["id"] == "state/belarus" and flyout["html"].startswith('<article class="card" data-entity="state/belarus">')
    assert client.get("/reconcile/preview?id=place/nowhere").status_code == 404


def test_a_post_held_at_a_date(client):
    def first(properties):
        found = _post(client, queries={"q0": {"query": "Khrenin", "type": "Person", "properties": properties}})
        best = found["q0"]["result"][0]
        return best["id"], best["score"], best["match"], best["features"][1:]

    minister = {"pid": "post", "v": "Minister of Defence"}
    assert first([minister]) == ("person/viktor-khrenin", 100.0, True, [{"id": "post", "value": True}])
    # appointed in January 2020: not yet the minister in 2019, the minister in 2021
    assert first([minister, {"pid": "date", "v": "2019"}])[1:] == (60.0, False, [
        {"id": "post", "value": False}, {"id": "date", "value": False}])
    assert first([minister, {"pid": "date", "v": "2021-03"}])[1:] == (100.0, True, [
        {"id": "post", "value": True}, {"id": "date", "value": True}])
    assert first([{"pid": "post", "v": "President of Belarus"}])[1:3] == (80.0, False)
