"""The committed graph in data/graph/ is what the default build makes today."""

from rdflib import Graph
from rdflib.compare import isomorphic

from graphbuild.build import render_outputs

from conftest import BUNDLED, REPO


def test_committed_turtle_is_not_stale(bundled_build):
    committed = REPO / "data" / "graph" / f"{BUNDLED.stem}.ttl"
    assert committed.exists(), "run: graphbuild build (writes data/graph/)"
    fresh = Graph().parse(data=render_outputs(bundled_build)[f"{BUNDLED.stem}.ttl"], format="turtle")
    assert isomorphic(Graph().parse(committed), fresh), (
        "data/graph/ is stale: rebuild it with `graphbuild build` and commit the result")


def test_build_report_lists_counts(bundled_build):
    import json
    data = json.loads(render_outputs(bundled_build)["build-report.json"])
    counts = data["reports"][0]["counts"]
    assert counts["endnotes"] == 127 and counts["sections"] == 11
    # The warnings, checked by hand: the contact line after the last note is dropped, and
    # note 41 prints (08/27/28), a date after the report.
    assert [(w["code"], w["line"]) for w in data["reports"][0]["warnings"]] == [
        ("trailing-boilerplate", 436), ("date-after-report", 294)]


def test_default_outputs_are_turtle_html_graphml_and_tables(bundled_build):
    """What the README promises a build writes, each readable by the tool it is for."""
    import csv
    import io

    import networkx as nx

    outputs = render_outputs(bundled_build)
    stem = BUNDLED.stem
    assert set(outputs) == {f"{stem}.ttl", f"{stem}.html", f"{stem}.graphml",
                            f"{stem}.entities.csv", f"{stem}.relations.csv",
                            f"{stem}.sources.csv", "build-report.json"}
    graph = nx.read_graphml(io.BytesIO(outputs[f"{stem}.graphml"]))
    labels = {data.get("label") for _, data in graph.nodes(data=True)}
    assert {"Mexico", "Canada"} <= labels
    entities = list(csv.DictReader(io.StringIO(outputs[f"{stem}.entities.csv"].decode("utf-8"))))
    assert len(entities) == graph.number_of_nodes()
    sources = list(csv.DictReader(io.StringIO(outputs[f"{stem}.sources.csv"].decode("utf-8"))))
    assert sources


def test_long_lived_heap_gives_the_objects_back_to_the_collector():
    """A notebook that builds again must find its garbage collector as it left it."""
    import gc

    import pytest

    from graphbuild.build import long_lived_heap

    with long_lived_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), long_lived_heap():
        raise ValueError("a stage failed")
    assert gc.get_freeze_count() == 0


def test_render_outputs_leaves_nothing_frozen(bundled_build):
    import gc

    render_outputs(bundled_build)
    assert gc.get_freeze_count() == 0


def test_hints_name_the_likely_cause_of_a_recurring_problem():
    from graphbuild.build import hints
    from graphbuild.structure import structure

    def hint(text):
        return hints([structure(text, "r.txt", "0")], {"r.txt": "in/r.txt"})

    uncited = hint("Title\n\nIt grew.1 It fell.2 Then it rose.\n\nNotes\n\n1. One.\n2. Two.\n")
    assert uncited == ["in/r.txt: none of the 2 endnotes is cited, yet the text has 2 numbers "
                       "where markers would stand, such as '1' at line 3; markers are read as "
                       "\u00b9, ^{1}, <sup>1</sup>, [^1], [Footnote 1] or a bracketed number the "
                       "notes have"]
    (unread,) = hint("Title\n\nIt grew.\u00b9\n\nFootnotes\n\nNote one: a source.\n")
    assert "the section 'Footnotes' at line 5 looks like the endnote block" in unread
    (no_block,) = hint("Title\n\nIt grew.\u00b9 It fell.\u00b2\n")
    assert "2 citation markers but no endnote block" in no_block
    (page_foot,) = hint("Title\n\nIt grew in\nspring.1 It fell.2 Then it rose.3 That was all.\n\n"
                        "1 El Financiero, 2020.\n")
    assert "no endnote block, yet the text has 3 numbers" in page_foot
    assert "'1' at line 4" in page_foot and "foot of each page" in page_foot
    assert hint("Title\n\nIt grew.[1]\n\nNotes\n\n[1] One.\n") == []
    assert hint("Title\n\nIn 2019 it grew by 3 percent.\n") == []
