"""Event precision (issue 14): one event per real event, and no event where a sentence states none.
Sentences written for these tests."""


def events(result):
    return [(e["type"], [(p["role"], p["entity"]) for p in e["participants"]], e["date"]) for e in result["events"]]


def test_a_post_is_no_movement(run):
    """'head of the department' is a post, not the verb 'head' (a movement)."""
    r = run("Ivan Petrov, head of the department of the Belarusian Defence Ministry, spoke to reporters.")
    assert [e[0] for e in events(r)] == ["Statement"]


def test_a_definite_noun_is_the_event_reported_just_before(run):
    r = run("Russian sabotage groups made an incursion into the Sumy region on 9 September. "
            "Ukraine condemned the incursion, which involved 30 fighters.")
    incursions = [(e["participants"], e["date"], [q["value"] for q in e["quantities"]])
                  for e in r["events"] if e["type"] == "Incursion"]
    assert incursions == [([{"role": "agent", "entity": "state/russia"}], "2023-09-09", [30])]


def test_a_habit_is_no_event_but_what_has_gone_on_since_a_date_is(run):
    r = run("Joint exercises of the Belarusian and Russian armies are held regularly at the Brestsky training ground. "
            "Russian units have trained at the Obuz-Lesnovsky training ground since 2022.")
    assert [(e[0], e[2]) for e in events(r)] == [("Exercise", "2022")]


def test_the_verb_and_the_noun_of_one_signing_are_one_event(run):
    r = run("Vladimir Putin and Alexander Lukashenko signed the treaty in Minsk on 6 December.")
    assert events(r) == [("AgreementSigning", [("participant", "person/vladimir-putin"),
                                               ("agent", "person/alexander-lukashenko")], "2022-12-06")]


def test_the_subject_is_the_speaker_though_its_title_comes_first(run):
    r = run("Ukrainian President Volodymyr Zelensky said the strike was a crime.")
    assert events(r) == [("Statement", [("speaker", "person/volodymyr-zelensky")], None)]


def test_a_trigger_word_that_names_a_thing_or_a_purpose_is_no_event(run):
    r = run("Russian troops arrived at the joint training centre in Grodno. The centre is intended for the "
            "joint training of Su-30SM crews. Russia used these camps in Belarus to train its mobilised men.")
    assert [e[0] for e in events(r)] == ["TroopTransfer"]


def test_a_noun_cited_as_an_authority_is_no_new_event(run):
    r = run("In line with a decision of the two presidents, Russian and Belarusian troops were conducting joint "
            "exercises near Brest.")
    assert [e[0] for e in events(r)] == ["Exercise"]


def test_laws_passed_and_signed_are_decrees(run):
    r = run("The Sejm passed the bill on Friday. President Andrzej Duda signed the bill into law on Monday.")
    assert [e[0] for e in events(r)] == ["Decree", "Decree"]


def modalities(result):
    return [(e["type"], e["modality"]) for e in result["events"]]


def test_a_dated_or_attributed_future_is_a_plan_and_a_hedged_one_a_forecast(run):
    r = run("Su-30SM fighters of the Russian Aerospace Forces will land at the Baranovichi airfield on 3 September. "
            "According to the Belarusian Defence Ministry, Russian crews will take up combat duty in Belarus. "
            "Russian troops will probably be redeployed to Belarus later. "
            "Russian units could be deployed to Belarus on 5 September.")
    assert modalities(r) == [("TroopTransfer", "planned"), ("Deployment", "planned"),
                             ("TroopTransfer", "forecast"), ("Deployment", "forecast")]


def test_a_sentence_opening_on_he_speaks_for_the_subject_of_the_sentences_before(run):
    r = run("Alexander Lukashenko met Vladimir Putin in Minsk on 6 December. "
            "He said Belarus would not send troops to Ukraine.\n\n"
            "He said nothing else.")
    statements = [e["participants"] for e in r["events"] if e["type"] == "Statement"]
    assert statements == [[{"role": "speaker", "entity": "person/alexander-lukashenko"},
                           {"role": "topic", "entity": "state/belarus"}, {"role": "topic", "entity": "state/ukraine"}]]
    lukashenko = next(e for e in r["entities"] if e["id"] == "person/alexander-lukashenko")
    assert "He" not in lukashenko["aliases"]


def test_a_speech_verb_that_names_is_no_statement_but_a_participle_of_a_deployment_is_an_event(run):
    r = run("Alexander Lukashenko, often called Europe's last dictator, met Vladimir Putin in Minsk. "
            "The 120th brigade, also deployed to Brest in 2022, is a mechanised unit.")
    assert [e[0] for e in events(r)] == ["Meeting", "Deployment"]


def test_a_denial_keeps_the_event_it_denies_as_denied(run):
    r = run("Moscow denied that Russian drones violated Polish airspace on 10 September.")
    events = sorted((e["type"], e["modality"]) for e in r["events"])
    assert events == [("AirspaceViolation", "denied"), ("Statement", "reported")]
    [violation] = [e for e in r["events"] if e["type"] == "AirspaceViolation"]
    assert violation["date"] == "2023-09-10"
    said = run("Warsaw said that Russian drones violated Polish airspace on 10 September.")
    assert [(e["type"], e["modality"]) for e in said["events"]] == [("Statement", "reported")]
