"""Benchmark: how long a large explorer page takes to build and to draw in headless Chromium.

Builds a synthetic projection of 2,000 nodes and 5,000 edges (fixed seed), writes the page to
a temporary folder, opens it from disk in Debian's ``/usr/bin/chromium`` with the network
cut off, and prints the seconds to build the page and to load and draw it (target: < 3 s).

    python benchmarks/html.py [--nodes N] [--edges M]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file is named like the standard library's ``html``: keep its folder off the path
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

TYPES = ("Country", "Person", "GovernmentAgency", "TradeAgreement", "Issue", "Event")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    args = parser.parse_args()

    from graphbuild.explorer import to_html

    nxg = synthetic(args.nodes, args.edges)
    started = time.perf_counter()
    page_text = to_html(nxg, title="benchmark")
    built = time.perf_counter() - started
    print(f"graph: {nxg.number_of_nodes()} nodes, {nxg.number_of_edges()} edges")
    print(f"to_html: {built:.2f} s, {len(page_text.encode('utf-8')) / 1e6:.1f} MB")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "benchmark.html"
        path.write_text(page_text, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(offline=True).new_page()
        blocked: list[str] = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else (blocked.append(route.request.url), route.abort()))
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-drawn=true]", timeout=60_000)
        drawn = time.perf_counter() - started
        count = page.evaluate("window.graphbuildExplorer.nodes.length")
        browser.close()
    print(f"chromium load and first draw: {drawn:.2f} s ({count} nodes, "
          f"{len(blocked)} network requests) — target < 3 s")


if __name__ == "__main__":
    main()
