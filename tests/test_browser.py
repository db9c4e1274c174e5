"""The explorer page in headless Chromium: it opens offline, draws every node, filters, finds.

Uses Debian's ``/usr/bin/chromium`` driven by Playwright's Python package; no browser is
ever downloaded. Without them the tests skip, except on CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_explorer import _hub
from test_project import foundation_graph, small_graph  # noqa: F401  (module fixture)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"{CHROMIUM} is not installed"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run on CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, html: str, tmp_path: Path):
    """Open a page from disk with every non-file request aborted and counted."""
    path = tmp_path / "graph.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn=true]", timeout=20_000)
    return page, requests, errors


def _visible(page) -> int:
    return page.evaluate("window.graphbuildExplorer.visibleNodeIds().length")


def _drawn_in_view(page) -> int:
    """Nodes the network draws (its body's node list) whose centre lies on the canvas."""
    return page.evaluate("""() => {
      var network = window.graphbuildExplorer.network;
      var canvas = document.querySelector("#graph canvas");
      return network.body.nodeIndices.filter(function (id) {
        var node = network.body.nodes[id], at = network.canvasToDOM({x: node.x, y: node.y});
        return at.x >= 0 && at.y >= 0 && at.x <= canvas.clientWidth && at.y <= canvas.clientHeight;
      }).length;
    }""")


#: The first view as drawn: labels shown (screen boxes), overlapping node pairs, edges shown.
_FIRST_VIEW = """() => {
  var network = window.graphbuildExplorer.network, edges = window.graphbuildExplorer.edges;
  var ids = Object.keys(network.body.nodes), labels = {}, clashes = 0;
  ids.forEach(function (id) {
    var module = network.body.nodes[id].labelModule;
    if (!module.visible()) { return; }
    var size = module.size, shift = module.fontOptions.vadjust || 0;
    labels[id] = [size.left, size.top + shift, size.left + size.width,
                  size.top + shift + size.height];
  });
  for (var i = 0; i < ids.length; i++) {
    for (var j = i + 1; j < ids.length; j++) {
      var a = network.body.nodes[ids[i]], b = network.body.nodes[ids[j]];
      if (Math.hypot(a.x - b.x, a.y - b.y) < a.options.size + b.options.size) { clashes++; }
    }
  }
  var shown = Object.keys(labels), overlaps = 0;
  for (var p = 0; p < shown.length; p++) {
    for (var q = p + 1; q < shown.length; q++) {
      var s = labels[shown[p]], t = labels[shown[q]];
      if (s[0] < t[2] && t[0] < s[2] && s[1] < t[3] && t[1] < s[3]) { overlaps++; }
    }
  }
  return {labels: shown, labelOverlaps: overlaps, nodeOverlaps: clashes,
          edgesShown: edges.get({filter: function (e) { return !e.hidden; }}).length};
}"""


def _first_view(page) -> dict:
    return page.evaluate(_FIRST_VIEW)


def test_small_graph_draws_filters_and_finds(browser, tmp_path):
    from graphbuild.explorer import to_html
    from graphbuild.project import to_networkx

    nxg = to_networkx(small_graph())
    page, requests, errors = _open(browser, to_html(nxg, title="<img src=x onerror=alert(1)>"),
                                   tmp_path)
    assert requests == [] and errors == []
    assert page.evaluate("window.graphbuildExplorer.nodes.length") == nxg.number_of_nodes()
    assert _visible(page) == nxg.number_of_nodes() == _drawn_in_view(page)
    # hostile text shows as text
    assert page.locator("img").count() == 0
    assert page.locator("h1").inner_text() == "<img src=x onerror=alert(1)>"

    page.locator('#legend input[data-type="Country"]').uncheck()
    countries = sum(1 for _, d in nxg.nodes(data=True) if d["type"] == "Country")
    assert _visible(page) == nxg.number_of_nodes() - countries
    page.locator('#legend input[data-type="Country"]').check()
    assert _visible(page) == nxg.number_of_nodes()

    page.select_option("#issue", "Water")
    assert _visible(page) < nxg.number_of_nodes()
    page.select_option("#issue", "")

    page.fill("#search", "peruvian")
    page.press("#search", "Enter")
    selected = page.evaluate("window.graphbuildExplorer.network.getSelectedNodes()")
    assert selected == ["https://example.org/id/entity/peru"]
    panel = page.locator("#panel").inner_text()
    assert "Peru" in panel and "Q419" in panel and "Note 1" in panel
    assert "Water <b>and</b> peace" in panel
    assert page.locator('#panel a[href="https://www.wikidata.org/wiki/Q419"]').count() == 1

    page.fill("#search", "img src")
    page.press("#search", "Enter")
    assert "<img src=x onerror=alert(1)>" in page.locator("#panel").inner_text()
    assert page.locator("#panel img").count() == 0 and errors == []

    page.click("#focus-here")
    assert _visible(page) < nxg.number_of_nodes()
    page.click("#show-all")
    assert _visible(page) == nxg.number_of_nodes()


def test_bundled_foundation_graph_opens_offline(browser, tmp_path, foundation_graph):  # noqa: F811
    from graphbuild.explorer import to_html
    from graphbuild.project import to_networkx

    nxg = to_networkx(foundation_graph)
    page, requests, errors = _open(browser, to_html(nxg, title="bundled"), tmp_path)
    assert requests == [] and errors == []
    assert page.evaluate("window.graphbuildExplorer.nodes.length") == nxg.number_of_nodes()
    assert _visible(page) == nxg.number_of_nodes() == _drawn_in_view(page)
    page.locator('#legend input[data-type="Endnote"]').uncheck()
    notes = sum(1 for _, d in nxg.nodes(data=True) if d["type"] == "Endnote")
    assert _visible(page) == nxg.number_of_nodes() - notes


def test_first_view_labels_the_hub_and_no_labels_or_nodes_overlap(browser, tmp_path):
    from graphbuild.explorer import to_html

    nxg = _hub(60)
    page, requests, errors = _open(browser, to_html(nxg, title="hub"), tmp_path)
    assert requests == [] and errors == []
    view = _first_view(page)
    assert _drawn_in_view(page) == nxg.number_of_nodes()
    assert "hub" in view["labels"] and len(view["labels"]) >= 5
    assert view["labelOverlaps"] == 0 and view["nodeOverlaps"] == 0


def test_co_mentions_are_drawn_faint_and_hide_with_their_checkbox(browser, tmp_path):
    from graphbuild.explorer import to_html

    nxg = _hub(20)
    faint = sum(1 for *_, key in nxg.edges(keys=True) if key == "coMentionedWith")
    page, _, errors = _open(browser, to_html(nxg, title="hub"), tmp_path)
    colours = page.evaluate("""() => window.graphbuildExplorer.edges.get().map(function (e) {
        return [e.id, e.color ? e.color.opacity : 1]; })""")
    assert sum(1 for _, opacity in colours if opacity < 0.5) == faint
    assert _first_view(page)["edgesShown"] == nxg.number_of_edges()
    page.locator("#faint").uncheck()
    assert _first_view(page)["edgesShown"] == nxg.number_of_edges() - faint
    page.locator("#faint").check()
    assert _first_view(page)["edgesShown"] == nxg.number_of_edges() and errors == []


def test_structure_graph_opens_on_readable_labels(browser, tmp_path,
                                                  foundation_graph):  # noqa: F811
    from graphbuild.explorer import to_html
    from graphbuild.project import to_networkx

    nxg = to_networkx(foundation_graph)
    page, _, errors = _open(browser, to_html(nxg, title="bundled"), tmp_path)
    view = _first_view(page)
    assert len(view["labels"]) >= 10 and view["labelOverlaps"] == 0
    assert view["nodeOverlaps"] == 0 and errors == []
