"""The command line: ``graphbuild build``, and the commands added as the tool grows.

A thin shell: it parses arguments into :class:`~graphbuild.settings.Settings`, calls the
library, writes through :mod:`graphbuild.writers` and turns :class:`GraphbuildError` into an
``Error: …`` line and a non-zero exit. Heavy libraries load inside the commands, so
``graphbuild --help`` answers at once.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from . import __version__
from .errors import GraphbuildError
from .settings import DEFAULT_BASE_IRI, DEFAULT_MODEL, Settings

EXIT_OK = 0
EXIT_ERROR = 1


class Progress:
    """Stage lines on stderr, shown only once a run has taken more than a second.

    Lines from the first second are held back and shown together if the run goes on, so a
    quick run stays silent and a slow one says what it is doing.
    """

    def __init__(self, quiet: bool = False, delay: float = 1.0, stream=None) -> None:
        self.quiet = quiet
        self.delay = delay
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.held: list[str] = []
        self.live = False

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        elapsed = time.monotonic() - self.started
        line = f"[{elapsed:5.1f}s] {message}"
        if not self.live and elapsed < self.delay:
            self.held.append(line)
            return
        if not self.live:
            self.live = True
            for held in self.held:
                print(held, file=self.stream)
            self.held.clear()
        print(line, file=self.stream, flush=True)


def _settings(args: argparse.Namespace) -> Settings:
    from .settings import check_report_date

    try:
        if args.report_date is not None:
            check_report_date(args.report_date)
    except ValueError as exc:
        raise GraphbuildError(f"--report-date: {exc}") from None
    try:
        return Settings(model=args.model, base_iri=args.base_iri,
                        month_first=not args.day_first, report_date=args.report_date,
                        strict=args.strict)
    except ValueError as exc:
        raise GraphbuildError(str(exc)) from None


def cmd_build(args: argparse.Namespace) -> int:
    """Build the graph of one or more reports."""
    from .build import build_graph, render_outputs, summarize
    from .errors import StrictModeError
    from .writers import prepare_folder, remove_folders, write_outputs

    settings = _settings(args)
    progress = Progress(quiet=args.quiet)
    # Find out now, not after a long build, whether the outputs can be written at all.
    created = prepare_folder(Path(args.output))
    try:
        result = build_graph(args.paths, settings, progress=progress)
        lines, left_out = summarize(result.diagnostics())
        for line in lines:
            print(f"warning: {line}", file=sys.stderr)
        for code, count in sorted(left_out.items()):
            print(f"\u2026 and {count:,} more [{code}]; all are in build-report.json",
                  file=sys.stderr)
        for hint in result.hints():
            print(f"hint: {hint}", file=sys.stderr)
        outputs = render_outputs(result, progress=progress)
        written = write_outputs(outputs, Path(args.output))
    except StrictModeError as exc:
        remove_folders(created)
        for hint in exc.hints:
            print(f"hint: {hint}", file=sys.stderr)
        raise
    except BaseException:
        remove_folders(created)
        raise
    if not args.quiet:
        counts = ", ".join(f"{len(r.sections)} sections, {len(r.sentences)} sentences, "
                           f"{len(r.endnotes)} notes" for r in result.reports)
        print(f"Built {len(result.reports)} report(s) ({counts}) into {args.output}:")
        for path in written:
            print(f"  {path}")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    """Ask the graph: a canned query, a query file or a query on the command line."""
    from .sparql import (describe_canned, format_result, get_canned, parse_params,
                        read_query_file, run_query)

    if args.list:
        sys.stdout.write(describe_canned())
        return EXIT_OK
    declared = ()
    if args.name:
        canned = get_canned(args.name)
        sparql, declared = canned.sparql, canned.params
    elif args.file:
        sparql = read_query_file(args.file)
    elif args.sparql:
        sparql = args.sparql
    else:
        raise GraphbuildError("give a query: --name NAME, --file Q.rq or -q 'SELECT …' "
                              "(graphbuild query --list shows the names)")
    result = run_query(args.graphs or ["data/graph/"], sparql, engine=args.engine,
                       params=parse_params(args.param), declared=declared)
    sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the graph as a read-only SPARQL endpoint until Ctrl-C."""
    from .serve import serve

    def ready(endpoint) -> None:
        print(f"SPARQL endpoint ({endpoint.backend}) at {endpoint.url} — Ctrl-C to stop",
              flush=True)

    serve(args.graphs or ["data/graph/"], args.host, args.port, args.timeout,
          backend=args.backend, on_ready=ready)
    return EXIT_OK


QUERY_EXAMPLES = """\
examples:
  graphbuild query --list                                   # the canned queries
  graphbuild query --name most-cited-outlets                # over data/graph/
  graphbuild query out/ --name co-mentioned-with --param actor=Canada --format csv
  graphbuild query -q 'SELECT ?t WHERE { ?s a gb:Section ; rdfs:label ?t }'
  graphbuild query reports.trig --file my.rq --engine rdflib --format json

graphbuild's prefixes (gb:, schema:, skos:, dcterms:, cito:, nif:, issue: …) are predeclared.
A --param value is bound as an IRI (<…>, http(s)://…, gb:Country), a number, a date
(2021-01-20), true/false, or else a string ("…" forces a string).
"""

SERVE_EXAMPLES = """\
examples:
  graphbuild serve                               # data/graph/ at http://127.0.0.1:7878/query
  graphbuild serve out/ --port 8000 --timeout 10
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
       http://127.0.0.1:7878/query
"""


def _read_graph(path: str):
    """A built graph file: TriG/N-Quads into a Dataset, anything else into a Graph."""
    from rdflib import Dataset, Graph

    target = Path(path)
    if target.is_dir():
        raise GraphbuildError(f"{path}: a folder, not a graph file; give one .ttl or .trig "
                              "file from it")
    if not target.is_file():
        raise GraphbuildError(f"{path}: no such graph file")
    fmt = {".trig": "trig", ".nq": "nquads"}.get(target.suffix.lower())
    graph = Dataset() if fmt else Graph()
    try:
        graph.parse(target, format=fmt) if fmt else graph.parse(target)
    except Exception as exc:  # rdflib raises many kinds; the message is what matters
        raise GraphbuildError(f"{path}: cannot be read as RDF: {exc}") from None
    return graph


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a graph against the shipped SHACL shapes (a folder: each graph file in it)."""
    from .sparql import graph_files
    from .validate import validate

    if not Path(args.graph).is_dir():
        result = validate(_read_graph(args.graph))
        print(result.text)
        return EXIT_OK if result.conforms else EXIT_ERROR
    conforms = True
    for path in graph_files(args.graph):
        result = validate(_read_graph(str(path)))
        print(f"{path}: {result.text}")
        conforms = conforms and result.conforms
    return EXIT_OK if conforms else EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    """Write a graph in another format."""
    from .export import export
    from .writers import write_atomic, write_outputs

    data = export(_read_graph(args.graph), args.format)
    if isinstance(data, dict):  # CSV tables: a folder of files
        folder = Path(args.output or ".")
        for path in write_outputs(data, folder):
            print(path)
    elif args.output:
        write_atomic(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_html(args: argparse.Namespace) -> int:
    """Draw a graph as a self-contained interactive page."""
    from rdflib.namespace import RDF, RDFS

    from .explorer import to_html
    from .project import to_networkx
    from .vocab import GB
    from .writers import write_atomic

    graph = _read_graph(args.graph)
    report = next(iter(sorted(graph.subjects(RDF.type, GB.Report))), None)
    title = str(graph.value(report, RDFS.label)) if report is not None else Path(args.graph).stem
    page = to_html(to_networkx(graph), title=title, focus=args.focus, hops=args.hops)
    output = Path(args.output or Path(args.graph).with_suffix(".html").name)
    write_atomic(output, page.encode("utf-8"))
    print(output)
    return EXIT_OK


BUILD_EXAMPLES = """\
examples:
  graphbuild build                      # every report in data/raw/ → data/graph/
  graphbuild build report.txt -o out/   # one report → out/report.ttl, out/report.html
  graphbuild build reports/ --strict    # fail on any warning (a marker with no note, ...)

outputs, named after each input file's stem:
  <stem>.ttl            the report's graph in Turtle (byte-identical for the same input)
  <stem>.html           an interactive picture of the graph; opens from disk, offline
  <stem>.graphml        the same nodes and edges for Gephi, yEd or networkx
  <stem>.entities.csv   one row per node: label, type, aliases, Wikidata id, mentions
  <stem>.relations.csv  one row per edge: predicate, weight, confidence, evidence
  <stem>.sources.csv    one row per cited work: title, authors, date, URL, citing notes
  reports.trig          with several inputs: one named graph per report
  build-report.json     counts and every warning, per report

The outputs are written together or not at all. Warnings are printed up to 20 of a kind;
build-report.json holds them all.
"""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphbuild",
        description="Turn policy reports into knowledge graphs: actors, agreements, issues "
                    "and the endnote sources behind every claim.",
        epilog="Run 'graphbuild COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"graphbuild {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the graph of one or more reports",
        description="Read report files (UTF-8 text exported from a PDF or Markdown), find "
                    "their structure, sentences and endnotes, and write the graph as Turtle, "
                    "an interactive HTML page, GraphML and CSV tables.",
        epilog=BUILD_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("paths", nargs="*", metavar="PATH", default=["data/raw/"],
                       help="report files or folders of them (default: data/raw/)")
    build.add_argument("-o", "--output", metavar="DIR", default="data/graph/",
                       help="folder for the outputs (default: data/graph/)")
    build.add_argument("-q", "--quiet", action="store_true",
                       help="print nothing but warnings and errors")
    build.add_argument("--strict", action="store_true", help="treat every warning as an error")
    build.add_argument("--model", default=DEFAULT_MODEL,
                       help=f"installed spaCy pipeline to use (default: {DEFAULT_MODEL})")
    build.add_argument("--base-iri", default=DEFAULT_BASE_IRI,
                       help=f"base of the graph's IRIs (default: {DEFAULT_BASE_IRI})")
    build.add_argument("--report-date", metavar="YYYY[-MM[-DD]]",
                       help="the report's date (an ISO date: year, month or day), when its "
                            "text does not give one")
    build.add_argument("--day-first", action="store_true",
                       help="read numeric dates in notes as day/month (default: month/day)")
    build.set_defaults(handler=cmd_build)

    query = commands.add_parser(
        "query", help="ask the graph a SPARQL question",
        description="Run a canned query, a query file or a SPARQL query over built graphs "
                    "(Turtle/TriG files or folders; the union of their graphs is queried).",
        epilog=QUERY_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("graphs", nargs="*", metavar="GRAPH",
                       help="graph files or folders (default: data/graph/)")
    which = query.add_mutually_exclusive_group()
    which.add_argument("--name", help="a canned query (see --list)")
    which.add_argument("--file", metavar="Q.rq", help="a file holding a SPARQL query")
    which.add_argument("-q", "--query", dest="sparql", metavar="SPARQL", help="a SPARQL query")
    which.add_argument("--list", action="store_true", help="list the canned queries and exit")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind a query variable (repeatable)")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="output format (default: table)")
    query.add_argument("--engine", choices=("rdflib", "oxigraph"), default="oxigraph",
                       help="query engine (default: oxigraph, fast on large graphs; rdflib "
                            "is the pure-Python reference)")
    query.set_defaults(handler=cmd_query)

    serve = commands.add_parser(
        "serve", help="serve the graph as a read-only SPARQL endpoint",
        description="Answer SPARQL 1.1 Protocol queries over built graphs at "
                    "http://HOST:PORT/query (read-only; the union of the graphs is the "
                    "default graph).",
        epilog=SERVE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("graphs", nargs="*", metavar="GRAPH",
                       help="graph files or folders (default: data/graph/)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="interface to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878)")
    serve.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="longest a query may run (default: 30)")
    serve.add_argument("--backend", choices=("auto", "oxigraph", "python"), default="auto",
                       help="the Oxigraph server if installed (auto), or a small built-in one")
    serve.set_defaults(handler=cmd_serve)

    validate = commands.add_parser(
        "validate", help="check a graph against the shipped SHACL shapes",
        description="Validate a built graph; exits 1 on any violation.",
        epilog="example:\n  graphbuild validate data/graph/report.ttl",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    validate.add_argument("graph", metavar="GRAPH",
                          help="a .ttl or .trig file, or a folder: each such file in it")
    validate.set_defaults(handler=cmd_validate)

    export = commands.add_parser(
        "export", help="write a graph as JSON-LD, N-Triples, TriG, GraphML, GEXF or CSV",
        description="Convert a built graph; every format is deterministic.",
        epilog="examples:\n  graphbuild export data/graph/report.ttl --format graphml -o report.graphml\n"
               "  graphbuild export data/graph/report.ttl --format csv -o tables/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("graph", metavar="GRAPH", help="a .ttl or .trig file")
    export.add_argument("--format", required=True,
                        choices=("turtle", "json-ld", "n-triples", "n-quads", "trig", "graphml",
                                 "gexf", "csv"))
    export.add_argument("-o", "--output", metavar="FILE",
                        help="output file (a folder for csv; default: standard output)")
    export.set_defaults(handler=cmd_export)

    page = commands.add_parser(
        "html", help="draw a graph as an interactive page that works offline",
        description="Write a self-contained HTML explorer of a built graph.",
        epilog="example:\n  graphbuild html data/graph/report.ttl --focus Mexico --hops 1 -o mexico.html",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    page.add_argument("graph", metavar="GRAPH", help="a .ttl or .trig file")
    page.add_argument("--focus", metavar="LABEL", help="show only this node's neighbourhood")
    page.add_argument("--hops", type=int, default=1, help="neighbourhood size (default: 1)")
    page.add_argument("-o", "--output", metavar="FILE", help="default: GRAPH's stem + .html")
    page.set_defaults(handler=cmd_html)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    With ``argv`` left out, the process's own arguments are read, and the process is
    taken to end when this returns.
    """
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        return args.handler(args)
    except GraphbuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Interrupted; nothing was written.", file=sys.stderr)
        return 130
    finally:
        if argv is None:
            # The program ends here. Its last garbage collection would walk everything
            # still alive (a loaded pipeline, a graph) only to free memory the operating
            # system takes back at once; frozen, that walk is skipped.
            gc.freeze()
