import pytest

from graphbuild.ids import Ids, slug
from graphbuild.settings import Settings


@pytest.mark.parametrize("name, key", [
    ("Nuevo León", "nuevo-leon"), ("U.S.", "u-s"), ("López Obrador", "lopez-obrador"),
    ("AT&T", "at-and-t"), ("Canada’s plan", "canadas-plan"), ("  Mexico  ", "mexico"),
])
def test_slug(name, key):
    assert slug(name) == key


def test_slug_of_punctuation_is_still_unique():
    assert slug("!!!") != slug("???")
    assert slug("!!!").startswith("x")


def test_entities_are_shared_across_reports_and_typed():
    ids = Ids()
    assert ids.entity("Country", "Mexico") == ids.entity("Country", " Mexico")
    assert ids.entity("Country", "Mexico") != ids.entity("Person", "Mexico")
    assert str(ids.entity("Country", "Mexico")).endswith("/entity/country/mexico")


def test_report_scoped_iris():
    ids = Ids("https://example.org/kg/")
    report = ids.report("My Report 2021")
    assert str(report) == "https://example.org/kg/report/my-report-2021"
    assert str(ids.sentence(report, 3)) == f"{report}/sentence/3"
    assert str(ids.note(report, 12)) == f"{report}/note/12"
    assert str(ids.span(ids.sentence(report, 3), 1)) == f"{report}/sentence/3/span/1"


def test_base_iri_must_end_with_a_separator():
    with pytest.raises(ValueError):
        Settings(base_iri="https://example.org/kg")
