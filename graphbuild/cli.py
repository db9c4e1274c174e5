"""The command line: ``graphbuild build``, and the commands added as the tool grows.

A thin shell: it parses arguments into :class:`~graphbuild.settings.Settings`, calls the
library, writes through :mod:`graphbuild.writers` and turns :class:`GraphbuildError` into an
``Error: …`` line and a non-zero exit. Heavy libraries load inside the commands, so
``graphbuild --help`` answers at once.
"""

from __future__ import annotations

import argparse
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
    try:
        return Settings(model=args.model, base_iri=args.base_iri,
                        month_first=not args.day_first, report_date=args.report_date,
                        strict=args.strict)
    except ValueError as exc:
        raise GraphbuildError(str(exc)) from None


def cmd_build(args: argparse.Namespace) -> int:
    """Build the graph of one or more reports."""
    from .build import build_graph, render_outputs
    from .writers import write_outputs

    progress = Progress(quiet=args.quiet)
    result = build_graph(args.paths, _settings(args), progress=progress)
    for line in result.warnings():
        print(f"warning: {line}", file=sys.stderr)
    outputs = render_outputs(result, progress=progress)
    written = write_outputs(outputs, Path(args.output))
    if not args.quiet:
        counts = ", ".join(f"{len(r.sections)} sections, {len(r.sentences)} sentences, "
                           f"{len(r.endnotes)} notes" for r in result.reports)
        print(f"Built {len(result.reports)} report(s) ({counts}) into {args.output}:")
        for path in written:
            print(f"  {path}")
    return EXIT_OK


BUILD_EXAMPLES = """\
examples:
  graphbuild build                      # every report in data/raw/ → data/graph/
  graphbuild build report.txt -o out/   # one report → out/report.ttl, out/report.html
  graphbuild build reports/ --strict    # fail on any warning (a marker with no note, ...)

outputs, named after each input file's stem:
  <stem>.ttl          the report's graph in Turtle (byte-identical for the same input)
  <stem>.html         an interactive picture of the graph; opens from disk, offline
  reports.trig        with several inputs: one named graph per report
  build-report.json   counts and every warning, per report
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
                    "their structure, sentences and endnotes, and write the graph as Turtle "
                    "and an interactive HTML page.",
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
                       help="the report's date, when its text does not give one")
    build.add_argument("--day-first", action="store_true",
                       help="read numeric dates in notes as day/month (default: month/day)")
    build.set_defaults(handler=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
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
