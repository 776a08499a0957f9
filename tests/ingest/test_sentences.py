"""Sentences and tokens with offsets."""
from briefgraph.ingest.sentences import split_sentences
from briefgraph.ingest.tokens import tokenize

TEXT = ("On 7 October the U.S. envoy met Gen. Petrov in Vilnius. He said: \u201cWe are ready.\u201d "
        "Then A. Smith left!\nSource: a monitoring channel\nDetails: tanks moved at 5 p.m. on Friday.\n\n"
        "A hard-wrapped line\ncontinues here. Done.")


def test_sentences_with_offsets_and_paragraphs():
    got = [(s.text, s.paragraph) for s in split_sentences(TEXT)]
    assert got == [
        ("On 7 October the U.S. envoy met Gen. Petrov in Vilnius.", 0),
        ("He said: \u201cWe are ready.\u201d", 0),
        ("Then A. Smith left!", 0),
        ("Source: a monitoring channel", 0),
        ("Details: tanks moved at 5 p.m. on Friday.", 0),
        ("A hard-wrapped line\ncontinues here.", 1),
        ("Done.", 1),
    ]
    for s in split_sentences(TEXT):
        assert TEXT[s.start:s.end] == s.text


def test_tokens_keep_models_numbers_initialisms_and_possessives():
    text = "The U.S. sent 11,889 railcars; T-80 and BMP-2 tanks, 9K720 launchers and Lukashenka\u2019s staff."
    assert [t.text for t in tokenize(text)] == [
        "The", "U.S.", "sent", "11,889", "railcars", ";", "T-80", "and", "BMP-2", "tanks", ",", "9K720",
        "launchers", "and", "Lukashenka\u2019s", "staff", "."]
    assert all(text[t.start:t.end] == t.text for t in tokenize(text))
    assert tokenize("ab", offset=10)[0].start == 10


def test_an_enormous_sentence_is_cut_into_pieces_at_whitespace():
    from briefgraph.ingest.sentences import MAX_SENTENCE, split_sentences
    text = "troops moved west and " * 1000                     # 22,000 characters, no full stop
    sentences = split_sentences(text.strip())
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences) and len(sentences) > 10
    assert all(text[s.start:s.end] == s.text and not s.text.startswith(" ") for s in sentences)
    assert "".join(s.text + " " for s in sentences).split() == text.split()
