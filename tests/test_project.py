"""Tests of graphbuild.project: the RDF → NetworkX projection and its analysis helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "raw" / "rebuilding-a-complex-partnership-us-mexico-canada-2021.txt"

#: A tiny graph in the shape the entity and sources stages write, with hostile text.
SMALL_TTL = """
@prefix gb: <https://w3id.org/graphbuild/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix issue: <https://w3id.org/graphbuild/issue/> .
@prefix r: <https://example.org/id/report/tiny/> .
@prefix e: <https://example.org/id/entity/> .

r:sentence\\/0 a gb:Sentence ; gb:inReport <https://example.org/id/report/tiny> ; gb:index "0"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Peru and Chile signed the Andean Water Accord." ; gb:citesNote r:note\\/1 ;
    gb:discusses issue:water .
r:sentence\\/1 a gb:Sentence ; gb:inReport <https://example.org/id/report/tiny> ; gb:index "1"^^xsd:nonNegativeInteger ;
    nif:anchorOf "<script>alert(1)</script> praised Peru." .
r:note\\/1 a gb:Endnote ; gb:noteNumber "1"^^xsd:nonNegativeInteger ; rdfs:label "Note 1" ;
    cito:cites <https://example.org/id/work/w1> .
<https://example.org/id/work/w1> a gb:Work ; rdfs:label "Water <b>and</b> peace" ; dcterms:title "Water <b>and</b> peace" ;
    schema:url "https://example.org/water"^^xsd:anyURI .
e:peru a gb:Country, schema:Country ; rdfs:label "Peru" ; skos:prefLabel "Peru" ; skos:altLabel "Peruvian" ;
    owl:sameAs <http://www.wikidata.org/entity/Q419> ; gb:mentionCount "2"^^xsd:nonNegativeInteger ;
    gb:mentionedIn r:sentence\\/0, r:sentence\\/1 .
e:chile a gb:Country ; rdfs:label "Chile" ; skos:prefLabel "Chile" ; gb:mentionCount "1"^^xsd:nonNegativeInteger ;
    gb:mentionedIn r:sentence\\/0 .
e:accord a gb:TradeAgreement ; rdfs:label "Andean Water Accord" ; skos:prefLabel "Andean Water Accord" ;
    gb:mentionCount "1"^^xsd:nonNegativeInteger ; gb:mentionedIn r:sentence\\/0 .
e:xss a gb:Person ; rdfs:label "<img src=x onerror=alert(1)>" ; skos:prefLabel "<img src=x onerror=alert(1)>" ;
    gb:mentionCount "1"^^xsd:nonNegativeInteger ; gb:mentionedIn r:sentence\\/1 .
e:author a gb:Person ; rdfs:label "Unmentioned Author" .
issue:water a gb:Issue, skos:Concept ; rdfs:label "Water" ; skos:prefLabel "Water" .
e:peru gb:partyTo e:accord ; gb:coMentionedWith e:chile .
e:chile gb:partyTo e:accord .
r:statement\\/a a gb:Statement ; gb:subject e:peru ; gb:predicate gb:partyTo ; gb:object e:accord ;
    gb:evidence r:sentence\\/0 ; gb:rule "test.v1" ; gb:confidence "0.9"^^xsd:decimal .
r:statement\\/b a gb:Statement ; gb:subject e:peru ; gb:predicate gb:coMentionedWith ; gb:object e:chile ;
    gb:evidence r:sentence\\/0 ; gb:weight "3"^^xsd:nonNegativeInteger .
"""


def small_graph() -> Graph:
    return Graph().parse(data=SMALL_TTL, format="turtle")


@pytest.fixture(scope="module")
def foundation_graph():
    """The bundled report's document structure (sections, sentences, notes; no entities)."""
    from graphbuild.ids import Ids
    from graphbuild.ingest import read_report
    from graphbuild.nlp import load_pipeline, segment
    from graphbuild.rdf import BuildInfo, to_rdf
    from graphbuild.settings import Settings
    from graphbuild.structure import structure

    source = read_report(BUNDLED)
    report = structure(source.text, source.file_name, source.sha256)
    segment([report], load_pipeline(Settings()))
    ids = Ids()
    dataset = to_rdf([report], ids, BuildInfo("en_core_web_sm", "3.8.0"))
    return dataset.graph(ids.graph(ids.report(report.stem)))


def test_entities_become_nodes_with_attributes():
    from graphbuild.project import to_networkx

    nxg = to_networkx(small_graph())
    peru = nxg.nodes["https://example.org/id/entity/peru"]
    assert nxg.graph["mode"] == "entities"
    assert peru["label"] == "Peru" and peru["type"] == "Country"
    assert peru["aliases"] == ["Peruvian"] and peru["wikidata"] == "Q419"
    assert peru["mentions"] == 2 and peru["issues"] == ["Water"]
    first = peru["evidence"][0]
    assert first["text"].startswith("Peru and Chile")
    assert first["notes"] == [{"number": 1, "works": [
        {"title": "Water <b>and</b> peace", "url": "https://example.org/water"}]}]


def test_unmentioned_person_is_not_an_entity():
    from graphbuild.project import to_networkx

    assert "https://example.org/id/entity/author" not in to_networkx(small_graph())


def test_relations_become_edges_keyed_by_predicate_with_evidence_and_weight():
    from graphbuild.project import to_networkx

    nxg = to_networkx(small_graph())
    peru, accord = "https://example.org/id/entity/peru", "https://example.org/id/entity/accord"
    edge = nxg.edges[peru, accord, "partyTo"]
    assert edge["confidence"] == pytest.approx(0.9) and edge["rules"] == ["test.v1"]
    assert edge["evidence"][0]["sentence"].endswith("sentence/0")
    assert nxg.edges[peru, "https://example.org/id/entity/chile", "coMentionedWith"]["weight"] == 3


def test_rdf_and_projection_agree():
    from graphbuild.project import to_networkx

    graph = small_graph()
    nxg = to_networkx(graph)
    entities = graph.query("""
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          { ?e a ?t ; gb:mentionCount ?c .
            FILTER(STRSTARTS(STR(?t), STR(gb:)) && ?t NOT IN (gb:Issue, gb:Recommendation)) }
          UNION { ?e a gb:Issue } UNION { ?e a gb:Recommendation } }""")
    relations = graph.query("""
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(*) AS ?n) WHERE {
          VALUES ?p { gb:leaderOf gb:partyTo gb:memberOf gb:partOf gb:established gb:replaced
                      gb:concerns gb:cooperatesWith gb:tensionWith gb:coMentionedWith
                      gb:addressedTo skos:broader }
          ?s ?p ?o . ?s gb:mentionCount ?a . ?o gb:mentionCount ?b }""")
    assert nxg.number_of_nodes() == int(next(iter(entities))[0])
    assert nxg.number_of_edges() == int(next(iter(relations))[0])


def test_foundation_graph_projects_sections_and_notes(foundation_graph):
    from graphbuild.project import to_networkx
    from graphbuild.vocab import GB, RDF

    nxg = to_networkx(foundation_graph)
    assert nxg.graph["mode"] == "structure"
    types = {d["type"] for _, d in nxg.nodes(data=True)}
    assert types == {"Section", "Endnote"}
    sections = len(set(foundation_graph.subjects(RDF.type, GB.Section)))
    notes = len(set(foundation_graph.subjects(RDF.type, GB.Endnote)))
    assert nxg.number_of_nodes() == sections + notes
    citing = {(s, n) for s, n in foundation_graph.subject_objects(GB.citesNote)}
    assert sum(d["weight"] for *_, d in nxg.edges(data=True)) == len(citing)


def test_include_structure_adds_sections_and_mentioned_in_edges():
    from graphbuild.project import to_networkx

    nxg = to_networkx(small_graph(), include_structure=True)
    assert nxg.graph["mode"] == "entities+structure"
    assert "https://example.org/id/work/w1" in nxg


def test_projection_is_deterministic():
    from graphbuild.project import to_networkx

    first, second = to_networkx(small_graph()), to_networkx(small_graph())
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


def test_centrality_communities_and_ego():
    from graphbuild.errors import GraphbuildError
    from graphbuild.project import centrality, communities, ego, to_networkx

    nxg = to_networkx(small_graph())
    scores = centrality(nxg)
    assert scores["https://example.org/id/entity/peru"] == max(scores.values())
    assert scores["https://example.org/id/entity/xss"] == 0.0
    assert list(scores) == list(centrality(nxg))
    assert set(centrality(nxg, "pagerank")) == set(nxg)
    groups = communities(nxg)
    assert sorted(n for g in groups for n in g) == sorted(nxg) and groups == communities(nxg)
    around = ego(nxg, "peruvian", hops=1)
    assert "https://example.org/id/entity/accord" in around
    assert "https://example.org/id/entity/xss" not in around
    with pytest.raises(GraphbuildError, match="no node is named"):
        ego(nxg, "Atlantis")


def _star(leaves: int) -> "nx.MultiDiGraph":
    import networkx as nx

    nxg = nx.MultiDiGraph()
    for k in range(leaves):
        nxg.add_edge("hub", f"leaf {k}", key="partyTo", weight=1)
    nxg.add_node("alone")
    return nxg


def test_pagerank_and_eigenvector_centrality_need_no_scipy(monkeypatch):
    import math
    import sys

    from graphbuild.project import centrality

    monkeypatch.setitem(sys.modules, "scipy", None)
    leaves, alpha = 5, 0.85
    nodes = leaves + 2  # the hub, its leaves and a node with no edge
    rank = centrality(_star(leaves), "pagerank")
    # a walk from the lone node restarts anywhere: solve the star's two equations
    restart = (1 - alpha) / nodes + alpha * rank["alone"] / nodes
    hub = (restart + alpha * leaves * restart) / (1 - alpha ** 2)
    assert rank["hub"] == pytest.approx(hub, rel=1e-6)
    assert rank["leaf 0"] == pytest.approx(restart + alpha * hub / leaves, rel=1e-6)
    assert sum(rank.values()) == pytest.approx(1.0)
    eigen = centrality(_star(leaves), "eigenvector")
    # the star's leading eigenvector: the hub sqrt(leaves) times each leaf, unit length
    assert eigen["hub"] == pytest.approx(1 / math.sqrt(2), rel=1e-6)
    assert eigen["leaf 3"] == pytest.approx(1 / math.sqrt(2 * leaves), rel=1e-6)
    assert eigen["alone"] == pytest.approx(0.0, abs=1e-6)


def test_mentions_over_several_reports_add_up(tmp_path, nlp):
    """Two reports that each name Chile twice: the merged graph holds one
    ``gb:mentionCount 2`` triple, yet Chile has four mentions."""
    from rdflib import Graph as RdfGraph

    from graphbuild.build import build_graph
    from graphbuild.project import to_networkx

    for name in ("first", "second"):
        (tmp_path / f"{name}.txt").write_text(
            f"A {name} report\n\nChile and Peru met. Chile signed the plan.\n", "utf-8")
    result = build_graph([tmp_path], nlp=nlp)
    merged = RdfGraph()
    for report in result.reports:
        merged += result.graph(report)
    chile = next(data for _, data in to_networkx(merged).nodes(data=True)
                 if data.get("label") == "Chile")
    assert chile["mentions"] == 4
