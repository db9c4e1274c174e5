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
