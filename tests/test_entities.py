"""Entity extraction: one rule, one short text (none of them from the bundled report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.entities import extract_entities, find_abbreviations, fold, merge_report

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def entities(parse, nlp):
    def run(text: str):
        report = parse(text)
        extract_entities([report], nlp)
        return report

    return run


def by_label(report, label):
    matches = [e for e in report.entities if fold(label) in {fold(e.label), *map(fold, e.aliases)}]
    assert matches, f"{label!r} not among {[e.key for e in report.entities]}"
    assert len(matches) == 1, [e.key for e in matches]
    return matches[0]


# ---------------------------------------------------------------- pure functions

@pytest.mark.parametrize("text, short, long", [
    ("Loans come from the Caribbean Development Bank (CDB) each year.", "CDB",
     "Caribbean Development Bank"),
    ("It joined the Trans-Pacific Partnership (TPP) in 2016.", "TPP", "Trans-Pacific Partnership"),
    ("The agency (FEMA) was late.", None, None),
    ("Officials from the WHO (World Health Organization) attended.", "WHO",
     "World Health Organization"),
])
def test_find_abbreviations_schwartz_hearst(text, short, long):
    found = find_abbreviations(text)
    if short is None:
        assert found == []
        return
    assert (found[0].short, found[0].long) == (short, long)
    (ls, le), (ss, se) = found[0].offsets
    assert text[ls:le] == long and text[ss:se] == short


def test_fold_ignores_accents_case_and_possessive():
    assert fold("the Ministry’s") == fold("ministry")
    assert fold("Peña Nieto") == fold("Pena Nieto")


# ---------------------------------------------------------------- gazetteer and demonyms

def test_gazetteer_short_forms_join_the_country(entities):
    report = entities("Brazil and the U.S. met in Geneva. The United States and Brazil agreed.")
    us = by_label(report, "United States")
    assert us.gazetteer_id == "united-states" and us.wikidata == "Q30"
    assert "U.S." in us.aliases and len(us.mentions) == 2


def test_demonym_is_a_mention_of_its_place(entities):
    report = entities("Chilean exporters lobbied hard. Chile signed the deal.")
    chile = by_label(report, "Chile")
    assert {m.source for m in chile.mentions} >= {"gazetteer"}
    assert not any(e.label == "Chilean" for e in report.entities)


def test_wikidata_only_from_gazetteers(entities):
    report = entities("The Andean Growth Initiative was launched by Peru in 2019.")
    initiative = by_label(report, "Andean Growth Initiative")
    assert initiative.type == "Initiative" and initiative.wikidata is None


# ---------------------------------------------------------------- name patterns

@pytest.mark.parametrize("text, label, type_name", [
    ("Ministers welcomed the Pacific Fisheries Accord last week.", "Pacific Fisheries Accord",
     "Treaty"),
    ("Delegates revived the Andean Free Trade Agreement talks.", "Andean Free Trade Agreement",
     "TradeAgreement"),
    ("The Caribbean Energy Dialogue meets twice a year.", "Caribbean Energy Dialogue",
     "DialogueMechanism"),
    ("Congress passed the Clean Harbors Act last spring.", "Clean Harbors Act", "Law"),
    ("The Arctic Fisheries Summit ended without a statement.", "Arctic Fisheries Summit", "Event"),
    ("Funding went to the Ministry of Rural Development in Lima.",
     "Ministry of Rural Development", "GovernmentAgency"),
    ("The Monroe Doctrine shaped policy for decades.", "Monroe Doctrine", "Policy"),
    # a committee of several governments is a dialogue, one government's is an agency
    ("The National Fisheries Council met in Lima.", "National Fisheries Council",
     "GovernmentAgency"),
    ("The Trilateral Fisheries Committee met in Oslo.", "Trilateral Fisheries Committee",
     "DialogueMechanism"),
    ("The Peru-Chile Border Commission met in Tacna.", "Peru-Chile Border Commission",
     "DialogueMechanism"),
])
def test_capitalised_names_typed_by_head_word(entities, text, label, type_name):
    assert by_label(entities(text), label).type == type_name


def test_name_does_not_swallow_a_date(entities):
    report = entities("Officials met at the Andean Security Dialogue in October 2021.")
    assert by_label(report, "Andean Security Dialogue")
    assert not any("October" in e.label for e in report.entities)


def test_two_names_joined_by_and_the_stay_two(entities):
    report = entities("He praised the Andean Water Program and the Coastal Safety Initiative.")
    assert by_label(report, "Andean Water Program").type == "Program"
    assert by_label(report, "Coastal Safety Initiative").type == "Initiative"


def test_sentence_opening_word_is_not_part_of_a_name(entities):
    report = entities("Unlike the Andean Development Bank, the fund lends little.")
    bank = by_label(report, "Andean Development Bank")
    assert bank.label == "Andean Development Bank"


# ---------------------------------------------------------------- acronyms

def test_acronym_definition_merges_short_and_long(entities):
    report = entities("The Andean Coastal Guard Office (ACGO) patrols the coast. "
                      "Later the ACGO expanded its fleet.")
    office = by_label(report, "Andean Coastal Guard Office")
    assert "ACGO" in office.aliases and len(office.mentions) == 3
    assert any("acronym definition" in reason for reason in office.merges)


def test_acronym_inside_a_name_keeps_the_head(entities):
    report = entities("Grants from the Safe Rivers (SR) Program reached towns. "
                      "The SR Program grew.")
    program = by_label(report, "Safe Rivers Program")
    assert program.type == "Program"
    assert {"SR", "SR Program"} <= set(program.aliases)


def test_name_before_a_known_acronym_is_that_entity(entities):
    report = entities("Staff of the Interior Office (SEGOB) attended.")
    assert by_label(report, "Interior Office").gazetteer_id == "mx-segob"


# ---------------------------------------------------------------- people

def test_surname_joins_full_name_and_titles_are_stripped(entities):
    report = entities("President Gabriel Boric spoke first. Later Boric left. "
                      "President Boric returned.")
    person = by_label(report, "Gabriel Boric")
    assert person.type == "Person" and len(person.mentions) == 3
    assert not any(fold(a).startswith("president") for a in person.aliases)


def test_apposition_known_as_joins_the_nickname(entities):
    report = entities("Peru's President Pedro Pablo Kuczynski, known as PPK, travelled. "
                      "PPK then met investors.")
    person = by_label(report, "Pedro Pablo Kuczynski")
    assert "PPK" in person.aliases and len(person.mentions) == 3
    assert any("apposition 'known as PPK'" in reason for reason in person.merges)


def test_possessive_country_before_title_is_a_link(entities):
    report = entities("Chile's President Gabriel Boric met investors in Santiago.")
    person = by_label(report, "Gabriel Boric")
    assert person.related.get("country") == by_label(report, "Chile").key


def test_demonym_before_title_is_a_link(entities):
    report = entities("Peruvian President Pedro Castillo met investors.")
    person = by_label(report, "Pedro Castillo")
    assert person.related.get("country") == by_label(report, "Peru").key


def test_office_joins_the_one_holder(entities):
    report = entities("Colombian President Gustavo Petro spoke. Later, Colombia's president "
                      "left the room.")
    person = by_label(report, "Gustavo Petro")
    assert "Colombia's president" in person.aliases
    assert any(m.source == "office" for m in person.mentions)


def test_multiword_title_is_not_an_agency(entities):
    report = entities("Secretary of Homeland Security Jane Porter met reporters.")
    assert by_label(report, "Jane Porter").type == "Person"
    assert not any(e.type == "GovernmentAgency" for e in report.entities)


def test_people_merge_across_reports(parse, nlp):
    first = parse("President Gabriel Boric spoke in Santiago.")
    second = parse("Boric answered questions.")
    extract_entities([first, second], nlp)
    assert by_label(second, "Boric").key == by_label(first, "Gabriel Boric").key


# ---------------------------------------------------------------- administrations, groups

def test_administration_is_its_own_entity_with_a_leader(entities):
    report = entities("President Gabriel Boric spoke. The Boric administration later "
                      "revised the plan, and the Boric team defended it.")
    admin = by_label(report, "Boric administration")
    assert admin.type == "Administration" and "Boric team" in admin.aliases
    assert admin.related["leader"] == by_label(report, "Gabriel Boric").key


def test_departments_named_together_are_each_an_entity(entities):
    report = entities("The Departments of State, Commerce, and Energy will meet industry leaders.")
    labels = {e.label for e in report.entities if e.type == "GovernmentAgency"}
    assert {"U.S. Department of State", "U.S. Department of Commerce",
            "U.S. Department of Energy"} <= labels


def test_acronym_of_a_name_tail_stands_for_the_whole_name(entities):
    report = entities("Peru and Chile review the Peru-Chile Clean Air Agreement (CAA) each year. "
                      "The CAA covers ozone.")
    agreements = [e for e in report.entities if e.type in ("Treaty", "TradeAgreement")]
    assert len(agreements) == 1 and "CAA" in agreements[0].aliases


@pytest.mark.parametrize("text, label, type_name", [
    ("The Strategic Innovation Fund will pay for new plants.", "Strategic Innovation Fund",
     "Program"),
    ("The Global Water Fund lends to cities.", "Global Water Fund", "InternationalOrganization"),
    ("Chile funds the Andean Glacier Monitoring (AGM) program each year.",
     "Andean Glacier Monitoring", "Program"),
    ("Both leaders honoured the Lima Climate Pledge.", "Lima Climate Pledge", "Initiative"),
])
def test_funds_pledges_and_lower_case_heads(entities, text, label, type_name):
    assert by_label(entities(text), label).type == type_name


@pytest.mark.parametrize("text, label", [
    ("Canada consulted First Nations, Inuit and Métis leaders.", "First Nations"),
    ("The agency works with Alaska Native Villages on erosion.", "Alaska Native Villages"),
    ("Chile and Peru exported more to U.S. and Canadian companies.", "U.S. and Canadian companies"),
])
def test_collective_actors_from_the_gazetteer_and_coordination(entities, text, label):
    assert by_label(entities(text), label).type == "Group"


@pytest.mark.parametrize("text, label, type_name", [
    ("The Green Party of Chile gained seats.", "Green Party of Chile", "Group"),
    ('Chile and Peru formed the "PACIFICA" maritime partnership in 2020.', "PACIFICA",
     "Partnership"),
    ("Their navies joined the Ocean Shield, Pacific Dawn, and Southern Cross exercises.",
     "Pacific Dawn", "Event"),
    ("The Andean Foreign Ministers' Meeting ended early.", "Andean Foreign Ministers' Meeting",
     "Event"),
    ("In 2018 the Chilean parliament passed new laws.", "Parliament of Chile", "Legislature"),
    ("Chilean armed forces trained in Peru.", "Chilean armed forces", "Group"),
])
def test_names_typed_by_what_the_text_says_around_them(entities, text, label, type_name):
    assert by_label(entities(text), label).type == type_name


@pytest.mark.parametrize("text, labels", [
    # "and the" opens a second name, even after "of"
    ("The Department of State and the U.S. Agency for International Development paid.",
     {"U.S. Department of State", "U.S. Agency for International Development"}),
    # lower-case particles inside a person's name
    ("President Ursula von der Leyen met Pedro de la Fuente in Madrid.",
     {"Ursula von der Leyen", "Pedro de la Fuente"}),
    # a person's title at a name's end or start is no part of the body's name
    ("European Commission President Ursula von der Leyen spoke.",
     {"European Commission", "Ursula von der Leyen"}),
    ("The Chair of the Committee on Fisheries Policy spoke.", {"Committee on Fisheries Policy"}),
    # a name suffix is no person
    ("Charles M. Johnson, Jr. testified.", {"Charles M. Johnson"}),
    # "with" inside a law's name
    ("Congress passed the Enhanced Partnership with Pakistan Act.",
     {"Enhanced Partnership with Pakistan Act"}),
])
def test_name_boundaries(entities, text, labels):
    found = {e.label for e in entities(text).entities}
    assert labels <= found, found
    assert "Jr." not in found


def test_an_office_without_its_holder_is_a_person(entities):
    """"the Secretary-General", "the King of Spain": the holder, unnamed, is a person;
    once the report names a holder with that title, the office joins them."""
    report = entities("The Secretary-General will report. Peru retains the King of Spain as "
                      "its patron.")
    assert {"Secretary-General", "King of Spain"} <= {e.label for e in report.entities
                                                     if e.type == "Person"}
    report = entities("Secretary of State Ana Ruiz met Peru's envoy. Later the Secretary of "
                      "State flew home.")
    people = [e for e in report.entities if e.type == "Person"]
    assert len(people) == 1 and len(people[0].mentions) == 2


def test_a_one_word_title_alone_is_no_person(entities):
    assert not [e for e in entities("The President spoke first.").entities if e.type == "Person"]


def test_a_numbered_part_of_a_law_is_no_law(entities):
    report = entities("Tariffs were raised under Section 122 and Pillar 2 of the plan "
                      "(Recommendation 1).")
    assert not [e for e in report.entities if e.type == "Law"]


def test_plural_possessive_and_plain_forms_are_one_name():
    assert fold("Andean Ministers' Meeting") == fold("Andean Ministers Meeting")


def test_administration_named_for_a_ticket(entities):
    """"The Lula-Alckmin Administration": a president and running mate, still one
    administration, not an agency called Administration."""
    report = entities("President Luiz Lula spoke in Brasilia. The Lula-Alckmin Administration "
                      "later revised the plan.")
    admin = by_label(report, "Lula-Alckmin administration")
    assert admin.type == "Administration"
    assert admin.related["leader"] == by_label(report, "Luiz Lula").key


def test_country_government_is_the_country(entities):
    report = entities("The Peruvian government and the Government of Chile disagreed.")
    assert {e.label for e in report.entities} == {"Peru", "Chile"}


@pytest.mark.parametrize("text, label", [
    ("Brazilian farmers protested the rules.", "Brazilian farmers"),
    ("Some republican lawmakers objected.", "republican lawmakers"),
])
def test_qualified_collectives_are_groups(entities, text, label):
    assert by_label(entities(text), label).type == "Group"


# ---------------------------------------------------------------- noise

def test_dates_amounts_and_issues_are_not_actors(entities):
    report = entities("In March 2020, COVID-19 cost $4 billion, 12 percent of the first budget.")
    assert report.entities == []


@pytest.mark.parametrize("text, label, expected", [
    ("A newly enacted Canadian law limits foreign takeovers.", "newly enacted Canadian law", "Law"),
    ("The recently passed Chilean bill caps water rights.", "recently passed Chilean bill", "Law"),
    # a meeting named by its members
    ("The Andean Energy Ministers met in Lima in 2019.", "Andean Energy Ministers", "Event"),
])
def test_described_law_and_ministers_meeting(entities, text, label, expected):
    assert by_label(entities(text), label).type == expected


@pytest.mark.parametrize("text, absent", [
    ("Under Canadian law, provinces regulate water.", "Law"),  # law in general
    ("Foreign Ministers from both sides met in Lima.", "Event"),  # only a title
])
def test_no_law_or_meeting_without_its_cues(entities, text, absent):
    assert all(e.type != absent for e in entities(text).entities)


def test_dated_attack_is_an_event(entities):
    report = entities("After the March 11, 2004 train bombings, Spain changed course.")
    assert by_label(report, "March 11, 2004 train bombings").type == "Event"


def test_pull_quotes_and_bios_are_skipped(entities):
    text = ("Title\n\nBy Ana Reyes\n\nThe Andean Water Program grew fast in Peru last year.\n\n"
            "\"The Andean Water Program grew fast in Peru last year.\"\n\nAbout the Author\n\n"
            "Ana Reyes is a fellow at the Andean Policy Institute.\n")
    report = entities(text)
    kinds = {p.index: p.kind for p in report.paragraphs}
    assert all(kinds[m.paragraph_index] in ("body", "bullet")
               for e in report.entities for m in e.mentions)


# ---------------------------------------------------------------- mentions and the merge report

def test_mentions_carry_offsets_and_original_spans(entities):
    report = entities("Ministers welcomed the Pacific Fisheries Accord.")
    mention = by_label(report, "Pacific Fisheries Accord").mentions[0]
    paragraph = report.paragraphs[mention.paragraph_index]
    assert paragraph.text[mention.start:mention.end] == "Pacific Fisheries Accord"
    assert report.text[mention.spans[0].start:mention.spans[-1].end] == "Pacific Fisheries Accord"
    assert mention.entity_key == by_label(report, "Pacific Fisheries Accord").key


def test_merge_report_lists_surface_forms_and_reasons(entities):
    report = entities("The Andean Coastal Guard Office (ACGO) patrols. The ACGO grew.")
    rows = merge_report(report)
    row = next(r for r in rows if r["label"] == "Andean Coastal Guard Office")
    assert "ACGO" in row["surface_forms"] and row["reasons"]


# ---------------------------------------------------------------- floors on the annotations

@pytest.fixture(scope="module")
def scores(nlp):
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "entities.py"
    spec = importlib.util.spec_from_file_location("entity_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from graphbuild.issues import tag_issues

    out = {}
    for name in ("entities_bundled.json", "entities_other.json"):
        gold, report = module.load(nlp, DATA / name)
        extract_entities([report], nlp)
        tag_issues([report])
        out[name] = module.score(gold, report)
    return out


@pytest.mark.parametrize("name, group, floor", [
    # the issue's targets: 0.95 / 0.90 / 0.85 on the bundled report, 0.85 / 0.80 elsewhere
    ("entities_bundled.json", "actors", 0.95),
    ("entities_bundled.json", "agreements", 0.90),
    ("entities_bundled.json", "issues", 0.85),
    ("entities_other.json", "actors", 0.85),
    ("entities_other.json", "agreements", 0.85),
    ("entities_other.json", "issues", 0.85),
])
def test_f1_floors_on_annotations(scores, name, group, floor):
    assert scores[name][group][2] >= floor, scores[name]


@pytest.mark.parametrize("name", ["entities_bundled.json", "entities_other.json"])
def test_no_wrong_merges_and_no_split_alias_groups(scores, name):
    assert scores[name]["wrong_merges"] == []
    assert scores[name]["split_groups"] == []


def test_matcher_prepared_for_a_text_finds_what_the_full_one_finds(parse, nlp):
    from graphbuild.entities import SPANS_KEY, GazetteerSpans

    report = parse("The Inter-American Development Bank lent to Peru and Chile.\n\n"
                   "Peruvian exporters met the World Trade Organization.")
    docs = [p.doc for p in report.paragraphs if p.doc is not None]
    full = GazetteerSpans(nlp)
    expected = [[(s.start, s.end, s.label_, s.id_) for s in full(d).spans[SPANS_KEY]] for d in docs]
    prepared = GazetteerSpans(nlp)
    prepared.prepare({t.text for d in docs for t in d})
    assert [[(s.start, s.end, s.label_, s.id_) for s in prepared(d).spans[SPANS_KEY]]
            for d in docs] == expected
    assert any(expected)
    # a text with other words: the component falls back to every phrase
    other = parse("Brazil and Mexico signed it.").paragraphs[-1].doc
    assert {s.id_ for s in prepared(other).spans[SPANS_KEY]} >= {"brazil", "mexico"}
