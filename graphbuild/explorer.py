"""Explorer: a projection (:func:`graphbuild.project.to_networkx`) → one interactive HTML page.

The page draws the graph with vis-network, the library pyvis bundles (read from pyvis's
package folder and inlined), and adds what a reader of a report needs: colour and shape by
type with a legend whose checkboxes filter the types, a filter by issue, a search by name or
alias, a click that opens a side panel (label, type, aliases, Wikidata link, the evidence
sentences with their note numbers and the titles and links of the notes' sources), and a
double click (or ``focus=``) that shows one node's neighbourhood only.

The page is self-contained: no ``<script src>``, no ``<link href>``, nothing fetched, so it
opens from disk with no network. It is safe for any report text: the graph travels as JSON
in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the
page script writes text with ``textContent`` only, never as HTML; links are made only for
``http(s)`` URLs. The layout is computed here (Kamada-Kawai for small graphs, a seeded spring
layout otherwise) and physics is off, so a large graph is drawn at once and the same graph
always gives the same bytes.

Not supported: editing, saving positions, or drawing graphs with over ~20,000 nodes smoothly.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

#: Colour and vis-network shape per node type; other types take colours from ``_PALETTE``.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "Country": ("#4e79a7", "square"),
    "SubnationalRegion": ("#76b7b2", "square"),
    "Region": ("#59a14f", "square"),
    "GovernmentAgency": ("#f28e2b", "diamond"),
    "Administration": ("#ff9d9a", "diamond"),
    "Legislature": ("#9c755f", "diamond"),
    "InternationalOrganization": ("#b07aa1", "diamond"),
    "Organization": ("#bab0ac", "diamond"),
    "ThinkTank": ("#d37295", "diamond"),
    "NGO": ("#a0cbe8", "diamond"),
    "University": ("#8cd17d", "diamond"),
    "Company": ("#86bcb6", "diamond"),
    "Group": ("#f1ce63", "dot"),
    "Agreement": ("#edc948", "triangle"),
    "TradeAgreement": ("#edc948", "triangle"),
    "Treaty": ("#d4a6c8", "triangle"),
    "ActionPlan": ("#fabfd2", "triangle"),
    "Initiative": ("#b6992d", "triangle"),
    "Partnership": ("#499894", "triangle"),
    "Program": ("#d7b5a6", "triangle"),
    "DialogueMechanism": ("#79706e", "triangle"),
    "Law": ("#9d7660", "triangleDown"),
    "Policy": ("#d37295", "triangleDown"),
    "Event": ("#ff9d9a", "star"),
    "Summit": ("#e15759", "star"),
    "Issue": ("#59a14f", "hexagon"),
    "Recommendation": ("#4e79a7", "star"),
    "Section": ("#4e79a7", "square"),
    "Endnote": ("#f28e2b", "dot"),
    "Work": ("#59a14f", "triangle"),
}
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf")
_SYMBOL = {"dot": "●", "square": "■", "diamond": "◆", "triangle": "▲", "triangleDown": "▼",
           "star": "★", "hexagon": "⬢"}
#: Beyond this many nodes the spring layout replaces Kamada-Kawai (quadratic memory).
SMALL_GRAPH = 150
#: Labels longer than this are shortened on the canvas (the panel shows them whole).
LABEL_WIDTH = 40


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    """vis-network's standalone build as pyvis ships it (found without importing pyvis)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        from .errors import GraphbuildError
        raise GraphbuildError("pyvis is not installed; it provides the vis-network library "
                              "the HTML page inlines (pip install pyvis==0.3.2)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment, whatever the text."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _layout(nxg: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Fixed positions in pixels, from a seeded layout of the undirected graph."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in nxg.edges() if u != v))
    if not len(simple):
        return {}
    if len(simple) == 1:
        return {next(iter(simple)): (0.0, 0.0)}
    if len(simple) <= SMALL_GRAPH:
        positions = nx.kamada_kawai_layout(simple)
    else:
        # networkx's spring layout costs about 0.1 s per iteration at 2,000 nodes: fewer
        # iterations on large graphs keep the page quick to build, at some cost in tidiness
        iterations = max(10, min(50, 25_000 // len(simple)))
        positions = nx.spring_layout(simple, seed=42, iterations=iterations)
    scale = 120.0 * math.sqrt(len(simple))
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for node, (x, y) in positions.items()}


def _style(types: list[str]) -> dict[str, tuple[str, str]]:
    styles = {}
    spare = 0
    for name in types:
        if name in TYPE_STYLE:
            styles[name] = TYPE_STYLE[name]
        else:
            styles[name] = (_PALETTE[spare % len(_PALETTE)], "dot")
            spare += 1
    return styles


def _short(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[:LABEL_WIDTH - 1].rstrip() + "…"


def page_data(nxg: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 1) -> dict[str, Any]:
    """The JSON the page script reads: nodes, edges, types with their style, issues, focus.

    Raises
    ------
    GraphbuildError
        When ``focus`` names no node.
    """
    from .project import find_node

    types = sorted({str(d.get("type", "Thing")) for _, d in nxg.nodes(data=True)})
    styles = _style(types)
    positions = _layout(nxg)
    degree = dict(nxg.degree())
    by_mentions = any((d.get("mentions") or 0) > 0 for _, d in nxg.nodes(data=True))
    nodes = []
    for node, data in sorted(nxg.nodes(data=True)):
        label = str(data.get("label", node))
        node_type = str(data.get("type", "Thing"))
        colour, shape = styles[node_type]
        x, y = positions.get(node, (0.0, 0.0))
        record = {
            "id": node, "label": _short(label), "fullLabel": label, "type": node_type,
            "types": list(data.get("types", [])), "aliases": list(data.get("aliases", [])),
            "wikidata": data.get("wikidata"), "mentions": data.get("mentions"),
            "issues": list(data.get("issues", [])), "evidence": data.get("evidence", []),
            "degree": degree.get(node, 0), "x": x, "y": y,
            "value": (data.get("mentions") or 0) if by_mentions else degree.get(node, 0),
            "color": colour, "shape": shape,
            "title": f"{label} ({node_type})",
        }
        for extra in ("number", "text", "works", "url", "date", "report"):
            if data.get(extra) is not None:
                record[extra] = data[extra]
        nodes.append(record)
    edges = []
    ordered = sorted(nxg.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    parallel: dict[frozenset[str], int] = {}
    for number, (source, target, key, data) in enumerate(ordered):
        pair = frozenset((source, target))
        rank = parallel.get(pair, 0)
        parallel[pair] = rank + 1
        predicate = str(data.get("predicate", key))
        edges.append({
            "id": f"e{number}", "from": source, "to": target, "predicate": predicate,
            "weight": data.get("weight", 1), "confidence": data.get("confidence"),
            "rules": list(data.get("rules", [])), "evidence": data.get("evidence", []),
            "title": f"{predicate} (weight {data.get('weight', 1)})",
            # parallel edges bend apart so each stays visible and clickable
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2 * rank}
            if rank else False,
        })
    issues = sorted({issue for _, d in nxg.nodes(data=True) for issue in d.get("issues", [])})
    legend = [{"type": t, "color": styles[t][0], "shape": styles[t][1],
               "symbol": _SYMBOL.get(styles[t][1], "●"),
               "count": sum(1 for n in nodes if n["type"] == t)} for t in types]
    focus_id = find_node(nxg, focus) if focus else None
    return {"nodes": nodes, "edges": edges, "legend": legend, "issues": issues,
            "focus": focus_id, "hops": max(0, int(hops)), "sizedBy": "mentions" if by_mentions
            else "degree"}


def to_html(nxg: nx.MultiDiGraph, *, title: str, focus: str | None = None, hops: int = 1) -> str:
    """A self-contained interactive HTML page of a projection.

    Parameters
    ----------
    nxg : networkx.MultiDiGraph
        A projection from :func:`graphbuild.project.to_networkx` (any MultiDiGraph whose nodes
        carry ``label`` and ``type`` works).
    title : str
        The page's title and heading (escaped).
    focus : str, optional
        Label, alias or IRI of a node: the page opens showing its neighbourhood only.
    hops : int
        Radius of that neighbourhood (and of a double click's).

    Returns
    -------
    str
        The page. The same graph always gives the same text.

    Raises
    ------
    GraphbuildError
        When ``focus`` names no node, or pyvis (which ships vis-network) is missing.

    Examples
    --------
    >>> page = to_html(to_networkx(graph), title="My report")       # doctest: +SKIP
    >>> page = to_html(nxg, title="My report", focus="Mexico", hops=2)  # doctest: +SKIP
    """
    data = page_data(nxg, focus=focus, hops=hops)
    parts = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(f"{len(data['nodes'])} nodes, {len(data['edges'])} edges; "
                               f"size by {data['sizedBy']}"),
        "VIS": _vis_network_js(),
        "DATA": _json_for_script(data),
        "APP": _APP,
    }
    # one pass, so a report text that happens to contain a placeholder is never expanded
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _PAGE)


_PLACEHOLDER = re.compile(r"@@(TITLE|SUMMARY|VIS|DATA|APP)@@")


# The page's own script. It writes report text with textContent only; never innerHTML.
_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var neighbours = {};
  data.nodes.forEach(function (n) { neighbours[n.id] = []; });
  data.edges.forEach(function (e) {
    neighbours[e.from].push(e.to); neighbours[e.to].push(e.from);
  });
  var large = data.nodes.length > 500;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.label, title: n.title, x: n.x, y: n.y, value: n.value,
            shape: n.shape, color: n.color, hidden: false};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {id: e.id, from: e.from, to: e.to, title: e.title, value: e.weight,
            smooth: e.smooth, arrows: "to"};
  }));
  var options = {
    physics: false,
    layout: {improvedLayout: false},
    interaction: {hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large,
                  hideEdgesOnZoom: large, multiselect: false},
    nodes: {font: {size: 14}, scaling: {min: 8, max: 40,
            label: {enabled: true, min: 12, max: 28, drawThreshold: 6}}},
    edges: {color: {color: "#9aa5b1", highlight: "#333333", hover: "#333333"},
            scaling: {min: 1, max: 8, label: {enabled: false}}, selectionWidth: 2}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var state = {types: {}, issue: "", focus: data.focus, hops: data.hops};
  data.legend.forEach(function (t) { state.types[t.type] = true; });

  function within(start, hops) {
    var seen = {}; seen[start] = 0; var frontier = [start];
    for (var d = 0; d < hops; d++) {
      var next = [];
      frontier.forEach(function (id) {
        neighbours[id].forEach(function (m) {
          if (!(m in seen)) { seen[m] = d + 1; next.push(m); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  function apply() {
    var near = state.focus ? within(state.focus, state.hops) : null;
    var changes = [];
    var shown = 0;
    data.nodes.forEach(function (n) {
      var visible = state.types[n.type] &&
        (!state.issue || n.issues.indexOf(state.issue) >= 0) &&
        (!near || n.id in near);
      if (near && n.id === state.focus) { visible = true; }
      if (visible) { shown++; }
      if (nodes.get(n.id).hidden === visible) { changes.push({id: n.id, hidden: !visible}); }
    });
    if (changes.length) { nodes.update(changes); }
    var status = shown + " of " + data.nodes.length + " nodes shown";
    if (state.focus) { status += "; around " + byId[state.focus].fullLabel + " (" + state.hops + " hops)"; }
    document.getElementById("status").textContent = status;
    document.getElementById("show-all").disabled = !state.focus;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      var a = el("a", text || url);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      return a;
    }
    return el("span", text || url || "");
  }
  function field(panel, name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && !value.length)) { return; }
    var row = el("div", null, "field");
    row.appendChild(el("span", name + ": ", "name"));
    if (value instanceof Node) { row.appendChild(value); }
    else { row.appendChild(el("span", Array.isArray(value) ? value.join(", ") : value)); }
    panel.appendChild(row);
  }
  function works(list) {
    var ul = el("ul", null, "works");
    list.forEach(function (w) {
      var li = el("li");
      li.appendChild(w.url ? link(w.url, w.title || w.url) : el("span", w.title));
      ul.appendChild(li);
    });
    return ul;
  }
  function evidence(panel, items) {
    if (!items || !items.length) { return; }
    panel.appendChild(el("h3", "Evidence (" + items.length + " sentence" +
                         (items.length === 1 ? "" : "s") + ")"));
    var list = el("ol", null, "evidence");
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(el("q", item.text));
      item.notes.forEach(function (note) {
        var n = el("div", null, "note");
        n.appendChild(el("span", "Note " + note.number, "name"));
        if (note.works.length) { n.appendChild(works(note.works)); }
        li.appendChild(n);
      });
      list.appendChild(li);
    });
    panel.appendChild(list);
  }
  function showNode(id) {
    var n = byId[id]; var panel = document.getElementById("panel");
    panel.textContent = "";
    panel.appendChild(el("h2", n.fullLabel));
    field(panel, "Type", n.types.length > 1 ? n.types : n.type);
    field(panel, "Also called", n.aliases);
    if (n.wikidata) { field(panel, "Wikidata", link("https://www.wikidata.org/wiki/" + encodeURIComponent(n.wikidata), n.wikidata)); }
    field(panel, "Report", n.report);
    field(panel, "Note", n.number);
    field(panel, "Text", n.text);
    field(panel, "Date", n.date);
    if (n.url) { field(panel, "Link", link(n.url)); }
    field(panel, data.sizedBy === "mentions" ? "Mentions" : "Sentences", n.mentions);
    field(panel, "Connections", n.degree);
    field(panel, "Issues", n.issues);
    if (n.works && n.works.length) { panel.appendChild(el("h3", "Sources")); panel.appendChild(works(n.works)); }
    var button = el("button", "Show only its neighbourhood");
    button.id = "focus-here";
    button.addEventListener("click", function () { focusOn(id); });
    panel.appendChild(button);
    evidence(panel, n.evidence);
    panel.appendChild(el("div", n.id, "iri"));
  }
  function showEdge(id) {
    var e = edgeById[id]; var panel = document.getElementById("panel");
    panel.textContent = "";
    panel.appendChild(el("h2", byId[e.from].fullLabel + " → " + e.predicate + " → " + byId[e.to].fullLabel));
    field(panel, "Weight", e.weight);
    field(panel, "Confidence", e.confidence);
    field(panel, "Found by", e.rules);
    evidence(panel, e.evidence);
  }
  function focusOn(id) {
    state.focus = id;
    state.hops = Math.max(0, parseInt(document.getElementById("hops").value, 10) || 0);
    apply();
    network.fit({nodes: Object.keys(within(id, state.hops)), animation: false});
    network.selectNodes([id]);
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { focusOn(params.nodes[0]); }
  });

  // legend: one checkbox per type
  var legend = document.getElementById("legend");
  data.legend.forEach(function (t) {
    var label = el("label", null, "type");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.value = t.type;
    box.setAttribute("data-type", t.type);
    box.addEventListener("change", function () { state.types[t.type] = box.checked; apply(); });
    var symbol = el("span", t.symbol, "symbol"); symbol.style.color = t.color;
    label.appendChild(box); label.appendChild(symbol);
    label.appendChild(el("span", " " + t.type + " (" + t.count + ")"));
    legend.appendChild(label);
  });

  // issue filter
  var issueSelect = document.getElementById("issue");
  data.issues.forEach(function (issue) {
    var option = el("option", issue); option.value = issue; issueSelect.appendChild(option);
  });
  issueSelect.disabled = !data.issues.length;
  issueSelect.addEventListener("change", function () { state.issue = issueSelect.value; apply(); });

  // search by label or alias
  var names = document.getElementById("names");
  data.nodes.slice().sort(function (a, b) { return a.fullLabel < b.fullLabel ? -1 : a.fullLabel > b.fullLabel ? 1 : 0; })
    .forEach(function (n) { var o = el("option"); o.value = n.fullLabel; names.appendChild(o); });
  function search(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) { return null; }
    var exact = null, partial = null;
    data.nodes.forEach(function (n) {
      var all = [n.fullLabel].concat(n.aliases).map(function (s) { return String(s).toLowerCase(); });
      if (!exact && all.indexOf(q) >= 0) { exact = n.id; }
      if (!partial && all.some(function (s) { return s.indexOf(q) >= 0; })) { partial = n.id; }
    });
    var found = exact || partial;
    var result = document.getElementById("search-result");
    if (!found) { result.textContent = "no match"; return null; }
    result.textContent = "";
    if (nodes.get(found).hidden) {  // a match hidden by a filter is shown with its neighbourhood
      state.types[byId[found].type] = true; state.issue = ""; issueSelect.value = "";
      document.querySelectorAll("#legend input").forEach(function (b) { b.checked = state.types[b.value]; });
      if (state.focus) { state.focus = found; }
      apply();
    }
    network.selectNodes([found]);
    network.focus(found, {scale: 1.0, animation: false});
    showNode(found);
    return found;
  }
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("change", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { search(searchBox.value); }
  });
  document.getElementById("hops").value = String(data.hops);
  document.getElementById("show-all").addEventListener("click", function () {
    state.focus = null; apply(); network.fit({animation: false});
  });

  apply();
  if (state.focus) { focusOn(state.focus); }
  // for scripts and tests driving the page
  window.graphbuildExplorer = {
    network: network, nodes: nodes, edges: edges, search: search, focusOn: focusOn,
    visibleNodeIds: function () { return nodes.getIds({filter: function (n) { return !n.hidden; }}); }
  };
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "true"); });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
  body { display: flex; flex-direction: column; }
  header { padding: 6px 12px; border-bottom: 1px solid #ddd; }
  header h1 { font-size: 18px; margin: 0 0 4px; }
  .controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
  #legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin-top: 4px; }
  #legend .symbol { font-size: 16px; }
  main { flex: 1; display: flex; min-height: 0; }
  #graph { flex: 1; min-width: 0; }
  #panel { width: 380px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px; }
  #panel h2 { font-size: 16px; margin: 4px 0 8px; }
  #panel h3 { font-size: 14px; margin: 12px 0 4px; }
  #panel .name { font-weight: 600; }
  #panel .iri { color: #888; font-size: 11px; word-break: break-all; margin-top: 12px; }
  #panel q { display: block; }
  #panel .note { margin: 2px 0 0 8px; font-size: 13px; }
  #panel ul.works { margin: 0; padding-left: 18px; }
  #panel ol.evidence { padding-left: 20px; }
  #panel ol.evidence li { margin-bottom: 8px; }
  .hint { color: #666; }
  div.vis-tooltip { position: absolute; visibility: hidden; padding: 4px 6px; white-space: nowrap;
    font-size: 13px; background: #fffbe6; border: 1px solid #aaa; border-radius: 3px;
    box-shadow: 2px 2px 6px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
</style>
</head>
<body>
<header>
  <h1>@@TITLE@@</h1>
  <div class="controls">
    <label>Find <input id="search" list="names" placeholder="name or alias" size="28"></label>
    <datalist id="names"></datalist>
    <span id="search-result" class="hint"></span>
    <label>Issue <select id="issue"><option value="">all issues</option></select></label>
    <label>Hops <input id="hops" type="number" min="0" max="9" value="1" style="width:3em"></label>
    <button id="show-all" type="button">Show all</button>
    <span id="status" class="hint"></span>
    <span class="hint">@@SUMMARY@@ · click: details · double click: neighbourhood</span>
  </div>
  <div id="legend"></div>
</header>
<main>
  <div id="graph"></div>
  <aside id="panel"><p class="hint">Click a node or an edge to see its evidence.</p></aside>
</main>
<script type="application/json" id="graph-data">@@DATA@@</script>
<script>@@VIS@@</script>
<script>@@APP@@</script>
</body>
</html>
"""
