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
``http(s)`` URLs.

The layout is computed here, with NumPy only, and physics is off, so a large graph is drawn
at once and the same graph always gives the same bytes. Each connected component is laid out
by stress majorization over graph distances, where a typed relation counts one step and a
co-mention two (co-mentions are also drawn faint, and a checkbox hides them); shapes that
would overlap are pushed apart; the largest component comes first and the others, isolated
nodes included, stand in columns beside it. Labels are planned for the first view: the
largest nodes get a readable font where their labels cover no other label, the rest smaller
fonts that vis-network draws only once the reader zooms in.

Not supported: editing, saving positions, or drawing graphs with over ~20,000 nodes smoothly.
"""

from __future__ import annotations

import heapq
import html
import importlib.util
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:  # NumPy is imported where the layout needs it, so importing stays quick
    import numpy as np

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
#: How far a vis-network shape reaches from its centre, per unit of its size (else 1).
_REACH = {"square": math.sqrt(2), "triangle": 2 / math.sqrt(3), "triangleDown": 2 / math.sqrt(3)}

#: Predicates drawn faint (and hidden with one click): a co-mention says only that two names
#: share a sentence, not how they relate.
FAINT_PREDICATES = frozenset({"coMentionedWith"})
#: The length the layout gives a typed relation and a faint edge, in units of ``UNIT``
#: pixels: typed relations shape the picture, co-mentions place what nothing else ties.
TYPED_LENGTH = 1.0
FAINT_LENGTH = 2.0
UNIT = 100.0
#: Components up to ``DENSE_LAYOUT`` nodes are laid out over all pairs of nodes, larger ones
#: over their edges and ``PIVOTS`` far-spread nodes; rounds of each step; the seed.
DENSE_LAYOUT = 500
PIVOTS = 50
LAYOUT_ROUNDS = 40
POWER_ROUNDS = 30
SEPARATION_ROUNDS = 20
LAYOUT_SEED = 42
#: Drawn node radii in pixels (area grows with mentions), and the least gap between shapes.
MIN_RADIUS = 7.0
MAX_RADIUS = 26.0
NODE_GAP = 6.0
#: Labels are planned for the first view on a ``REFERENCE_VIEW`` canvas, where the first
#: tier reads at ``READABLE_FONT`` pixels; vis-network skips a label drawn smaller than
#: ``LABEL_THRESHOLD`` - 1 pixels, so each later tier, ``LABEL_STEP`` times smaller, waits
#: for the reader to zoom in. ``CHAR_WIDTH`` is a character's width per pixel of font.
REFERENCE_VIEW = (1000.0, 700.0)
READABLE_FONT = 14.0
LABEL_THRESHOLD = 11
LABEL_STEP = 1.6
LABEL_TIERS = 3
CHAR_WIDTH = 0.55
#: Labels are placed for this many nodes, largest first (the rest only show when zoomed);
#: the largest eighth of the nodes, at least ``MIN_LEADING`` and at most ``MAX_LEADING``,
#: may cover other nodes' shapes.
LABELLED = 400
MIN_LEADING = 8
MAX_LEADING = 30
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


def _pair_lengths(edges: Iterable[tuple[str, str, Any, dict[str, Any]]],
                  index: dict[str, int]) -> dict[tuple[int, int], float]:
    """The drawn length of each linked pair: its shortest kind of edge (self-loops dropped)."""
    lengths: dict[tuple[int, int], float] = {}
    for source, target, key, data in edges:
        if source == target:
            continue
        i, j = index[source], index[target]
        pair = (i, j) if i < j else (j, i)
        length = FAINT_LENGTH if str(data.get("predicate", key)) in FAINT_PREDICATES \
            else TYPED_LENGTH
        if length < lengths.get(pair, math.inf):
            lengths[pair] = length
    return lengths


def _components(count: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components as sorted index lists, largest first (ties by first index)."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))


def _dijkstra(adjacency: list[list[tuple[int, float]]], source: int) -> list[float]:
    distance = [math.inf] * len(adjacency)
    distance[source] = 0.0
    queue = [(0.0, source)]
    while queue:
        reached, node = heapq.heappop(queue)
        if reached > distance[node]:
            continue
        for other, length in adjacency[node]:
            candidate = reached + length
            if candidate < distance[other]:
                distance[other] = candidate
                heapq.heappush(queue, (candidate, other))
    return distance


def _stress(count: int, lengths: dict[tuple[int, int], float], room: "np.ndarray",
            seed: int) -> "np.ndarray":
    """Positions (in units of one typed relation) minimising stress over graph distances.

    Every pair of nodes is drawn as far apart as the graph says (Gansner, Koren and North's
    stress majorization), starting from classical scaling of those distances. Up to
    ``DENSE_LAYOUT`` nodes all pairs take part; larger components use pivots, each node
    keeping its edges and its distances to ``PIVOTS`` far-spread nodes (Ortmann, Klimenta and
    Brandes' sparse stress), so the cost grows linearly.

    Parameters
    ----------
    count : int
        Nodes of one connected component, numbered from 0.
    lengths : dict
        ``(i, j)`` with ``i < j`` → the length of their edge, for linked pairs.
    room : numpy.ndarray
        Each node's drawn radius in units: a pair's distance grows by both, so large nodes
        keep the others further off.
    seed : int
        Seeds the starting vectors and the jitter that keeps nodes from starting as one.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    if count == 1:
        return np.zeros((1, 2))
    adjacency: list[list[tuple[int, float]]] = [[] for _ in range(count)]
    for (i, j), length in sorted(lengths.items()):
        adjacency[i].append((j, length))
        adjacency[j].append((i, length))
    if count <= DENSE_LAYOUT:
        distance = np.full((count, count), np.inf)
        np.fill_diagonal(distance, 0.0)
        for (i, j), length in lengths.items():
            distance[i, j] = distance[j, i] = length
        for k in range(count):  # Floyd-Warshall, a row at a time
            np.minimum(distance, distance[:, k, None] + distance[None, k, :], out=distance)
        pivots = np.arange(count)
        weight_of_pivot = np.ones(count)
    else:
        chosen = [max(range(count), key=lambda i: (len(adjacency[i]), -i))]
        rows = [_dijkstra(adjacency, chosen[0])]
        nearest = np.array(rows[0])
        while len(chosen) < min(PIVOTS, count):
            far = int(np.argmax(nearest))  # the node farthest from every pivot so far
            chosen.append(far)
            rows.append(_dijkstra(adjacency, far))
            nearest = np.minimum(nearest, rows[-1])
        pivots = np.array(chosen)
        distance = np.array(rows)
        region = np.argmin(distance, axis=0)  # each node's nearest pivot stands in for it
        weight_of_pivot = np.bincount(region, minlength=len(pivots)).astype(float)
    # large nodes keep the others further off: room for their size
    distance = distance + np.add.outer(room[pivots], room)
    distance[np.arange(len(pivots)), pivots] = 0.0
    # start from classical scaling of the pivots' distances (all nodes are pivots when dense)
    squared = distance ** 2
    centred = squared - squared.mean(axis=1, keepdims=True) - squared.mean(axis=0) \
        + squared.mean()
    if count <= DENSE_LAYOUT:
        centred *= -0.5
        position = _leading_pair(centred.dot, count, rng)
        spread = np.einsum("ij,ik,kj->j", position, centred, position)
        position *= np.sqrt(np.maximum(spread, 0.0))
    else:
        position = centred.T.dot(
            _leading_pair(lambda v: centred.dot(centred.T.dot(v)), len(pivots), rng))
    reach = float(distance.max())
    position *= reach / (float(np.abs(position).max()) or 1.0)
    position += rng.normal(scale=1e-3 * reach, size=position.shape)  # no two nodes start as one
    if count <= DENSE_LAYOUT:
        weight = np.zeros_like(distance)
        np.divide(1.0, distance ** 2, out=weight, where=distance > 0)
        stretch = weight * distance
        total = weight.sum(axis=1)
        x, y = position[:, 0].copy(), position[:, 1].copy()
        for _ in range(LAYOUT_ROUNDS):
            dx, dy = np.subtract.outer(x, x), np.subtract.outer(y, y)
            dx *= dx
            dy *= dy
            dx += dy
            apart = np.sqrt(dx, out=dx)
            np.maximum(apart, 1e-9, out=apart)
            # each node moves to where its distances from all the others say it should be
            push = np.divide(stretch, apart, out=apart)
            spread = push.sum(axis=1)
            np.subtract(weight, push, out=push)
            x, y = (push.dot(x) + spread * x) / total, (push.dot(y) + spread * y) / total
        return np.stack([x, y], axis=1)
    # sparse stress: each node keeps its neighbours' lengths and its distances to the pivots
    pairs = np.array(sorted(lengths), dtype=int).reshape(-1, 2)
    edge_length = np.array([lengths[(i, j)] for i, j in pairs.tolist()]) \
        + room[pairs[:, 0]] + room[pairs[:, 1]]
    pivot_rows = np.repeat(np.arange(len(pivots)), count)
    columns = np.tile(np.arange(count), len(pivots))
    keep = pivots[pivot_rows] != columns
    owner = np.concatenate([columns[keep], pairs[:, 0], pairs[:, 1]])
    other = np.concatenate([pivots[pivot_rows][keep], pairs[:, 1], pairs[:, 0]])
    target = np.concatenate([distance[pivot_rows, columns][keep], edge_length, edge_length])
    weight = np.concatenate([weight_of_pivot[pivot_rows][keep], np.ones(2 * len(pairs))])
    weight = weight / np.maximum(target, 1e-9) ** 2
    total = np.bincount(owner, weights=weight, minlength=count)[:, None]
    for _ in range(LAYOUT_ROUNDS):
        delta = position[owner] - position[other]
        apart = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)
        pull = (weight * target / apart)[:, None] * delta + weight[:, None] * position[other]
        position = np.stack([np.bincount(owner, weights=pull[:, axis], minlength=count)
                             for axis in (0, 1)], axis=1) / total
    return position


def _leading_pair(multiply: Callable[["np.ndarray"], "np.ndarray"], size: int,
                  rng: "np.random.Generator") -> "np.ndarray":
    """The two leading eigenvectors of a symmetric matrix given as its product with a vector.

    Power iteration with matrix-vector products only: LAPACK's ``eigh`` and matrix-matrix
    products hand small matrices to a thread pool, which on a busy machine costs more time
    waiting than computing.
    """
    import numpy as np

    first, second = rng.normal(size=size), rng.normal(size=size)
    for _ in range(POWER_ROUNDS):
        first = multiply(first)
        first /= np.sqrt(first.dot(first)) or 1.0
        second = multiply(second)
        second -= first.dot(second) * first
        second /= np.sqrt(second.dot(second)) or 1.0
    return np.stack([first, second], axis=1)


def _separate(position: "np.ndarray", radius: "np.ndarray", rounds: int) -> "np.ndarray":
    """Push apart nodes whose shapes (plus a gap) overlap, half the overlap each, a few rounds.

    Only pairs closer along x than the widest possible overlap are compared (found from the
    nodes sorted by x), so a round costs about as much as the nodes' number times the
    nodes in one such strip, not their number squared.
    """
    import numpy as np

    count = len(position)
    x, y = position[:, 0].copy(), position[:, 1].copy()
    reach = 2 * float(radius.max(initial=0.0)) + NODE_GAP
    for _ in range(rounds if count > 1 else 0):
        order = np.argsort(x, kind="stable")
        xs = x[order]
        ends = np.searchsorted(xs, xs + reach, side="left")
        counts = np.maximum(ends - np.arange(count) - 1, 0)
        total = int(counts.sum())
        if not total:
            break
        first = np.repeat(np.arange(count), counts)
        step = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + 1
        i, j = order[first], order[first + step]
        dx, dy = x[i] - x[j], y[i] - y[j]
        apart = np.sqrt(dx * dx + dy * dy)
        overlap = radius[i] + radius[j] + NODE_GAP - apart
        hit = overlap > 0
        if not hit.any():
            break
        i, j, dx, dy = i[hit], j[hit], dx[hit], dy[hit]
        share = overlap[hit] / (2 * np.maximum(apart[hit], 1e-9))
        x += np.bincount(i, share * dx, count) - np.bincount(j, share * dx, count)
        y += np.bincount(i, share * dy, count) - np.bincount(j, share * dy, count)
    return np.stack([x, y], axis=1)


def _pack(blocks: list["np.ndarray"], radii: list["np.ndarray"]) -> list["np.ndarray"]:
    """Place laid-out components side by side: the largest first, the rest in columns beside it.

    The columns are as tall as the largest component (or, when it is small, as tall as a
    square holding them all), so a few isolated nodes sit in a tidy grid next to the picture
    instead of far away.
    """
    import numpy as np

    def box(xy: "np.ndarray", r: "np.ndarray") -> tuple[float, float, float, float]:
        return (float((xy[:, 0] - r).min()), float((xy[:, 1] - r).min()),
                float((xy[:, 0] + r).max()), float((xy[:, 1] + r).max()))

    boxes = [box(xy, r) for xy, r in zip(blocks, radii)]
    area = sum((b[2] - b[0] + UNIT) * (b[3] - b[1] + UNIT) for b in boxes)
    first = boxes[0]
    height = max(first[3] - first[1], math.sqrt(area))
    placed = [blocks[0] - [first[0], first[1]]]
    left, top, column = first[2] - first[0] + UNIT / 2, 0.0, 0.0
    for xy, (x0, y0, x1, y1) in zip(blocks[1:], boxes[1:]):
        if top > 0 and top + (y1 - y0) > height:
            left, top, column = left + column + UNIT / 2, 0.0, 0.0
        placed.append(xy - [x0 - left, y0 - top])
        top += y1 - y0 + UNIT / 2
        column = max(column, x1 - x0)
    return placed


def _layout(nodes: list[str], edges: list[tuple[str, str, Any, dict[str, Any]]],
            radius: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Fixed positions in pixels: each component laid out on its own, then packed together.

    Typed relations are drawn at one unit, co-mentions at two, so what the report says about
    how actors relate shapes the picture; shapes that would overlap are pushed apart.
    """
    import numpy as np

    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    lengths = _pair_lengths(edges, index)
    groups = _components(len(nodes), lengths)
    # each pair's lengths, renumbered within its component
    member: dict[int, tuple[int, int]] = {}
    for number, group in enumerate(groups):
        member.update((i, (number, k)) for k, i in enumerate(group))
    inside: list[dict[tuple[int, int], float]] = [{} for _ in groups]
    for (i, j), length in lengths.items():
        (number, a), (_, b) = member[i], member[j]
        inside[number][(a, b) if a < b else (b, a)] = length
    blocks, radii = [], []
    for group, own in zip(groups, inside):
        size = np.array([radius[nodes[i]] for i in group])
        xy = _stress(len(group), own, size / UNIT, seed=LAYOUT_SEED) * UNIT
        blocks.append(_separate(xy, size, rounds=SEPARATION_ROUNDS))
        radii.append(size)
    placed = {}
    packed = _pack(blocks, radii)
    # centre the picture on the origin
    everything = np.concatenate(packed)
    middle = (everything.min(axis=0) + everything.max(axis=0)) / 2
    for group, xy in zip(groups, packed):
        for k, i in enumerate(group):
            placed[nodes[i]] = (round(float(xy[k, 0] - middle[0]), 1),
                                round(float(xy[k, 1] - middle[1]), 1))
    return placed


def _radii(values: dict[str, float]) -> dict[str, float]:
    """Drawn radius of each node: area grows with its value (mentions or degree)."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    return {node: round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt((v - low) / span), 1)
            for node, v in values.items()}


def _labels(position: dict[str, tuple[float, float]], radius: dict[str, float],
            reach: dict[str, float], labels: dict[str, str], values: dict[str, float]
            ) -> tuple[dict[str, tuple[float, float]], float, list[float]]:
    """Each node's label font and vertical shift, chosen so that drawn labels never overlap.

    vis-network draws a label only when its size on screen reaches the page's threshold.
    The first view is the box around every node; fitted to a ``REFERENCE_VIEW`` canvas, it
    sets the font that reads at ``READABLE_FONT`` pixels. Node by node, largest first, a
    label is offered that font under its node, else over it; a label that would cover a
    label already placed, or another node, or not show in that view, takes the next smaller
    font, drawn only once the reader zooms in, and so on. The largest nodes' labels may
    cover other nodes' shapes, and may also sit across their own (a hub's name matters more
    than a glimpse of a leaf). Fonts are in the graph's units, so labels that do not overlap
    at one zoom overlap at none.

    Returns
    -------
    tuple
        Node → (font size, ``vadjust``: 0 under the node, negative above that); the font of the
        labels meant for the first view; and that view, ``[left, top, right, bottom]``
        around every node and those labels.
    """
    import numpy as np

    if not position:
        return {}, READABLE_FONT, [0.0, 0.0, 0.0, 0.0]
    order = sorted(position, key=lambda node: (-values[node], labels[node], node))
    xy = np.array([position[node] for node in order])
    r = np.array([radius[node] for node in order])
    out = np.array([reach[node] for node in order])
    shapes = np.concatenate([xy - out[:, None], xy + out[:, None]], axis=1)
    view = [float(shapes[:, 0].min()), float(shapes[:, 1].min()),
            float(shapes[:, 2].max()), float(shapes[:, 3].max())]
    # as vis-network fits a box: with a tenth to spare
    scale = min(REFERENCE_VIEW[0] / (1.1 * max(1.0, view[2] - view[0])),
                REFERENCE_VIEW[1] / (1.1 * max(1.0, view[3] - view[1])), 1.0)
    # a first-tier label must show in that view: within the box and its margin, or within
    # the room the canvas has to spare where the box does not fill it
    middle = [(view[0] + view[2]) / 2, (view[1] + view[3]) / 2]
    half = [max(0.55 * (view[2] - view[0]), 0.95 * REFERENCE_VIEW[0] / 2 / scale),
            max(0.55 * (view[3] - view[1]), 0.95 * REFERENCE_VIEW[1] / 2 / scale)]
    inside = (middle[0] - half[0], middle[1] - half[1], middle[0] + half[0],
              middle[1] + half[1])
    fonts = [READABLE_FONT / scale / LABEL_STEP ** tier for tier in range(LABEL_TIERS)]
    leading = min(MAX_LEADING, max(MIN_LEADING, len(order) // 8))
    placed = np.empty((min(LABELLED, len(order)), 4))
    count = 0
    chosen = {node: (round(fonts[-1] / LABEL_STEP, 1), 0.0) for node in order}
    for rank, node in enumerate(order[:LABELLED]):
        x, y = xy[rank]
        for tier, font in enumerate(fonts):
            half_width = CHAR_WIDTH * font * len(labels[node]) / 2 + 3
            # where vis-network draws a label under a shape, the same label moved over it,
            # and, for the largest nodes, across the shape itself
            below = y + r[rank] + 0.5 * font + 4
            above = y - out[rank] - 1.1 * font - 4
            across = y - 0.55 * font
            for top in (below, above, across) if rank < leading else (below, above):
                box = (x - half_width, top, x + half_width, top + 1.1 * font)
                if tier == 0 and (box[0] < inside[0] or box[1] < inside[1]
                                  or box[2] > inside[2] or box[3] > inside[3]):
                    continue
                if rank >= leading:  # a smaller node's label covers no other node
                    covered = _covers(box, shapes)
                    covered[rank] = False
                    if covered.any():
                        continue
                if _covers(box, placed[:count]).any():
                    continue
                placed[count] = box
                count += 1
                chosen[node] = (round(font, 1), round(top - below, 1))
                if tier == 0:
                    view = [min(view[0], box[0]), min(view[1], box[1]),
                            max(view[2], box[2]), max(view[3], box[3])]
                break
            else:
                continue
            break
    return chosen, round(fonts[0], 1), [round(v, 1) for v in view]


def _covers(box: tuple[float, float, float, float], boxes: "np.ndarray") -> "np.ndarray":
    """Which of ``boxes`` (rows of left, top, right, bottom) overlap ``box``."""
    return ((box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2])
            & (box[1] < boxes[:, 3]) & (boxes[:, 1] < box[3]))


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

    Nodes carry their fixed position (``x``, ``y``), drawn ``size`` and label ``font`` and
    ``vadjust`` (see :func:`_labels`); edges whether they are ``faint`` (co-mentions) and
    drawn with an ``arrow`` (not for symmetric relations); ``view`` is the box the page
    opens on and ``labelFont`` the font of the labels planned for it. Evidence sentences are
    listed once, in ``sentences``; a node's or edge's ``evidence`` gives their places there.

    Raises
    ------
    GraphbuildError
        When ``focus`` names no node.
    """
    from .project import SYMMETRIC_PREDICATES, find_node, short_name

    focus_id = find_node(nxg, focus) if focus else None
    listed = sorted(nxg.nodes(data=True), key=lambda item: item[0])
    ordered = sorted(nxg.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    kind = {node: str(data.get("type", "Thing")) for node, data in listed}
    types = sorted(set(kind.values()))
    styles = _style(types)
    degree = Counter(node for source, target, _, _ in ordered for node in (source, target))
    by_mentions = any((data.get("mentions") or 0) > 0 for _, data in listed)
    values = {node: float((data.get("mentions") or 0) if by_mentions else degree[node])
              for node, data in listed}
    radius = _radii(values)
    # how far each drawn shape reaches from its centre: a square's corners reach furthest
    reach = {node: radius[node] * _REACH.get(styles[kind[node]][1], 1.0) for node in kind}
    positions = _layout([node for node, _ in listed], ordered, reach)
    short = {node: _short(str(data.get("label", node))) for node, data in listed}
    fonts, label_font, view = _labels(positions, radius, reach, short, values)
    # a sentence is evidence for many nodes and edges: written once, cited by its place
    sentences: list[dict[str, Any]] = []
    numbers: dict[str, int] = {}

    def cite(evidence: list[dict[str, Any]]) -> list[int]:
        cited = []
        for record in evidence:
            key = str(record.get("sentence", ""))
            if key not in numbers:
                numbers[key] = len(sentences)
                sentences.append(record)
            cited.append(numbers[key])
        return cited

    nodes = []
    for node, data in listed:
        label = str(data.get("label", node))
        node_type = kind[node]
        colour, shape = styles[node_type]
        x, y = positions[node]
        record = {
            "id": node, "label": short[node], "fullLabel": label, "type": node_type,
            "types": list(data.get("types", [])), "aliases": list(data.get("aliases", [])),
            "wikidata": data.get("wikidata"), "mentions": data.get("mentions"),
            "issues": list(data.get("issues", [])), "evidence": cite(data.get("evidence", [])),
            "degree": degree[node], "x": x, "y": y, "size": radius[node],
            "font": fonts[node][0], "vadjust": fonts[node][1], "color": colour, "shape": shape,
            "title": f"{label} ({node_type})",
        }
        for extra in ("number", "text", "works", "url", "date", "report"):
            if data.get(extra) is not None:
                record[extra] = data[extra]
        nodes.append(record)
    symmetric = {short_name(p) for p in SYMMETRIC_PREDICATES}
    edges = []
    parallel: dict[frozenset[str], int] = {}
    for number, (source, target, key, data) in enumerate(ordered):
        pair = frozenset((source, target))
        rank = parallel.get(pair, 0)
        parallel[pair] = rank + 1
        predicate = str(data.get("predicate", key))
        weight = data.get("weight", 1)
        faint = predicate in FAINT_PREDICATES
        # a typed relation thickens with its evidence; co-mentions stay hairlines
        width = 1.0 if faint else min(5.0, 1.5 + math.log2(max(1.0, float(weight or 1))))
        edges.append({
            "id": f"e{number}", "from": source, "to": target, "predicate": predicate,
            "weight": weight, "confidence": data.get("confidence"),
            "rules": list(data.get("rules", [])), "evidence": cite(data.get("evidence", [])),
            "title": f"{predicate} (weight {weight})", "faint": faint,
            "arrow": predicate not in symmetric, "width": round(width, 1),
            # parallel edges bend apart so each stays visible and clickable
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2 * rank}
            if rank else False,
        })
    issues = sorted({issue for _, data in listed for issue in data.get("issues", [])})
    counts = Counter(kind.values())
    legend = [{"type": t, "color": styles[t][0], "shape": styles[t][1],
               "symbol": _SYMBOL.get(styles[t][1], "●"), "count": counts[t]} for t in types]
    return {"nodes": nodes, "edges": edges, "sentences": sentences, "legend": legend,
            "issues": issues,
            "focus": focus_id, "hops": max(0, int(hops)), "labelThreshold": LABEL_THRESHOLD,
            "labelFont": label_font, "view": view,
            "sizedBy": "mentions" if by_mentions else "degree"}


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
    return {id: n.id, label: n.label, title: n.title, x: n.x, y: n.y, size: n.size,
            font: {size: n.font, vadjust: n.vadjust}, shape: n.shape, color: n.color, hidden: false};
  }));
  var faintCount = 0;
  var edges = new vis.DataSet(data.edges.map(function (e) {
    if (e.faint) { faintCount++; }
    return {id: e.id, from: e.from, to: e.to, title: e.title, width: e.width,
            smooth: e.smooth, arrows: e.arrow ? "to" : "", hidden: false,
            color: e.faint ? {color: "#9aa5b1", opacity: 0.22, highlight: "#333333",
                              hover: "#333333"} : undefined};
  }));
  var options = {
    physics: false,
    layout: {improvedLayout: false},
    interaction: {hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large,
                  hideEdgesOnZoom: large, multiselect: false},
    nodes: {font: {face: "Arial, Helvetica, sans-serif", strokeWidth: 3,
                   strokeColor: "rgba(255,255,255,0.85)"},
            scaling: {label: {enabled: false, drawThreshold: data.labelThreshold}}},
    edges: {color: {color: "#6e7b89", highlight: "#222222", hover: "#222222"},
            arrows: {to: {scaleFactor: 0.6}}, selectionWidth: 2}
  };
  var container = document.getElementById("graph");
  // the first view: every node and the labels planned for it, as large as the canvas allows
  function overviewScale() {
    var box = data.view, width = container.clientWidth || 1, height = container.clientHeight || 1;
    return Math.min(1, width / (1.1 * Math.max(1, box[2] - box[0])),
                    height / (1.1 * Math.max(1, box[3] - box[1])));
  }
  var network = null;  // made once the controls are filled in, so the canvas keeps its size
  function overview() {
    network.moveTo({position: {x: (data.view[0] + data.view[2]) / 2,
                               y: (data.view[1] + data.view[3]) / 2},
                    scale: overviewScale(), animation: false});
  }
  var state = {types: {}, issue: "", focus: data.focus, hops: data.hops, faint: true};
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
  function evidence(panel, cited) {
    if (!cited || !cited.length) { return; }
    var items = cited.map(function (number) { return data.sentences[number]; });
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
  // co-mentions: drawn faint, and hidden with one click so the typed relations stand alone
  var faintBox = document.getElementById("faint");
  if (faintCount) {
    document.getElementById("faint-count").textContent = String(faintCount);
    faintBox.addEventListener("change", function () {
      state.faint = faintBox.checked;
      edges.update(data.edges.filter(function (e) { return e.faint; })
        .map(function (e) { return {id: e.id, hidden: !state.faint}; }));
    });
  } else {
    document.getElementById("faint-toggle").hidden = true;
  }
  document.getElementById("show-all").addEventListener("click", function () {
    state.focus = null; apply(); overview();
  });

  // on a small canvas the labels planned for the first view come out smaller: draw them still
  options.nodes.scaling.label.drawThreshold =
    Math.min(data.labelThreshold, data.labelFont * overviewScale());
  network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { focusOn(params.nodes[0]); }
  });

  apply();
  if (state.focus) { focusOn(state.focus); } else { overview(); }
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
    <label id="faint-toggle"><input id="faint" type="checkbox" checked> co-mentions
      (<span id="faint-count"></span>, faint)</label>
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
