"""Structure rules on small inline reports, and hand-checked counts of the bundled one."""

from collections import Counter

import pytest

from graphbuild.structure import structure

REPORT = """\
Roads and Rivers:

Water Policy in the
Andean Region

By Ana Ruiz and Tom Lee

Policy Brief Series

Key Findings

- Basins cross borders.
- Treaties are old.

Governments share three river basins with their neighbours.¹ Cooperation is uneven.²

Ministers met in 2019 to agree on data sharing.^{3,4}

Rivers and Borders

The upstream states control most of the flow, and downstream farmers depend on their
decisions in dry years.⁵ Officials meet rarely and

"Officials meet rarely and the data they share is late."

the data they share is late.⁶

About the Authors

Ana Ruiz is a hydrologist at a university.

Notes

[1] World Bank. (2019). Basins. Retrieved from: <https://example.org/a>
[2] Smith, J. (2020). Rivers.
- [3] Doe, A. (2018). Data.
- [4] Lee, T. (2017). Meetings.
[5] Roe, B. (2016). Flows.
[6] Poe, C. (2015). Farms.

Contact: press@example.org | Page 12
"""


@pytest.fixture(scope="module")
def report():
    return structure(REPORT, "brief.txt", "0" * 64)


def test_title_block_is_metadata_not_a_section(report):
    assert report.title == "Roads and Rivers"
    assert report.subtitle == "Water Policy in the Andean Region"
    assert report.authors == ["Ana Ruiz", "Tom Lee"]
    assert report.series == "Policy Brief Series"
    assert all(s.title != "Roads and Rivers" for s in report.sections)


def test_headings_from_shape(report):
    assert [s.title for s in report.sections] == [
        "Key Findings", None, "Rivers and Borders", "About the Authors"]


def test_text_after_a_list_is_an_untitled_section(report):
    intro = report.sections[1]
    assert intro.title is None
    assert [p.kind for p in intro.paragraphs] == ["body", "body"]
    assert [p.kind for p in report.sections[0].paragraphs] == ["bullet", "bullet"]
    assert report.sections[0].paragraphs[0].text == "Basins cross borders."


def test_pull_quote_and_interrupted_paragraph(report):
    kinds = [p.kind for p in report.sections[2].paragraphs]
    assert kinds == ["body", "pull_quote"]
    body = report.sections[2].paragraphs[0]
    assert body.text.endswith("Officials meet rarely and the data they share is late.")
    assert len(body.spans) == 2  # joined across the pull quote
    quote = report.sections[2].paragraphs[1]
    assert quote.text == "Officials meet rarely and the data they share is late."


def test_author_bio(report):
    assert [p.kind for p in report.sections[3].paragraphs] == ["author_bio"]


def test_wrapped_lines_are_one_paragraph(report):
    body = report.sections[2].paragraphs[0]
    assert "depend on their decisions" in body.text


def test_notes_split_in_both_forms_and_trailing_boilerplate_dropped(report):
    assert [n.number for n in report.endnotes] == [1, 2, 3, 4, 5, 6]
    assert report.endnotes[2].text == "Doe, A. (2018). Data."
    assert report.endnotes[-1].text == "Poe, C. (2015). Farms."
    assert "Contact" not in report.endnotes[-1].text
    note = report.endnotes[0]
    assert REPORT[note.span.start:note.span.end] == note.text


def test_all_markers_resolve_without_warnings(report):
    assert report.diagnostics == []


@pytest.mark.parametrize("notes, numbers", [
    ("1. First source.\n2. Second source.\n", [1, 2]),
    ("1 First source.\n2 Second source.\n", [1, 2]),
    ("[^1]: First source.\n[^2]: Second source.\n", [1, 2]),
    ("1. First source, continued\n2019 was its year.\n2. Second.\n", [1, 2]),
])
def test_note_forms(notes, numbers):
    text = f"Title\n\nA sentence cites one.¹ And two.²\n\nNotes\n\n{notes}"
    report = structure(text, "t.txt", "0")
    assert [n.number for n in report.endnotes] == numbers
    assert not [d for d in report.diagnostics if d.code != "note-never-cited"]


def test_multi_line_note_keeps_its_lines():
    text = ("Title\n\nA claim.¹ Another.²\n\nEndnotes\n\n[1] <https://example.org/a>\n"
            " \u201cA Title.\u201d *Outlet*, 10 Dec. 2019.\n\n[2] Second.\n")
    report = structure(text, "t.txt", "0")
    assert report.endnotes[0].text == ("<https://example.org/a>\n\u201cA Title.\u201d *Outlet*, "
                                       "10 Dec. 2019.")


def test_marker_without_note_and_note_never_cited_are_warnings_with_positions():
    text = "Title\n\nA claim.¹ Another.³ Again.¹\n\nNotes\n\n1. One.\n2. Two.\n"
    report = structure(text, "t.txt", "0")
    found = {(d.code, d.line, d.column) for d in report.diagnostics}
    assert ("marker-without-note", 3, 19) in found
    assert ("note-cited-twice", 3, 27) in found
    assert ("note-never-cited", 8, 4) in found


def test_no_endnote_block_warns_for_each_marker():
    report = structure("Title\n\nA claim.¹\n", "t.txt", "0")
    assert [d.code for d in report.diagnostics] == ["marker-without-note"]


def test_duplicate_note_number_is_a_warning():
    text = "Title\n\nA claim.¹ B.²\n\nNotes\n\n[1] One.\n[2] Two.\n[2] Two again.\n"
    report = structure(text, "t.txt", "0")
    assert "endnote-duplicate" in {d.code for d in report.diagnostics}
    assert [n.number for n in report.endnotes] == [1, 2]


# ---- the bundled report: counts checked by hand against the file

def test_bundled_report_structure(bundled_report):
    report = bundled_report
    assert report.title == "Re-Building a Complex Partnership"
    assert report.subtitle == "The Outlook for U.S.-Mexico Relations under the Biden Administration"
    assert report.authors == ["Earl Anthony Wayne"]
    assert len(report.sections) == 11
    assert sum(1 for s in report.sections if s.title is None) == 1
    kinds = Counter(p.kind for p in report.paragraphs)
    assert kinds == {"body": 86, "bullet": 8, "pull_quote": 6, "author_bio": 1}
    assert [n.number for n in report.endnotes] == list(range(1, 128))


def test_bundled_report_every_note_is_cited(bundled_report):
    cited = {n for s in bundled_report.sentences for n in s.note_numbers}
    assert cited == set(range(1, 128))
    structural = {"marker-without-note", "note-never-cited", "note-cited-twice", "endnote-gap",
                  "endnote-duplicate"}
    assert not [d for d in bundled_report.diagnostics if d.code in structural]


def test_bundled_report_joined_paragraphs_have_two_spans(bundled_report):
    joined = [p for p in bundled_report.paragraphs if len(p.spans) > 1]
    assert len(joined) == 2
    assert all(p.kind == "body" for p in joined)
