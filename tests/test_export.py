"""Tests of graphbuild.export: every format deterministic and readable back."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from test_project import small_graph


def _dataset() -> Dataset:
    dataset = Dataset()
    named = dataset.graph(URIRef("https://example.org/id/report/tiny/graph"))
    for triple in small_graph():
        named.add(triple)
    return dataset


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "n-triples", "trig", "n-quads",
                                 "graphml", "gexf"])
def test_every_format_is_deterministic(fmt):
    from graphbuild.export import export

    assert export(small_graph(), fmt) == export(small_graph(), fmt)
    assert export(_dataset(), fmt) == export(_dataset(), fmt)


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("json-ld", "json-ld"),
                                         ("n-triples", "nt")])
def test_rdf_formats_round_trip(fmt, parser):
    from graphbuild.export import export

    graph = small_graph()
    assert Graph().parse(data=export(graph, fmt), format=parser).isomorphic(graph)


def test_json_ld_context_holds_the_prefixes():
    import json

    from graphbuild.export import export
    from graphbuild.vocab import PREFIXES

    document = json.loads(export(small_graph(), "json-ld"))
    assert document["@context"] == {p: str(ns) for p, ns in PREFIXES.items()}


def test_trig_has_one_named_graph_per_report():
    from graphbuild.export import export

    dataset = Dataset()
    dataset.parse(data=export(_dataset(), "trig"), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://example.org/id/report/tiny/graph"}


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_read_back_with_types_labels_and_weights(fmt, reader):
    from graphbuild.export import export
    from graphbuild.project import to_networkx

    data = export(small_graph(), fmt)
    assert b"lastmodifieddate" not in data
    back = reader(io.BytesIO(data))
    projection = to_networkx(small_graph())
    assert back.number_of_nodes() == projection.number_of_nodes()
    assert back.number_of_edges() == projection.number_of_edges()
    peru = back.nodes["https://example.org/id/entity/peru"]
    assert peru["label"] == "Peru" and peru["type"] == "Country" and "Country" in peru["types"]
    weights = sorted(float(d["weight"]) for *_, d in back.edges(data=True))
    assert weights == sorted(float(d["weight"]) for *_, d in projection.edges(data=True))
    # a relation found by a rule keeps its confidence; a co-mention has none, not 0
    confidences = {d["predicate"]: d.get("confidence") for *_, d in back.edges(data=True)
                   if d["predicate"] != "partyTo" or d.get("confidence") is not None}
    assert confidences == {"partyTo": pytest.approx(0.9), "coMentionedWith": None}
    assert "wikidata" not in back.nodes["https://example.org/id/entity/chile"]


def test_csv_tables():
    from graphbuild.export import export

    tables = export(small_graph(), "csv")
    assert sorted(tables) == ["entities.csv", "relations.csv", "sources.csv"]
    relations = list(csv.DictReader(io.StringIO(tables["relations.csv"].decode("utf-8"))))
    party = [r for r in relations if r["predicate"] == "partyTo" and r["source_label"] == "Peru"]
    assert party[0]["evidence_text"].startswith("Peru and Chile") and party[0]["notes"] == "1"
    sources = list(csv.DictReader(io.StringIO(tables["sources.csv"].decode("utf-8"))))
    assert sources[0]["url"] == "https://example.org/water" and sources[0]["notes"] == "1"


def test_unknown_format_is_an_error():
    from graphbuild.errors import GraphbuildError
    from graphbuild.export import export

    with pytest.raises(GraphbuildError, match="unknown export format 'xml'"):
        export(small_graph(), "xml")


def test_graphml_is_the_document_networkx_would_write():
    """The GraphML writer is ours for speed; its bytes are those of networkx's writer,
    text that needs escaping included."""
    import io

    from graphbuild.export import _uniform, flatten, to_graphml

    nxg = nx.MultiDiGraph()
    nxg.add_node("a", label='Quote " & <tag>\nnew line é', mentions=3, aliases=["x", "y"])
    nxg.add_node("b", label="B", mentions=1, aliases=[])
    nxg.add_edge("a", "b", key="partyTo", weight=2, confidence=0.85, evidence=[{"text": "<i>"}])
    nxg.add_edge("b", "a", key="coMentionedWith", weight=1)
    flat = flatten(nxg)
    _uniform(flat)
    flat.graph.clear()
    expected = io.BytesIO()
    nx.write_graphml(flat, expected, encoding="utf-8", prettyprint=True, named_key_ids=True)
    assert to_graphml(nxg) == expected.getvalue()
