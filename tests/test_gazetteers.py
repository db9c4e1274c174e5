"""Tests of the shipped domain knowledge: gazetteers, their ruler patterns, the issue scheme,
and the hand annotations in tests/data that measure entity extraction."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from graphbuild.gazetteers import (ENTITY_TYPES, GAZETTEER_NAMES, GazetteerEntry,
                                   ambiguous_forms, gazetteer_meta, load_gazetteers,
                                   ruler_patterns)

DATA = Path(__file__).parent / "data"
BUNDLED = (Path(__file__).resolve().parents[1] / "data" / "raw"
           / "rebuilding-a-complex-partnership-us-mexico-canada-2021.txt")


@pytest.fixture(scope="module")
def entries() -> list[GazetteerEntry]:
    return load_gazetteers()


@pytest.fixture(scope="module")
def by_id(entries) -> dict[str, GazetteerEntry]:
    return {entry.id: entry for entry in entries}


# -- gazetteer files ---------------------------------------------------------------------

@pytest.mark.parametrize("name", GAZETTEER_NAMES)
def test_gazetteer_parses_and_states_scope_and_source(name):
    gazetteer = load_gazetteers([name])
    assert gazetteer, f"{name} is empty"
    meta = gazetteer_meta(name)
    assert meta.get("scope") and meta.get("source") and meta.get("wikidata_source")
    assert meta.get("complete_for_scope") is True


def test_every_line_is_json():
    folder = resources.files("graphbuild").joinpath("data", "gazetteers")
    for name in GAZETTEER_NAMES:
        for line in folder.joinpath(f"{name}.jsonl").read_text("utf-8").splitlines():
            json.loads(line)


def test_entries_have_id_label_and_allowed_type(entries):
    for entry in entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.id), entry.id
        assert entry.label.strip() == entry.label and entry.label
        assert entry.type in ENTITY_TYPES, (entry.id, entry.type)


def test_ids_unique_across_files(entries):
    ids = [entry.id for entry in entries]
    assert len(ids) == len(set(ids))


def test_parents_name_existing_entries(entries, by_id):
    for entry in entries:
        if entry.parent is not None:
            assert entry.parent in by_id, (entry.id, entry.parent)
            assert entry.parent != entry.id


def test_wikidata_ids_are_well_formed_and_not_shared(entries):
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.wikidata is None:
            continue
        assert re.fullmatch(r"Q[1-9][0-9]*", entry.wikidata), (entry.id, entry.wikidata)
        assert entry.wikidata not in seen, (entry.id, seen.get(entry.wikidata))
        seen[entry.wikidata] = entry.id


def test_ambiguous_forms_are_forms_of_their_entry(entries):
    for entry in entries:
        for form in entry.ambiguous:
            assert form in entry.surface_forms, (entry.id, form)


def test_no_blank_or_duplicate_aliases(entries):
    for entry in entries:
        assert all(alias.strip() == alias and alias for alias in entry.aliases), entry.id
        assert len(set(entry.aliases)) == len(entry.aliases), entry.id


def test_all_iso_3166_1_countries_present(entries):
    import pycountry  # a test extra: the ISO 3166-1 list the gazetteer must cover

    codes = {entry.iso3166_1 for entry in entries if entry.iso3166_1}
    missing = {country.alpha_2 for country in pycountry.countries} - codes
    assert not missing, sorted(missing)


def test_countries_carry_common_short_names(by_id):
    united_states = by_id["united-states"]
    assert {"United States", "U.S.", "US", "USA", "America"} <= set(united_states.names)
    assert "American" in united_states.ambiguous
    assert {"UK", "Britain"} <= set(by_id["united-kingdom"].names)
    assert by_id["south-korea"].label == "South Korea"
    assert "Mexican" in by_id["mexico"].demonyms
    assert "Canadian" in by_id["canada"].demonyms


def test_fifty_us_states_and_dc():
    states = load_gazetteers(["us_states"])
    assert sum(entry.kind == "state" for entry in states) == 50
    assert sum(entry.kind == "federal district" for entry in states) == 1
    assert all(entry.parent == "united-states" for entry in states)
    assert all(entry.type == "SubnationalRegion" for entry in states)


def test_thirty_two_mexican_federal_entities_with_plain_spellings():
    states = load_gazetteers(["mexican_states"])
    assert len(states) == 32
    assert all(entry.parent == "mexico" for entry in states)
    nuevo_leon = next(entry for entry in states if entry.label == "Nuevo León")
    assert "Nuevo Leon" in nuevo_leon.aliases
    assert any(entry.label == "Mexico City" for entry in states)


def test_thirteen_canadian_provinces_and_territories():
    provinces = load_gazetteers(["canadian_provinces"])
    kinds = [entry.kind for entry in provinces]
    assert (kinds.count("province"), kinds.count("territory")) == (10, 3)
    assert all(entry.parent == "canada" for entry in provinces)


def test_agencies_have_departments_and_congress_is_a_legislature(by_id):
    assert by_id["drug-enforcement-administration"].parent == "department-of-justice"
    assert by_id["customs-and-border-protection"].parent == "department-of-homeland-security"
    assert by_id["us-congress"].type == "Legislature"
    assert by_id["us-senate"].type == "Legislature"
    assert len(load_gazetteers(["us_federal_agencies"])) >= 100


def test_no_people_in_gazetteers(entries):
    assert not [entry.id for entry in entries if entry.type == "Person"]


def test_ambiguous_forms_reports_shared_names(entries):
    shared = ambiguous_forms(entries)
    assert sorted(shared["Georgia"]) == ["georgia", "us-georgia"]


def test_an_empty_selection_loads_nothing():
    assert load_gazetteers([]) == []


def test_unknown_gazetteer_name_is_an_error():
    from graphbuild.errors import GraphbuildError

    with pytest.raises(GraphbuildError, match="no gazetteer named 'nowhere'"):
        load_gazetteers(["nowhere"])


def test_bundled_report_is_not_the_answer_key(entries):
    """Fewer than 20% of each gazetteer's entries occur in the bundled report."""
    text = BUNDLED.read_text("utf-8")
    for name in GAZETTEER_NAMES:
        gazetteer = [entry for entry in entries if entry.gazetteer == name]
        found = [entry.id for entry in gazetteer
                 if any(re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)
                        for form in entry.surface_forms)]
        assert len(found) < 0.2 * len(gazetteer), (name, len(found), len(gazetteer))


# -- ruler patterns ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def ruler_nlp(entries):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"annotate_ents": True})
    ruler.add_patterns(ruler_patterns(entries, tokenizer=nlp.tokenizer))
    return nlp


def _ids(nlp, text: str) -> set[str]:
    return {ent.id_ for ent in nlp(text).ents}


@pytest.mark.parametrize("text, expected", [
    ("The U.S. and Mexico signed the USMCA in 2018.", {"united-states", "mexico", "usmca"}),
    ("Officials of DHS and U.S. Customs and Border Protection met in Nuevo Leon.",
     {"department-of-homeland-security", "customs-and-border-protection", "mx-nuevo-leon"}),
    ("The Inter American Development Bank lends to Guatemala and Honduras.",
     {"inter-american-development-bank", "guatemala", "honduras"}),
    ("Canadian and South Korean negotiators met at the G20.",
     {"canada", "south-korea", "group-of-twenty"}),
    ("The State Department and the Pentagon briefed Congress.",
     {"department-of-state", "department-of-defense", "us-congress"}),
    ("Quebec and British Columbia ship lumber through the Great Lakes.",
     {"ca-quebec", "ca-british-columbia", "great-lakes-region"}),
    ("Migrants from the Northern Triangle cross the Darién Gap.",
     {"northern-triangle", "darien-gap"}),
    ("Côte d’Ivoire and Cote d'Ivoire are the same country.", {"cote-d-ivoire"}),
    ("The Paris Agreement and the Kyoto Protocol bind the European Union.",
     {"paris-agreement", "kyoto-protocol", "european-union"}),
    ("The Office of the U.S. Trade Representative filed a complaint at the WTO.",
     {"office-of-the-us-trade-representative", "world-trade-organization"}),
])
def test_patterns_find_entities_in_sentences(ruler_nlp, text, expected):
    assert _ids(ruler_nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Let us know what the committee decides.",      # acronyms are case-sensitive
    "American farmers sold more corn.",             # an ambiguous demonym needs context
    "The delegation flew on to Georgia.",           # a shared name needs context
])
def test_patterns_leave_lowercase_words_and_ambiguous_forms_alone(ruler_nlp, text):
    assert _ids(ruler_nlp, text) == set()


def test_longest_match_wins(ruler_nlp):
    doc = ruler_nlp("U.S. Customs and Border Protection seized the shipment.")
    assert [(ent.text, ent.id_) for ent in doc.ents] == [
        ("U.S. Customs and Border Protection", "customs-and-border-protection")]


def test_spans_leave_the_article_out(ruler_nlp):
    doc = ruler_nlp("Trade with the Caribbean and the Middle East grew.")
    assert [ent.text for ent in doc.ents] == ["Caribbean", "Middle East"]


def test_ambiguous_forms_can_be_requested(entries):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    patterns = ruler_patterns([e for e in entries if e.id in {"georgia", "us-georgia"}],
                              include_ambiguous=True, tokenizer=nlp.tokenizer)
    assert {p["id"] for p in patterns if p["pattern"] == [{"ORTH": "Georgia"}]} == {
        "georgia", "us-georgia"}


def test_demonym_label_can_differ():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    mexico = [e for e in load_gazetteers(["countries"]) if e.id == "mexico"]
    patterns = ruler_patterns(mexico, demonym_label="NORP", tokenizer=nlp.tokenizer)
    assert {"label": "NORP", "pattern": [{"ORTH": "Mexican"}], "id": "mexico"} in patterns
    assert {"label": "Country", "pattern": [{"ORTH": "Mexico"}], "id": "mexico"} in patterns


# -- the issue scheme --------------------------------------------------------------------

@pytest.fixture(scope="module")
def scheme():
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph()
    graph.parse(data=resources.files("graphbuild").joinpath("data", "issues.ttl")
                .read_text("utf-8"), format="turtle")
    return graph


def _concepts(graph):
    from rdflib import RDF
    from rdflib.namespace import SKOS

    return set(graph.subjects(RDF.type, SKOS.Concept))


def test_issue_scheme_size_and_namespace(scheme):
    from rdflib import RDF, URIRef
    from rdflib.namespace import SKOS

    concepts = _concepts(scheme)
    assert 40 <= len(concepts) <= 80
    assert all(str(c).startswith("https://w3id.org/graphbuild/issue/") for c in concepts)
    schemes = set(scheme.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {URIRef("https://w3id.org/graphbuild/issue/scheme")}


def test_issue_scheme_has_two_levels(scheme):
    from rdflib.namespace import SKOS

    concepts = _concepts(scheme)
    tops = {c for c in concepts if (c, SKOS.topConceptOf, None) in scheme}
    assert 8 <= len(tops) <= 12
    for concept in concepts - tops:
        broader = set(scheme.objects(concept, SKOS.broader))
        assert len(broader) == 1 and broader <= tops, concept
        assert (next(iter(broader)), SKOS.narrower, concept) in scheme
    for top in tops:
        assert not set(scheme.objects(top, SKOS.broader))
        assert set(scheme.objects(top, SKOS.narrower)), top


def test_every_issue_is_labelled_defined_and_cued(scheme):
    from rdflib.namespace import SKOS

    for concept in _concepts(scheme):
        assert len(set(scheme.objects(concept, SKOS.prefLabel))) == 1, concept
        assert set(scheme.objects(concept, SKOS.definition)), concept
        hidden = [str(h) for h in scheme.objects(concept, SKOS.hiddenLabel)]
        assert len(hidden) >= 2, concept
        assert all(h == h.lower() for h in hidden), concept
        assert (concept, SKOS.inScheme, None) in scheme
        assert ((concept, SKOS.broader, None) in scheme
                or (concept, SKOS.topConceptOf, None) in scheme), concept


def test_issue_labels_are_disjoint_and_cues_unique(scheme):
    from rdflib.namespace import SKOS

    owner: dict[str, object] = {}
    for concept in _concepts(scheme):
        visible = {str(label) for prop in (SKOS.prefLabel, SKOS.altLabel)
                   for label in scheme.objects(concept, prop)}
        hidden = {str(label) for label in scheme.objects(concept, SKOS.hiddenLabel)}
        assert not visible & hidden, concept
        for cue in hidden:
            assert cue not in owner, (cue, concept, owner.get(cue))
            owner[cue] = concept


def test_issue_cues_include_inflected_forms(scheme):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    migration = URIRef("https://w3id.org/graphbuild/issue/migration")
    cues = {str(h) for h in scheme.objects(migration, SKOS.hiddenLabel)}
    assert {"migrant", "migrants", "immigration"} <= cues


# -- hand annotations --------------------------------------------------------------------

ANNOTATIONS = {
    "entities_bundled.json": BUNDLED,
    "entities_other.json": DATA / "other_report_passage.txt",
}


def _annotated_text(annotation: dict, source: Path) -> str:
    lines = source.read_text("utf-8").split("\n")
    kept = []
    for section in annotation["sections"]:
        for number in range(section["first_line"], section["last_line"] + 1):
            if number not in section.get("excluded_lines", ()):
                kept.append(lines[number - 1])
    return "\n".join(kept)


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_annotations_are_well_formed(name, scheme):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    annotation = json.loads((DATA / name).read_text("utf-8"))
    text = _annotated_text(annotation, ANNOTATIONS[name])
    labels = [entity["label"] for entity in annotation["entities"]]
    assert len(labels) == len(set(labels))
    gazetteer_ids = {entry.id for entry in load_gazetteers()}
    for entity in annotation["entities"]:
        assert entity["type"] in ENTITY_TYPES, entity
        assert entity["aliases"], entity
        for alias in entity["aliases"]:
            assert alias in text, (entity["label"], alias)
        if "gazetteer_id" in entity:
            assert entity["gazetteer_id"] in gazetteer_ids, entity
    for issue in annotation["issues"]:
        concept = URIRef("https://w3id.org/graphbuild/issue/" + issue)
        assert (concept, SKOS.prefLabel, None) in scheme, issue


def test_bundled_annotation_covers_the_three_longest_sections():
    annotation = json.loads((DATA / "entities_bundled.json").read_text("utf-8"))
    spans = [(s["first_line"], s["last_line"]) for s in annotation["sections"]]
    assert spans == [(30, 70), (88, 114), (172, 196)]
    text = _annotated_text(annotation, BUNDLED)
    assert text.startswith("North America must be a high priority")
    assert '"More broadly' not in text          # the pull quote is left out


def test_other_passage_is_long_enough_and_names_its_source():
    lines = (DATA / "other_report_passage.txt").read_text("utf-8").split("\n")
    assert lines[0].startswith("Source:") and "White House" in lines[0]
    assert len(" ".join(lines[1:]).split()) >= 500
