"""The command line, run as a user runs it: exit codes and the words they see."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from graphbuild.cli import main
from graphbuild.vocab import GB, RDF

from conftest import BUNDLED, REPO


def run_cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "graphbuild", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_help_is_fast_because_nothing_heavy_is_imported():
    code = ("import sys, graphbuild.cli as c\n"
            "c.make_parser().format_help()\n"
            "print(sorted(m for m in ('spacy', 'rdflib', 'pyvis', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_build_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "graphbuild build report.txt -o out/" in text
    for output in ("<stem>.ttl", "<stem>.html", "<stem>.graphml", "<stem>.entities.csv",
                   "<stem>.relations.csv", "<stem>.sources.csv", "reports.trig",
                   "build-report.json"):
        assert output in text, output


def test_installed_command_builds_the_bundled_report(tmp_path):
    """`graphbuild build data/raw -o TMP` from the repository root, with the installed script."""
    exe = shutil.which("graphbuild")
    assert exe, "the graphbuild console script is not installed (pip install -e .)"
    out = subprocess.run([exe, "build", "data/raw", "-o", str(tmp_path)], cwd=REPO,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Built 1 report(s)" in out.stdout
    graph = Graph().parse(tmp_path / f"{BUNDLED.stem}.ttl")
    assert len(set(graph.subjects(RDF.type, GB.Endnote))) == 127
    html = (tmp_path / f"{BUNDLED.stem}.html").read_text("utf-8")
    assert "<html" in html.lower()
    import re
    assert not re.search(r'(?:src|href)\s*=\s*"(?:https?:)?//', html)  # works offline
    assert (tmp_path / "build-report.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize("content, words", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary", "binary data"),
    (b"Caf\xe9\n", "not UTF-8"),
])
def test_bad_input_is_an_error_naming_the_file_and_nothing_is_written(tmp_path, content, words):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out_dir = tmp_path / "out"
    result = run_cli("build", str(bad), "-o", str(out_dir))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {bad}")
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not out_dir.exists()


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "b.txt" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_path_is_an_error():
    result = run_cli("build", "no/such/report.txt", "-o", "/tmp/never")
    assert result.returncode == 1
    assert "no/such/report.txt: no such file or folder" in result.stderr


MARKER_WITHOUT_NOTE = "Title\n\nA claim with a source.¹ A claim without one.⁷\n\nNotes\n\n1. A source.\n"


def test_marker_without_note_is_a_warning_with_position(tmp_path):
    report = tmp_path / "brief.txt"
    report.write_text(MARKER_WITHOUT_NOTE, encoding="utf-8")
    result = run_cli("build", str(report), "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0
    assert f"warning: {report}:3:45: marker cites note 7" in result.stderr
    assert (tmp_path / "out" / "brief.ttl").exists()


def test_strict_turns_warnings_into_an_error(tmp_path):
    report = tmp_path / "brief.txt"
    report.write_text(MARKER_WITHOUT_NOTE, encoding="utf-8")
    result = run_cli("build", str(report), "-o", str(tmp_path / "out"), "--strict")
    assert result.returncode == 1
    assert "--strict" in result.stderr and "marker-without-note" in result.stderr
    assert not (tmp_path / "out").exists()


def test_several_inputs_also_give_a_trig_with_a_graph_per_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Title One\n\nMexico and Canada trade a lot.¹\n\nNotes\n\n1. A.\n")
    (folder / "two.txt").write_text("Title Two\n\nCanada trades with Mexico.¹\n\nNotes\n\n1. B.\n")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    from rdflib import Dataset
    dataset = Dataset()
    dataset.parse(tmp_path / "out" / "reports.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {n.rsplit("/", 2)[-2] for n in names} == {"one", "two"}
    assert (tmp_path / "out" / "one.ttl").exists() and (tmp_path / "out" / "two.ttl").exists()


def test_unknown_model_is_a_readable_error(tmp_path):
    result = run_cli("build", str(BUNDLED), "-o", str(tmp_path), "--model", "no_such_model_xyz")
    assert result.returncode == 1
    assert "no_such_model_xyz" in result.stderr and "not installed" in result.stderr


def test_progress_is_held_back_for_quick_runs_and_shown_for_slow_ones():
    import io

    from graphbuild.cli import Progress

    quick = io.StringIO()
    progress = Progress(delay=60, stream=quick)
    progress("reading")
    assert quick.getvalue() == ""
    slow = io.StringIO()
    progress = Progress(delay=0, stream=slow)
    progress("reading")
    progress("parsing")
    assert "reading" in slow.getvalue() and "parsing" in slow.getvalue()
    silent = io.StringIO()
    Progress(quiet=True, delay=0, stream=silent)("reading")
    assert silent.getvalue() == ""


def test_outputs_are_readable_by_others(tmp_path):
    import os
    import stat

    from graphbuild.writers import write_outputs

    previous = os.umask(0o022)
    try:
        [path] = write_outputs({"a.ttl": b"x"}, tmp_path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_query_list_needs_no_graph(tmp_path):
    result = run_cli("query", "--list", cwd=tmp_path)
    assert result.returncode == 0
    assert "most-cited-outlets" in result.stdout


def test_query_canned_over_the_committed_graph():
    result = run_cli("query", "--name", "section-sentence-counts", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "Strengthening Trade and Commerce" in result.stdout


def test_bad_query_is_an_error_not_a_traceback():
    result = run_cli("query", "-q", "SELECT ?x WHERE {")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: SPARQL syntax error")
    assert "Traceback" not in result.stderr


def test_validate_export_and_html_commands(tmp_path):
    graph = REPO / "data" / "graph" / f"{BUNDLED.stem}.ttl"
    result = run_cli("validate", str(graph))
    assert result.returncode == 0 and "conforms" in result.stdout
    result = run_cli("export", str(graph), "--format", "graphml", "-o", str(tmp_path / "g.graphml"))
    assert result.returncode == 0
    import networkx as nx
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 0
    result = run_cli("html", str(graph), "-o", str(tmp_path / "g.html"))
    assert result.returncode == 0 and (tmp_path / "g.html").stat().st_size > 0


# ---- outputs that cannot be written, dates, floods of warnings, hints

BRIEF = "Title\n\nA claim with a source.\u00b9\n\nNotes\n\n1. A source.\n"


def test_an_output_folder_that_cannot_be_made_is_an_error_before_the_build(tmp_path, capsys):
    report = tmp_path / "brief.txt"
    report.write_text(BRIEF, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = main(["build", str(report), "-o", str(blocker / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"Error: {blocker / 'out'}: cannot write outputs there")
    assert "reading" not in err and "Traceback" not in err
    code = main(["build", str(report), "-o", str(blocker), "--quiet"])
    assert code == 1 and "the output path is a file, not a folder" in capsys.readouterr().err


def test_a_failed_build_removes_the_output_folder_it_made(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code = main(["build", str(bad), "-o", str(tmp_path / "new" / "out"), "--quiet"])
    assert code == 1 and "the file is empty" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_a_write_that_fails_midway_leaves_nothing_behind(tmp_path, monkeypatch):
    import os

    from graphbuild.errors import GraphbuildError
    from graphbuild.writers import write_outputs

    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.ttl").write_bytes(b"old")
    outputs = {name: b"new" for name in ("a.ttl", "a.html", "a.graphml", "a.entities.csv")}
    with pytest.raises(GraphbuildError, match="No space left on device"):
        write_outputs(outputs, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.ttl"]
    assert (tmp_path / "out" / "a.ttl").read_bytes() == b"old"  # the old file stands
    calls.clear()
    with pytest.raises(GraphbuildError):
        write_outputs(outputs, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


def test_a_folder_in_the_way_of_an_output_writes_nothing(tmp_path):
    report = tmp_path / "brief.txt"
    report.write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "out"
    (out / "brief.html").mkdir(parents=True)
    result = run_cli("build", str(report), "-o", str(out), "--quiet")
    assert result.returncode == 1
    assert "brief.html: cannot write the output: a folder is in the way" in result.stderr
    assert [p.name for p in out.iterdir()] == ["brief.html"]


@pytest.mark.parametrize("date, words", [
    ("2021/01/05", "'2021/01/05' is not an ISO date"),
    ("05-01-2021", "is not an ISO date"),
    ("2021-13", "'2021-13' is not a date in the calendar"),
    ("2021-02-30", "is not a date in the calendar"),
])
def test_report_date_must_be_an_iso_date(tmp_path, capsys, date, words):
    report = tmp_path / "brief.txt"
    report.write_text(BRIEF, encoding="utf-8")
    code = main(["build", str(report), "-o", str(tmp_path / "out"), "--report-date", date])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Error: --report-date: ") and words in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("date", ["2021", "2021-01", "2021-01-20"])
def test_report_dates_at_each_precision_are_accepted(date):
    from graphbuild.settings import Settings

    assert Settings(report_date=date).report_date == date


def _many_uncited_notes(count: int) -> str:
    notes = "\n".join(f"{n}. Source number {n}, 2020." for n in range(1, count + 1))
    return (f"Title\n\nTrade grew (1). Ports grew (2). Roads grew (3).\n\nNotes\n\n{notes}\n")


def test_many_warnings_are_summarised_with_a_count_and_a_hint(tmp_path):
    import json

    report = tmp_path / "many.txt"
    report.write_text(_many_uncited_notes(45), encoding="utf-8")
    result = run_cli("build", str(report), "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len([l for l in lines if l.startswith("warning:") and "[note-never-cited]" in l]) == 20
    assert "\u2026 and 25 more [note-never-cited]; all are in build-report.json" in lines
    (hint,) = [l for l in lines if l.startswith("hint:")]
    assert "none of the 45 endnotes is cited" in hint and "'(1)' at line 3" in hint
    data = json.loads((tmp_path / "out" / "build-report.json").read_text("utf-8"))
    assert len(data["reports"][0]["warnings"]) == 45


def test_strict_summarises_its_errors_too(tmp_path):
    report = tmp_path / "many.txt"
    report.write_text(_many_uncited_notes(30), encoding="utf-8")
    result = run_cli("build", str(report), "-o", str(tmp_path / "out"), "--strict")
    assert result.returncode == 1
    assert "Error: 30 warnings found and --strict given; nothing was written:" in result.stderr
    assert result.stderr.count("[note-never-cited]") == 21  # twenty, and the count line
    assert "\u2026 and 10 more [note-never-cited]" in result.stderr
    assert "hint:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_exits_non_zero_on_a_shacl_violation(tmp_path):
    graph = tmp_path / "bad.ttl"
    graph.write_text("@prefix gb: <https://w3id.org/graphbuild/ontology#> .\n"
                     "<https://example.org/id/report/x/sentence/0> a gb:Sentence .\n")
    result = run_cli("validate", str(graph))
    assert result.returncode == 1
    assert "does not conform" in result.stdout and "Violation:" in result.stdout
    assert "nif:anchorOf" in result.stdout
