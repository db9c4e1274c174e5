"""Explorer: a ``networkx`` projection → a self-contained interactive HTML page (pyvis).

The page opens from disk with no network: the graph library is inlined and the Bootstrap
links pyvis's template adds in every mode are removed. Every label and title is escaped,
since vis-network renders titles as HTML.
"""

from __future__ import annotations

import html
import re

import networkx as nx

_COLOURS = {"Section": "#4e79a7", "Endnote": "#f28e2b"}
_REMOTE = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>"
                     r"(?:\s*</script>)?", re.S)
_RELATIVE = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"\.\./node_modules/[^\"]*\"[^>]*>"
                       r"(?:\s*</script>)?", re.S)


def to_html(nxg: nx.MultiDiGraph, *, title: str) -> str:
    """The page for ``nxg``, with a fixed layout so it opens at once and draws the same."""
    from pyvis.network import Network

    net = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line",
                  heading=html.escape(title))
    positions = nx.spring_layout(nx.Graph(nxg), seed=7) if len(nxg) else {}
    for node, data in sorted(nxg.nodes(data=True)):
        x, y = positions.get(node, (0.0, 0.0))
        label = html.escape(str(data.get("label", node)))
        net.add_node(node, label=label, title=f"{label} ({html.escape(str(data.get('type')))})",
                     color=_COLOURS.get(data.get("type"), "#999999"), x=round(float(x) * 800, 1),
                     y=round(float(y) * 800, 1), physics=False)
    for source, target, data in sorted(nxg.edges(data=True), key=lambda e: (e[0], e[1])):
        net.add_edge(source, target, value=data.get("weight", 1),
                     title=html.escape(str(data.get("predicate", ""))))
    net.toggle_physics(False)
    page = net.generate_html()
    page = _REMOTE.sub("", page)
    return _RELATIVE.sub("", page)
