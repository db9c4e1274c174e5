"""Sentences from spaCy: spans into the original and the markers each sentence carries."""

import pytest


def test_marker_after_full_stop_belongs_to_the_sentence_it_closes(parse):
    report = parse("Title\n\nTrade grew fast in the region.¹ Investment fell.^{2,3}\n\n"
                   "Notes\n\n1. A.\n2. B.\n3. C.\n")
    first, second = report.sentences
    assert first.text == "Trade grew fast in the region."
    assert first.note_numbers == (1,)
    assert second.note_numbers == (2, 3)


def test_marker_inside_a_sentence(parse):
    report = parse("Title\n\nOfficials¹ met twice in the capital last year.\n\nNotes\n\n1. A.\n")
    assert report.sentences[0].note_numbers == (1,)
    assert report.sentences[0].text == "Officials met twice in the capital last year."


def test_sentence_spans_map_back_to_the_original_text(parse):
    text = ("Title\n\nThe plan costs \\$5 billion.¹ It has *three* parts and a "
            "[website](https://example.org).\n\nNotes\n\n1. A.\n")
    report = parse(text)
    first, second = report.sentences
    assert [text[s.start:s.end] for s in first.spans] == ["The plan costs \\$5 billion."]
    assert [text[s.start:s.end] for s in second.spans] == [
        "It has *three* parts and a [website](https://example.org)."]


def test_sentence_interrupted_by_a_pull_quote_has_two_spans(parse):
    text = ("Title\n\nRivers cross borders in many places.\n\n"
            "The ministers agreed to share data on river flows every\n\n"
            "\u201cThe ministers agreed to share data on river flows every month.\u201d\n\n"
            "month.¹ Nothing else was agreed.\n\nNotes\n\n1. A.\n")
    report = parse(text)
    body = [p for p in report.paragraphs if p.kind == "body"]
    assert len(body) == 2
    sentence = body[1].sentences[0]
    assert sentence.text == "The ministers agreed to share data on river flows every month."
    pieces = [text[s.start:s.end] for s in sentence.spans]
    assert pieces == ["The ministers agreed to share data on river flows every", "month."]
    assert sentence.note_numbers == (1,)


def test_sentence_indexes_run_through_the_report(bundled_report):
    indexes = [s.index for s in bundled_report.sentences]
    assert indexes == list(range(len(indexes)))
    for sentence in bundled_report.sentences:
        for span in sentence.spans:
            assert span.start < span.end


def test_hyphenated_party_lists_split_into_names(nlp):
    tokens = [t.text for t in nlp("Ties between U.S.-Canada-Mexico partners grew.")]
    assert tokens[2:7] == ["U.S.", "-", "Canada", "-", "Mexico"]
    assert "e.g.-style" in [t.text for t in nlp("an e.g.-style note")]


def test_loaded_tokenizer_is_the_saved_one_with_the_hyphen_rule(nlp):
    """load_pipeline reads the saved tokenizer with the rule in place; it must equal the
    saved tokenizer loaded as spaCy loads it, the rule set afterwards."""
    import spacy

    from graphbuild.nlp import split_abbreviation_hyphens
    from graphbuild.settings import Settings

    plain = spacy.load(Settings().model)
    split_abbreviation_hyphens(plain)
    assert plain.tokenizer.to_bytes(exclude=["vocab"]) == nlp.tokenizer.to_bytes(exclude=["vocab"])
    assert plain.pipe_names == nlp.pipe_names


def test_bracketed_markers_do_not_break_sentences(parse):
    """Regression: ``benefits.”[5] These`` was split into a sentence of its own, ``”[5]``."""
    report = parse("Title\n\nThe pressure grew on Canada \u201cto take a bigger part in the "
                   "region's security benefits.\u201d[5] These aspects will add to the threats "
                   "Canada faces.[6]\n\nEndnotes\n\n[5] Hemmings, John. 2022.\n[6] APF Canada, "
                   "2020.\n")
    first, second = report.sentences
    assert first.text.endswith("security benefits.\u201d") and first.note_numbers == (5,)
    assert second.text == "These aspects will add to the threats Canada faces."
    assert second.note_numbers == (6,)


def test_a_name_after_soft_hyphens_and_a_ligature_maps_back_to_the_original(parse):
    from graphbuild.model import map_spans

    text = ("Title\n\nCanada\u2019s Indo-\u00adPacific strat\u00adegy brings bene\ufb01ts, "
            "said Prime Minister Justin Trudeau in Ottawa.\n")
    report = parse(text)
    (paragraph,) = report.paragraphs
    (sentence,) = paragraph.sentences
    assert "Indo-Pacific strategy brings benefits" in sentence.text
    assert [text[s.start:s.end] for s in sentence.spans] == [text[text.index("Canada"):-1]]
    (person,) = [e for e in paragraph.doc.ents if e.label_ == "PERSON"]
    assert person.text == "Justin Trudeau"
    (span,) = map_spans(paragraph, person.start_char, person.end_char)
    assert text[span.start:span.end] == "Justin Trudeau"


@pytest.mark.parametrize("text, limit, pieces", [
    ("One. Two. Three.", 11, ["One. Two. ", "Three."]),
    ("She said \u201cno.\u201d Then left. Fine.", 24, ["She said \u201cno.\u201d ", "Then left. Fine."]),
    ("aaaa bbbb cccc", 6, ["aaaa ", "bbbb ", "cccc"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("short", 100, ["short"]),
])
def test_split_for_parsing_cuts_at_sentence_ends_within_the_limit(text, limit, pieces):
    from graphbuild.nlp import split_for_parsing

    assert split_for_parsing(text, limit) == pieces


def test_a_paragraph_longer_than_the_pipeline_limit_is_parsed_in_pieces(nlp):
    """Regression: a paragraph over spaCy's max_length stopped the build with E088."""
    from graphbuild.nlp import segment
    from graphbuild.structure import structure

    sentence = "Canada and Mexico signed agreement number {} in Ottawa.\u00b9 "
    body = "".join(sentence.format(n) for n in range(40)).strip()
    text = f"Title\n\n{body}\n\nNotes\n\n1. A source.\n"
    report = structure(text, "long.txt", "0")
    limit = nlp.max_length
    nlp.max_length = 500
    try:
        segment([report], nlp)
    finally:
        nlp.max_length = limit
    (paragraph,) = report.paragraphs
    assert paragraph.doc.text == paragraph.text
    assert len(report.sentences) == 40
    assert all(s.note_numbers == (1,) for s in report.sentences)
    for sentence in report.sentences:
        (span,) = sentence.spans
        assert text[span.start:span.end].rstrip("\u00b9") == sentence.text
    (warning,) = [d for d in report.diagnostics if d.code == "paragraph-too-long"]
    assert warning.line == 3 and "longer than the pipeline's limit of 500" in warning.message
