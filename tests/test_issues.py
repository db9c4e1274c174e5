"""Issue tagging against the shipped SKOS scheme."""

from __future__ import annotations

import pytest

from graphbuild.issues import broader_closure, concept_labels, load_scheme, tag_issues


def concepts(report):
    return {tag.concept for tag in report.issue_tags}


def test_scheme_loads_with_labels():
    assert len(load_scheme()) > 100
    assert "supply-chains" in concept_labels()


def test_broader_closure_adds_parents():
    assert broader_closure(["supply-chains"]) == ["supply-chains", "trade-and-economy"]


@pytest.mark.parametrize("text, concept", [
    ("Fishermen worry about tariffs on salmon.", "tariffs-and-trade-remedies"),
    ("Cartels move fentanyl across the river.", "drug-trafficking"),
])
def test_cue_words_tag_the_sentence(parse, text, concept):
    report = parse(text)
    tag_issues([report])
    assert concept in concepts(report)


def test_lemma_matches_inflected_form(parse):
    report = parse("Firms rebuilt their supply chains near home.")
    tag_issues([report])
    tag = next(t for t in report.issue_tags if t.concept == "supply-chains")
    paragraph = report.paragraphs[0]
    assert paragraph.text[tag.start:tag.end] == tag.cue == "supply chains"
    assert tag.sentence_index == 0


def test_longest_cue_wins(parse):
    report = parse("They discussed rules of origin for cars.")
    tag_issues([report])
    cues = {t.cue for t in report.issue_tags}
    assert "rules of origin" in cues and "origin" not in cues


def test_verb_reading_of_a_noun_cue_is_skipped(parse):
    report = parse("The two teams worked late.")
    tag_issues([report])
    assert "labour-and-workforce" not in concepts(report)


def test_cue_inside_a_longer_name_is_skipped(parse, nlp):
    from graphbuild.entities import extract_entities

    report = parse("Staff of the U.S. Department of Justice arrived.")
    extract_entities([report], nlp)
    tag_issues([report])
    assert "rule-of-law" not in concepts(report)


def test_head_of_a_name_still_tags(parse, nlp):
    """"Dialogue" is what the "Andean Water Dialogue" is: the sentence is about diplomacy."""
    from graphbuild.entities import extract_entities

    report = parse("Both ministers attended the Andean Water Dialogue in Quito.")
    extract_entities([report], nlp)
    tag_issues([report])
    assert "diplomacy" in concepts(report)


@pytest.mark.parametrize("text, concept", [
    ("The overdose epidemic killed thousands in Ohio.", "pandemics"),
    ("Police officers received training on evidence handling.", "workforce-development"),
    ("The treaty gives the legal framework for fisheries.", "rule-of-law"),
    # the head of an organisation's name is no topic: "Union", "Bank"
    ("The European Union and the World Bank met in Lima.", "labor-rights"),
    ("The European Union and the World Bank met in Lima.", "finance-and-monetary"),
    ("The panel of experts reviewed the treatment of investors.", "trade-disputes"),
    ("The panel of experts reviewed the treatment of investors.", "drug-policy"),
    # a plain "development", "rights" or "work" is no topic of its own
    ("The plan supports innovation and economic development.", "development-aid"),
    ("The members will enforce their rights under the rules.", "human-rights"),
    ("The two agencies work together on the plan.", "labour-and-workforce"),
])
def test_ambiguous_words_are_no_cue(parse, text, concept):
    report = parse(text)
    tag_issues([report])
    assert concept not in concepts(report)


def test_sentence_index_is_the_report_position(parse):
    report = parse("Tariffs rose.\n\nA second paragraph. Cartels grew stronger.")
    tag_issues([report])
    tag = next(t for t in report.issue_tags if t.concept == "organized-crime"
               or t.cue.lower().startswith("cartel"))
    assert tag.sentence_index == 2
