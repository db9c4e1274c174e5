"""Tests for graphbuild.relations: one invented sentence per rule, entities placed by hand
(so the rules are tested apart from entity extraction), and floors on the annotated texts."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from graphbuild.model import Entity, IssueTag, Mention
from graphbuild.relations import extract_relations, relation_cues

REPO = Path(__file__).resolve().parents[1]


def place(report, entities: dict[str, list[str]], issues: dict[str, list[str]] | None = None):
    """Put hand-made entities (key → surface forms) and issue tags (concept → cue words)
    on every sentence of a parsed inline report, as the entity and issue stages would."""
    report.entities = []
    for key, forms in entities.items():
        kind, label = key.split(":", 1)
        entity = Entity(key, kind, label, list(forms))
        for paragraph in report.paragraphs:
            taken: list[tuple[int, int]] = []
            for sentence in paragraph.sentences:
                for form in sorted(forms, key=len, reverse=True):
                    for match in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)",
                                             sentence.text):
                        start, end = sentence.start + match.start(), sentence.start + match.end()
                        if any(a < end and start < b for a, b in taken):
                            continue
                        taken.append((start, end))
                        entity.mentions.append(Mention(form, kind, paragraph.index,
                                                       sentence.index, start, end,
                                                       entity_key=key))
        report.entities.append(entity)
    report.issue_tags = []
    for concept, cues in (issues or {}).items():
        for paragraph in report.paragraphs:
            for sentence in paragraph.sentences:
                for cue in cues:
                    for match in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)",
                                             sentence.text):
                        report.issue_tags.append(IssueTag(
                            concept, sentence.index, cue, sentence.start + match.start(),
                            sentence.start + match.end()))
    return report


def triples(report) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in report.relations}


@pytest.fixture()
def relate(parse):
    def run(text: str, entities: dict[str, list[str]], issues=None):
        report = place(parse(text), entities, issues)
        extract_relations([report])
        return report

    return run


def test_cues_ship_every_list_the_rules_read():
    cues = relation_cues()
    for name in ("leader_titles", "cooperation_verbs", "tension_nouns", "establish_verbs",
                 "replace_verbs"):
        assert cues[name], name


# ---------------------------------------------------------------- leader_of

def test_leader_possessive_title(relate):
    report = relate("France's President Emmanuel Macron visited Dakar in May.\n",
                    {"Country:France": ["France"], "Person:Emmanuel Macron": ["Emmanuel Macron"]})
    relation = report.relations[0]
    assert (relation.subject, relation.predicate, relation.object) == (
        "Person:Emmanuel Macron", "leader_of", "Country:France")
    assert relation.rule == "possessive-title.v1"
    assert relation.evidence[0].sentence_index == 0


def test_leader_inside_a_wide_person_mention(relate):
    report = relate("Ghana exports cocoa. Ghana's President John Mahama visited Accra.\n",
                    {"Person:John Mahama": ["Ghana's President John Mahama"],
                     "Country:Ghana": ["Ghana"]})
    # the country is named inside the person's mention; the report's own names find it
    report.entities[1].mentions = report.entities[1].mentions[:1]
    extract_relations([report])
    assert ("Person:John Mahama", "leader_of", "Country:Ghana") in triples(report)


def test_leader_title_with_of_phrase(relate):
    report = relate("Prime Minister Mark Rutte of the Netherlands opened the port.\n",
                    {"Country:Netherlands": ["Netherlands"], "Person:Mark Rutte": ["Mark Rutte"]})
    assert ("Person:Mark Rutte", "leader_of", "Country:Netherlands") in triples(report)


def test_leader_demonym_title(relate):
    report = relate("The talks were opened by Spanish Prime Minister Pedro Sanchez.\n",
                    {"Country:Spain": ["Spanish"], "Person:Pedro Sanchez": ["Pedro Sanchez"]})
    assert ("Person:Pedro Sanchez", "leader_of", "Country:Spain") in triples(report)


def test_leader_apposition(relate):
    report = relate("Olaf Scholz, the chancellor of Germany, arrived late.\n",
                    {"Country:Germany": ["Germany"], "Person:Olaf Scholz": ["Olaf Scholz"]})
    assert ("Person:Olaf Scholz", "leader_of", "Country:Germany") in triples(report)


def test_leader_bare_title_joins_the_named_leader(relate):
    report = relate("Brazilian President Lula Silva spoke first at the summit. "
                    "Later, the Brazilian president left for Lima.\n",
                    {"Country:Brazil": ["Brazilian"], "Person:Lula Silva": ["Lula Silva"]})
    leader = [r for r in report.relations if r.predicate == "leader_of"]
    assert len(leader) == 1
    assert [e.sentence_index for e in leader[0].evidence] == [0, 1]


def test_former_minister_is_not_a_leader(relate):
    report = relate("Former President Ana Ruiz of Peru wrote a memoir.\n",
                    {"Country:Peru": ["Peru"], "Person:Ana Ruiz": ["Ana Ruiz"]})
    assert not [r for r in report.relations if r.predicate == "leader_of"]


# ---------------------------------------------------------------- party_to, established, replaced

def test_hyphenated_party_list(relate):
    report = relate("The Japan-Australia trade agreement entered into force in 2015.\n",
                    {"Country:Japan": ["Japan"], "Country:Australia": ["Australia"],
                     "TradeAgreement:JAEPA": ["Japan-Australia trade agreement"]})
    assert {("Country:Japan", "party_to", "TradeAgreement:JAEPA"),
            ("Country:Australia", "party_to", "TradeAgreement:JAEPA")} <= triples(report)


def test_launch_verb_gives_party_and_established(relate):
    report = relate("Brazil and Argentina launched the Southern Energy Plan in 2015.\n",
                    {"Country:Brazil": ["Brazil"], "Country:Argentina": ["Argentina"],
                     "ActionPlan:Southern Energy Plan": ["Southern Energy Plan"]})
    found = triples(report)
    for country in ("Country:Brazil", "Country:Argentina"):
        assert (country, "party_to", "ActionPlan:Southern Energy Plan") in found
        assert (country, "established", "ActionPlan:Southern Energy Plan") in found


def test_established_dialogue_is_not_party(relate):
    report = relate("Peru and Chile established the Andean Water Dialogue in 2019.\n",
                    {"Country:Peru": ["Peru"], "Country:Chile": ["Chile"],
                     "DialogueMechanism:Andean Water Dialogue": ["Andean Water Dialogue"]})
    found = triples(report)
    assert ("Country:Peru", "established", "DialogueMechanism:Andean Water Dialogue") in found
    assert not [t for t in found if t[1] == "party_to"]


def test_taking_effect_is_established_by_the_parties(relate):
    report = relate("The Japan-Australia trade agreement was signed in 2014. "
                    "The agreement entered into force in 2015.\n",
                    {"Country:Japan": ["Japan"], "Country:Australia": ["Australia"],
                     "TradeAgreement:JAEPA": ["Japan-Australia trade agreement"]})
    established = [r for r in report.relations if r.predicate == "established"]
    assert {r.subject for r in established} == {"Country:Japan", "Country:Australia"}
    assert all(r.evidence[0].sentence_index == 1 for r in established)


def test_collective_parties(relate):
    report = relate("Kenya, Uganda and Tanzania share a lake. "
                    "In 2004 the three countries signed the Lake Basin Treaty.\n",
                    {"Country:Kenya": ["Kenya"], "Country:Uganda": ["Uganda"],
                     "Country:Tanzania": ["Tanzania"],
                     "Treaty:Lake Basin Treaty": ["Lake Basin Treaty"]})
    parties = {t[0] for t in triples(report) if t[1] == "party_to"}
    assert parties == {"Country:Kenya", "Country:Uganda", "Country:Tanzania"}


def test_the_administration_is_the_one_named_before(relate):
    report = relate("The Lula Administration took office in 2023. "
                    "In May, the Administration launched the Amazon Fund Plan.\n",
                    {"Administration:Lula Administration": ["Lula Administration"],
                     "ActionPlan:Amazon Fund Plan": ["Amazon Fund Plan"]})
    assert ("Administration:Lula Administration", "established",
            "ActionPlan:Amazon Fund Plan") in triples(report)


def test_replaced(relate):
    report = relate("The Pacific Trade Accord replaced the Old Coast Treaty in 2018.\n",
                    {"TradeAgreement:Pacific Trade Accord": ["Pacific Trade Accord"],
                     "Treaty:Old Coast Treaty": ["Old Coast Treaty"]})
    assert ("TradeAgreement:Pacific Trade Accord", "replaced",
            "Treaty:Old Coast Treaty") in triples(report)


def test_successor_noun(relate):
    report = relate("The Pacific Trade Accord, the successor to the Old Coast Treaty, "
                    "cut tariffs.\n",
                    {"TradeAgreement:Pacific Trade Accord": ["Pacific Trade Accord"],
                     "Treaty:Old Coast Treaty": ["Old Coast Treaty"]})
    assert ("TradeAgreement:Pacific Trade Accord", "replaced",
            "Treaty:Old Coast Treaty") in triples(report)


def test_prescription_gives_no_event_relation(relate):
    report = relate("Norway should sign the Arctic Fisheries Treaty and cooperate with Sweden.\n",
                    {"Country:Norway": ["Norway"], "Country:Sweden": ["Sweden"],
                     "Treaty:Arctic Fisheries Treaty": ["Arctic Fisheries Treaty"]})
    assert report.relations == []


# ---------------------------------------------------------------- member_of, part_of

def test_member_noun(relate):
    report = relate("Chile is a member of the OECD, and Ghana joined the OECD in 2020.\n",
                    {"Country:Chile": ["Chile"], "Country:Ghana": ["Ghana"],
                     "InternationalOrganization:OECD": ["OECD"]})
    found = triples(report)
    assert ("Country:Chile", "member_of", "InternationalOrganization:OECD") in found
    assert ("Country:Ghana", "member_of", "InternationalOrganization:OECD") in found


def test_collective_members(relate):
    report = relate("Kenya, Uganda and Tanzania trade a lot. All three are EAC members.\n",
                    {"Country:Kenya": ["Kenya"], "Country:Uganda": ["Uganda"],
                     "Country:Tanzania": ["Tanzania"],
                     "InternationalOrganization:EAC": ["EAC"]})
    members = {t[0] for t in triples(report) if t[1] == "member_of"}
    assert members == {"Country:Kenya", "Country:Uganda", "Country:Tanzania"}


def test_possessive_agency_is_part_of_its_owner(relate):
    report = relate("Germany's Federal Foreign Office issued a travel warning.\n",
                    {"Country:Germany": ["Germany"],
                     "GovernmentAgency:Federal Foreign Office": ["Federal Foreign Office"]})
    assert ("GovernmentAgency:Federal Foreign Office", "part_of",
            "Country:Germany") in triples(report)


# ---------------------------------------------------------------- concerns

def test_forum_on_an_issue(relate):
    report = relate("In 2019 the ministers opened the Andean Water Dialogue on water scarcity.\n",
                    {"DialogueMechanism:Andean Water Dialogue": ["Andean Water Dialogue"]},
                    {"water": ["water scarcity"]})
    assert ("DialogueMechanism:Andean Water Dialogue", "concerns",
            "issue:water") in triples(report)


def test_agreement_provisions_and_anaphor(relate):
    report = relate("Ministers signed the Pacific Trade Accord last year. "
                    "The new agreement has provisions on fisheries.\n",
                    {"TradeAgreement:Pacific Trade Accord": ["Pacific Trade Accord"]},
                    {"fisheries": ["fisheries"]})
    relation = [r for r in report.relations if r.predicate == "concerns"][0]
    assert (relation.subject, relation.object) == ("TradeAgreement:Pacific Trade Accord",
                                                   "issue:fisheries")
    assert relation.evidence[0].sentence_index == 1


def test_issue_in_a_name_is_not_a_concern(relate):
    report = relate("Peru joined the Water Security Partnership in 2012.\n",
                    {"Country:Peru": ["Peru"],
                     "Partnership:Water Security Partnership": ["Water Security Partnership"]},
                    {"water": ["Water"]})
    assert not [r for r in report.relations if r.predicate == "concerns"]


def test_countries_acting_under_a_plan_are_its_parties(relate):
    """"Under X, A and B <act>": the actors are X's parties; what they do, X concerns."""
    report = relate("Under the Baltic Energy Roadmap, Estonia and Latvia aim to cut costs "
                    "by linking their electricity grids.\n",
                    {"ActionPlan:Baltic Energy Roadmap": ["Baltic Energy Roadmap"],
                     "Country:Estonia": ["Estonia"], "Country:Latvia": ["Latvia"]},
                    {"electricity": ["electricity grids"]})
    found = triples(report)
    assert ("Country:Estonia", "party_to", "ActionPlan:Baltic Energy Roadmap") in found
    assert ("Country:Latvia", "party_to", "ActionPlan:Baltic Energy Roadmap") in found
    assert ("ActionPlan:Baltic Energy Roadmap", "concerns", "issue:electricity") in found


def test_tariffs_under_an_agreement_name_no_party(relate):
    """A noun "under" an agreement is no actor acting under it."""
    report = relate("The tariffs under the Andean Trade Pact fell while Peru grew.\n",
                    {"TradeAgreement:Andean Trade Pact": ["Andean Trade Pact"],
                     "Country:Peru": ["Peru"]})
    assert not [r for r in report.relations if r.predicate == "party_to"]


def test_cooperation_through_a_committee(relate):
    """"X's cooperation through the Committee to <purpose>": X takes part in it, and the
    purpose is what it concerns."""
    report = relate("Norway and Iceland renewed their cooperation through the Nordic Fisheries "
                    "Committee to protect cod stocks.\n",
                    {"DialogueMechanism:Nordic Fisheries Committee": ["Nordic Fisheries Committee"],
                     "Country:Norway": ["Norway"], "Country:Iceland": ["Iceland"]},
                    {"fisheries": ["cod stocks"]})
    found = triples(report)
    assert ("Country:Norway", "party_to", "DialogueMechanism:Nordic Fisheries Committee") in found
    assert ("Country:Iceland", "party_to", "DialogueMechanism:Nordic Fisheries Committee") in found
    assert ("DialogueMechanism:Nordic Fisheries Committee", "concerns",
            "issue:fisheries") in found


def test_what_the_leaders_announced_is_what_the_summit_concerns(relate):
    report = relate("The presidents met in Quito for the Andean Leaders' Summit. They announced "
                    "new steps against illegal mining and deforestation.\n",
                    {"Event:Andean Leaders' Summit": ["Andean Leaders' Summit"]},
                    {"mining": ["illegal mining"], "forests": ["deforestation"]})
    concerns = {(r.subject, r.object): r for r in report.relations if r.predicate == "concerns"}
    relation = concerns[("Event:Andean Leaders' Summit", "issue:mining")]
    assert ("Event:Andean Leaders' Summit", "issue:forests") in concerns
    # the sentence naming the summit and the one saying what it did are both evidence
    assert [e.sentence_index for e in relation.evidence] == [0, 1]


def test_a_later_sentence_of_other_actors_is_no_summit_agenda(relate):
    report = relate("The presidents met in Quito for the Andean Leaders' Summit. Farmers "
                    "announced protests against illegal mining.\n",
                    {"Event:Andean Leaders' Summit": ["Andean Leaders' Summit"]},
                    {"mining": ["illegal mining"]})
    assert not [r for r in report.relations if r.predicate == "concerns"]


def test_a_meeting_with_two_partners_joins_all_three(relate):
    report = relate("Chancellor Olaf Scholz met with Emmanuel Macron and Giorgia Meloni in Rome.\n",
                    {"Person:Olaf Scholz": ["Olaf Scholz"],
                     "Person:Emmanuel Macron": ["Emmanuel Macron"],
                     "Person:Giorgia Meloni": ["Giorgia Meloni"]})
    pairs = {frozenset((r.subject, r.object)) for r in report.relations
             if r.predicate == "cooperates_with"}
    assert pairs == {frozenset(p) for p in (
        ("Person:Olaf Scholz", "Person:Emmanuel Macron"),
        ("Person:Olaf Scholz", "Person:Giorgia Meloni"),
        ("Person:Emmanuel Macron", "Person:Giorgia Meloni"))}


def test_under_the_agreement_resolves_the_anaphor(relate):
    report = relate("Peru and Chile signed the Pacific Fisheries Accord in 2019. Under the agreement, "
                    "Peru and Chile share data on anchovy stocks.\n",
                    {"Treaty:Pacific Fisheries Accord": ["Pacific Fisheries Accord"],
                     "Country:Peru": ["Peru"], "Country:Chile": ["Chile"]},
                    {"fisheries": ["anchovy stocks"]})
    relation = next(r for r in report.relations if r.predicate == "concerns")
    assert (relation.subject, relation.object) == ("Treaty:Pacific Fisheries Accord",
                                                   "issue:fisheries")
    assert relation.evidence[0].sentence_index == 1


def test_as_committed_under_a_declaration_the_main_clause_acts(relate):
    report = relate("As agreed under the Quito Declaration, Peru and Chile are working closely "
                    "to curb illegal mining.\n",
                    {"Initiative:Quito Declaration": ["Quito Declaration"],
                     "Country:Peru": ["Peru"], "Country:Chile": ["Chile"]},
                    {"mining": ["illegal mining"]})
    found = triples(report)
    assert ("Country:Peru", "party_to", "Initiative:Quito Declaration") in found
    assert ("Initiative:Quito Declaration", "concerns", "issue:mining") in found


@pytest.mark.parametrize("text, entities, expected", [
    ("Chile will use the Clean Ports Act to cut emissions from shipping.",
     {"Law:Clean Ports Act": ["Clean Ports Act"]}, ("Law:Clean Ports Act", "issue:emissions")),
    ("The Andean Water Fund will make $2 billion available to expand irrigation.",
     {"Program:Andean Water Fund": ["Andean Water Fund"]},
     ("Program:Andean Water Fund", "issue:irrigation")),
    ("Peru drew on $40 million in Green Bonds Act funding to replant forests.",
     {"Law:Green Bonds Act": ["Green Bonds Act"]}, ("Law:Green Bonds Act", "issue:forests")),
])
def test_an_instrument_concerns_its_purpose(relate, text, entities, expected):
    report = relate(text + "\n", entities, {"emissions": ["emissions"], "irrigation": ["irrigation"],
                                            "forests": ["forests"]})
    assert (expected[0], "concerns", expected[1]) in triples(report)


def test_launching_for_a_purpose_is_no_instrument(relate):
    """"Peru launched the Network to support X": the actors' aim, not a use of the Network."""
    report = relate("Peru launched the Andean Data Network to support research on glaciers.\n",
                    {"Initiative:Andean Data Network": ["Andean Data Network"],
                     "Country:Peru": ["Peru"]},
                    {"glaciers": ["glaciers"]})
    assert not [r for r in report.relations
                if r.predicate == "concerns" and r.rule == "agreement-purpose.v1"]


def test_work_in_partnership_with(relate):
    report = relate("Norway and Sweden committed to work in close partnership with Sámi "
                    "reindeer herders.\n",
                    {"Country:Norway": ["Norway"], "Country:Sweden": ["Sweden"],
                     "Group:Sámi reindeer herders": ["Sámi reindeer herders"]})
    pairs = {frozenset((r.subject, r.object)) for r in report.relations
             if r.predicate == "cooperates_with"}
    assert frozenset(("Country:Norway", "Group:Sámi reindeer herders")) in pairs
    assert frozenset(("Country:Sweden", "Group:Sámi reindeer herders")) in pairs


def test_partners_named_after_with_are_not_each_others(relate):
    """"a partnership with X and Y": the two are someone's partners, not each other's."""
    report = relate("The plan includes a partnership with Oxfam and the Red Cross.\n",
                    {"NGO:Oxfam": ["Oxfam"], "NGO:Red Cross": ["Red Cross"]})
    assert not [r for r in report.relations if r.predicate == "cooperates_with"]


def test_partners_in_a_shared_command_are_members(relate):
    report = relate("Norway and Denmark are partners in the Nordic Defence Command.\n",
                    {"Country:Norway": ["Norway"], "Country:Denmark": ["Denmark"],
                     "GovernmentAgency:Nordic Defence Command": ["Nordic Defence Command"]})
    found = triples(report)
    assert ("Country:Norway", "member_of", "GovernmentAgency:Nordic Defence Command") in found


def test_governments_of_the_countries_act(relate):
    report = relate("The governments of Chile, Peru, and Ecuador launched the Andean Ocean "
                    "Partnership in 2021.\n",
                    {"Country:Chile": ["Chile"], "Country:Peru": ["Peru"],
                     "Country:Ecuador": ["Ecuador"],
                     "Partnership:Andean Ocean Partnership": ["Andean Ocean Partnership"]})
    found = triples(report)
    for country in ("Chile", "Peru", "Ecuador"):
        assert (f"Country:{country}", "party_to", "Partnership:Andean Ocean Partnership") in found


def test_leaders_sign_for_their_countries_and_together(relate):
    report = relate("Chile's President Gabriel Boric met Peru's President Dina Boluarte. Boric and "
                    "Boluarte signed the Andean Fisheries Accord.\n",
                    {"Country:Chile": ["Chile"], "Country:Peru": ["Peru"],
                     "Person:Gabriel Boric": ["Gabriel Boric", "Boric"],
                     "Person:Dina Boluarte": ["Dina Boluarte", "Boluarte"],
                     "Treaty:Andean Fisheries Accord": ["Andean Fisheries Accord"]})
    found = triples(report)
    assert ("Country:Chile", "party_to", "Treaty:Andean Fisheries Accord") in found
    assert not [t for t in found if t[1] == "party_to" and t[0].startswith("Person:")]
    assert ("Person:Dina Boluarte", "cooperates_with", "Person:Gabriel Boric") in found


def test_restricting_imports_from_a_country_is_tension(relate):
    report = relate("China restricted some imports from Australia in 2020.\n",
                    {"Country:China": ["China"], "Country:Australia": ["Australia"]})
    assert ("Country:Australia", "tension_with", "Country:China") in triples(report)


def test_sharing_someones_concerns_is_no_tension(relate):
    report = relate("Chilean senators shared the Boric administration's concerns over tariffs.\n",
                    {"Group:Chilean senators": ["Chilean senators"],
                     "Administration:Boric administration": ["Boric administration"]})
    assert not [r for r in report.relations if r.predicate == "tension_with"]


def test_coordinating_through_an_organisation_makes_members(relate):
    report = relate("Chile works with Peru through the Pacific Alliance, which also includes "
                    "Colombia and Mexico.\n",
                    {"Country:Chile": ["Chile"], "Country:Peru": ["Peru"],
                     "Country:Colombia": ["Colombia"], "Country:Mexico": ["Mexico"],
                     "InternationalOrganization:Pacific Alliance": ["Pacific Alliance"]})
    found = triples(report)
    for country in ("Chile", "Peru", "Colombia", "Mexico"):
        assert (f"Country:{country}", "member_of",
                "InternationalOrganization:Pacific Alliance") in found, country


def test_party_before_a_title_is_the_persons_party(relate):
    report = relate("The Socialist Party Senator Isabel Allende spoke first.\n",
                    {"Group:Socialist Party": ["Socialist Party"],
                     "Person:Isabel Allende": ["Isabel Allende"]})
    assert ("Person:Isabel Allende", "member_of", "Group:Socialist Party") in triples(report)


# ---------------------------------------------------------------- cooperation and tension

def test_cooperation_verb_with_partner(relate):
    report = relate("Norway cooperated closely with Sweden on fisheries last year.\n",
                    {"Country:Norway": ["Norway"], "Country:Sweden": ["Sweden"]})
    assert ("Country:Norway", "cooperates_with", "Country:Sweden") in triples(report)


def _anchor_token_keys(parse, text, entities, owner_form):
    """anchors_for on the last token of ``owner_form`` in a parsed sentence."""
    from graphbuild.relations import anchors_for, sentence_views

    report = place(parse(text), entities)
    view = sentence_views(report)[0]
    start = view.span.start_char + view.span.text.index(owner_form) + len(owner_form) - 1
    token = next(t for t in view.span if t.idx <= start < t.idx + len(t.text))
    return anchors_for(view, token)


def test_owner_before_a_possessive_name_stands_for_the_name(parse):
    """"the Ministry of Health's Rural Clinics Program worked with …": the program acts."""
    keys = _anchor_token_keys(
        parse, "Oxfam and the Ministry of Health's Rural Clinics Program worked with Ghana.\n",
        {"GovernmentAgency:Ministry of Health": ["Ministry of Health"],
         "Program:Rural Clinics Program": ["Rural Clinics Program"]}, "Ministry of Health")
    assert keys == ["Program:Rural Clinics Program"]


def test_owner_of_an_unknown_name_stands_for_nothing(parse):
    keys = _anchor_token_keys(
        parse, "Kenya partnered with the Ministry of Health's Rural Clinics Unit.\n",
        {"GovernmentAgency:Ministry of Health": ["Ministry of Health"]}, "Ministry of Health")
    assert keys == []


def test_owner_before_a_title_is_still_the_owner(parse):
    keys = _anchor_token_keys(
        parse, "Kenya's President met the donors in Nairobi.\n",
        {"Country:Kenya": ["Kenya"]}, "Kenya")
    assert keys == ["Country:Kenya"]


def test_cooperation_between_subjects(relate):
    report = relate("Peru and Chile collaborated on customs in 2016.\n",
                    {"Country:Peru": ["Peru"], "Country:Chile": ["Chile"]})
    assert ("Country:Chile", "cooperates_with", "Country:Peru") in triples(report)


def test_hyphenated_cooperation_noun_with_setbacks_is_tension(relate):
    report = relate("Last year, Japan-Korea cooperation suffered several setbacks.\n",
                    {"Country:Japan": ["Japan"], "Country:Korea": ["Korea"]})
    assert triples(report) == {("Country:Japan", "tension_with", "Country:Korea")}


def test_tension_verb(relate):
    report = relate("India has differed with Pakistan over river water.\n",
                    {"Country:India": ["India"], "Country:Pakistan": ["Pakistan"]})
    assert ("Country:India", "tension_with", "Country:Pakistan") in triples(report)


def test_tensions_between(relate):
    report = relate("Tensions between Serbia and Kosovo rose in 2023.\n",
                    {"Country:Serbia": ["Serbia"], "Country:Kosovo": ["Kosovo"]})
    assert ("Country:Kosovo", "tension_with", "Country:Serbia") in triples(report)


def test_one_relation_many_evidences(relate):
    report = relate("Norway cooperated with Sweden on fisheries.\n\n"
                    "In 2020, Norway worked with Sweden again.\n",
                    {"Country:Norway": ["Norway"], "Country:Sweden": ["Sweden"]})
    relation = [r for r in report.relations if r.predicate == "cooperates_with"]
    assert len(relation) == 1
    assert [e.sentence_index for e in relation[0].evidence] == [0, 1]


def test_pull_quote_gives_no_evidence(relate):
    text = ("Norway cooperated with Sweden on fisheries in the cold northern seas for years.\n\n"
            "Other paragraphs follow here, about something else entirely.\n\n"
            "\"Norway cooperated with Sweden on fisheries in the cold northern seas for years.\"\n")
    report = relate(text, {"Country:Norway": ["Norway"], "Country:Sweden": ["Sweden"]})
    assert any(p.kind == "pull_quote" for p in report.paragraphs)
    relation = [r for r in report.relations if r.predicate == "cooperates_with"][0]
    assert len(relation.evidence) == 1
    assert all(len(c.sentence_indexes) == 1 for c in report.co_mentions)


# ---------------------------------------------------------------- co-mentions

def test_a_long_list_of_names_gives_no_pairs(relate):
    names = ["Chile", "Peru", "Ecuador", "Bolivia", "Colombia", "Brazil", "Uruguay", "Paraguay",
             "Argentina"]
    report = relate("The meeting brought together " + ", ".join(names[:-1]) + " and " + names[-1]
                    + " to discuss fisheries.\n", {f"Country:{n}": [n] for n in names},
                    {"fisheries": ["fisheries"]})
    pairs = {(c.first, c.second) for c in report.co_mentions}
    assert not [p for p in pairs if p[0].startswith("Country:") and p[1].startswith("Country:")]
    assert ("Country:Chile", "issue:fisheries") in pairs


def test_co_mentions_weighted_and_kept_apart(relate):
    report = relate("Peru and Chile discussed water. Peru and Chile met again.\n",
                    {"Country:Peru": ["Peru"], "Country:Chile": ["Chile"]},
                    {"water": ["water"]})
    weights = {(c.first, c.second): c.weight for c in report.co_mentions}
    assert weights[("Country:Chile", "Country:Peru")] == 2
    assert weights[("Country:Peru", "issue:water")] == 1
    assert all(c.first < c.second for c in report.co_mentions)


# ---------------------------------------------------------------- annotated texts

def _benchmark():
    spec = importlib.util.spec_from_file_location("relations_benchmark",
                                                  REPO / "benchmarks" / "relations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _overall(per: dict) -> tuple[float, float]:
    tp = sum(r["tp"] for r in per.values())
    fp = sum(r["fp"] for r in per.values())
    gold = sum(r["gold"] for r in per.values())
    found = sum(r["found"] for r in per.values())
    return tp / max(tp + fp, 1), found / max(gold, 1)


def test_floors_with_annotated_entities(nlp):
    """The rules alone: entities and issues placed from the annotations and the scheme."""
    figures = _benchmark().measure("gold", nlp=nlp)
    precision, recall = _overall(figures["bundled"]["per"])
    assert precision >= 0.92 and recall >= 0.78
    precision, recall = _overall(figures["other"]["per"])
    assert precision >= 0.72 and recall >= 0.75
    hit, total, addressed, horizons = figures["bundled"]["recommendations"]
    assert hit / total >= 0.9 and addressed / hit >= 0.8 and horizons / hit >= 0.8


def test_floors_with_the_pipeline(nlp):
    """Entities and issues from their own stages: what a build gets."""
    pytest.importorskip("graphbuild.entities")
    pytest.importorskip("graphbuild.issues")
    figures = _benchmark().measure("pipeline", nlp=nlp)
    precision, recall = _overall(figures["bundled"]["per"])
    assert precision >= 0.90 and recall >= 0.70
    precision, recall = _overall(figures["other"]["per"])
    assert precision >= 0.65 and recall >= 0.65
    # the issue's targets, over both texts: precision 0.85, recall 0.60
    both = {f"{name}/{p}": row for name in ("bundled", "other")
            for p, row in figures[name]["per"].items()}
    precision, recall = _overall(both)
    assert precision >= 0.85 and recall >= 0.60
    hit, total = figures["bundled"]["recommendations"][:2]
    assert hit / total >= 0.9
