"""Serve: a read-only SPARQL 1.1 Protocol endpoint over built graphs.

Two backends answer the same protocol at ``http://HOST:PORT/query``:

``oxigraph``
    The Oxigraph server from the ``oxigraph`` package (a Rust binary on PyPI). The graphs
    are loaded, as :func:`graphbuild.sparql.oxigraph_store` holds them (each report's named
    graph, and their union as the default graph), into a store in a temporary folder with
    ``oxigraph load``; then ``oxigraph serve-read-only`` answers, with a query timeout.
    Preferred: it is a complete, fast, standard implementation (content negotiation, GET
    and POST, results as JSON, XML, CSV, TSV; updates refused with 403), and its store is
    the one a corpus grows into.
``python``
    A small :mod:`http.server` application over an in-memory ``pyoxigraph`` store, used
    when the ``oxigraph`` executable is not installed. GET ``?query=``, POST form-encoded
    or ``application/sparql-query``; results as SPARQL JSON, XML, CSV or TSV by
    ``Accept`` (graphs from ``CONSTRUCT`` as Turtle, N-Triples or RDF/XML); any update is
    refused with 403. A query that runs past the timeout gets a 503; its evaluation thread
    is left to finish in the background (Python threads cannot be stopped).

Both answer the rows :func:`graphbuild.sparql.run_query` does: the default graph is the
union of the named graphs as a set, so a triple several reports share matches once
(neither uses Oxigraph's union-default-graph option, which matches it once per graph).
Both bind to 127.0.0.1 unless told otherwise. As on any endpoint, a query declares its own
prefixes; :func:`graphbuild.sparql.with_prefixes` adds graphbuild's to a canned query.
Not supported: updates and the Graph Store Protocol (the endpoint is read-only),
authentication.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .errors import GraphbuildError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Dataset

#: Backends :func:`start` knows; ``auto`` picks ``oxigraph`` when its executable is found.
BACKENDS = ("auto", "oxigraph", "python")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0


def oxigraph_executable() -> str | None:
    """The ``oxigraph`` server executable: beside this Python first, then on ``PATH``."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


class Endpoint:
    """A running endpoint: its URL, and how to wait for it or stop it.

    Use as a context manager, or call :meth:`stop`. ``url`` is the query URL
    (``http://127.0.0.1:7878/query``).
    """

    def __init__(self, url: str, backend: str, stop, wait) -> None:
        self.url = url
        self.backend = backend
        self._stop = stop
        self._wait = wait
        self._stopped = False

    def wait(self) -> None:
        """Block until the endpoint stops (or the user presses Ctrl-C)."""
        self._wait()

    def stop(self) -> None:
        """Stop the endpoint and remove its temporary files; safe to call twice."""
        if not self._stopped:
            self._stopped = True
            self._stop()

    def __enter__(self) -> "Endpoint":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _store(graphs: "Sequence[str | Path] | Dataset"):
    from .sparql import oxigraph_store

    return oxigraph_store(graphs)


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/query"


def start(graphs: "Sequence[str | Path] | Dataset", host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, timeout_s: float = DEFAULT_TIMEOUT_S, *,
          backend: str = "auto", ready_timeout_s: float = 30.0) -> Endpoint:
    """Start a read-only SPARQL endpoint over ``graphs`` and return once it answers.

    Parameters
    ----------
    graphs : path(s) or rdflib.Dataset
        Turtle/TriG files or folders, or a loaded dataset.
    host : str
        Interface to bind; ``127.0.0.1`` (this machine only) by default.
    port : int
        TCP port; ``0`` picks a free one.
    timeout_s : float
        Longest a query may run.
    backend : {"auto", "oxigraph", "python"}
        See the module docstring.
    ready_timeout_s : float
        How long to wait for the server to accept connections.

    Returns
    -------
    Endpoint

    Raises
    ------
    GraphbuildError
        For an unknown backend, a missing ``oxigraph`` executable, a port in use or a
        server that does not come up.
    """
    if backend not in BACKENDS:
        raise GraphbuildError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    if timeout_s <= 0:
        raise GraphbuildError(f"the query timeout must be positive, not {timeout_s}")
    executable = oxigraph_executable()
    if backend == "oxigraph" and executable is None:
        raise GraphbuildError("the 'oxigraph' server is not installed (pip install oxigraph)")
    store = _store(graphs)
    if backend == "python" or executable is None:
        return _start_python(store, host, port, timeout_s)
    return _start_oxigraph(executable, store, host, port, timeout_s, ready_timeout_s)


def serve(graphs: "Sequence[str | Path] | Dataset", host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, timeout_s: float = DEFAULT_TIMEOUT_S, *,
          backend: str = "auto", on_ready=None) -> None:
    """Serve ``graphs`` until interrupted (Ctrl-C); see :func:`start` for the parameters.

    ``on_ready``, if given, is called with the :class:`Endpoint` once it answers (the CLI
    prints the URL there).
    """
    import signal

    endpoint = start(graphs, host, port, timeout_s, backend=backend)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # a SIGTERM (from a service manager or `timeout`) stops the server as Ctrl-C does,
        # so the Oxigraph process and the temporary store are cleaned up
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if on_ready is not None:
            on_ready(endpoint)
        endpoint.wait()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# -- the Oxigraph server ---------------------------------------------------------------------

def _start_oxigraph(executable: str, store, host: str, port: int, timeout_s: float,
                    ready_timeout_s: float) -> Endpoint:
    import pyoxigraph as ox

    if port == 0:
        port = _free_port(host)
    folder = Path(tempfile.mkdtemp(prefix="graphbuild-serve-"))
    try:
        data = folder / "graph.nq"
        store.dump(output=str(data), format=ox.RdfFormat.N_QUADS)
        location = folder / "store"
        loaded = subprocess.run([executable, "load", "--location", str(location),
                                 "--file", str(data)], capture_output=True, text=True)
        if loaded.returncode != 0:
            raise GraphbuildError(f"oxigraph load failed: {loaded.stderr.strip()}")
        data.unlink()
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        log = open(folder / "server.log", "wb")
        process = subprocess.Popen(
            [executable, "serve-read-only", "--location", str(location), "--bind", bind,
             "--timeout-s", str(max(1, round(timeout_s)))],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)

    deadline = time.monotonic() + ready_timeout_s
    while True:
        if process.poll() is not None:
            log.flush()
            message = (folder / "server.log").read_text(errors="replace").strip()
            stop()
            raise GraphbuildError(f"the oxigraph server stopped at once: {message}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                stop()
                raise GraphbuildError(f"the oxigraph server did not answer on {bind} "
                                      f"within {ready_timeout_s:g}s") from None
            time.sleep(0.05)
    return Endpoint(_url(host, port), "oxigraph", stop, process.wait)


# -- the Python fallback ---------------------------------------------------------------------

#: Result formats of the fallback, by media type; the first is the default.
_RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
                "application/rdf+xml": "RDF_XML"}


def _negotiate(accept: str, table: dict[str, str]) -> str | None:
    """The first media type of ``table`` the ``Accept`` header allows, by its q order."""
    if not accept.strip():
        return next(iter(table))
    offered = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [p.strip() for p in part.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        offered.append((-quality, position, media.lower()))
    for quality, _, media in sorted(offered):
        if quality == 0:
            continue
        if media in table:
            return media
        if media in ("*/*", "application/*"):
            return next(iter(table))
        if media == "text/*":
            return "text/csv" if "text/csv" in table else "text/turtle"
    return None


def _make_handler(store, timeout_s: float):
    from http.server import BaseHTTPRequestHandler

    import pyoxigraph as ox


    class SparqlHandler(BaseHTTPRequestHandler):
        server_version = "graphbuild-sparql"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args) -> None:  # requests are not logged
            pass

        def _reply(self, status: int, body: bytes, media: str = "text/plain; charset=utf-8",
                   ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse_update(self) -> None:
            self._reply(403, b"This endpoint is read-only: SPARQL updates are refused.\n")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/update":
                return self._refuse_update()
            if parts.path != "/query":
                return self._reply(404, b"The SPARQL endpoint is at /query.\n")
            form = parse_qs(parts.query)
            if "update" in form:
                return self._refuse_update()
            if "query" not in form:
                return self._reply(400, b"Missing the 'query' parameter.\n")
            self._answer(form["query"][0])

        do_HEAD = do_GET

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if parts.path == "/update" or media == "application/sparql-update":
                return self._refuse_update()
            if parts.path != "/query":
                return self._reply(404, b"The SPARQL endpoint is at /query.\n")
            if media == "application/sparql-query":
                return self._answer(body)
            if media == "application/x-www-form-urlencoded":
                form = parse_qs(body)
                if "update" in form:
                    return self._refuse_update()
                if "query" in form:
                    return self._answer(form["query"][0])
                return self._reply(400, b"Missing the 'query' parameter.\n")
            self._reply(415, b"POST a query as application/sparql-query or form-encoded.\n")

        def _answer(self, sparql: str) -> None:
            outcome: dict[str, object] = {}
            accept = self.headers.get("Accept") or ""

            def evaluate() -> None:
                try:
                    result = store.query(sparql)  # the default graph is the union
                    if isinstance(result, ox.QueryTriples):
                        media = _negotiate(accept, _GRAPH_TYPES)
                        if media is None:
                            outcome["status"] = 406
                            return
                        fmt = getattr(ox.RdfFormat, _GRAPH_TYPES[media])
                    else:
                        media = _negotiate(accept, _RESULT_TYPES)
                        if media is None:
                            outcome["status"] = 406
                            return
                        fmt = getattr(ox.QueryResultsFormat, _RESULT_TYPES[media])
                    outcome["body"] = result.serialize(format=fmt)
                    outcome["media"] = media
                except SyntaxError as exc:
                    outcome["status"] = 400
                    outcome["error"] = f"SPARQL syntax error: {exc}"
                except Exception as exc:  # an evaluation error is the query's, not ours
                    outcome["status"] = 400
                    outcome["error"] = f"query failed: {exc}"

            worker = threading.Thread(target=evaluate, daemon=True)
            worker.start()
            worker.join(timeout_s)
            if worker.is_alive():
                return self._reply(503, f"The query ran past the {timeout_s:g}s timeout.\n"
                                   .encode("utf-8"))
            if "body" in outcome:
                media = str(outcome["media"])
                charset = "; charset=utf-8" if media.startswith(("text/", "application/")) else ""
                return self._reply(200, outcome["body"], media + charset)
            if outcome.get("status") == 406:
                return self._reply(406, b"None of the accepted media types can be produced.\n")
            self._reply(400, (str(outcome.get("error")) + "\n").encode("utf-8"))

    return SparqlHandler


def _start_python(store, host: str, port: int, timeout_s: float) -> Endpoint:
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    try:
        server = Server((host, port), _make_handler(store, timeout_s))
    except OSError as exc:
        raise GraphbuildError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    thread = threading.Thread(target=server.serve_forever, name="graphbuild-sparql",
                              daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

    def wait() -> None:
        while thread.is_alive():
            thread.join(0.5)

    return Endpoint(_url(host, server.server_address[1]), "python", stop, wait)
