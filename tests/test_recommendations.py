"""Tests for graphbuild.recommendations: invented texts, entities placed by hand."""

from __future__ import annotations

import pytest

from graphbuild.recommendations import (extract_recommendations, heading_addressees,
                                        horizon_of, is_recommendation_heading,
                                        recommendation_cues)
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
    ("Recommendations for Executive Action", True),
    ("Matter for Congressional Consideration", True),
    ("What the Administration Should Do", True),
    ("What Mexico Wants", False),
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


# ---------------------------------------------------------------- verbs of recommending

OFFICES = dict(COUNTRIES, **{"Person:Secretary of State": ["Secretary of State"],
                             "GovernmentAgency:GAO": ["GAO"],
                             "Legislature:Congress": ["Congress"],
                             "GovernmentAgency:Water Agency": ["Water Agency"],
                             "InternationalOrganization:World Bank": ["World Bank"],
                             "Person:Secretary-General": ["Secretary-General"]})


@pytest.mark.parametrize("text, addressed", [
    ("We recommend that the Secretary of State direct the envoy to publish river data.",
     ["Person:Secretary of State"]),
    ("GAO recommends that Congress consider amending the water law.",
     ["Legislature:Congress"]),
    ("The Committee recommends that the Government of Peru publish an annual water report.",
     ["Country:Peru"]),
    ("We urge Peru to expand irrigation in the highlands.", ["Country:Peru"]),
    ("The authors call on Chile to join the river pact.", ["Country:Chile"]),
    ("We ask Peru to publish the data.", ["Country:Peru"]),
    ("It is recommended that Peru expand irrigation.", ["Country:Peru"]),
])
def test_verbs_of_recommending_address_the_one_who_should_act(recommend, text, addressed):
    [item] = recommend(text + "\n", OFFICES).recommendations
    assert item.addressed_to == addressed


@pytest.mark.parametrize("text", [
    "In 2015 the commission recommended that Peru expand irrigation.",
    "The Water Agency has recommended that Peru raise water tariffs.",
    "Low tariffs encourage Peru to export more copper.",
    "The act also encourages the use of Peruvian firms in river works.",
    "We do not recommend that Chile build the dam.",
    "Chile called the dam a national priority.",
    "We ask whether Peru can afford the dam.",
])
def test_past_negated_and_factual_uses_of_those_verbs_recommend_nothing(recommend, text):
    assert recommend(text + "\n", OFFICES).recommendations == []


# ---------------------------------------------------------------- offices as agents

def test_an_office_named_as_an_entity_is_the_addressee(recommend):
    report = recommend("The Secretary of State should ensure that the strategy includes "
                       "performance measures (Recommendation 1).\n", OFFICES)
    [item] = report.recommendations
    assert item.addressed_to == ["Person:Secretary of State"]


def test_an_office_the_entity_stage_missed_stands_for_its_body(recommend):
    report = recommend("The Administrator of the Water Agency should report annually to "
                       "Congress on progress.\n", OFFICES)
    [item] = report.recommendations
    assert item.addressed_to == ["GovernmentAgency:Water Agency"]


# ---------------------------------------------------------------- operative paragraphs

@pytest.mark.parametrize("text, addressed", [
    ("Calls upon Peru and Chile to strengthen transit cooperation.",
     ["Country:Peru", "Country:Chile"]),
    ("Invites the World Bank to increase lending to Bolivia.",
     ["InternationalOrganization:World Bank"]),
    ("Requests the Secretary-General to report at the next session.",
     ["Person:Secretary-General"]),
    ("Also encourages Bolivia to share data on transit times.", ["Country:Bolivia"]),
    ("Urges all parties to respect the ceasefire.", []),
    ("We call upon Chile to support landlocked countries.", ["Country:Chile"]),
])
def test_operative_verbs_address_their_object(recommend, text, addressed):
    [item] = recommend(text + "\n", OFFICES).recommendations
    assert item.addressed_to == addressed


@pytest.mark.parametrize("text", [
    "Requests for assistance rose sharply in Peru.",
    "Calls for reform grew louder in Chile.",
    "Decides to convene a review conference in Bolivia.",
])
def test_nouns_and_other_operative_verbs_recommend_nothing(recommend, text):
    assert recommend(text + "\n", OFFICES).recommendations == []


# ---------------------------------------------------------------- list items and headings

@pytest.mark.parametrize("title, forms, expected", [
    ("Recommendations for Congress", {"congress": "L:c"}, ["L:c"]),
    ("Key Recommendations for the Biden Administration", {"biden administration": "A:b"},
     ["A:b"]),
    ("Matter for Congressional Consideration", {"congress": "L:c"}, ["L:c"]),
    ("What Congress Should Do", {"congress": "L:c"}, ["L:c"]),
    ("Recommendations to the Government of Peru", {"peru": "C:p"}, ["C:p"]),
    ("Policy Options for the U.S. Congress", {"u.s. congress": "L:c"}, ["L:c"]),
    ("For Donors", {"congress": "L:c"}, []),
    ("Congress: Policy Recommendations", {"congress": "L:c"}, []),
    (None, {"congress": "L:c"}, []),
])
def test_heading_addressees(title, forms, expected):
    assert heading_addressees(title, forms) == expected


def test_items_address_their_own_agent_else_the_heading_actor(recommend):
    text = ("Water in the Andes\n\nBy A. Writer\n\n"
            "Peru and Chile have shared rivers for a long time, and disputes arise each year.\n\n"
            "Recommendations for Congress\n\n"
            "- Congress should appropriate funds for river gauges.\n"
            "- Peru should publish flow data every month.\n"
            "- Fund gauging stations in the upper basin.\n")
    report = recommend(text, OFFICES)
    assert [(r.text, r.addressed_to) for r in report.recommendations] == [
        ("Congress should appropriate funds for river gauges.", ["Legislature:Congress"]),
        ("Peru should publish flow data every month.", ["Country:Peru"]),
        ("Fund gauging stations in the upper basin.", ["Legislature:Congress"])]
    assert all("Country:Peru" not in r.concerns for r in report.recommendations)


def test_a_sub_heading_naming_an_actor_addresses_its_items(recommend):
    text = ("Water in the Andes\n\nBy A. Writer\n\n"
            "Peru and Chile have shared rivers for a long time, and disputes arise each year.\n\n"
            "Policy Options\n\n"
            "For Congress\n\n"
            "- Fund gauging stations in the upper basin.\n\n"
            "For Donors\n\n"
            "- Train river engineers in both countries.\n")
    report = recommend(text, OFFICES)
    assert [r.addressed_to for r in report.recommendations] == [["Legislature:Congress"], []]


# ---------------------------------------------------------------- titles and passives

@pytest.mark.parametrize("text", [
    'The 2010 report, "Monitoring Should Be Strengthened," found gaps in Peru.',
    "The 2019 audit is titled Peru needs to improve oversight of river aid.",
    "2 GAO, Drought: Planning of U.S. Water Assistance in Peru's Highlands Need to Be "
    "Improved, GAO-10-289 (Washington, D.C.: Apr. 15, 2010).",
    "The study *Peru must act on glaciers* was widely read in Chile.",
])
def test_a_prescription_inside_a_cited_title_is_no_recommendation(recommend, text):
    assert recommend(text + "\n", OFFICES).recommendations == []


def test_a_passive_prescription_stays_unaddressed(recommend):
    report = recommend("Peru built new dams in 2020. The dams must be inspected every year.\n")
    [item] = report.recommendations
    assert item.addressed_to == []


def test_items_take_the_addressee_of_the_sentence_introducing_them(recommend):
    text = ("Water in the Andes\n\nBy A. Writer\n\n"
            "Peru and Chile have shared rivers for a long time, and disputes arise each year.\n\n"
            "Recommendations for Executive Action\n\n"
            "To improve the monitoring of rivers, we recommend that the Secretary of State, in "
            "consultation with the Water Agency, take the following actions:\n\n"
            "- develop a water strategy for Peru; and\n"
            "- report annually to Congress on progress.\n")
    report = recommend(text, OFFICES)
    assert [r.addressed_to for r in report.recommendations] == [["Person:Secretary of State"]] * 3
