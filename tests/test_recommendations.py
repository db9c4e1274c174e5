"""Tests for graphbuild.recommendations: invented texts, entities placed by hand."""

from __future__ import annotations

import pytest

from graphbuild.recommendations import (extract_recommendations, horizon_of,
                                        is_recommendation_heading, recommendation_cues)
from graphbuild.relations import extract_relations, relation_cues

from test_relations import place  # the hand placement helper, shared

COUNTRIES = {"Country:Peru": ["Peru", "Peruvian"], "Country:Chile": ["Chile"],
             "Country:Bolivia": ["Bolivia"]}


@pytest.fixture()
def recommend(parse):
    def run(text: str, entities=None, issues=None):
        report = place(parse(text), entities or COUNTRIES, issues)
        extract_relations([report])
        extract_recommendations([report])
        return report

    return run


def test_cues_ship_every_list_the_rules_read():
    cues = recommendation_cues()
    for name in ("prescriptive_modals", "prescriptive_need_verbs", "predictive_verbs",
                 "plan_nouns", "non_agent_pronouns", "recommendation_headings",
                 "restatement_overlap", "horizon_cues"):
        assert cues[name], name
    # one home for each cue: none of them is left in the relation cues
    assert not set(cues) & set(relation_cues())


@pytest.mark.parametrize("text, horizon", [
    ("In the short-term, ministries should publish data.", "short term"),
    ("Governments should act immediately on tariffs.", "short term"),
    ("The medium- and longer-term agenda should include training.", "medium term"),
    ("Over the longer term, ports must be rebuilt.", "long term"),
    ("Ministries should publish data.", "unspecified"),
    ("Earlier plans failed.", "unspecified"),
])
def test_horizon_cues(text, horizon):
    assert horizon_of(text) == horizon


@pytest.mark.parametrize("title, expected", [
    ("Policy Recommendations", True),
    ("What Should Be Done", True),
    ("Policy Options for Congress", True),
    ("Strengthening Trade and Commerce", False),
    (None, False),
])
def test_recommendation_headings(title, expected):
    assert is_recommendation_heading(title) is expected


def test_actor_subject_with_should(recommend):
    report = recommend("The Peruvian government should expand irrigation in the short term.\n")
    [item] = report.recommendations
    assert item.addressed_to == ["Country:Peru"]
    assert item.horizon == "short term"
    assert item.evidence[0].sentence_index == 0


def test_need_to_with_collective(recommend):
    report = recommend("Peru, Chile and Bolivia share a long border. "
                       "The three governments need to build a common customs office.\n")
    [item] = report.recommendations
    assert set(item.addressed_to) == {"Country:Peru", "Country:Chile", "Country:Bolivia"}


def test_they_resolves_to_the_previous_addressees(recommend):
    report = recommend("Peru and Chile should sign a water pact. "
                       "They should also fund the river authority quickly.\n")
    assert [set(r.addressed_to) for r in report.recommendations] == [
        {"Country:Peru", "Country:Chile"}] * 2
    assert report.recommendations[1].horizon == "short term"


@pytest.mark.parametrize("text", [
    "The new port should help exporters in Peru.\n",
    "Lower tariffs should open the door to more trade with Chile.\n",
    "Peru could expand irrigation next year.\n",
    "Peru will need more water.\n",
])
def test_forecasts_and_possibilities_are_not_recommendations(recommend, text):
    assert recommend(text).recommendations == []


def test_passive_prescription(recommend):
    report = recommend("Regional water monitoring should be continued by all parties.\n")
    assert len(report.recommendations) == 1


def test_bullets_under_a_recommendations_heading(recommend):
    text = ("Water in the Andes\n\nBy A. Writer\n\n"
            "Peru and Chile have shared rivers for a long time, and disputes arise each year.\n\n"
            "What Should Be Done\n\n"
            "- Create a joint river commission with a permanent staff.\n"
            "- Publish river flow data every month.\n\n"
            "Peru and Chile should create a joint river commission with a permanent staff.\n")
    report = recommend(text)
    bullets = [r for r in report.recommendations if "commission" in r.text]
    assert len(bullets) == 1, "a bullet restated in the body is one recommendation"
    assert len(bullets[0].evidence) == 2
    assert set(bullets[0].addressed_to) == {"Country:Peru", "Country:Chile"}
    data = [r for r in report.recommendations if "flow data" in r.text]
    assert len(data) == 1 and data[0].addressed_to == []


def test_concerns_issues_and_agreements(recommend):
    entities = dict(COUNTRIES, **{"Treaty:Andean Water Treaty": ["Andean Water Treaty"]})
    report = recommend("Peru should ratify the Andean Water Treaty to protect glaciers.\n",
                       entities, {"water": ["glaciers"]})
    [item] = report.recommendations
    assert "issue:water" in item.concerns
    assert "Treaty:Andean Water Treaty" in item.concerns


def test_list_sections_under_the_heading_continue_it(recommend):
    text = ("Water in the Andes\n\nBy A. Writer\n\n"
            "Peru and Chile have shared rivers for a long time, and disputes arise each year.\n\n"
            "Policy Options\n\n"
            "For the Governments\n\n"
            "- Publish river flow data every month.\n\n"
            "For Donors\n\n"
            "- Fund gauging stations in the upper basin.\n\n"
            "Background\n\n"
            "Rivers cross the border in four places.\n\n"
            "- The longest is the Lauca.\n")
    report = recommend(text)
    assert [r.text for r in report.recommendations] == [
        "Publish river flow data every month.", "Fund gauging stations in the upper basin."]
