"""The extraction components on sentences written for these tests: exact entities, events, relations."""


def events(result):
    return [(e["type"], e["modality"], [(p["role"], p["entity"]) for p in e["participants"]], e["place"], e["date"])
            for e in result["events"]]


def entity_ids(result):
    return [e["id"] for e in result["entities"]]


def relations(result):
    return [(r["subject"], r["predicate"], r["object"]) for r in result["relations"]]


def test_spellings_resolve_to_one_entity_and_weekdays_to_dates(run):
    r = run("Aliaksandr Lukashenka met Vladimir Putin in Minsk on Tuesday. Later Lukashenko said the talks went well.")
    assert entity_ids(r) == ["person/alexander-lukashenko", "person/vladimir-putin", "place/minsk"]
    luka = r["entities"][0]
    assert [m["text"] for m in luka["mentions"]] == ["Aliaksandr Lukashenka", "Lukashenko"]
    assert luka["types"] == ["Person", "Actor", "Entity"]
    assert events(r)[0] == ("Meeting", "reported", [("agent", "person/alexander-lukashenko"),
                                                    ("target", "person/vladimir-putin")], "place/minsk", "2023-07-18")


def test_capital_is_the_state_when_it_acts_and_the_city_after_a_preposition(run):
    r = run("Minsk accused Warsaw of staging provocations near Grodno. A drone crashed near Minsk.")
    assert entity_ids(r) == ["state/belarus", "state/poland", "place/grodno", "place/minsk"]
    assert events(r)[0] == ("Statement", "reported", [("speaker", "state/belarus"), ("topic", "state/poland")],
                            "place/grodno", None)


def test_demonym_with_a_force_noun_is_the_armed_forces_and_ranges_give_two_quantities(run):
    r = run("On 3 May, Russian troops arrived at the Obuz-Lesnovsky training ground with 30-40 vehicles.")
    assert entity_ids(r) == ["armed-forces/russian-armed-forces", "place/obuz-lesnovsky-training-ground"]
    (event,) = r["events"]
    assert (event["type"], event["date"], event["place"]) == (
        "TroopTransfer", "2023-05-03", "place/obuz-lesnovsky-training-ground")
    assert [(q["value"], q["unit"], q.get("bound")) for q in event["quantities"]] == [
        (30, "vehicles", "min"), (40, "vehicles", "max")]


def test_titles_give_leads_and_resolve_to_the_holder_at_the_date(run):
    r = run("Defence Minister Viktar Khrenin said the army was ready. The Belarusian president warned of dire consequences.")
    assert relations(r) == [("person/viktor-khrenin", "leads", "government/ministry-of-defence-of-belarus"),
                            ("person/alexander-lukashenko", "leads", "state/belarus")]
    assert [e[:3] for e in events(r)] == [("Statement", "reported", [("speaker", "person/viktor-khrenin")]),
                                          ("Threat", "reported", [("speaker", "person/alexander-lukashenko")])]


def test_unit_designations_known_and_new_and_coordinated(run):
    r = run("Units of the 7th Engineer Regiment and the 38th Separate Air Assault Brigade were moved to Lida district; "
            "the 11th and 120th mechanized brigades held snap inspections.")
    assert entity_ids(r) == ["unit/7th-engineer-regiment", "unit/38th-separate-air-assault-brigade-belarus",
                             "place/lida-district", "unit/11th-separate-mechanized-brigade-belarus",
                             "unit/120th-separate-mechanized-brigade-belarus"]
    new_unit = r["entities"][0]
    assert (new_unit["label"], new_unit["type"], new_unit["known"]) == ("7th Engineer Regiment", "Regiment", False)
    assert [e[0] for e in events(r)] == ["TroopTransfer", "Exercise"]
    assert events(r)[1][2] == [("unit", "unit/11th-separate-mechanized-brigade-belarus"),
                               ("agent", "unit/120th-separate-mechanized-brigade-belarus")]


def test_modality_cues(run):
    r = run("Russia plans to deploy Iskander systems in Belarus next year. "
            "The ministry denied that any Polish helicopter had violated Belarusian airspace. "
            "Reportedly, 12 Su-25 aircraft landed at Lida airfield. "
            "There is no evidence that Belarus is preparing an offensive. "
            "If the crisis escalates, Russian troops will be sent to Brest.")
    assert [(e[0], e[1], e[4]) for e in events(r)] == [
        ("Deployment", "planned", "2024"),
        ("AirspaceViolation", "denied", None),
        ("TroopTransfer", "alleged", None),
        ("Incursion", "denied", None),
        ("TroopTransfer", "conditional", None),
    ]


def test_continuation_sentence_adds_its_equipment_and_numbers(run):
    r = run("The echelon unloaded at Slutsk (Minsk Oblast). It included 14 T-72B3 tanks and five fuel trucks.")
    (event,) = r["events"]
    assert event["participants"] == [{"role": "equipment", "entity": "weapon/t-72b3"}]
    assert event["place"] == "place/slutsk"
    assert [(q["value"], q["unit"]) for q in event["quantities"]] == [(14, "tanks"), (5, "fuel trucks")]
    assert event["evidence"]["text"] == "The echelon unloaded at Slutsk (Minsk Oblast)."
    assert relations(r) == [("place/slutsk", "locatedIn", "place/minsk-oblast")]


def test_statement_content_is_not_an_event_of_its_own(run):
    r = run("On 12 March, Viktor Khrenin stated that Russian units would return to their bases.")
    assert events(r) == [("Statement", "reported", [("speaker", "person/viktor-khrenin"),
                                                   ("topic", "armed-forces/russian-armed-forces")], None, "2023-03-12")]


def test_report_of_an_event_is_the_event(run):
    r = run("Belarusian Hajun reported that a convoy of 40 trucks had crossed into Gomel Oblast.")
    assert [(e[0], e[3]) for e in events(r)] == [("TroopTransfer", "place/gomel-oblast")]
    assert r["events"][0]["participants"] == []          # a monitoring group only reports


def test_static_relations(run):
    r = run("Tactical nuclear weapons are currently deployed in Belarus, together with S-400 systems. "
            "Belarus fulfils its allied obligations to Russia in the war against Ukraine. "
            "The Baranovichi-based 61st Fighter Airbase was put on alert.")
    assert relations(r)[:4] == [
        ("weapon/tactical-nuclear-weapons", "deployedTo", "state/belarus"),
        ("weapon/s-400-triumf", "deployedTo", "state/belarus"),
        ("state/belarus", "allyOf", "state/russia"),
        ("state/belarus", "opposes", "state/ukraine"),
    ]


def test_evidence_offsets_point_into_the_body(run, rules_pipeline):
    from briefgraph.ingest.extraction import extract
    from tests.conftest import briefing_of

    briefing = briefing_of("First sentence here. On 20 December, an echelon left Polonka railway station.")
    r = extract(briefing, rules_pipeline).to_json()
    for e in r["events"]:
        ev = e["evidence"]
        assert briefing.body[ev["start"]:ev["end"]] == ev["text"]
    for ent in r["entities"]:
        for m in ent["mentions"]:
            assert briefing.body[m["start"]:m["end"]] == m["text"]


def test_extraction_is_deterministic(run):
    body = "On 10 October 2022, Lukashenka said Russian troops would arrive. They arrived in Vitebsk on 15 October."
    assert run(body) == run(body)


def test_unit_hierarchy_roles_signatories_and_operators(run):
    r = run("Elements of the 5th Guards Tank Brigade (36th Combined Arms Army, Eastern Military District) arrived. "
            "Andriy Demchenko, spokesman for the State Border Guard Service of Ukraine, spoke. "
            "Putin and Lukashenko signed the Treaty on Security Guarantees within the Union State. "
            "Four Su-25 aircraft of the Belarusian Air Force took off. "
            "Sviatlana Tsikhanouskaya, the Vilnius-based opposition leader, objected.")
    got = relations(r)
    assert ("unit/36th-combined-arms-army", "partOf", "unit/eastern-military-district") in got
    assert ("person/vladimir-putin", "signatoryOf", "agreement/treaty-on-security-guarantees-within-the-union-state-2024") in got
    assert ("person/alexander-lukashenko", "signatoryOf", "agreement/treaty-on-security-guarantees-within-the-union-state-2024") in got
    assert ("person/sviatlana-tsikhanouskaya", "locatedIn", "place/vilnius") in got
    assert any(p == "memberOf" and o == "government/state-border-guard-service-of-ukraine" for _, p, o in got)
    assert any(p == "operates" and o == "weapon/su-25" for _, p, o in got)
