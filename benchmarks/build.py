"""Benchmark the whole build against bare spaCy on the same paragraphs.

Prints, for the bundled report (or the files given): the wall time of the whole build as a
process (start, model load, everything), of bare spaCy as a process (start, model load,
``nlp.pipe`` over the same paragraphs — endnotes excluded), their ratio, and the build's
peak memory. Each is the median of several runs.

    python benchmarks/build.py [PATH ...] [--runs 3]

Targets: ratio ≤ 1.25, peak memory < 1 GiB.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graphbuild.build import collect_inputs  # noqa: E402
from graphbuild.ingest import read_report  # noqa: E402
from graphbuild.settings import DEFAULT_MODEL  # noqa: E402
from graphbuild.structure import structure  # noqa: E402

BARE_SPACY = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=64):
    pass
"""


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds of a child process and its peak resident memory in bytes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(REPO / "data" / "raw")])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    # spaCy runs from the bytecode its install compiled; so does an installed graphbuild.
    # A checkout run with PYTHONDONTWRITEBYTECODE set would compile every module on every
    # build instead, so compile them once here, as an install does.
    compileall.compile_dir(str(REPO / "graphbuild"), quiet=1)
    files = collect_inputs(args.paths)
    texts = []
    for path in files:
        source = read_report(path)
        texts.extend(p.text for p in structure(source.text, source.file_name, source.sha256).paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        paragraphs = Path(folder) / "paragraphs.json"
        paragraphs.write_text(json.dumps(texts), encoding="utf-8")
        build_cmd = [sys.executable, "-m", "graphbuild", "build", *map(str, files),
                     "-o", str(Path(folder) / "out"), "--quiet", "--model", args.model]
        bare_cmd = [sys.executable, "-c", BARE_SPACY, args.model, str(paragraphs)]
        timed(bare_cmd)  # warm the file cache once, for both
        bare, build, peaks = [], [], []
        for _ in range(args.runs):  # in turn, so a change in the machine's load hits both
            seconds, _peak = timed(bare_cmd)
            bare.append(seconds)
            seconds, peak = timed(build_cmd)
            build.append(seconds)
            peaks.append(peak)
    whole, spacy_only = statistics.median(build), statistics.median(bare)
    print(f"reports:                 {len(files)} ({len(texts)} paragraphs)")
    print(f"whole build (process):   {whole:.2f} s  (median of {args.runs})")
    print(f"bare spaCy (process):    {spacy_only:.2f} s  (median of {args.runs})")
    print(f"ratio build / spaCy:     {whole / spacy_only:.2f}  (target ≤ 1.25)")
    print(f"peak memory (build):     {max(peaks) / 2**20:.0f} MiB  (target < 1024 MiB)")


if __name__ == "__main__":
    main()
