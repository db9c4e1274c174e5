"""Benchmark: how long explorer pages take to build and draw, and how readable they open.

Speed: builds a synthetic projection of 2,000 nodes and 5,000 edges (fixed seed), writes the
page to a temporary folder, opens it from disk in Debian's ``/usr/bin/chromium`` with the
network cut off, and prints the seconds to build the page and to load and draw it
(target: < 3 s), the median of ``--repeat`` runs.

Readability: opens the bundled report's explorer (from ``data/graph/<stem>.ttl``) in a
1400 × 900 window and prints, for the first view the page opens on,

- the share of node pairs whose drawn shapes overlap, and of nodes that overlap another;
- the share of the canvas taken by the box around the largest connected component;
- how far the nodes outside that component lie from its box, in widths of the box;
- how many labels are drawn, and how many pairs of them overlap.

``--explorer FILE`` measures another version of ``graphbuild/explorer.py`` instead, so an
earlier layout can be compared with the current one; ``--screenshot PNG`` saves the first
view (the README's picture is made so: ``--screenshot docs/explorer.png``)::

    git show HEAD~5:graphbuild/explorer.py > /tmp/explorer_then.py
    python benchmarks/html.py --explorer /tmp/explorer_then.py

    python benchmarks/html.py [--nodes N] [--edges M] [--repeat R] [--explorer FILE]
                              [--screenshot PNG]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file is named like the standard library's ``html``: keep its folder off the path
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

TYPES = ("Country", "Person", "GovernmentAgency", "TradeAgreement", "Issue", "Event")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
BUNDLED = _HERE.parent / "data" / "graph" / \
    "rebuilding-a-complex-partnership-us-mexico-canada-2021.ttl"
WINDOW = {"width": 1400, "height": 900}

#: Runs in the page once it has drawn: what the first view shows, in screen pixels.
_FIRST_VIEW = """(main) => {
  var network = window.graphbuildExplorer.network;
  var canvas = document.querySelector("#graph canvas");
  var width = canvas.clientWidth, height = canvas.clientHeight;
  var ids = Object.keys(network.body.nodes).filter(function (id) {
    return network.body.nodes[id].options.hidden !== true; });
  var scale = network.getScale();
  var shapes = ids.map(function (id) {
    var node = network.body.nodes[id], at = network.canvasToDOM({x: node.x, y: node.y});
    return {id: id, x: at.x, y: at.y, r: node.options.size * scale};
  });
  var pairs = 0, overlapping = 0, crowded = {};
  for (var i = 0; i < shapes.length; i++) {
    for (var j = i + 1; j < shapes.length; j++) {
      pairs++;
      var a = shapes[i], b = shapes[j];
      if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r) {
        overlapping++; crowded[a.id] = true; crowded[b.id] = true;
      }
    }
  }
  var inMain = {}; main.forEach(function (id) { inMain[id] = true; });
  var box = [Infinity, Infinity, -Infinity, -Infinity];
  shapes.forEach(function (s) {
    if (!inMain[s.id]) { return; }
    box = [Math.min(box[0], s.x - s.r), Math.min(box[1], s.y - s.r),
           Math.max(box[2], s.x + s.r), Math.max(box[3], s.y + s.r)];
  });
  var clipped = Math.max(0, Math.min(width, box[2]) - Math.max(0, box[0])) *
                Math.max(0, Math.min(height, box[3]) - Math.max(0, box[1]));
  var far = 0;
  shapes.forEach(function (s) {
    if (inMain[s.id]) { return; }
    var dx = Math.max(box[0] - s.x, 0, s.x - box[2]), dy = Math.max(box[1] - s.y, 0, s.y - box[3]);
    far = Math.max(far, Math.hypot(dx, dy) / Math.max(1, box[2] - box[0]));
  });
  var labels = [];
  ids.forEach(function (id) {
    var module = network.body.nodes[id].labelModule;
    if (!module.visible()) { return; }
    var size = module.size, shift = module.fontOptions.vadjust || 0;
    var from = network.canvasToDOM({x: size.left, y: size.top + shift});
    var to = network.canvasToDOM({x: size.left + size.width, y: size.top + shift + size.height});
    if (to.x < 0 || from.x > width || to.y < 0 || from.y > height) { return; }
    labels.push([from.x, from.y, to.x, to.y]);
  });
  var clashes = 0;
  for (var p = 0; p < labels.length; p++) {
    for (var q = p + 1; q < labels.length; q++) {
      var s = labels[p], t = labels[q];
      if (s[0] < t[2] && t[0] < s[2] && s[1] < t[3] && t[1] < s[3]) { clashes++; }
    }
  }
  return {nodes: ids.length, scale: scale, pairs: pairs, overlapping: overlapping,
          crowded: Object.keys(crowded).length, mainShare: clipped / (width * height),
          farthest: far, labels: labels.length, labelClashes: clashes};
}"""


def synthetic(nodes: int, edges: int, seed: int = 1):
    """A projection-shaped MultiDiGraph with evidence on every node and edge."""
    import networkx as nx

    rng = random.Random(seed)
    nxg = nx.MultiDiGraph(mode="entities")
    for number in range(nodes):
        evidence = [{"sentence": f"https://example.org/s/{number}", "text": f"Sentence {number}.",
                     "notes": [{"number": number % 90 + 1,
                                "works": [{"title": f"Work {number}", "url": None}]}]}]
        nxg.add_node(f"https://example.org/e/{number:05d}", label=f"Entity {number}",
                     type=TYPES[number % len(TYPES)], types=[TYPES[number % len(TYPES)]],
                     aliases=[], wikidata=None, mentions=rng.randint(1, 50),
                     issues=[f"Issue {number % 12}"], evidence=evidence)
    names = sorted(nxg.nodes)
    while nxg.number_of_edges() < edges:
        source, target = rng.sample(names, 2)
        key = rng.choice(("coMentionedWith", "partyTo", "memberOf"))
        nxg.add_edge(source, target, key=key, predicate=key, weight=rng.randint(1, 5),
                     confidence=None, rules=[], evidence=[])
    return nxg


def _explorer(path: str | None):
    """graphbuild's explorer module, or another version of it read from ``path``."""
    if path is None:
        from graphbuild import explorer
        return explorer
    spec = importlib.util.spec_from_file_location("graphbuild._measured_explorer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its relative imports resolve inside graphbuild
    spec.loader.exec_module(module)
    return module


def _open(browser, page_text: str, folder: Path, name: str):
    path = folder / name
    path.write_text(page_text, encoding="utf-8")
    page = browser.new_context(offline=True, viewport=WINDOW).new_page()
    blocked: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else (blocked.append(route.request.url), route.abort()))
    started = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn=true]", timeout=60_000)
    return page, time.perf_counter() - started, blocked


def first_view(browser, explorer, nxg, folder: Path, *, title: str = "figures",
               screenshot: Path | None = None) -> dict:
    """The figures of :data:`_FIRST_VIEW` for one projection's page (and its picture)."""
    import networkx as nx

    main = max(nx.connected_components(nx.Graph(nxg.to_undirected())), key=len, default=set())
    page, _, _ = _open(browser, explorer.to_html(nxg, title=title), folder, "figures.html")
    figures = page.evaluate(_FIRST_VIEW, sorted(main))
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    page.context.close()
    figures["outside"] = nxg.number_of_nodes() - len(main)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--explorer", help="another explorer.py to measure")
    parser.add_argument("--screenshot", type=Path,
                        help="also save the bundled report's first view as this PNG")
    args = parser.parse_args()

    import spacy  # noqa: F401  (a build has it loaded when it writes the page)

    explorer = _explorer(args.explorer)
    nxg = synthetic(args.nodes, args.edges)
    built, page_text = [], ""
    for _ in range(args.repeat):
        started = time.perf_counter()
        page_text = explorer.to_html(nxg, title="benchmark")
        built.append(time.perf_counter() - started)
    print(f"graph: {nxg.number_of_nodes()} nodes, {nxg.number_of_edges()} edges")
    print(f"to_html: {statistics.median(built):.2f} s (median of {args.repeat}), "
          f"{len(page_text.encode('utf-8')) / 1e6:.1f} MB")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        drawn, count, blocked = [], 0, []
        for _ in range(args.repeat):
            page, seconds, blocked = _open(browser, page_text, Path(folder), "benchmark.html")
            count = page.evaluate("window.graphbuildExplorer.nodes.length")
            page.context.close()
            drawn.append(seconds)
        print(f"chromium load and first draw: {statistics.median(drawn):.2f} s (median of "
              f"{args.repeat}; {count} nodes, {len(blocked)} network requests) — target < 3 s")
        if BUNDLED.exists():
            report_figures(browser, explorer, Path(folder), args.screenshot)
        browser.close()


def report_figures(browser, explorer, folder: Path, screenshot: Path | None = None) -> None:
    """Print how the bundled report's explorer opens, and how long its page data takes."""
    from rdflib import RDF, RDFS, Graph

    from graphbuild.project import to_networkx
    from graphbuild.vocab import GB

    graph = Graph().parse(BUNDLED, format="turtle")
    report = next(iter(sorted(graph.subjects(RDF.type, GB.Report))), None)
    title = str(graph.value(report, RDFS.label)) if report is not None else BUNDLED.stem
    nxg = to_networkx(graph)
    explorer.page_data(nxg)
    costs = []
    for _ in range(15):
        started = time.perf_counter()
        explorer.page_data(nxg)
        costs.append(time.perf_counter() - started)
    figures = first_view(browser, explorer, nxg, folder, title=title, screenshot=screenshot)
    print(f"bundled report: {nxg.number_of_nodes()} nodes, {nxg.number_of_edges()} edges; "
          f"page_data {statistics.median(costs) * 1000:.0f} ms (median of 15)")
    print(f"  first view at scale {figures['scale']:.2f}: "
          f"{figures['overlapping'] / max(1, figures['pairs']):.2%} of node pairs overlap "
          f"({figures['crowded']} of {figures['nodes']} nodes overlap another)")
    print(f"  largest component's box: {figures['mainShare']:.0%} of the canvas; the "
          f"{figures['outside']} nodes outside it lie within {figures['farthest']:.2f} of its "
          f"width from it")
    print(f"  labels drawn: {figures['labels']}, overlapping pairs of them: "
          f"{figures['labelClashes']}")


if __name__ == "__main__":
    main()
