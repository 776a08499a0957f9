"""Inflected forms of the trigger lexicon."""
from briefgraph.ingest.inflect import noun_forms, phrase_forms, verb_forms


def test_regular_and_irregular_verbs():
    assert verb_forms("deploy") == {"deploy", "deploys", "deployed", "deploying"}
    assert verb_forms("arrive") == {"arrive", "arrives", "arrived", "arriving"}
    assert verb_forms("transfer") == {"transfer", "transfers", "transferred", "transferring"}
    assert verb_forms("carry") == {"carry", "carries", "carried", "carrying"}
    assert verb_forms("meet") == {"meet", "meets", "met", "meeting"}
    assert verb_forms("withdraw") == {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"}
    assert verb_forms("put") == {"put", "puts", "putting"}


def test_nouns_and_phrases():
    assert noun_forms("convoy") == {"convoy", "convoys"}
    assert noun_forms("talks") == {"talks"}
    assert noun_forms("delivery") == {"delivery", "deliveries"}
    assert phrase_forms("snap inspection", "noun") == {"snap inspection", "snap inspections"}
    assert phrase_forms("put on combat duty", "verb") == {"put on combat duty", "puts on combat duty",
                                                           "putting on combat duty"}
