"""The SPARQL endpoint, over HTTP on 127.0.0.1 only, with both backends."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.sparql import bind_params, get_canned, run_canned, with_prefixes
from graphbuild.serve import _negotiate, oxigraph_executable, start

from test_sparql import OTHER, TINY

HTTP_TIMEOUT = 10

BACKENDS = [
    "python",
    pytest.param("oxigraph", marks=pytest.mark.skipif(
        oxigraph_executable() is None, reason="the oxigraph server is not installed")),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=BACKENDS)
def endpoint(request, tiny):
    with start([tiny], host="127.0.0.1", port=0, timeout_s=5, backend=request.param) as running:
        yield running


def get(url, sparql, accept="application/sparql-results+json"):
    query = urllib.parse.urlencode({"query": sparql})
    request = urllib.request.Request(f"{url}?{query}", headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def post(url, body: bytes, content_type, accept="application/sparql-results+json"):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_endpoint_is_bound_to_loopback(endpoint):
    assert endpoint.url.startswith("http://127.0.0.1:") and endpoint.url.endswith("/query")


def test_get_query_answers_json_over_the_union_of_graphs(endpoint):
    status, media, body = get(endpoint.url, with_prefixes(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a gb:Sentence }"))
    assert status == 200 and media.startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["n"]
    assert data["results"]["bindings"][0]["n"]["value"] == "3"


def test_post_canned_query_as_csv_matches_the_library(endpoint, tiny):
    canned = get_canned("co-mentioned-with")
    sparql = with_prefixes(bind_params(canned.sparql, {}, canned.params))  # actor=Mexico
    status, media, body = post(endpoint.url, sparql.encode(), "application/sparql-query",
                               accept="text/csv")
    assert status == 200 and media.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    expected = run_canned([tiny], "co-mentioned-with")
    assert rows[0] == expected.columns
    assert [tuple(r) for r in rows[1:]] == [tuple(str(v) for v in row) for row in expected.rows]


def test_post_form_and_tsv(endpoint):
    body = urllib.parse.urlencode({"query": with_prefixes("SELECT ?l WHERE { ?c a gb:Country ; "
                                                          "rdfs:label ?l } ORDER BY ?l")})
    status, media, text = post(endpoint.url, body.encode(), "application/x-www-form-urlencoded",
                               accept="text/tab-separated-values")
    assert status == 200 and media.startswith("text/tab-separated-values")
    assert text.splitlines() == ["?l", '"Canada"', '"Mexico"', '"United States"']


def test_named_graph_of_the_report_is_kept(endpoint):
    _, _, body = get(endpoint.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert graphs == ["https://example.org/id/report/tiny/graph"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", ["actors-by-mentions", "co-mentioned-with", "claims-per-source"])
def test_reports_sharing_nodes_are_served_as_the_library_answers(tmp_path, backend, name):
    """A triple two reports' graphs both hold is one triple of the default graph, as in
    :func:`run_canned`: no row comes back once per report."""
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    (tmp_path / "other.ttl").write_text(OTHER, encoding="utf-8")
    canned = get_canned(name)
    sparql = with_prefixes(bind_params(canned.sparql, {}, canned.params))
    expected = run_canned([tmp_path], name)
    with start([tmp_path], port=0, timeout_s=5, backend=backend) as running:
        _, _, body = post(running.url, sparql.encode(), "application/sparql-query",
                          accept="text/csv")
        _, _, count = get(running.url, with_prefixes(
            "SELECT (COUNT(*) AS ?n) WHERE { ?country a gb:Country }"))
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == expected.columns
    assert [tuple(r) for r in rows[1:]] == [tuple("" if v is None else str(v) for v in row)
                                            for row in expected.rows]
    assert json.loads(count)["results"]["bindings"][0]["n"]["value"] == "3"


@pytest.mark.parametrize("how", ["form", "sparql-update", "update-url"])
def test_updates_are_refused(endpoint, how):
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    if how == "form":
        args = (endpoint.url.replace("/query", "/update"),
                urllib.parse.urlencode({"update": update}).encode(),
                "application/x-www-form-urlencoded")
    elif how == "sparql-update":
        args = (endpoint.url, update.encode(), "application/sparql-update")
    else:
        args = (endpoint.url.replace("/query", "/update"), update.encode(),
                "application/sparql-update")
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(*args)
    assert 400 <= refused.value.code < 500
    _, _, body = get(endpoint.url, "ASK { <https://example.org/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_bad_query_is_a_400_with_the_parser_message(endpoint):
    with pytest.raises(urllib.error.HTTPError) as bad:
        get(endpoint.url, "SELEC * { ?s ?p ?o }")
    assert bad.value.code == 400
    assert "1:" in bad.value.read().decode()


def test_python_backend_times_out_a_long_query(tiny):
    # about a second of work on the tiny graph: long enough to pass the timeout, short
    # enough that the evaluation left running in the background ends soon after
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
            "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) > 0) }")
    with start([tiny], port=0, timeout_s=0.2, backend="python") as running:
        with pytest.raises(urllib.error.HTTPError) as late:
            get(running.url, slow)
    assert late.value.code == 503


def test_stopped_endpoint_no_longer_answers(tiny):
    running = start([tiny], port=0, backend="python")
    url = running.url
    running.stop()
    running.stop()  # twice is fine
    with pytest.raises(urllib.error.URLError):
        get(url, "ASK {}")


def test_bad_backend_and_timeout_are_errors(tiny):
    with pytest.raises(GraphbuildError, match="unknown backend"):
        start([tiny], backend="fuseki")
    with pytest.raises(GraphbuildError, match="timeout must be positive"):
        start([tiny], timeout_s=0)


@pytest.mark.parametrize("accept, media", [
    ("", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
    ("image/png", None),
])
def test_accept_negotiation(accept, media):
    from graphbuild.serve import _RESULT_TYPES

    assert _negotiate(accept, _RESULT_TYPES) == media


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_in_a_process_answers_and_stops_on_sigterm(tiny, backend):
    import signal
    import subprocess
    import sys

    code = ("import sys\nfrom graphbuild.serve import serve\n"
            "serve([sys.argv[1]], '127.0.0.1', 0, 5, backend=sys.argv[2],\n"
            "      on_ready=lambda endpoint: print(endpoint.url, flush=True))\n"
            "print('stopped', flush=True)\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(tiny), backend],
                               stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        _, _, body = get(url, "ASK { ?s ?p ?o }")
        assert json.loads(body)["boolean"] is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert process.stdout.read().strip() == "stopped"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
