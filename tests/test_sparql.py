"""Queries: loading graphs, canned queries, parameters, both engines, formats, errors."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from rdflib import Dataset, Literal, URIRef

from graphbuild.errors import GraphbuildError, InputError
from graphbuild.sparql import (QueryParam, bind_params, canned_queries, format_result,
                              graph_files, load_graph, param_term, parse_canned, parse_params,
                              query, run_canned, run_query, with_prefixes)
from graphbuild.rdf import serialize

from conftest import DATA

#: The prefixes both hand-written report graphs below use.
_PREFIXES = """\
@prefix gb: <https://w3id.org/graphbuild/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix issue: <https://w3id.org/graphbuild/issue/> .
"""

#: A hand-written report graph with every part the canned queries ask about: entities,
#: issues, relations with evidence, co-mentions, a recommendation, notes cited twice and never.
TINY = _PREFIXES + """\
@prefix r: <https://example.org/id/report/tiny/> .
@prefix e: <https://example.org/id/entity/> .
@prefix w: <https://example.org/id/work/> .

<https://example.org/id/report/tiny> a gb:Report ; rdfs:label "Tiny" .
r:section\\/0 a gb:Section ; dcterms:isPartOf <https://example.org/id/report/tiny> ;
    gb:index 0 ; rdfs:label "Trade" ; gb:discusses issue:trade .
r:paragraph\\/0 a gb:Paragraph ; dcterms:isPartOf r:section\\/0 .
r:sentence\\/0 a gb:Sentence ; dcterms:isPartOf r:paragraph\\/0 ;
    gb:inReport <https://example.org/id/report/tiny> ; gb:index 0 ;
    nif:anchorOf "Mexico and the United States signed the USMCA." ;
    gb:discusses issue:trade ; gb:citesNote r:note\\/1 ; cito:citesAsEvidence w:a .
r:sentence\\/1 a gb:Sentence ; dcterms:isPartOf r:paragraph\\/0 ;
    gb:inReport <https://example.org/id/report/tiny> ; gb:index 1 ;
    nif:anchorOf "Mexico faces tariffs." ;
    gb:discusses issue:trade ; gb:citesNote r:note\\/1, r:note\\/2 ;
    cito:citesAsEvidence w:a, w:b .
r:sentence\\/2 a gb:Sentence ; dcterms:isPartOf r:paragraph\\/0 ;
    gb:inReport <https://example.org/id/report/tiny> ; gb:index 2 ;
    nif:anchorOf "Canada should talk to Mexico." .
r:marker\\/0 a gb:Marker ; gb:inSentence r:sentence\\/0 ; gb:refersToNote r:note\\/1 .
r:marker\\/1 a gb:Marker ; gb:inSentence r:sentence\\/1 ; gb:refersToNote r:note\\/1, r:note\\/2 .
r:note\\/1 a gb:Endnote ; dcterms:isPartOf <https://example.org/id/report/tiny> ;
    gb:noteNumber "1"^^xsd:nonNegativeInteger ; gb:rawText "Reuters, 2020." ;
    cito:cites w:a .
r:note\\/2 a gb:Endnote ; dcterms:isPartOf <https://example.org/id/report/tiny> ;
    gb:noteNumber "2"^^xsd:nonNegativeInteger ; gb:rawText "A report." ;
    cito:cites w:b .
r:note\\/3 a gb:Endnote ; dcterms:isPartOf <https://example.org/id/report/tiny> ;
    gb:noteNumber "3"^^xsd:nonNegativeInteger ; gb:rawText "Unused." .
w:a a gb:Work, schema:NewsArticle ; rdfs:label "Deal signed" ; dcterms:title "Deal signed" ;
    gb:workType "news article" ; dcterms:date "2020-07-01"^^xsd:date ;
    schema:isPartOf <https://example.org/id/container/reuters> ;
    dcterms:creator <https://example.org/id/entity/person/ana-diaz> .
w:b a gb:Work, schema:Report ; rdfs:label "Tariffs" ; dcterms:title "Tariffs" ;
    gb:workType "report" ; dcterms:date "2019"^^xsd:gYear .
<https://example.org/id/container/reuters> a gb:Container ; rdfs:label "Reuters" .
<https://example.org/id/entity/person/ana-diaz> a gb:BibliographicAgent, schema:Person ;
    rdfs:label "Ana Díaz" .
e:mexico a gb:Country, schema:Country ; rdfs:label "Mexico" ; skos:prefLabel "Mexico" ;
    owl:sameAs <http://www.wikidata.org/entity/Q96> ; gb:mentionCount 3 ;
    gb:mentionedIn r:sentence\\/0, r:sentence\\/1, r:sentence\\/2 ;
    gb:partyTo e:usmca ; gb:coMentionedWith e:usa, e:canada .
e:usa a gb:Country ; rdfs:label "United States" ; gb:mentionCount 1 ;
    gb:mentionedIn r:sentence\\/0 ; gb:partyTo e:usmca .
e:canada a gb:Country ; rdfs:label "Canada" ; gb:mentionCount 1 ;
    gb:mentionedIn r:sentence\\/2 .
e:usmca a gb:TradeAgreement ; rdfs:label "USMCA" ; gb:mentionCount 1 ;
    gb:mentionedIn r:sentence\\/0 .
issue:trade a skos:Concept, gb:Issue ; skos:prefLabel "Trade"@en ; rdfs:label "Trade"@en ;
    skos:broader issue:trade-and-economy .
issue:trade-and-economy a skos:Concept, gb:Issue ; skos:prefLabel "Trade and economy"@en ;
    rdfs:label "Trade and economy"@en .
r:statement\\/p1 a gb:Statement ; gb:subject e:mexico ; gb:predicate gb:partyTo ;
    gb:object e:usmca ; gb:rule "signed" ; gb:confidence "0.8"^^xsd:decimal ;
    gb:evidence r:sentence\\/0 .
r:statement\\/c1 a gb:Statement ; gb:subject e:mexico ; gb:predicate gb:coMentionedWith ;
    gb:object e:usa ; gb:weight 2 ; gb:evidence r:sentence\\/0 .
r:statement\\/c2 a gb:Statement ; gb:subject e:canada ; gb:predicate gb:coMentionedWith ;
    gb:object e:mexico ; gb:weight 1 ; gb:evidence r:sentence\\/2 .
r:recommendation\\/0 a gb:Recommendation ; rdfs:label "Canada should talk to Mexico." ;
    dcterms:isPartOf <https://example.org/id/report/tiny> ;
    gb:horizon gb:ShortTerm ; gb:addressedTo e:canada ; gb:concerns issue:trade ;
    gb:evidence r:sentence\\/2 .
r:mention\\/0 a gb:Mention ; gb:entity e:mexico ; gb:inSentence r:sentence\\/0 .
r:mention\\/1 a gb:Mention ; gb:entity e:mexico ; gb:inSentence r:sentence\\/1 .
r:mention\\/2 a gb:Mention ; gb:entity e:mexico ; gb:inSentence r:sentence\\/2 .
r:mention\\/3 a gb:Mention ; gb:entity e:usa ; gb:inSentence r:sentence\\/0 .
r:mention\\/4 a gb:Mention ; gb:entity e:canada ; gb:inSentence r:sentence\\/2 .
r:mention\\/5 a gb:Mention ; gb:entity e:usmca ; gb:inSentence r:sentence\\/0 .
"""

#: A second report that shares entities, an issue, a work, its outlet and author with TINY,
#: each written out in both graphs as a build writes them. The United States has the same
#: gb:mentionCount (1) in both, so in the union the two counts are one triple.
OTHER = _PREFIXES + """\
@prefix r: <https://example.org/id/report/other/> .
@prefix e: <https://example.org/id/entity/> .
@prefix w: <https://example.org/id/work/> .

<https://example.org/id/report/other> a gb:Report ; rdfs:label "Other" .
r:section\\/0 a gb:Section ; dcterms:isPartOf <https://example.org/id/report/other> ;
    gb:index 0 ; rdfs:label "Talks" ; gb:discusses issue:trade .
r:paragraph\\/0 a gb:Paragraph ; dcterms:isPartOf r:section\\/0 .
r:sentence\\/0 a gb:Sentence ; dcterms:isPartOf r:paragraph\\/0 ;
    gb:inReport <https://example.org/id/report/other> ; gb:index 0 ;
    nif:anchorOf "Mexico and the United States met again." ;
    gb:discusses issue:trade ; gb:citesNote r:note\\/1 ; cito:citesAsEvidence w:a .
r:sentence\\/1 a gb:Sentence ; dcterms:isPartOf r:paragraph\\/0 ;
    gb:inReport <https://example.org/id/report/other> ; gb:index 1 ;
    nif:anchorOf "Mexico should keep talking." .
r:marker\\/0 a gb:Marker ; gb:inSentence r:sentence\\/0 ; gb:refersToNote r:note\\/1 .
r:note\\/1 a gb:Endnote ; dcterms:isPartOf <https://example.org/id/report/other> ;
    gb:noteNumber "1"^^xsd:nonNegativeInteger ; gb:rawText "Reuters, 2020, again." ;
    cito:cites w:a .
r:note\\/2 a gb:Endnote ; dcterms:isPartOf <https://example.org/id/report/other> ;
    gb:noteNumber "2"^^xsd:nonNegativeInteger ; gb:rawText "Unused too." .
w:a a gb:Work, schema:NewsArticle ; rdfs:label "Deal signed" ; dcterms:title "Deal signed" ;
    gb:workType "news article" ; dcterms:date "2020-07-01"^^xsd:date ;
    schema:isPartOf <https://example.org/id/container/reuters> ;
    dcterms:creator <https://example.org/id/entity/person/ana-diaz> .
<https://example.org/id/container/reuters> a gb:Container ; rdfs:label "Reuters" .
<https://example.org/id/entity/person/ana-diaz> a gb:BibliographicAgent, schema:Person ;
    rdfs:label "Ana Díaz" .
e:mexico a gb:Country, schema:Country ; rdfs:label "Mexico" ; skos:prefLabel "Mexico" ;
    owl:sameAs <http://www.wikidata.org/entity/Q96> ; gb:mentionCount 2 ;
    gb:mentionedIn r:sentence\\/0, r:sentence\\/1 ; gb:coMentionedWith e:usa .
e:usa a gb:Country ; rdfs:label "United States" ; gb:mentionCount 1 ;
    gb:mentionedIn r:sentence\\/0 .
issue:trade a skos:Concept, gb:Issue ; skos:prefLabel "Trade"@en ; rdfs:label "Trade"@en ;
    skos:broader issue:trade-and-economy .
issue:trade-and-economy a skos:Concept, gb:Issue ; skos:prefLabel "Trade and economy"@en ;
    rdfs:label "Trade and economy"@en .
r:statement\\/c1 a gb:Statement ; gb:subject e:mexico ; gb:predicate gb:coMentionedWith ;
    gb:object e:usa ; gb:weight 1 ; gb:evidence r:sentence\\/0 .
r:recommendation\\/0 a gb:Recommendation ; rdfs:label "Mexico should keep talking." ;
    dcterms:isPartOf <https://example.org/id/report/other> ;
    gb:horizon gb:Unspecified ; gb:addressedTo e:mexico ; gb:concerns issue:trade ;
    gb:evidence r:sentence\\/1 .
r:mention\\/0 a gb:Mention ; gb:entity e:mexico ; gb:inSentence r:sentence\\/0 .
r:mention\\/1 a gb:Mention ; gb:entity e:usa ; gb:inSentence r:sentence\\/0 .
r:mention\\/2 a gb:Mention ; gb:entity e:mexico ; gb:inSentence r:sentence\\/1 .
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled_ttl(bundled_build, tmp_path_factory):
    """The bundled report's graph as the build writes it."""
    report = bundled_build.reports[0]
    path = tmp_path_factory.mktemp("bundled") / f"{report.stem}.ttl"
    path.write_bytes(serialize(bundled_build.graph(report), "turtle"))
    return path


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    """A folder of two reports' graphs that share nodes: TINY and OTHER."""
    folder = tmp_path_factory.mktemp("two-reports")
    (folder / "tiny.ttl").write_text(TINY, encoding="utf-8")
    (folder / "other.ttl").write_text(OTHER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built_reports(nlp, tmp_path_factory):
    """Two held-out passages built as ``graphbuild build`` writes them: a Turtle file per
    report, and ``reports.trig`` holding the same graphs again."""
    from graphbuild.build import build_graph

    result = build_graph([DATA / "other_report_passage.txt", DATA / "summit_2016_passage.txt"],
                         nlp=nlp)
    folder = tmp_path_factory.mktemp("built-reports")
    for report in result.reports:
        (folder / f"{report.stem}.ttl").write_bytes(serialize(result.graph(report), "turtle"))
    (folder / "reports.trig").write_bytes(serialize(result.dataset, "trig"))
    return folder


def _multiset(result):
    return Counter(result.rows)


# -- the canned queries ----------------------------------------------------------------------

def test_at_least_twelve_canned_queries_each_described_and_totally_ordered():
    queries = canned_queries()
    assert len(queries) >= 12
    for name, canned in queries.items():
        assert canned.description, name
        assert "ORDER BY" in canned.sparql, name
        for param in canned.params:
            assert f"?{param.name}" in canned.sparql, (name, param.name)


def test_parse_canned_reads_description_params_and_defaults():
    text = ("# Who is mentioned with X.\n# Second line.\n"
            "# param: actor — label or IRI of the actor (default: Mexico)\n"
            "# param: kind — a class (all when not given)\n\nSELECT * { ?s ?p ?o }\n")
    canned = parse_canned("x", text)
    assert canned.description == "Who is mentioned with X. Second line."
    assert canned.params == (QueryParam("actor", "label or IRI of the actor", "Mexico"),
                             QueryParam("kind", "a class (all when not given)", None))


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_engines_agree_on_canned_query_over_tiny_graph(tiny, name):
    by_rdflib = run_canned([tiny], name)
    by_oxigraph = run_canned([tiny], name, engine="oxigraph")
    assert by_rdflib.columns == by_oxigraph.columns
    assert _multiset(by_rdflib) == _multiset(by_oxigraph)
    assert by_rdflib.rows == by_oxigraph.rows  # a total ORDER BY: the same order too


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_engines_agree_on_canned_query_over_bundled_report(bundled_ttl, name):
    dataset = load_graph(bundled_ttl)
    by_rdflib = run_canned(dataset, name)
    by_oxigraph = run_canned([bundled_ttl], name, engine="oxigraph")
    assert _multiset(by_rdflib) == _multiset(by_oxigraph)
    assert by_rdflib.rows == by_oxigraph.rows


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_canned_query_on_an_empty_graph_has_no_rows(name, engine):
    """An aggregate over nothing must not come back as one row of blanks."""
    assert run_canned(Dataset(default_union=True), name, engine=engine).rows == []


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_canned_answers_on_tiny_graph(tiny, engine):
    def rows(name, **params):
        return run_canned([tiny], name, engine=engine, params=params).records()

    mentions = rows("actors-by-mentions")
    assert [r["label"] for r in mentions] == ["Mexico", "Canada", "USMCA", "United States"]
    assert mentions[0]["mentions"] == 3
    assert mentions[0]["wikidata"] == "http://www.wikidata.org/entity/Q96"
    assert [r["label"] for r in rows("actors-by-mentions", **{"class": "gb:TradeAgreement"})] \
        == ["USMCA"]
    assert {r["party_label"] for r in rows("agreements-and-parties")} == {"Mexico", "United States"}
    assert [(r["other_label"], r["weight"]) for r in rows("co-mentioned-with")] \
        == [("United States", 2), ("Canada", 1)]
    assert [r["other_label"] for r in rows("co-mentioned-with", actor="canada")] == ["Mexico"]
    notes = rows("notes-cited-twice-or-never")
    assert [(r["number"], r["status"]) for r in notes] == [(1, "cited more than once"),
                                                           (3, "never cited")]
    assert [r["sentence_index"] for r in rows("sentences-citing-note", note="1")] == [0, 1]
    assert rows("sentences-citing-note", note="3") == []
    behind = rows("sources-behind-issue")  # default: the broader issue reaches its narrower
    assert [(r["title"], r["claims"]) for r in behind] == [("Deal signed", 2), ("Tariffs", 1)]
    assert rows("sources-behind-issue", issue="issue:trade") == behind
    assert [r["sentence_index"] for r in rows("claims-citing-source", source="reuters")] == [0, 1]
    assert [r["sentence_index"] for r in rows("claims-citing-source", source="Díaz")] == [0, 1]
    assert [r["date"] for r in rows("sources-by-date")] == ["2019", "2020-07-01"]
    assert [r["precision"] for r in rows("sources-by-date")] == ["year", "day"]
    evidence = rows("relation-evidence")
    assert [(r["subject_label"], r["relation"], r["object_label"], r["sentence_index"],
             r["confidence"]) for r in evidence] == [("Mexico", "partyTo", "USMCA", 0, 0.8)]
    assert rows("relation-evidence", actor="Canada") == []
    recommendation = rows("recommendations")
    assert [(r["horizon_name"], r["addressee"], r["concern"]) for r in recommendation] \
        == [("ShortTerm", "Canada", "Trade")]
    assert rows("recommendations", horizon="gb:LongTerm") == []
    assert [(r["section_index"], r["issue_label"], r["sentences"])
            for r in rows("issues-by-section")] == [(0, "Trade", 2)]
    assert {(r["actor_label"], r["sentences"]) for r in rows("actors-by-issue")} \
        == {("Mexico", 2), ("United States", 1), ("USMCA", 1)}
    assert [(r["work_type"], r["works"]) for r in rows("works-by-type")] \
        == [("news article", 1), ("report", 1)]


def test_canned_answers_on_bundled_report_match_its_structure(bundled_ttl, bundled_report):
    sections = run_canned([bundled_ttl], "section-sentence-counts").records()
    assert [r["section_index"] for r in sections] == [s.index for s in bundled_report.sections]
    assert sum(r["sentences"] for r in sections) == len(bundled_report.sentences)
    outlets = run_canned([bundled_ttl], "most-cited-outlets").records()
    assert outlets and outlets[0]["works"] >= outlets[-1]["works"]
    dates = [r["date"] for r in run_canned([bundled_ttl], "sources-by-date").records()]
    assert dates == sorted(dates) and len(dates) > 50


def test_recommendations_for_an_actor_and_issue_match_the_model(bundled_ttl, bundled_report):
    """'Which recommendations are addressed to Canada and concern trade?' in one query, checked
    against the extraction's own records (addressee Canada or its leader; a concern at or
    under the trade concept)."""
    from graphbuild.issues import broader_closure

    canada = next(e.key for e in bundled_report.entities if e.label == "Canada")
    leaders = {r.subject for r in bundled_report.relations
               if r.predicate == "leader_of" and r.object == canada}
    expected = {r.index for r in bundled_report.recommendations
                if ({canada} | leaders) & set(r.addressed_to)
                and any(c.startswith("issue:") and "trade-and-economy" in
                        broader_closure([c.split(":", 1)[1]]) for c in r.concerns)}
    assert expected
    rows = run_canned([bundled_ttl], "recommendations-for",
                      params={"actor": "Canada", "issue": "issue:trade-and-economy"},
                      engine="oxigraph").records()
    assert {int(str(r["recommendation"]).rsplit("/", 1)[1]) for r in rows} == expected
    by_label = run_canned([bundled_ttl], "recommendations-for",
                          params={"actor": "canada", "issue": "Trade and economy"},
                          engine="oxigraph").records()
    assert by_label == rows


# -- several reports -------------------------------------------------------------------------

def _no_repeated_rows(result):
    repeated = [row for row, count in _multiset(result).items() if count > 1]
    return not repeated, repeated[:3]


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_engines_agree_on_canned_query_over_reports_that_share_nodes(two_reports, name):
    """Entities, issues and works that two reports share are in both named graphs; each
    triple of the union counts once, in either engine."""
    by_rdflib = run_canned([two_reports], name)
    by_oxigraph = run_canned([two_reports], name, engine="oxigraph")
    assert by_rdflib.columns == by_oxigraph.columns
    assert by_rdflib.rows == by_oxigraph.rows
    distinct, repeated = _no_repeated_rows(by_oxigraph)
    assert distinct, repeated


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_engines_agree_on_canned_query_over_a_built_folder(built_reports, name):
    """A build's folder as written: a Turtle file per report and reports.trig again."""
    by_rdflib = run_canned(load_graph(built_reports), name)
    by_oxigraph = run_canned([built_reports], name, engine="oxigraph")
    assert by_rdflib.rows == by_oxigraph.rows
    distinct, repeated = _no_repeated_rows(by_oxigraph)
    assert distinct, repeated


def test_the_built_reports_share_entities(built_reports):
    """Else the test above would not exercise the union."""
    shared = run_query([built_reports], "SELECT ?e WHERE { GRAPH ?a { ?e gb:mentionCount ?m } "
                       "GRAPH ?b { ?e gb:mentionCount ?n } FILTER(STR(?a) < STR(?b)) }",
                       engine="oxigraph")
    assert len(shared) >= 3


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_triple_in_two_reports_graphs_matches_once(two_reports, engine):
    def rows(sparql):
        return run_query([two_reports], sparql, engine=engine).rows

    usa = "<https://example.org/id/entity/usa>"
    assert rows(f"SELECT ?type WHERE {{ {usa} a ?type }}") == [
        ("https://w3id.org/graphbuild/ontology#Country",)]
    assert rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {usa} gb:mentionCount ?count }}") == [(1,)]
    # the named graphs keep each report's own triples
    assert rows(f"SELECT ?g ?count WHERE {{ GRAPH ?g {{ {usa} gb:mentionCount ?count }} }} "
                "ORDER BY ?g") == [("https://example.org/id/report/other/graph", 1),
                                   ("https://example.org/id/report/tiny/graph", 1)]
    union = rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]
    per_graph = rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0][0]
    distinct = rows("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                    "WHERE { GRAPH ?g { ?s ?p ?o } } }")[0][0]
    assert union == distinct < per_graph


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_canned_answers_over_two_reports(two_reports, engine):
    def rows(name, **params):
        return run_canned([two_reports], name, engine=engine, params=params).records()

    tiny, other = "https://example.org/id/report/tiny", "https://example.org/id/report/other"
    # figures a report gives a shared node add up, with the number of reports behind them;
    # the United States' two equal counts are not taken for one
    assert [(r["label"], r["mentions"], r["reports"]) for r in rows("actors-by-mentions")] \
        == [("Mexico", 5, 2), ("United States", 2, 2), ("Canada", 1, 1), ("USMCA", 1, 1)]
    assert [(r["other_label"], r["weight"], r["reports"]) for r in rows("co-mentioned-with")] \
        == [("United States", 3, 2), ("Canada", 1, 1)]
    # rows about one report's text say which report
    assert [(r["report"], r["sentence_index"]) for r in rows("sentences-citing-note")] \
        == [(other, 0), (tiny, 0), (tiny, 1)]
    assert [(r["report"], r["number"], r["status"]) for r in rows("notes-cited-twice-or-never")] \
        == [(other, 2, "never cited"), (tiny, 1, "cited more than once"), (tiny, 3, "never cited")]
    assert [(r["report"], r["section_index"], r["sentences"])
            for r in rows("section-sentence-counts")] == [(other, 0, 2), (tiny, 0, 3)]
    assert [(r["report"], r["addressee"]) for r in rows("recommendations")] \
        == [(other, "Mexico"), (tiny, "Canada")]
    assert [r["report"] for r in rows("claims-citing-source", source="reuters")] \
        == [other, tiny, tiny]
    # a work both reports cite: its claims and notes from both
    deal = next(r for r in rows("claims-per-source") if r["title"] == "Deal signed")
    assert (deal["claims"], deal["notes"]) == (3, 2)


def test_oxigraph_store_keeps_the_named_graphs_and_their_union_once(two_reports):
    from graphbuild.sparql import oxigraph_store

    store = oxigraph_store(two_reports)
    assert {str(g.value) for g in store.named_graphs()} == {
        "https://example.org/id/report/other/graph", "https://example.org/id/report/tiny/graph"}
    assert run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", engine="oxigraph").rows \
        == run_query([two_reports], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows


# -- parameters ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, term", [
    ("Mexico", Literal("Mexico")),
    ('"12"', Literal("12")),
    ("12", Literal("12", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))),
    ("0.5", Literal("0.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
    ("2021-01-20", Literal("2021-01-20", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
    ("gb:Country", URIRef("https://w3id.org/graphbuild/ontology#Country")),
    ("<https://example.org/x>", URIRef("https://example.org/x")),
    ("https://example.org/x", URIRef("https://example.org/x")),
    ("unknownprefix:x", Literal("unknownprefix:x")),
])
def test_param_term_types_values(value, term):
    assert param_term(value) == term


def test_param_cannot_inject_query_text(tiny):
    hostile = '" } } SELECT * { ?s ?p ?o } #'
    sparql = bind_params("SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": hostile})
    assert run_query([tiny], "SELECT ?s WHERE { ?s rdfs:label ?name }",
                     params={"name": hostile}).rows == []
    assert f"VALUES ?name {{ {Literal(hostile).n3()} }}" in sparql


def test_bad_iri_param_is_refused():
    with pytest.raises(GraphbuildError, match="not a valid IRI"):
        param_term("<http://x y>")


def test_bind_params_goes_into_the_outer_where_group_not_a_string_or_comment():
    sparql = '# a { comment\nSELECT ?x WHERE { ?x rdfs:label "{" . { ?x ?p ?o } }'
    bound = bind_params(sparql, {"x": "gb:Country"})
    assert bound.startswith('# a { comment\nSELECT ?x WHERE {\n  VALUES ?x { <https://w3id.org/')


def test_unknown_param_is_an_error(tiny):
    with pytest.raises(GraphbuildError, match="unknown parameter 'nope'.*actor"):
        run_canned([tiny], "co-mentioned-with", params={"nope": "x"})
    with pytest.raises(GraphbuildError, match="no \\?nope"):
        run_query([tiny], "SELECT * { ?s ?p ?o }", params={"nope": "x"})


def test_parse_params_from_the_command_line():
    assert parse_params(["actor=Mexico", "q=a=b"]) == {"actor": "Mexico", "q": "a=b"}
    with pytest.raises(GraphbuildError, match="NAME=VALUE"):
        parse_params(["actor"])


# -- engines, loading and errors -------------------------------------------------------------

@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("sparql", ["SELECT ?s WHERE { ?s ?p }", "SELEC * { ?s ?p ?o }",
                                    "SELECT * { ?s nope:p ?o }"])
def test_bad_query_is_a_graphbuild_error_with_the_parser_message(tiny, engine, sparql):
    with pytest.raises(GraphbuildError, match="SPARQL syntax error: .+"):
        run_query([tiny], sparql, engine=engine)


def test_unknown_engine_and_canned_name_are_errors(tiny):
    with pytest.raises(GraphbuildError, match="unknown engine 'fuseki'"):
        run_query([tiny], "ASK {}", engine="fuseki")
    with pytest.raises(GraphbuildError, match="no canned query named 'nope'; there are: "):
        run_canned([tiny], "nope")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_ask_and_construct_results(tiny, engine):
    assert run_query([tiny], "ASK { ?s a gb:Country }", engine=engine).rows == [(True,)]
    built = run_query([tiny], "CONSTRUCT { ?s a gb:Country } WHERE { ?s a gb:Country }",
                      engine=engine)
    assert built.columns == ["subject", "predicate", "object"] and len(built) == 3


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_turtle_file_is_its_reports_named_graph_and_the_default_is_the_union(tiny, engine):
    result = run_query([tiny], "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r a gb:Report } }",
                       engine=engine)
    assert result.rows == [("https://example.org/id/report/tiny/graph",)]
    assert run_query([tiny], "SELECT (COUNT(*) AS ?n) { ?s a gb:Sentence }",
                     engine=engine).rows == [(3,)]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_trig_keeps_its_graphs_and_a_folder_is_every_graph_file(tmp_path, tiny, engine):
    (tmp_path / "a.trig").write_text(
        "<https://example.org/g1> { <https://example.org/a> a <https://example.org/T> . }\n"
        "<https://example.org/g2> { <https://example.org/b> a <https://example.org/T> . }\n")
    (tmp_path / "tiny.ttl").write_text(TINY)
    (tmp_path / "notes.txt").write_text("not a graph")
    assert graph_files(tmp_path) == [tmp_path / "a.trig", tmp_path / "tiny.ttl"]
    result = run_query([tmp_path], "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                       "GROUP BY ?g ORDER BY ?g", engine=engine)
    assert [g for g, _ in result.rows] == ["https://example.org/g1", "https://example.org/g2",
                                           "https://example.org/id/report/tiny/graph"]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_unreadable_graph_files_are_input_errors(tmp_path, engine):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(InputError, match="bad.ttl: not readable as RDF"):
        run_query([bad], "ASK {}", engine=engine)
    with pytest.raises(InputError, match="no such file"):
        run_query([tmp_path / "missing.ttl"], "ASK {}", engine=engine)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no graph files"):
        load_graph(tmp_path / "empty")


def test_with_prefixes_adds_only_missing_declarations():
    text = with_prefixes("PREFIX gb: <x:>\nSELECT * {}")
    assert "PREFIX gb: <https://" not in text and "PREFIX skos: <http" in text
    assert text.endswith("PREFIX gb: <x:>\nSELECT * {}")


# -- formats and notebooks -------------------------------------------------------------------

def test_formats(tiny):
    result = run_canned([tiny], "co-mentioned-with")
    table = format_result(result, "table")
    lines = table.splitlines()
    assert lines[0].split() == ["other", "other_label", "weight", "reports"]
    assert "United States" in lines[2] and lines[2].split()[-2:] == ["2", "1"]
    assert lines[-1] == "(2 rows)"
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0] == "other,other_label,weight,reports"
    assert csv_text.splitlines()[1].endswith(",United States,2,1")
    records = json.loads(format_result(result, "json"))
    assert records[0] == {"other": "https://example.org/id/entity/usa",
                          "other_label": "United States", "weight": 2, "reports": 1}
    with pytest.raises(GraphbuildError, match="unknown format 'xml'"):
        format_result(result, "xml")


def test_table_cuts_long_cells_and_flattens_line_breaks():
    from graphbuild.sparql import QueryResult

    table = format_result(QueryResult(["text"], [("a\nb " + "x" * 100,)]), max_width=10)
    assert table.splitlines()[2] == "a b xxxxx…"


def test_query_returns_a_dataframe_by_name_or_text(tiny):
    pytest.importorskip("pandas")
    frame = query("co-mentioned-with", tiny, actor="Canada")
    assert list(frame.columns) == ["other", "other_label", "weight", "reports"]
    assert frame["other_label"].tolist() == ["Mexico"]
    empty = query("SELECT ?s WHERE { ?s a gb:Nothing }", load_graph(tiny))
    assert list(empty.columns) == ["s"] and len(empty) == 0


def test_importing_query_and_serve_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, graphbuild.sparql, graphbuild.serve\n"
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pandas', 'spacy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _readme_queries() -> list[str]:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, re.S)
    return [q.strip() for block in blocks for q in block.split("\n\n") if q.strip()]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_readme_queries_answer_on_the_bundled_report(bundled_ttl, engine):
    queries = _readme_queries()
    assert len(queries) >= 3
    for sparql in queries:
        assert run_query([bundled_ttl], sparql, engine=engine).rows, sparql.splitlines()[0]
