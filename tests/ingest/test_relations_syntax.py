"""Relations from the shape of the sentence (issue 14): lists of members, places inside places,
brackets of abbreviations, titles and posts of people. Sentences written for these tests."""


def relations(result):
    return sorted((r["subject"], r["predicate"], r["object"]) for r in result["relations"])


def test_a_body_and_the_list_of_its_members(run):
    r = run("The CSTO comprises Armenia, Belarus, Kazakhstan and Russia.")
    assert relations(r) == [("state/armenia", "memberOf", "organization/csto"),
                            ("state/belarus", "memberOf", "organization/csto"),
                            ("state/kazakhstan", "memberOf", "organization/csto"),
                            ("state/russia", "memberOf", "organization/csto")]


def test_places_inside_places(run):
    r = run("The drills took place at the Brestsky training ground in Brest Oblast. Troops moved to Russia's "
            "Smolensk Oblast. A missile hit Dnipro, Ukraine, at night.")
    assert relations(r) == [("place/brestsky-training-ground", "locatedIn", "place/brest-oblast"),
                            ("place/dnipro", "locatedIn", "state/ukraine"),
                            ("place/smolensk-oblast", "locatedIn", "state/russia")]


def test_an_abbreviation_in_brackets_does_not_break_a_hierarchy(run):
    r = run("Elements of the 41st Combined Arms Army (CAA) (Central Military District) arrived.")
    assert relations(r) == [("unit/41st-combined-arms-army", "partOf", "unit/central-military-district")]


def test_the_title_of_a_known_person_names_the_body_he_leads(run):
    r = run("Defence Minister Viktor Khrenin said the brigade was ready.", published="2023-07-19")
    assert relations(r) == [("person/viktor-khrenin", "leads", "government/ministry-of-defence-of-belarus")]


def test_a_deputy_title_does_not_designate_the_holder(run):
    r = run("Major General Pavel Muraveiko, first deputy state secretary of the Security Council of Belarus, spoke.")
    assert relations(r) == [("person/pavel-muraveiko", "memberOf", "government/security-council-of-belarus")]


def test_the_body_a_state_owns_is_the_one_a_post_is_in(run):
    r = run("Sergey Naryshkin, director of Russia's Foreign Intelligence Service, spoke.")
    assert relations(r) == [("person/sergei-naryshkin", "leads", "government/foreign-intelligence-service-of-russia")]


def test_a_title_word_ending_in_s_still_names_the_post(run):
    """'Foreign Affairs Minister': the title's words were stripped of every trailing 's', so
    'Affairs' matched no word of 'Minister of Foreign Affairs of Belarus'."""
    r = run("Foreign Affairs Minister Maxim Ryzhenkov spoke in Minsk.", published="2024-09-02")
    assert ("person/maxim-ryzhenkov", "leads", "government/ministry-of-foreign-affairs-of-belarus") in relations(r)


def _denied(result):
    return sorted((r["subject"], r["predicate"], r["object"]) for r in result["denied_relations"])


def test_a_relation_the_sentence_negates_or_denies_is_denied_not_stated(run):
    r = run("Iskander missile systems are not deployed in Belarus. Armenia has not signed the Union State treaty. "
            "Lukashenko denied that Belarus had joined the CSTO.")
    assert relations(r) == []
    assert _denied(r) == [("state/armenia", "signatoryOf", "agreement/treaty-on-the-creation-of-the-union-state-1999"),
                          ("state/belarus", "memberOf", "organization/csto"),
                          ("weapon/9k720-iskander", "deployedTo", "state/belarus")]
    stated = run("Iskander missile systems are currently deployed in Belarus. Armenia signed the Union State treaty.")
    assert relations(stated) == [
        ("state/armenia", "signatoryOf", "agreement/treaty-on-the-creation-of-the-union-state-1999"),
        ("weapon/9k720-iskander", "deployedTo", "state/belarus")] and _denied(stated) == []

