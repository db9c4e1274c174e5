"""Build: the one place the stages are chained, from report files to serialised outputs.

``build_graph`` reads every input, reads its structure, runs spaCy once over all the
paragraphs, and makes the RDF dataset; ``render_outputs`` turns the result into the bytes
of each output file. Neither writes files or prints: the CLI chooses paths and writes
through :mod:`graphbuild.writers`, and progress goes to an optional callback.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, StrictModeError
from .ids import Ids
from .ingest import read_report
from .model import Diagnostic, Report
from .settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Dataset, Graph

#: File suffixes a folder is searched for.
REPORT_SUFFIXES = (".txt", ".md", ".markdown")

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build made: the reports (the model), the RDF dataset and the warnings."""

    reports: list[Report]
    dataset: "Dataset"
    ids: Ids
    settings: Settings
    paths: dict[str, str] = field(default_factory=dict)  # file name → path as given

    def graph(self, report: Report) -> "Graph":
        """The named graph of one report."""
        return self.dataset.graph(self.ids.graph(self.ids.report(report.stem)))

    def diagnostics(self) -> list[tuple[str, Diagnostic]]:
        """Every diagnostic with the path of its report, as the user named it."""
        return [(self.paths.get(report.file_name, report.file_name), d)
                for report in self.reports for d in report.diagnostics]

    def warnings(self) -> list[str]:
        """Every diagnostic as a ``path:line:col: message [code]`` line."""
        return [format_diagnostic(path, d) for path, d in self.diagnostics()]

    def hints(self) -> list[str]:
        """Likely causes of problems that recur across a report (see :func:`hints`)."""
        return hints(self.reports, self.paths)


def format_diagnostic(path: str, diagnostic: Diagnostic) -> str:
    """``path:line:col: message [code]`` — the form editors and terminals link to."""
    where = path
    if diagnostic.line is not None:
        where += f":{diagnostic.line}"
        if diagnostic.column is not None:
            where += f":{diagnostic.column}"
    return f"{where}: {diagnostic.message} [{diagnostic.code}]"


#: How many warnings of one code :func:`summarize` lists before it only counts them.
WARNINGS_PER_CODE = 20


def summarize(diagnostics: Sequence[tuple[str, Diagnostic]], per_code: int = WARNINGS_PER_CODE
              ) -> tuple[list[str], dict[str, int]]:
    """The first ``per_code`` diagnostics of each code as lines, and how many of each code
    are left out, so that thousands of warnings do not bury the few that differ."""
    shown: dict[str, int] = {}
    left_out: dict[str, int] = {}
    lines = []
    for path, diagnostic in diagnostics:
        if shown.get(diagnostic.code, 0) < per_code:
            shown[diagnostic.code] = shown.get(diagnostic.code, 0) + 1
            lines.append(format_diagnostic(path, diagnostic))
        else:
            left_out[diagnostic.code] = left_out.get(diagnostic.code, 0) + 1
    return lines, left_out


# Where a citation marker would stand in a form the markup stage does not read: a
# bracketed or parenthesised number, or digits glued to the end of a word ("recession.1").
_LOOSE_MARKER = re.compile(r"\[\d{1,4}\]|\(\d{1,3}\)(?=[\s.,;]|$)"
                           r"|(?<=[a-z][.,;:\"\u201d\u2019)])\d{1,3}(?=\s|$)")
_LOOSE_MARKERS_FOR_A_HINT = 3
_MARKER_FORMS = "¹, ^{1}, <sup>1</sup>, [^1], [Footnote 1] or a bracketed number the notes have"


def hints(reports: Sequence[Report], paths: dict[str, str] | None = None) -> list[str]:
    """Likely causes of a problem that recurs across a report, one line each.

    Every note uncited while the text has numbers where markers would stand; a section
    that looks like the endnote block but held no numbered note; markers, or numbers where
    markers would stand (footnotes at the foot of a PDF's pages), with no endnote block.
    """
    from .structure import is_endnote_heading

    found = []
    for report in reports:
        path = (paths or {}).get(report.file_name, report.file_name)
        markers = sum(len(p.markers) for p in report.paragraphs)
        if report.endnotes and not markers:
            loose = [(p, m) for p in report.paragraphs for m in _LOOSE_MARKER.finditer(p.text)]
            if loose:
                paragraph, match = loose[0]
                line, _ = report.line_col(paragraph.offsets[match.start()])
                found.append(
                    f"{path}: none of the {len(report.endnotes)} endnotes is cited, yet the text "
                    f"has {len(loose)} number{'s' * (len(loose) != 1)} where markers would "
                    f"stand, such as {match.group()!r} at line {line}; markers are read as "
                    f"{_MARKER_FORMS}")
            else:
                found.append(f"{path}: none of the {len(report.endnotes)} endnotes is cited and "
                             f"no citation marker was found; markers are read as {_MARKER_FORMS}")
        if not report.endnotes:
            heading = next((s for s in report.sections
                            if s.title and s.title_span and is_endnote_heading(s.title)), None)
            if heading is not None:
                line, _ = report.line_col(heading.title_span.start)
                found.append(
                    f"{path}: the section {heading.title!r} at line {line} looks like the "
                    "endnote block, but no numbered note was read in it; notes are read one "
                    "a line, as '[12] …', '12. …', '12 …' or '[^12]: …'")
            elif markers:
                found.append(
                    f"{path}: {markers} citation marker{'s' * (markers != 1)} but no endnote "
                    "block; it must start at a line of its own such as 'Notes', 'Endnotes' "
                    "or 'References'")
            else:
                loose = [(p, m) for p in report.paragraphs for m in _LOOSE_MARKER.finditer(p.text)]
                if len(loose) >= _LOOSE_MARKERS_FOR_A_HINT:
                    paragraph, match = loose[0]
                    line, _ = report.line_col(paragraph.offsets[match.start()])
                    found.append(
                        f"{path}: no endnote block, yet the text has {len(loose)} numbers where "
                        f"markers would stand, such as {match.group()!r} at line {line}; "
                        "footnotes printed at the foot of each page are not read: gather them "
                        "under a heading such as 'Notes'")
    return found


def collect_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into the report files to build, in a stable order.

    Raises
    ------
    InputError
        For a path that does not exist, or a folder with no report file in it.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                           and not p.name.startswith("."))
            if not files:
                raise InputError(str(path), "no report files (*.txt, *.md) in this folder")
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    stems: dict[str, Path] = {}
    for path in found:
        if path.stem in stems and stems[path.stem] != path:
            raise InputError(str(path), f"has the same name as {stems[path.stem]}; outputs are "
                             "named after the file, so rename one of them")
        stems[path.stem] = path
    return list(dict.fromkeys(found))


def build_graph(paths: Sequence[str | Path], settings: Settings | None = None, *,
                progress: Progress | None = None, nlp: Any = None) -> BuildResult:
    """Build the graph of one or more reports.

    Parameters
    ----------
    paths : sequence of str or Path
        Report files, or folders of them.
    settings : Settings, optional
        Model, base IRI, date order, strictness.
    progress : callable, optional
        Receives a short line at each stage.
    nlp : Language, optional
        An already loaded spaCy pipeline (notebooks and tests reuse one).

    Returns
    -------
    BuildResult

    Raises
    ------
    InputError
        For a file that cannot be read as a report.
    StrictModeError
        With ``settings.strict``, when any warning was found.
    """
    from .nlp import load_pipeline, pipeline_description, segment
    from .rdf import BuildInfo, to_rdf
    from .structure import structure

    settings = settings or Settings()
    say = progress or (lambda message: None)
    files = collect_inputs(paths)
    reports: list[Report] = []
    shown: dict[str, str] = {}
    for path in files:
        say(f"reading {path}")
        source = read_report(path)
        report = structure(source.text, source.file_name, source.sha256)
        if not report.sections:
            raise InputError(source.display_path, "no running text found (only a title or notes)")
        cite_sources(report, settings)
        reports.append(report)
        shown[source.file_name] = source.display_path
    if nlp is None:
        say(f"loading spaCy pipeline {settings.model}")
        nlp = load_pipeline(settings)
    paragraphs = sum(len(r.paragraphs) for r in reports)
    say(f"parsing {paragraphs} paragraph{'' if paragraphs == 1 else 's'}")
    segment(reports, nlp, batch_size=settings.batch_size,
            progress=lambda done, total: say(f"parsed {done}/{total} paragraphs")
            if total > settings.batch_size else None)
    with long_lived_heap():  # the pipeline, the Docs and the reports live on
        extract(reports, nlp, progress=say)
        ids = Ids(settings.base_iri)
        say("making the graph")
        model_name, model_version = pipeline_description(nlp)
        dataset = to_rdf(reports, ids, BuildInfo(model_name, model_version))
    result = BuildResult(reports, dataset, ids, settings, shown)
    if settings.strict and result.diagnostics():
        diagnostics = result.diagnostics()
        lines, left_out = summarize(diagnostics)
        lines += [f"\u2026 and {count:,} more [{code}]" for code, count in sorted(left_out.items())]
        count = len(diagnostics)
        error = StrictModeError(
            f"{count:,} warning{'s' * (count != 1)} found and --strict given; nothing was "
            "written:\n" + "\n".join(f"  {line}" for line in lines))
        error.hints = result.hints()
        raise error
    return result


@contextmanager
def long_lived_heap() -> Iterator[None]:
    """Leave what is alive now out of the garbage collector's passes until the block ends.

    Once the pipeline is loaded and the paragraphs parsed, nearly everything alive stays
    alive until the build ends, and the later stages add graph nodes by the ten thousand:
    each full collection they set off would walk the whole pipeline again, to free
    nothing. Frozen, a collection walks only what the stages themselves made. The objects
    return to the collector when the block ends, so a notebook that goes on building
    collects as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def extract(reports: list[Report], nlp: Any, *, progress: Progress | None = None) -> None:
    """Entities, issues, relations and recommendations, from the Docs already parsed."""
    from .entities import extract_entities
    from .issues import tag_issues
    from .recommendations import extract_recommendations
    from .relations import extract_relations

    say = progress or (lambda message: None)
    say("finding actors, agreements and issues")
    extract_entities(reports, nlp)
    tag_issues(reports)
    say("finding relations and recommendations")
    extract_relations(reports)  # first: the leaders it finds resolve "the leaders" below
    extract_recommendations(reports)


def cite_sources(report: Report, settings: Settings) -> None:
    """Parse every note into works and settle the report's own date, in place.

    The date is the one the report's title block prints, else ``settings.report_date``, else the latest
    cited date (recorded as inferred). Warnings about notes get the note's line and column.
    """
    from .references import cite_works, find_report_date, latest_cited_date

    block = report.title_block
    printed = find_report_date(report.text[block.start:block.end]) if block else None
    report.report_date = printed or settings.report_date
    diagnostics = cite_works(report.endnotes, month_first=settings.month_first,
                             report_date=report.report_date)
    if report.report_date is None:
        report.report_date = latest_cited_date(report.endnotes)
        report.report_date_inferred = report.report_date is not None
    where = {note.number: report.line_col(note.span.start) for note in report.endnotes}
    for diagnostic in diagnostics:
        if diagnostic.line is None and diagnostic.note in where:
            line, column = where[diagnostic.note]
            diagnostic = replace(diagnostic, line=line, column=column)
        report.diagnostics.append(diagnostic)


def render_outputs(result: BuildResult, *, progress: Progress | None = None) -> dict[str, bytes]:
    """The bytes of every output file of a build, by file name.

    Per report: ``<stem>.ttl`` (the graph), ``<stem>.html`` (the explorer),
    ``<stem>.graphml`` (the NetworkX projection, for Gephi and yEd) and three CSV tables,
    ``<stem>.entities.csv``, ``<stem>.relations.csv`` and ``<stem>.sources.csv``; with several
    reports also ``reports.trig`` (one named graph per report); always ``build-report.json``.
    """
    from .explorer import to_html
    from .export import to_csv, to_graphml
    from .project import to_networkx
    from .rdf import serialize

    say = progress or (lambda message: None)
    outputs: dict[str, bytes] = {}
    with long_lived_heap():  # the pipeline, the model and the graph live on
        for report in result.reports:
            graph = result.graph(report)
            say(f"writing {report.stem}.ttl, .html, .graphml and CSV tables")
            outputs[f"{report.stem}.ttl"] = serialize(graph, "turtle")
            projection = to_networkx(graph)
            outputs[f"{report.stem}.html"] = to_html(
                projection, title=report.title or report.stem).encode("utf-8")
            outputs[f"{report.stem}.graphml"] = to_graphml(projection)
            for name, table in to_csv(graph, projection).items():
                outputs[f"{report.stem}.{name}"] = table
        if len(result.reports) > 1:
            outputs["reports.trig"] = serialize(result.dataset, "trig")
        outputs["build-report.json"] = build_report(result)
    return outputs


def build_report(result: BuildResult) -> bytes:
    """The build report: per report, its counts, every entity with its surface forms and
    why they were merged, the notes that share a work, the notes with no work read from
    them, and every warning (sorted JSON)."""
    from .entities import merge_report
    from .references import merge_groups, work_key

    data: dict[str, Any] = {"reports": []}
    for report in result.reports:
        data["reports"].append({
            "file": report.file_name,
            "sha256": report.sha256,
            "title": report.title,
            "counts": {
                "sections": len(report.sections),
                "paragraphs": len(report.paragraphs),
                "sentences": len(report.sentences),
                "endnotes": len(report.endnotes),
                "markers": sum(len(p.markers) for p in report.paragraphs),
                "entities": len(report.entities),
                "issues": len({t.concept for t in report.issue_tags}),
                "relations": len(report.relations),
                "co_mentions": len(report.co_mentions),
                "recommendations": len(report.recommendations),
            },
            "entities": merge_report(report),
            "report_date": report.report_date,
            "report_date_inferred": report.report_date_inferred,
            "works": {
                "cited": len({work_key(w) for n in report.endnotes for w in n.works
                              if w.url or w.title}),
                "notes_sharing_a_work": merge_groups(report.endnotes),
                "notes_without_a_work": [n.number for n in report.endnotes
                                         if not any(w.url or w.title for w in n.works)],
            },
            "warnings": [
                {"code": d.code, "line": d.line, "column": d.column, "message": d.message}
                for d in report.diagnostics],
        })
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

