"""Tests of graphbuild.explorer: the self-contained HTML page (without a browser)."""

from __future__ import annotations

import json
import math
import re
import sys

import networkx as nx
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
    first = data["sentences"][peru["evidence"][0]]
    assert first["notes"][0]["works"][0]["url"] == "https://example.org/water"
    assert all(isinstance(n["x"], float) for n in data["nodes"])
    assert {t["type"] for t in data["legend"]} == {"Country", "Issue", "Person", "TradeAgreement"}
    assert data["issues"] == ["Water"] and data["sizedBy"] == "mentions"


def test_each_evidence_sentence_is_written_once():
    data = _data(_page())
    cited = [i for item in data["nodes"] + data["edges"] for i in item["evidence"]]
    assert sorted(set(cited)) == list(range(len(data["sentences"])))
    keys = [s["sentence"] for s in data["sentences"]]
    assert len(keys) == len(set(keys)) and len(cited) > len(keys)


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


def _projection(edges: list[tuple[str, str, str]], isolated: int = 0,
                mentions: dict[str, int] | None = None) -> nx.MultiDiGraph:
    """A projection-shaped graph: ``(source, predicate, target)`` edges, plus isolated nodes."""
    nxg = nx.MultiDiGraph(mode="entities")
    names = sorted({n for s, _, t in edges for n in (s, t)}
                   | {f"isolated {k}" for k in range(isolated)})
    for name in names:
        nxg.add_node(name, label=name, type="Country", types=["Country"], aliases=[],
                     wikidata=None, mentions=(mentions or {}).get(name, 1), issues=[],
                     evidence=[])
    for source, predicate, target in edges:
        nxg.add_edge(source, target, key=predicate, predicate=predicate, weight=1,
                     confidence=None, rules=[], evidence=[])
    return nxg


def _hub(leaves: int = 40) -> nx.MultiDiGraph:
    """A hub tied to many leaves by typed relations, the leaves co-mentioned in a ring."""
    edges = [("hub", "partyTo", f"leaf {k:02d}") for k in range(leaves)]
    edges += [(f"leaf {k:02d}", "coMentionedWith", f"leaf {(k + 1) % leaves:02d}")
              for k in range(leaves)]
    return _projection(edges, isolated=3, mentions={"hub": 60})


def _positions(data: dict) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}


def test_isolated_nodes_sit_beside_the_main_component_not_far_off():
    from graphbuild.explorer import page_data

    data = page_data(_hub())
    at = _positions(data)
    main = [xy for node, xy in at.items() if not node.startswith("isolated")]
    left, right = min(x for x, _ in main), max(x for x, _ in main)
    top, bottom = min(y for _, y in main), max(y for _, y in main)
    reach = 0.5 * max(right - left, bottom - top)
    for node in ("isolated 0", "isolated 1", "isolated 2"):
        x, y = at[node]
        assert left - reach <= x <= right + reach and top - reach <= y <= bottom + reach, node
    # a tidy column: one x for all of them
    assert len({at[f"isolated {k}"][0] for k in range(3)}) == 1


def test_no_two_nodes_coincide_or_overlap():
    from graphbuild.explorer import _REACH, page_data

    data = page_data(_hub())
    nodes = data["nodes"]
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            reach = a["size"] * _REACH.get(a["shape"], 1) + b["size"] * _REACH.get(b["shape"], 1)
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= reach - 0.2, (a["id"], b["id"])


def test_typed_relations_are_drawn_shorter_than_co_mentions():
    from graphbuild.explorer import page_data

    at = _positions(page_data(_projection([("a", "partyTo", "b"), ("b", "coMentionedWith", "c"),
                                           ("c", "leaderOf", "d")])))
    assert math.dist(at["b"], at["c"]) > 1.5 * math.dist(at["a"], at["b"])


def test_co_mentions_are_faint_and_symmetric_relations_have_no_arrow():
    from graphbuild.explorer import page_data

    data = page_data(_projection([("a", "partyTo", "b"), ("a", "coMentionedWith", "b"),
                                  ("b", "cooperatesWith", "c")]))
    style = {e["predicate"]: (e["faint"], e["arrow"]) for e in data["edges"]}
    assert style == {"partyTo": (False, True), "coMentionedWith": (True, False),
                     "cooperatesWith": (False, False)}
    assert 'id="faint"' in _page()


def test_largest_node_is_labelled_for_the_first_view_and_leaves_wait_for_a_zoom():
    from graphbuild.explorer import page_data

    data = page_data(_hub(60))
    fonts = {n["id"]: n["font"] for n in data["nodes"]}
    assert fonts["hub"] == data["labelFont"]
    # the tiers below the first are smaller than the page's threshold at the first view
    assert min(fonts.values()) < data["labelFont"]
    left, top, right, bottom = data["view"]
    assert all(left <= n["x"] <= right and top <= n["y"] <= bottom for n in data["nodes"])


def test_first_view_labels_do_not_overlap():
    from graphbuild.explorer import CHAR_WIDTH, page_data

    data = page_data(_hub(60))
    boxes = []
    for n in data["nodes"]:
        if n["font"] != data["labelFont"]:
            continue
        half = CHAR_WIDTH * n["font"] * len(n["label"]) / 2
        top = n["y"] + n["size"] + 0.5 * n["font"] + 4 + n["vadjust"]
        boxes.append((n["x"] - half, top, n["x"] + half, top + n["font"]))
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_large_component_is_laid_out_with_pivots_deterministically_and_without_scipy(monkeypatch):
    import random

    from graphbuild import explorer

    rng = random.Random(3)
    names = [f"n{k:04d}" for k in range(explorer.DENSE_LAYOUT + 100)]
    edges = [(names[k], "partyTo", names[k + 1]) for k in range(len(names) - 1)]
    edges += [(a, "coMentionedWith", b) for a, b in (rng.sample(names, 2) for _ in range(600))]
    nxg = _projection(edges)
    monkeypatch.setitem(sys.modules, "scipy", None)  # numpy is all the layout needs
    first, second = explorer.page_data(nxg), explorer.page_data(nxg)
    assert first == second
    at = _positions(first)
    assert len(set(at.values())) == len(names)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in at.values())
