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


def test_all_markers_resolve_and_the_dropped_contact_line_is_the_one_warning(report):
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [
        ("trailing-boilerplate", 41, 1)]
    assert "'Contact: press@example.org | Page 12'" in report.diagnostics[0].message


@pytest.mark.parametrize("notes, numbers", [
    ("1. First source.\n2. Second source.\n", [1, 2]),
    ("1 First source.\n2 Second source.\n", [1, 2]),
    ("[^1]: First source.\n[^2]: Second source.\n", [1, 2]),
    ("(1) First source.\n(2) Second source.\n", [1, 2]),
    ("[1] First source.\n2. Second source.\n3) Third.\n(4) Fourth.\n", [1, 2, 3, 4]),
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


# ---- bracketed markers, judged against the notes

NMF = """\
CANADA'S INDO-PACIFIC STRATEGY: CROSSING THE NORTH PACIFIC

The Attraction of the Indo-Pacific

Canada's strategy released on 27 November 2022[1] joins the list, and asks \u201cWhy is \
Canada missing from the Indo-Pacific?\u201d.[2] It joined the grouping of the United States \
(US). [3] The pressure grew on Canada \u201cto take a bigger part in the region's security \
benefits.\u201d[5] In [2020] a poll [sic] agreed.[4]

Endnotes

[1] Government of Canada, \u201cCanada's Indo-Pacific Strategy\u201d, 27 November 2022.
[2] Kawasaki, Tsuyoshi. \u201cWhy is Canada missing?\u201d The Diplomat, 12/10/2021.
[3] Vucetic, S. (2021). The Anglosphere beyond security.
[4] Ibid.
[5] Hemmings, John. \u201cCanada and the Indo-Pacific.\u201d CIGI, 3 March 2022.
"""


def test_bracketed_markers_cite_the_notes_they_name():
    report = structure(NMF, "nmf.txt", "0")
    (paragraph,) = report.paragraphs
    assert [m.numbers for m in paragraph.markers] == [(1,), (2,), (3,), (5,), (4,)]
    assert "[1]" not in paragraph.text and "[5]" not in paragraph.text
    assert "In [2020] a poll [sic] agreed." in paragraph.text
    assert [NMF[m.span.start:m.span.end] for m in paragraph.markers] == [
        "[1]", "[2]", "[3]", "[5]", "[4]"]
    assert not [d for d in report.diagnostics if d.code == "note-never-cited"]


def test_bracketed_number_past_the_notes_of_a_bracket_citing_report_is_a_missing_note():
    text = NMF.replace("agreed.[4]", "agreed.[4] Ottawa replied.[7]")
    report = structure(text, "nmf.txt", "0")
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("marker-without-note", "marker cites note 7, which the endnotes do not have")]


def test_one_stray_bracketed_number_does_not_make_brackets_markers_beyond_the_notes():
    text = "Title\n\nA claim.\u00b9 See table [7] and [1].\n\nNotes\n\n1. A source.\n"
    report = structure(text, "t.txt", "0")
    assert "table [7]" in report.paragraphs[0].text
    assert [m.numbers for m in report.paragraphs[0].markers] == [(1,), (1,)]


def test_roman_markers_and_roman_notes():
    text = ("A Brief\n\nIn July, Mexico had recorded 12,155 homicides. [i] [ii] In its ten "
            "years the initiative has evolved. [iii]\n\nSources\n\n[i] Committee to Protect "
            "Journalists, 2017.\n[ii] Secretariado Ejecutivo, 2017.\n[iii] Ibid.\n")
    report = structure(text, "t.txt", "0")
    assert [n.number for n in report.endnotes] == [1, 2, 3]
    assert [m.numbers for m in report.paragraphs[0].markers] == [(1,), (2,), (3,)]
    assert report.diagnostics == []


def test_gao_footnote_markers():
    text = ("A Report\n\nCountries face challenges.[Footnote 1] In 2010, the United States "
            "acted.[Footnote 2]\n\nFootnotes:\n\n[1] United Nations, 2012.\n\n[2] The Dominican "
            "Republic is part of a separate initiative.\n")
    report = structure(text, "t.txt", "0")
    assert [m.numbers for m in report.paragraphs[0].markers] == [(1,), (2,)]
    assert report.paragraphs[0].text == "Countries face challenges. In 2010, the United States acted."
    assert report.diagnostics == []


# ---- text after the last endnote

AFTER_NOTES = """\
A Short Brief

By Jane Doe

Introduction

Canada and Mexico trade a lot.\u00b9 The USMCA helps.\u00b2

Notes

1. Jane Doe, Trade, 2020.
2. John Roe, Rules, 2021.

{tail}
"""


def test_an_author_section_after_the_notes_is_kept():
    text = AFTER_NOTES.format(tail="About the Author\n\nJane Doe is a senior fellow at a "
                                   "university.\n\n\u00a9 2021 The Institute. All rights reserved.")
    report = structure(text, "t.txt", "0")
    assert [s.title for s in report.sections] == ["Introduction", "About the Author"]
    assert [p.kind for p in report.sections[1].paragraphs] == ["author_bio"]
    assert report.endnotes[-1].text == "John Roe, Rules, 2021."
    (dropped,) = report.diagnostics
    assert (dropped.code, dropped.line, dropped.column) == ("trailing-boilerplate", 18, 1)


def test_a_bio_paragraph_after_the_notes_needs_no_heading():
    report = structure(AFTER_NOTES.format(tail="Jane Doe is a senior fellow at a university."),
                       "t.txt", "0")
    assert [p.kind for p in report.sections[-1].paragraphs] == ["author_bio"]
    assert report.sections[-1].title is None and len(report.sections) == 2


def test_a_marker_in_an_appendix_after_the_notes_is_checked():
    text = AFTER_NOTES.format(tail="Appendix A. Methodology\n\nWe interviewed officials in "
                                   "Ottawa.\u00b3")
    report = structure(text, "t.txt", "0")
    assert report.sections[-1].title == "Appendix A. Methodology"
    assert [(d.code, d.line) for d in report.diagnostics] == [("marker-without-note", 16)]


def test_a_lower_case_block_after_the_last_note_continues_it():
    report = structure(AFTER_NOTES.format(tail="see also the annex, p. 4."), "t.txt", "0")
    assert report.endnotes[-1].text == "John Roe, Rules, 2021.\nsee also the annex, p. 4."
    assert len(report.sections) == 1 and report.diagnostics == []


@pytest.mark.parametrize("tail", [
    "Copyright 2021 The Institute", "contact us: press@example.org", "Page 12 of 14",
    "[End of section]", "www.example.org\npress@example.org",
])
def test_boilerplate_after_the_notes_is_dropped_with_a_warning(tail):
    report = structure(AFTER_NOTES.format(tail=tail), "t.txt", "0")
    assert [d.code for d in report.diagnostics] == ["trailing-boilerplate"]
    assert report.diagnostics[0].line == 14
    assert len(report.sections) == 1
    assert report.endnotes[-1].text == "John Roe, Rules, 2021."


# ---- bylines

@pytest.mark.parametrize("byline, authors", [
    ("By Jane Doe", ["Jane Doe"]),
    ("By Jane Doe, Senior Fellow at the Wilson Center", ["Jane Doe"]),
    ("By Bjorn T. Kjelstad, Research Associate at the Council on Hemispheric Affairs",
     ["Bjorn T. Kjelstad"]),
    ("By Ana Ruiz and Tom Lee", ["Ana Ruiz", "Tom Lee"]),
    ("By Charles M. Johnson, Jr. and Maria de la Cruz", ["Charles M. Johnson, Jr.", "Maria de la Cruz"]),
])
def test_a_byline_followed_by_text_is_the_author_not_a_section(byline, authors):
    """Regression: "By Jane Doe" right before the first paragraph became section 0's title."""
    text = f"A Short Brief on Trade\n\n{byline}\n\nCanada and Mexico trade a lot.\u00b9 The USMCA " \
           "helps.\n\nNotes\n\n1. Jane Doe, Trade, 2020.\n"
    report = structure(text, "t.txt", "0")
    assert report.title == "A Short Brief on Trade"
    assert report.authors == authors
    assert [s.title for s in report.sections] == [None]


# ---- numbered lines: list items, section headings, notes headings

def test_numbered_list_items_are_not_headings():
    """Regression (GAO-13-771): "1. develop …; and" became a section heading."""
    text = ("A Report\n\nRecommendations for Executive Action:\n\nTo improve the ability of "
            "agencies to assess progress, we recommend that the Secretary of State, in "
            "consultation with the Administrator of USAID, take the following actions:\n\n1. develop a comprehensive, "
            "interagency strategy for CARSI that includes performance measures; and\n\n"
            "2. report annually to Congress on progress toward the objectives of CARSI.\n\n"
            "Agency Comments:\n\nState concurred with our recommendation.\n")
    report = structure(text, "t.txt", "0")
    assert [s.title for s in report.sections] == ["Recommendations for Executive Action:",
                                                  "Agency Comments:"]
    kinds = [(p.kind, p.text[:12]) for p in report.sections[0].paragraphs]
    assert kinds == [("body", "To improve t"), ("bullet", "develop a co"), ("bullet", "report annua")]


@pytest.mark.parametrize("items", [
    "1. Develop a strategy\n2. Report annually\n",
    "1. Develop a strategy\n\n2. Report annually\n",
])
def test_numbered_items_in_a_row_are_a_list(items):
    text = f"A Report\n\nIntroduction\n\nWe recommend two steps.\n\n{items}\nClosing\n\nThat is all.\n"
    report = structure(text, "t.txt", "0")
    assert [s.title for s in report.sections] == ["Introduction", "Closing"]
    assert [p.kind for p in report.sections[0].paragraphs] == ["body", "bullet", "bullet"]


def test_a_numbered_line_on_its_own_before_text_is_a_heading():
    text = ("A Report\n\n1. Introduction\n\nTrade grew in the region.\n\n2. Background\n\n"
            "Ministers met twice.\n")
    report = structure(text, "t.txt", "0")
    assert [s.title for s in report.sections] == ["1. Introduction", "2. Background"]


@pytest.mark.parametrize("heading", ["5. Endnotes", "V. Notes", "## 4. References", "IV. NOTES:"])
def test_a_numbered_notes_heading_starts_the_notes(heading):
    text = f"Title\n\nA claim.\u00b9 Another.\u00b2\n\n{heading}\n\n[1] One source.\n[2] Two.\n"
    report = structure(text, "t.txt", "0")
    assert [n.number for n in report.endnotes] == [1, 2]
    assert report.diagnostics == []
    assert all(s.title != heading for s in report.sections)


# ---- title blocks with letterheads, addresses and report numbers

GAO_TITLE_BLOCK = """\
United States Government Accountability Office:
GAO:

Report to the Caucus on International Narcotics Control, U.S. Senate:

September 2013:

Central America:

U.S. Agencies Considered Various Factors in Funding Security Activities:

GAO-13-771:

Why GAO Did This Study:

Drug trafficking organizations and gangs have expanded in Central America.
"""


def test_letterhead_addressee_date_and_report_number_are_not_the_title():
    """Regression: the title was "United States Government Accountability Office: GAO"."""
    report = structure(GAO_TITLE_BLOCK, "gao.txt", "0")
    assert report.title == "Central America"
    assert report.subtitle == "U.S. Agencies Considered Various Factors in Funding Security Activities"
    assert report.series is None
    assert [s.title for s in report.sections] == ["Why GAO Did This Study:"]


def test_a_letter_s_address_is_skipped_and_its_subject_is_the_title():
    """Regression: the title was "United States Government Accountability Office Washington, DC 20548"."""
    text = ("United States Government Accountability Office\nWashington, DC 20548\n\n"
            "February 17, 2011\n\nCongressional Committees\n\nSubject: Department of State's "
            "Report to Congress on Civilian Assistance to Pakistan Can Be Further Enhanced\n\n"
            "Pakistan is a key U.S. ally in the effort to combat terrorism.\n")
    report = structure(text, "gao.txt", "0")
    assert report.title == ("Department of State's Report to Congress on Civilian Assistance "
                            "to Pakistan Can Be Further Enhanced")
    assert report.subtitle is None and report.series is None


def test_a_title_block_of_furniture_only_keeps_its_first_line():
    text = "GAO-13-771\n\nSummary\n\nMexico has the 15th largest economy in the world.\n"
    assert structure(text, "r.txt", "0").title == "GAO-13-771"


@pytest.mark.parametrize("furniture", [
    "Congressional Research Service\nhttps://crsreports.congress.gov\nR42917",
    "Department of Global Affairs\n125 Sussex Drive\nOttawa, ON K1A 0G2",
    "Report No. 2021-14",
])
def test_furniture_before_a_title_is_skipped(furniture):
    text = f"{furniture}\n\nMexico: Background and U.S. Relations\nUpdated January 7, 2021\n\n" \
           "Summary\n\nMexico has the 15th largest economy in the world.\n"
    report = structure(text, "r.txt", "0")
    assert report.title == "Mexico: Background and U.S. Relations"
    assert report.subtitle is None


def test_a_publisher_after_the_title_is_the_series_not_the_subtitle():
    text = ("CANADA'S INDO-PACIFIC STRATEGY\n\nNational Maritime Foundation\n\n"
            "The Attraction of the Indo-Pacific\n\n"
            "The magnetism of the Indo-Pacific is attracting nations.\n")
    report = structure(text, "r.txt", "0")
    assert report.title == "CANADA'S INDO-PACIFIC STRATEGY"
    assert report.subtitle is None and report.series == "National Maritime Foundation"


# ---- page furniture of pdftotext output

PAGE_TEXTS = [
    ("Summary", "Mexico has the 15th largest economy in the world and shares a long\nborder "
                "with the United States.", "It is the top U.S. trade partner."),
    ("Introduction", "President Lopez Obrador has remained popular even as his\ngovernment "
                     "struggled with a deep recession.", "Homicides rose to record levels."),
    ("U.S. Policy", "U.S.-Mexico relations have remained generally cordial, though\ntensions "
                    "emerged over trade policy.", "The two countries signed twelve agreements."),
    ("Outlook", "Observers expect cooperation on migration and security to\ncontinue in the "
                "coming years.", "Congress will follow these issues closely."),
]


def _pdftotext_pages(header: str, footer: str) -> str:
    body = []
    for page, (heading, first, second) in enumerate(PAGE_TEXTS, start=1):
        body.append(f"{header}\n\n{heading}\n\n{first}\n\n{second}\n\n{footer.format(page)}\n")
    return "Mexico: Background and U.S. Relations\nUpdated January 7, 2021\n\n" + "\n".join(body)


@pytest.mark.parametrize("footer", [
    "Congressional Research Service                                   {}",
    "{}",
    "Page {} of 4",
])
def test_running_headers_footers_and_page_numbers_are_dropped_with_one_warning(footer):
    text = _pdftotext_pages("Mexico: Background and U.S. Relations", footer)
    report = structure(text, "crs.txt", "0")
    assert report.title == "Mexico: Background and U.S. Relations"
    titles = [s.title for s in report.sections]
    assert titles == ["Summary", "Introduction", "U.S. Policy", "Outlook"]
    paragraphs = [p.text for p in report.paragraphs]
    assert not [t for t in titles if t and "Background" in t]
    assert not [p for p in paragraphs if "Background" in p or "Congressional" in p
                or p.isdigit() or p.startswith("Page")]
    (warning,) = report.diagnostics
    assert warning.code == "page-furniture" and warning.line == 4
    assert "dropped 8 lines" in warning.message and "at line 4" in warning.message


def test_a_heading_that_recurs_irregularly_is_not_furniture():
    text = ("Title\n\nKey Points\n\nTrade grew.\n\nKey Points\n\nPorts grew.\n\n" + "Filler text.\n\n" * 20
            + "Key Points\n\nRoads grew.\n")
    report = structure(text, "r.txt", "0")
    assert [s.title for s in report.sections].count("Key Points") == 3
    assert report.diagnostics == []


def test_rising_numbers_a_line_or_two_apart_are_not_page_numbers():
    text = "Title\n\nIntroduction\n\nThe years were:\n\n2019\n2020\n2021\n2022\n\nThat is all.\n"
    report = structure(text, "r.txt", "0")
    assert report.diagnostics == []


# ---- notes wrapped over several lines

WRAPPED_NOTES = """\
Title

A claim.\u00b9 Another.\u00b2 A third.\u00b3

Endnotes

[1] Hemmings, John, and Lynn Kuok. \u201cCanada and the Indo-Pacific: Time for a Rethink.\u201d
    Centre for International Governance Innovation, 3 March 2022.
[2] Asia Pacific Foundation of Canada, 2020 National Opinion Poll (Vancouver: APF Canada,
2020), p. 12.
[3] <https://example.org/a>
 \u201cA Title.\u201d *Outlet*, 10 Dec. 2019.
"""


def test_a_note_wrapped_over_lines_is_one_reference():
    """Regression: the wrapped line of a PDF's note was read as a work of its own."""
    from graphbuild.references import parse_endnote

    report = structure(WRAPPED_NOTES, "t.txt", "0")
    assert [n.number for n in report.endnotes] == [1, 2, 3]
    first, second, third = report.endnotes
    assert first.text == ("Hemmings, John, and Lynn Kuok. \u201cCanada and the Indo-Pacific: Time "
                          "for a Rethink.\u201d Centre for International Governance Innovation, 3 March 2022.")
    assert second.text.endswith("(Vancouver: APF Canada, 2020), p. 12.")
    assert third.text == "<https://example.org/a>\n\u201cA Title.\u201d *Outlet*, 10 Dec. 2019."
    assert len(parse_endnote(first.text)) == 1 and len(parse_endnote(second.text)) == 1
    assert report.diagnostics == []


@pytest.mark.parametrize("previous, line, indented, wraps", [
    ("Doe, J. A long title of a", "report, 2020.", False, True),
    ("Doe, J. A long title of a", "Report, 2020.", False, True),
    ("Doe, J. A title. 2020.", "Roe, A. Another title. 2021.", False, False),
    ("Doe, J. A title. 2020.", "Roe, A. Another title. 2021.", True, True),
    ("<https://example.org/a>", "\u201cA Title.\u201d Outlet.", True, False),
    ("Doe, J. (Vancouver: APF,", "2020), p. 12.", False, True),
])
def test_note_lines_wrap_or_stand_apart(previous, line, indented, wraps):
    from graphbuild.structure import _wraps

    assert _wraps(previous, line, indented) is wraps


# ---- messages about the notes, and line numbers

def test_notes_out_of_order_are_not_called_duplicates():
    """Regression: [1], [3], [2] gave "endnote 3 follows endnote 1; the notes between are
    missing" and "endnote 2 appears twice"."""
    text = "Title\n\nA.\u00b9 B.\u00b2 C.\u00b3\n\nEndnotes\n\n[1] One.\n[3] Three.\n[2] Two.\n"
    report = structure(text, "t.txt", "0")
    assert sorted(n.number for n in report.endnotes) == [1, 2, 3]
    assert [n.text for n in report.endnotes] == ["One.", "Three.", "Two."]
    assert [(d.code, d.line, d.message) for d in report.diagnostics] == [
        ("endnote-order", 9, "endnote 2 follows endnote 3; the notes are out of order")]


def test_a_gap_in_the_notes_names_the_missing_ones():
    text = "Title\n\nA.\u00b9 B.\u00b2 C.\u2075\n\nEndnotes\n\n[1] One.\n[2] Two.\n[5] Five.\n"
    report = structure(text, "t.txt", "0")
    assert [(d.code, d.line, d.message) for d in report.diagnostics] == [
        ("endnote-gap", 9, "endnotes 3\u20134 are missing: the notes skip from 2 to 5")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_count_every_kind_of_line_end(newline):
    """Regression: a file with old-Mac line ends (\\r only) put every warning on line 1."""
    text = newline.join(["Title", "", "A claim.\u00b9 Another.\u2077", "", "Notes", "",
                         "1. One.", "2. Two.", ""])
    report = structure(text, "t.txt", "0")
    found = {(d.code, d.line, d.column) for d in report.diagnostics}
    assert found == {("marker-without-note", 3, 19), ("note-never-cited", 8, 4)}
    assert [n.text for n in report.endnotes] == ["One.", "Two."]
