"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "raw" / "rebuilding-a-complex-partnership-us-mexico-canada-2021.txt"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp():
    from graphbuild.nlp import load_pipeline
    from graphbuild.settings import Settings

    return load_pipeline(Settings())


@pytest.fixture(scope="session")
def bundled_build(nlp):
    """The bundled report built once, as the CLI would (default settings)."""
    from graphbuild.build import build_graph

    return build_graph([BUNDLED], nlp=nlp)


@pytest.fixture(scope="session")
def bundled_report(bundled_build):
    return bundled_build.reports[0]


@pytest.fixture()
def parse(nlp):
    """Structure + sentences of a small inline report."""
    from graphbuild.nlp import segment
    from graphbuild.structure import structure

    def run(text: str):
        report = structure(text, "inline.txt", "0" * 64)
        segment([report], nlp)
        return report

    return run
