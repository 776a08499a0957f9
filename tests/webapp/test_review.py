"""The reviewers' workflow through the Flask client, on stores of its own (the verdicts change
them): a reviewer signs in, rejects a relation, corrects a quantity, merges two entities and
undoes a verdict; the pages, the JSON, SPARQL, Cypher and a re-ingest reflect each step."""
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefgraph.ingest_command import ingest
from briefgraph.settings import Settings
from briefgraph.store.curation.database import Database, curation_path
from briefgraph.store.curation.users import Users
from briefgraph.store.graph.falkordb_store import FalkorGraph
from briefgraph.store.rdf.open_store import OxigraphStore
from briefgraph.store.view import View
from briefgraph.store.writer import Writer
from briefgraph.webapp import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = "http://briefgraph.test"
PASSWORD = "a long enough password"
ZAPAD = "01-zapad-2021-review"
# The sample's relation and its evidence, and its first quantity ("about 12,800 troops")
LEADS = "person/viktor-gulevich|leads|government/general-staff-of-the-armed-forces-of-belarus"


@pytest.fixture
def archive(tmp_path):
    """Three sample briefings ingested into a data folder of their own; a reviewer and an admin."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(SAMPLES.glob("0[1-3]-*")):
        shutil.copy(name, folder / name.name)
    settings = replace(Settings.from_env({}), data_dir=tmp_path / "data", base_url=BASE, page_cache=0)
    report, status = ingest([str(folder)], settings)
    assert status == 0, report.render()
    users = Users(Database(curation_path(settings.data_dir)))
    users.add("ann", "reviewer", PASSWORD)
    users.add("bob", "reviewer", PASSWORD)
    return settings, folder


@pytest.fixture
def app(archive):
    settings, _ = archive
    graph = FalkorGraph.embedded(settings.data_dir / "graph")
    view = View(graph, OxigraphStore(settings.data_dir / "rdf", read_only=True))
    made = create_app({"TESTING": True, "SETTINGS": settings, "VIEW": view, "PAGE_CACHE_SIZE": 0,
                       "SECRET_KEY": "test", "RATELIMIT_ENABLED": False,
                       "CURATION_WRITER": lambda: Writer(graph, OxigraphStore(settings.data_dir / "rdf"), BASE)})
    yield made
    view.close()
    graph.close()


def token(client, path="/sign-in"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def signed_in(app, name="ann"):
    client = app.test_client()
    client.post("/sign-in", data={"csrf_token": token(client), "name": name, "password": PASSWORD})
    return client


def decide(client, fact, verdict, **value):
    data = {"csrf_token": token(client), "verdict": verdict, **fact, **value}
    return client.post("/review/decide", data=data, headers={"Accept": "application/json"})


def queue_item(client, kind, key):
    items = client.get(f"/review.json?kind={kind}").get_json()["items"]
    return next(i["fact"] for i in items if i["fact"]["key"] == key)


def form(fact):
    return {k: ("" if v is None else str(v)) for k, v in fact.items()}


def cypher(client, statement):
    return client.post("/cypher", json={"statement": statement}).get_json()["rows"]


def sparql_ask(client, query):
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return r.get_json()["boolean"]


def relations_of(client, entity):
    return sorted((r["predicate"], r["other"]) for r in client.get(f"/id/{entity}.json").get_json()["relations"])


def test_anonymous_clients_change_nothing(app):
    client = app.test_client()
    assert client.get("/review").status_code == 403
    assert client.get("/review.json").status_code == 403
    fact = {"kind": "entity", "key": "person/viktor-gulevich", "verdict": "alias", "alias": "V. Gulevich"}
    assert client.post("/review/decide", data={**fact, "csrf_token": token(client)}).status_code == 403
    assert client.post("/review/undo/1", data={"csrf_token": token(client)}).status_code == 403


def test_a_verdict_without_the_csrf_token_is_refused(app):
    client = signed_in(app)
    r = client.post("/review/decide", data={"kind": "entity", "key": "person/viktor-gulevich", "verdict": "confirm"})
    assert r.status_code == 400
    assert client.get("/review/log.json").get_json()["decisions"] == []


def test_reject_a_relation(app):
    client = signed_in(app)
    fact = queue_item(client, "relation", LEADS)
    assert fact["briefing"] == ZAPAD
    assert ("LEADS", "government/general-staff-of-the-armed-forces-of-belarus") in relations_of(client, "person/viktor-gulevich")
    r = decide(client, form(fact), "reject", reason="the sentence does not say so")
    assert r.status_code == 201 and r.get_json()["applied"] is True
    assert ("LEADS", "government/general-staff-of-the-armed-forces-of-belarus") not in relations_of(client, "person/viktor-gulevich")
    assert cypher(client, "MATCH (:Person {id: 'person/viktor-gulevich'})-[r:LEADS]->() RETURN count(r)") == [[0]]
    assert not sparql_ask(client, f"ASK {{ <{BASE}/id/person/viktor-gulevich> ?p "
                                  f"<{BASE}/id/government/general-staff-of-the-armed-forces-of-belarus> }}")
    # the decided fact leaves the queue; its page shows the decision and its author
    keys = [i["fact"]["key"] for i in client.get("/review.json?kind=relation").get_json()["items"]]
    assert LEADS not in keys
    page = client.get("/review/fact.json", query_string=form(fact)).get_json()
    assert (page["decision"]["verdict"], page["decision"]["author"]) == ("reject", "ann")


def test_correct_a_quantity_then_undo(app):
    client = signed_in(app)
    items = client.get("/review.json?kind=quantity").get_json()["items"]
    item = next(i for i in items if i["fact"]["briefing"] == ZAPAD and i["words"] == "about 12,800 troops")
    event = item["fact"]["key"]

    def values():
        return cypher(client, f"MATCH (:Event {{id: '{event}'}})-[r:REPORTED_IN]->(:Briefing {{id: '{ZAPAD}'}}) "
                              "RETURN r.q_values")[0][0]

    assert values() == [12800.0, 2500.0, 50.0]
    made = decide(client, form(item["fact"]), "correct", value="13,000").get_json()
    assert values() == [13000.0, 2500.0, 50.0]
    reports = client.get(f"/id/{event}.json").get_json()["reports"]
    assert reports[0]["quantities"] == ["13,000 troops (corrected; the briefing says \u201cabout 12,800 troops\u201d)",
                                        "some 2,500 Russian servicemen", "up to 50 Kazakh soldiers"]
    assert sparql_ask(client, "PREFIX bg: <https://w3id.org/briefgraph/ontology#> "
                              "ASK { ?q bg:value ?v FILTER(?v = 13000) }")
    r = client.post(f"/review/undo/{made['id']}", data={"csrf_token": token(client)},
                    headers={"Accept": "application/json"})
    assert r.status_code == 201
    assert values() == [12800.0, 2500.0, 50.0]
    history = client.get("/review/fact.json", query_string=form(item["fact"])).get_json()["history"]
    assert [(d["verdict"], d["undone"]) for d in history] == [("correct", True), ("undo", False)]


def test_merge_two_entities_and_undo(app):
    client = signed_in(app)
    gone, kept = "person/viktor-gulevich", "person/alexander-lukashenko"
    before = client.get(f"/id/{kept}.json").get_json()["counts"]["briefings"]
    made = decide(client, {"kind": "entity", "key": gone}, "merge", into=kept).get_json()
    assert made["applied"] is True
    assert client.get(f"/id/{gone}.json").status_code == 404
    assert cypher(client, f"MATCH (n:Entity {{id: '{gone}'}}) RETURN count(n)") == [[0]]
    # nothing says anything of it but the decisions' graph (its owl:sameAs)
    assert not sparql_ask(client, f"ASK {{ GRAPH ?g {{ <{BASE}/id/{gone}> ?p ?o }} "
                                  f"FILTER(?g != <{BASE}/graphs/curation>) }}")
    mentions = client.get(f"/id/{kept}.json").get_json()["mentions"]
    assert any("Gulevich" in " ".join(m["texts"]) for m in mentions)
    assert client.get(f"/id/{kept}.json").get_json()["counts"]["briefings"] >= before
    same = f"ASK {{ GRAPH <{BASE}/graphs/curation> {{ <{BASE}/id/{gone}> <http://www.w3.org/2002/07/owl#sameAs> <{BASE}/id/{kept}> }} }}"
    assert sparql_ask(client, same)
    client.post(f"/review/undo/{made['id']}", data={"csrf_token": token(client)})
    assert client.get(f"/id/{gone}.json").status_code == 200
    assert cypher(client, f"MATCH (n:Entity {{id: '{gone}'}}) RETURN count(n)") == [[1]]
    assert not sparql_ask(client, same)


def test_verdicts_hold_when_the_briefing_is_ingested_again_changed(app, archive):
    settings, folder = archive
    client = signed_in(app)
    decide(client, form(queue_item(client, "relation", LEADS)), "reject")
    # the briefing edited (a paragraph added at its top: every offset moves) and ingested again
    path = folder / f"{ZAPAD}.md"
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(head + sep + "\nAn editor's note added at the top of the review.\n" + body, encoding="utf-8")
    report, status = ingest([str(folder)], settings)
    assert status == 0 and report.counts["replaced"] == 1, report.render()
    assert ("LEADS", "government/general-staff-of-the-armed-forces-of-belarus") not in relations_of(client, "person/viktor-gulevich")
    assert client.get("/review/orphaned.json").get_json()["decisions"] == []


def test_two_reviewers_on_one_fact_the_later_wins_visibly(app):
    ann, bob = signed_in(app, "ann"), signed_in(app, "bob")
    fact = form(queue_item(ann, "relation", LEADS))
    decide(ann, fact, "reject")
    decide(bob, fact, "confirm")
    page = ann.get("/review/fact.json", query_string=fact).get_json()
    assert (page["decision"]["verdict"], page["decision"]["author"]) == ("confirm", "bob")
    assert [(d["verdict"], d["author"]) for d in page["overridden"]] == [("reject", "ann")]
    assert ("LEADS", "government/general-staff-of-the-armed-forces-of-belarus") in relations_of(ann, "person/viktor-gulevich")
    html = ann.get("/review/fact", query_string=fact).get_data(as_text=True)
    assert "Overridden: reject" in html


def test_a_reason_with_markup_is_shown_as_text(app):
    client = signed_in(app)
    fact = form(queue_item(client, "relation", LEADS))
    decide(client, fact, "unsure", reason="<script>alert(1)</script>")
    html = client.get("/review/fact", query_string=fact).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_dumps_carry_the_decisions_and_the_raw_extraction(app):
    from rdflib import Dataset, Literal, Namespace, URIRef

    from briefgraph.webapp.downloads import regenerate_now
    client = signed_in(app)
    fact = queue_item(client, "relation", LEADS)
    made = decide(client, form(fact), "reject", reason="not in the sentence").get_json()
    manifest = regenerate_now(app)
    assert [f["format"] for f in manifest["files"]][-1] == "nquads-raw"
    curated = Dataset().parse(data=client.get("/downloads/briefgraph.nq").data, format="nquads")
    raw = Dataset().parse(data=client.get("/downloads/briefgraph-raw.nq").data, format="nquads")
    BG, PROV = Namespace("https://w3id.org/briefgraph/ontology#"), Namespace("http://www.w3.org/ns/prov#")
    leads = (URIRef(f"{BASE}/id/person/viktor-gulevich"), BG.leads,
             URIRef(f"{BASE}/id/government/general-staff-of-the-armed-forces-of-belarus"))
    assert leads not in curated.graph() and not list(curated.quads(leads + (None,)))
    assert list(raw.quads(leads + (None,)))
    decision = URIRef(f"{BASE}/curation/decisions/{made['id']}")
    in_curation = curated.graph(URIRef(f"{BASE}/graphs/curation"))
    assert (decision, BG.verdict, Literal("reject")) in in_curation
    assert (decision, PROV.wasAttributedTo, URIRef(f"{BASE}/curation/reviewers/ann")) in in_curation
    assert (decision, BG.aboutBriefing, URIRef(f"{BASE}/briefings/{ZAPAD}")) in in_curation
    assert (decision, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("not in the sentence")) in in_curation
    assert not list(raw.quads((None, None, None, URIRef(f"{BASE}/graphs/curation"))))
    # the briefings no decision touched are the same in both
    other = URIRef(f"{BASE}/briefings/02-bruzgi-border-standoff/graph")
    assert set(curated.graph(other)) == set(raw.graph(other)) and len(set(raw.graph(other))) > 50


TWO_SPELLINGS = """---
title: "Two spellings"
published: 2025-03-12
---

Colonel Ivan Petrovski inspected the 120th brigade on 11 March 2025. Later, Colonel Ivan Petrovsky said the
inspection went well.
"""


def test_merge_suggestions_side_by_side_and_declined(app, archive):
    settings, folder = archive
    (folder / "two-spellings.md").write_text(TWO_SPELLINGS, encoding="utf-8")
    assert ingest([str(folder)], settings)[1] == 0
    client = signed_in(app)
    found = client.get("/review/merges.json").get_json()["suggestions"]
    pair = next(s for s in found if {s["keep"]["id"], s["merge"]["id"]} == {"person/ivan-petrovski", "person/ivan-petrovsky"})
    assert pair["reasons"] == ["names one or two letters apart: \u201civan petrovski\u201d, \u201civan petrovsky\u201d"]
    html = client.get("/review/merges").get_data(as_text=True)
    assert html.count('value="merge"') >= 2 and 'value="distinct"' in html
    made = decide(client, {"kind": "entity", "key": pair["merge"]["id"]}, "distinct", **{"from": pair["keep"]["id"]})
    assert made.status_code == 201
    found = client.get("/review/merges.json").get_json()["suggestions"]
    assert not [s for s in found if {s["keep"]["id"], s["merge"]["id"]} == {"person/ivan-petrovski", "person/ivan-petrovsky"}]
    # declining changes nothing the stores hold
    assert client.get("/id/person/ivan-petrovsky.json").status_code == 200


def test_edit_distance():
    from briefgraph.store.curation.suggestions import edits
    assert [edits("lukashenko", "lukashenka"), edits("petrovski", "petrovsky"), edits("abc", "abc"),
            edits("kolesnikov", "kolesnikova"), edits("abcdef", "uvwxyz")] == [1, 1, 0, 1, 3]


def test_an_alias_and_a_merge_hold_for_future_briefings(app, archive):
    settings, folder = archive
    client = signed_in(app)
    assert decide(client, {"kind": "entity", "key": "person/viktor-gulevich"}, "alias", alias="Vitya Gulevich").status_code == 201
    assert "Vitya Gulevich" in client.get("/id/person/viktor-gulevich.json").get_json()["aliases"]
    (folder / "two-spellings.md").write_text(TWO_SPELLINGS, encoding="utf-8")
    assert ingest([str(folder)], settings)[1] == 0
    decide(client, {"kind": "entity", "key": "person/ivan-petrovsky"}, "merge", into="person/ivan-petrovski")
    # a briefing ingested later names both by the reviewers' names
    (folder / "later.md").write_text("""---
title: "Later"
published: 2025-03-20
---

Vitya Gulevich met Ivan Petrovsky in Minsk on 19 March 2025.
""", encoding="utf-8")
    assert ingest([str(folder)], settings)[1] == 0
    later = client.get("/briefings/later.json").get_json()
    named = sorted({m["entity"] for m in later["mentions"]})
    assert named == ["person/ivan-petrovski", "person/viktor-gulevich", "place/minsk"]


def test_split_a_mention_off_its_entity(app):
    client = signed_in(app)
    html = client.get("/review/fact?kind=entity&key=person/viktor-gulevich").get_data(as_text=True)
    assert 'value="split"' in html and f'name="briefing" value="{ZAPAD}"' in html
    page = client.get("/review/fact.json?kind=entity&key=person/viktor-gulevich").get_json()
    mention = next(m for m in page["mentions"] if m["briefing"] == ZAPAD)
    spans = mention["spans"]
    first = spans[0]
    made = decide(client, {"kind": "mention", "key": "person/viktor-gulevich", "briefing": ZAPAD,
                           "start": str(first["start"]), "end": str(first["end"])}, "split")
    assert made.status_code == 201 and made.get_json()["applied"] is True
    after = client.get("/review/fact.json?kind=entity&key=person/viktor-gulevich").get_json()["mentions"]
    kept = [m["spans"] for m in after if m["briefing"] == ZAPAD]
    assert (kept[0] if kept else []) == spans[1:]


def test_two_reviewers_at_once_both_land_in_the_log(app):
    import threading
    ann, bob = signed_in(app, "ann"), signed_in(app, "bob")
    fact = form(queue_item(ann, "relation", LEADS))
    tokens = {"ann": token(ann), "bob": token(bob)}
    barrier = threading.Barrier(2)
    answers = {}

    def run(name, client, verdict):
        barrier.wait()
        answers[name] = client.post("/review/decide", data={"csrf_token": tokens[name], "verdict": verdict, **fact},
                                    headers={"Accept": "application/json"}).get_json()

    threads = [threading.Thread(target=run, args=("ann", ann, "reject")),
               threading.Thread(target=run, args=("bob", bob, "confirm"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    history = ann.get("/review/fact.json", query_string=fact).get_json()
    assert sorted(d["author"] for d in history["history"]) == ["ann", "bob"]
    later = max(answers.values(), key=lambda a: a["id"])
    assert (history["decision"]["author"], history["decision"]["verdict"]) == (later["author"], later["verdict"])
    assert [d["author"] for d in history["overridden"]] == [min(answers.values(), key=lambda a: a["id"])["author"]]
    # the stores hold what the later decided
    present = ("LEADS", "government/general-staff-of-the-armed-forces-of-belarus") in relations_of(ann, "person/viktor-gulevich")
    assert present == (later["verdict"] == "confirm")
