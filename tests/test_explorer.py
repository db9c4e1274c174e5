"""Tests of graphbuild.explorer: the self-contained HTML page (without a browser)."""

from __future__ import annotations

import json
import re

import pytest

from test_project import small_graph


def _page(**options) -> str:
    from graphbuild.explorer import to_html
    from graphbuild.project import to_networkx

    return to_html(to_networkx(small_graph()), title=options.pop("title", "Tiny <report>"),
                   **options)


def _data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_page_is_self_contained():
    page = _page()
    assert not re.search(r"<script[^>]+\bsrc=", page)
    assert not re.search(r"<link[^>]+\bhref=", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()
    assert "vis.Network" in page


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
                                     "</script><b>", "Water <b>and</b> peace"])
def test_report_text_never_reaches_the_page_as_markup(hostile):
    page = _page()
    assert hostile not in page
    assert "&lt;report&gt;" in page and "<title>Tiny &lt;report&gt;</title>" in page


def test_data_carries_the_evidence_and_the_layout():
    data = _data(_page())
    nodes = {n["id"]: n for n in data["nodes"]}
    peru = nodes["https://example.org/id/entity/peru"]
    assert peru["wikidata"] == "Q419" and peru["aliases"] == ["Peruvian"]
    assert peru["evidence"][0]["notes"][0]["works"][0]["url"] == "https://example.org/water"
    assert all(isinstance(n["x"], float) for n in data["nodes"])
    assert {t["type"] for t in data["legend"]} == {"Country", "Issue", "Person", "TradeAgreement"}
    assert data["issues"] == ["Water"] and data["sizedBy"] == "mentions"


def test_same_graph_gives_same_bytes():
    assert _page() == _page()


def test_focus_by_alias_and_unknown_focus():
    from graphbuild.errors import GraphbuildError

    data = _data(_page(focus="Peruvian", hops=2))
    assert data["focus"] == "https://example.org/id/entity/peru" and data["hops"] == 2
    with pytest.raises(GraphbuildError):
        _page(focus="Atlantis")


def test_placeholder_in_report_text_is_not_expanded():
    page = _page(title="@@DATA@@ and @@APP@@")
    assert page.count('id="graph-data"') == 1
    assert "<title>@@DATA@@ and @@APP@@</title>" in page


def test_empty_graph_gives_a_page():
    import networkx as nx

    from graphbuild.explorer import to_html

    assert "<title>empty</title>" in to_html(nx.MultiDiGraph(), title="empty")
