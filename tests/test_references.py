"""Tests for graphbuild.references: the endnote reference parser."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from graphbuild.model import Endnote, Span, Work
from graphbuild.references import (
    cite_works,
    clean_url,
    find_report_date,
    latest_cited_date,
    merge_groups,
    parse_date,
    parse_endnote,
    url_identity,
    work_key,
)

DATA = Path(__file__).parent / "data"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def one(text: str, **kwargs) -> Work:
    works = parse_endnote(text, **kwargs)
    assert len(works) == 1, works
    return works[0]


def notes(*texts: str) -> list[Endnote]:
    return [Endnote(number=i + 1, text=t, span=Span(0, 0)) for i, t in enumerate(texts)]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(11/12/20)", ("2020-11-12", "day")),
        ("(01/17)", ("2017-01", "month")),
        ("(10/2020)", ("2020-10", "month")),
        ("(2021)", ("2021", "year")),
        ("12 Nov. 2020", ("2020-11-12", "day")),
        ("Nov. 2020", ("2020-11", "month")),
        ("March 3, 2021", ("2021-03-03", "day")),
        ("3 March 2021", ("2021-03-03", "day")),
        ("September 2019", ("2019-09", "month")),
        ("2019-05-04", ("2019-05-04", "day")),
        ("(1998, September 5)", ("1998-09-05", "day")),
        ("(04/6/99)", ("1999-04-06", "day")),
        ("(07/1/49)", ("2049-07-01", "day")),
        ("(07/1/50)", ("1950-07-01", "day")),
    ],
)
def test_date_forms_keep_the_precision_printed(text, expected):
    assert parse_date(text) == expected


def test_date_month_first_setting_swaps_day_and_month():
    assert parse_date("(03/04/19)") == ("2019-03-04", "day")
    assert parse_date("(03/04/19)", month_first=False) == ("2019-04-03", "day")


def test_date_impossible_month_reads_the_other_order():
    assert parse_date("(25/12/19)") == ("2019-12-25", "day")


@pytest.mark.parametrize("text", ["no date here", "may be later", "pp. 1021-1022", "2018–19", "(13/45/20)"])
def test_date_absent_or_not_a_date(text):
    assert parse_date(text) is None


def test_date_never_filled_from_today():
    work = one(
        "Example Institute. (2012). Annual Survey of Things. Retrieved from: <https://example.org/survey>"
    )
    assert (work.date, work.date_precision) == ("2012", "year")


# --------------------------------------------------------------------------- styles


def test_apa_like_person_news():
    work = one(
        "Doe, J. & Roe, R.K. (05/09/19). Rivers rise across the valley. *The Guardian*. "
        "Retrieved from: <https://www.theguardian.com/world/2019/may/09/rivers-rise>"
    )
    assert [(a.family, a.given, a.kind) for a in work.authors] == [
        ("Doe", "J.", "person"),
        ("Roe", "R.K.", "person"),
    ]
    assert work.date == "2019-05-09"
    assert work.title == "Rivers rise across the valley"
    assert work.container == "The Guardian"
    assert work.url == "https://www.theguardian.com/world/2019/may/09/rivers-rise"
    assert work.work_type == "news article"


def test_apa_like_organisation_author_is_publisher_has_no_container():
    work = one(
        "Example Bank. (03/2/18). Lending Outlook. Retrieved from: <https://data.example.org/dataset/lending>"
    )
    assert [(a.name, a.kind) for a in work.authors] == [("Example Bank", "organization")]
    assert work.container is None
    assert work.title == "Lending Outlook"
    assert work.work_type == "dataset"


def test_apa_like_title_ending_in_abbreviation_then_italic_outlet():
    work = one(
        "Lee, K. (02/03/21). Ships Cleared by U.S. *The Wall Street Journal*. Retrieved from: <https://www.wsj.com/a>"
    )
    assert work.title == "Ships Cleared by U.S."
    assert work.container == "The Wall Street Journal"


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Smith, A., Ruiz Garcia, B.", [("Smith", "person"), ("Ruiz Garcia", "person")]),
        ("van der Berg, C. & Li, D.", [("van der Berg", "person"), ("Li", "person")]),
        ("Example Research Center", [("Example Research Center", "organization")]),
        ("Acme Wire Staff", [("Acme Wire Staff", "organization")]),
        ("The Example Foundation", [("The Example Foundation", "organization")]),
        ("Statistics Bureau of Examplia", [("Statistics Bureau of Examplia", "organization")]),
    ],
)
def test_apa_like_authors_person_or_organisation(authors, expected):
    work = one(f"{authors}. (2019). A Study of Things. Retrieved from: <https://example.org/study>")
    assert [(a.family if a.kind == "person" else a.name, a.kind) for a in work.authors] == expected


@pytest.mark.parametrize("marker", ["et al.", "et. Al.", "et al"])
def test_et_al_recorded(marker):
    work = one(
        f"Nguyen, T., {marker} (06/20). Harbour Finance. Example Institute. Retrieved from: <https://example.org/hf>"
    )
    assert work.et_al is True
    assert [a.family for a in work.authors] == ["Nguyen"]


def test_mla_like_with_repeated_container_kept_once():
    work = one(
        'Rivera, Ana Lucia. "Ports and the Pacific Trade." *The Daily Ledger*, The Daily Ledger, '
        "4 Feb. 2019, dailyledger.example.com/opinion/ports-pacific."
    )
    assert (work.authors[0].family, work.authors[0].given) == ("Rivera", "Ana Lucia")
    assert work.title == "Ports and the Pacific Trade"
    assert work.container == "The Daily Ledger"
    assert work.date == "2019-02-04"
    assert work.url == "https://dailyledger.example.com/opinion/ports-pacific"
    assert work.work_type == "opinion"


def test_mla_like_without_author():
    work = one("“Import Statistics.” *Trade Figures Online*, Oct. 2018, www.example.gov/trade/stats.html.")
    assert work.authors == []
    assert work.title == "Import Statistics"
    assert work.container == "Trade Figures Online"
    assert (work.date, work.date_precision) == ("2018-10", "month")
    assert work.url == "https://www.example.gov/trade/stats.html"


def test_chicago_news_note():
    work = one("Maria Gomez, “Harvest Slows in the North,” Los Angeles Times, June 4, 2018.")
    assert (work.authors[0].family, work.authors[0].given) == ("Gomez", "Maria")
    assert work.title == "Harvest Slows in the North"
    assert work.container == "Los Angeles Times"
    assert work.date == "2018-06-04"
    assert work.url is None
    assert work.work_type == "news article"


def test_chicago_book_note():
    work = one("Peter Olsen and Ruth Kim, Rivers of Trade: A History (Boston: Harbor Press, 2019), 45.")
    assert [a.family for a in work.authors] == ["Olsen", "Kim"]
    assert work.title == "Rivers of Trade: A History"
    assert work.container == "Harbor Press"
    assert work.date == "2019"
    assert work.work_type == "book"


def test_chicago_journal_note():
    work = one("Lena Berg, “Tariffs and Trust,” Journal of Trade Studies 12, no. 3 (2015): 201–19.")
    assert work.title == "Tariffs and Trust"
    assert work.container == "Journal of Trade Studies"
    assert work.date == "2015"
    assert work.work_type == "journal article"


def test_government_comma_style_note():
    work = one("Department of Examples, Review of Harbour Safety Practices, March 2011, p. 12.")
    assert [(a.name, a.kind) for a in work.authors] == [("Department of Examples", "organization")]
    assert work.title == "Review of Harbour Safety Practices"
    assert work.date == "2011-03"


def test_legal_text_by_title_and_year():
    work = one("Harbour Safety Act 2004, s. 12(b).")
    assert work.title == "Harbour Safety Act 2004"
    assert work.date == "2004"
    assert work.work_type == "legal text"


def test_testimony_names_the_witness():
    work = one(
        "Testimony of Ambassador Jane Q. Public (ret) Before the House Subcommittee on Ports (05/03/17). "
        "“Keeping Harbours Open”. Retrieved from: <https://example.org/files/testimony.pdf>"
    )
    assert (work.authors[0].family, work.work_type, work.title) == (
        "Public",
        "testimony",
        "Keeping Harbours Open",
    )


def test_bare_url_note():
    work = one("<https://www.example.org/reports/harbours-2020.pdf>")
    assert work.url == "https://www.example.org/reports/harbours-2020.pdf"
    assert work.work_type == "report"


def test_youtube_is_video():
    work = one(
        "Example Forum. (01/14/21). Panel on Ports. Retrieved from: https://www.youtube.com/watch?v=abc123"
    )
    assert work.work_type == "video"


def test_two_references_in_one_note_semicolon():
    works = parse_endnote(
        "Ann Lee, “Bridges,” Boston Globe, May 2, 2016; Raj Patel, “Tunnels,” Toronto Star, May 3, 2016."
    )
    assert [w.title for w in works] == ["Bridges", "Tunnels"]
    assert [w.date for w in works] == ["2016-05-02", "2016-05-03"]


def test_two_references_in_one_note_line_break():
    works = parse_endnote(
        "Example Bank. (2019). Harbour Data. Retrieved from: <https://example.org/a>\n"
        "Example Fund. (2020). Port Data. Retrieved from: <https://example.org/b>"
    )
    assert [w.url for w in works] == ["https://example.org/a", "https://example.org/b"]


def test_commentary_then_citation_see_also():
    works = parse_endnote(
        "For a discussion of harbour costs, see Ann Lee, “Bridges,” Boston Globe, May 2, 2016. "
        "See also Raj Patel, “Tunnels,” Toronto Star, May 3, 2016."
    )
    assert [w.authors[0].family for w in works] == ["Lee", "Patel"]


def test_access_date_is_not_the_work_date():
    work = one(
        "“Trade Overview,” Example Bank, accessed June 3, 2020, https://www.example.org/en/topic/trade."
    )
    assert work.date is None
    work = one(
        "Department of Examples, 'Ports Open', Example News, http://www.example.gov/a.htm (accessed 14 June 2013)."
    )
    assert work.date is None and work.url == "http://www.example.gov/a.htm"


def test_double_issue_month_range_is_known_to_the_year():
    work = one("Jane Smith, “Why Borders Matter,” Foreign Affairs, March/April 2019.")
    assert (work.date, work.date_precision) == ("2019", "year")


def test_report_number_and_update_date():
    work = one("Example Research Service, Ports: Background and Issues, R42917, updated January 2021.")
    assert (work.title, work.date, work.container, work.work_type) == (
        "Ports: Background and Issues",
        "2021-01",
        None,
        "report",
    )


def test_organisation_imprint_is_a_report():
    work = one(
        "Example Audit Office, Harbour Security: Actions Needed, EAO-19-123 (Washington, DC: EAO, March 2019)."
    )
    assert (work.title, work.date, work.work_type) == (
        "Harbour Security: Actions Needed",
        "2019-03",
        "report",
    )


def test_interview_note_keeps_person_and_full_date():
    work = one("Maria Lopez, interview by author, June 2, 2020.")
    assert (work.authors[0].family, work.date) == ("Lopez", "2020-06-02")


@pytest.mark.parametrize(
    "text",
    [
        "The committee was later renamed, and its members were reappointed in 2012.",
        "These figures exclude seasonal workers.",
    ],
)
def test_explanatory_remark_gives_no_work(text):
    assert parse_endnote(text) == []


def test_explanatory_note_gives_no_work():
    assert parse_endnote("The committee was later renamed, and its members were reappointed in 2012.") == []


@pytest.mark.parametrize(
    "text", ["", "   ", "\\", "[", "(((", "*", "<>", "Ibid", "12", "a" * 5000, "“unclosed", "x\x00y"]
)
def test_parse_never_raises(text):
    assert isinstance(parse_endnote(text), list)


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("<https://example.org/a>", "https://example.org/a"),
        ("[https://example.org/x\\(y\\)](https://example.org/x(y))", "https://example.org/x(y)"),
        ("www.example.org/page.", "https://www.example.org/page"),
        ("example.gov/path/to/page", "https://example.gov/path/to/page"),
        ("https://example.org/a#section-2", "https://example.org/a#section-2"),
        ("https://example.org/a_b\\_c", "https://example.org/a_b_c"),
    ],
)
def test_url_cleaning(printed, expected):
    assert clean_url(printed) == expected


def test_markdown_link_in_note_keeps_fragment():
    work = one(
        "Office of Examples. Harbour Cooperation. Example Department. Retrieved from: "
        "[https://www.example.gov/ia/harbour#:~:text=Ports%20\\(EX\\).](https://www.example.gov/ia/harbour#:~:text=Ports%20(EX).)"
    )
    assert work.url == "https://www.example.gov/ia/harbour#:~:text=Ports%20(EX)"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.example.org/a/", "http://example.org/a"),
        ("https://example.org/a#top", "example.org/a"),
        ("<https://WWW.Example.org/a>", "https://example.org/a/"),
    ],
)
def test_url_identity_ignores_scheme_fragment_slash_www(a, b):
    assert url_identity(a) == url_identity(b)


def test_url_identity_keeps_query():
    assert url_identity("https://example.org/watch?v=1") != url_identity("https://example.org/watch?v=2")


def test_work_key_same_url_or_same_title_and_container():
    a = Work(raw="", url="https://www.example.org/x/")
    b = Work(raw="", url="http://example.org/x")
    c = Work(raw="", title="Top Ports, 2020.", container="Port Data")
    d = Work(raw="", title="top ports 2020", container="*Port Data*")
    assert work_key(a) == work_key(b)
    assert work_key(c) == work_key(d)
    assert work_key(a) != work_key(c)


# --------------------------------------------------------------------------- notes together


def test_ibid_takes_previous_note_work():
    endnotes = notes("Ann Lee, “Bridges,” Boston Globe, May 2, 2016.", "Ibid., p. 4.", "Id.")
    diagnostics = cite_works(endnotes)
    assert endnotes[1].works[0].title == "Bridges"
    assert endnotes[1].works[0].same_as_note == 1
    assert endnotes[1].works[0].raw == "Ibid., p. 4."
    assert endnotes[2].works[0].same_as_note == 1
    assert not [d for d in diagnostics if d.code != "date-after-report"]


def test_short_form_and_op_cit_take_latest_earlier_work_by_author():
    endnotes = notes(
        "Ann Lee, Rivers of Trade: A History (Boston: Harbor Press, 2019), 45.",
        "Raj Patel, “Tunnels,” Toronto Star, May 3, 2016.",
        "Lee, Rivers of Trade, 50.",
        "Patel, op. cit., p. 2.",
    )
    cite_works(endnotes)
    short, op_cit = endnotes[2].works[0], endnotes[3].works[0]
    assert (short.same_as_note, short.title, short.container) == (
        1,
        "Rivers of Trade: A History",
        "Harbor Press",
    )
    assert (op_cit.same_as_note, op_cit.title) == (2, "Tunnels")


def test_ibid_without_previous_note_warns():
    endnotes = notes("Ibid.")
    diagnostics = cite_works(endnotes)
    assert [d.code for d in diagnostics] == ["unresolved-repeat"]
    assert "endnote 1" in diagnostics[0].message


def test_unparseable_note_is_kept_with_warning():
    endnotes = notes(
        "Example Bank. (2019). Harbour Data. Retrieved from: <https://example.org/a>", "12, 14, 19."
    )
    diagnostics = cite_works(endnotes, report_date="2021")
    assert len(endnotes[1].works) == 1 and endnotes[1].works[0].raw == "12, 14, 19."
    assert [d.code for d in diagnostics] == ["unparsed-reference"]
    assert "endnote 2" in diagnostics[0].message


def test_date_after_report_date_warns_and_keeps_date():
    endnotes = notes(
        "Doe, J. (08/27/28). Late Things. Example Institute. Retrieved from: <https://example.org/l>"
    )
    diagnostics = cite_works(endnotes, report_date="2021-01")
    assert endnotes[0].works[0].date == "2028-08-27"
    assert [d.code for d in diagnostics] == ["date-after-report"]
    assert "endnote 1" in diagnostics[0].message and diagnostics[0].note == 1


def test_date_same_month_as_report_is_not_later():
    endnotes = notes("Doe, J. (01/17/21). Things. Example Institute. Retrieved from: <https://example.org/t>")
    assert cite_works(endnotes, report_date="2021-01") == []


def test_merge_groups_lists_notes_citing_one_work():
    endnotes = notes(
        "Example Bank. (2019). Harbour Data. Retrieved from: <https://www.example.org/a/>",
        "Ann Lee, “Bridges,” Boston Globe, May 2, 2016.",
        "“Harbour Data.” *Example Bank Data*, 2019, example.org/a.",
        "Ibid.",
    )
    cite_works(endnotes)
    assert merge_groups(endnotes) == [[1, 3, 4]]


def test_find_report_date_in_title_block():
    text = "Ports of the Future\n\nBy A. Writer\n\nMarch 3, 2021\n\nBody text from 1999 onwards."
    assert find_report_date(text) == "2021-03-03"
    assert find_report_date("Ports\n\nJanuary 2021\n") == "2021-01"
    assert find_report_date("Ports of the Future\n\nBody text.") is None


def test_latest_cited_date_skips_a_lone_misprint():
    endnotes = notes(
        "Doe, J. (01/10/21). A. Example Institute. Retrieved from: <https://example.org/1>",
        "Doe, J. (12/20/20). B. Example Institute. Retrieved from: <https://example.org/2>",
        "Doe, J. (08/27/28). C. Example Institute. Retrieved from: <https://example.org/3>",
    )
    cite_works(endnotes)
    assert latest_cited_date(endnotes) == "2021-01-10"


# --------------------------------------------------------------------------- measured accuracy


def _load_benchmark():
    """benchmarks/references.py, loaded under its own name (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("references_benchmark", BENCHMARKS / "references.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchmark = _load_benchmark()

FIELDS = ("authors", "date", "title", "container", "url", "work_type")


@pytest.mark.parametrize(
    ("path", "floor"),
    [
        (DATA / "references_bundled.jsonl", 0.94),
        (DATA / "references_other.jsonl", 0.85),
        (DATA / "references_government.jsonl", 0.85),
    ],
)
def test_accuracy_floor_on_hand_annotations(path, floor):
    result = benchmark.annotated(path)
    low = {f: round(result[f], 3) for f in FIELDS if result[f] < floor}
    assert not low, f"fields below {floor}: {low}"


def test_annotation_files_are_well_formed():
    bundled = [
        json.loads(line)
        for line in (DATA / "references_bundled.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    other = [
        json.loads(line)
        for line in (DATA / "references_other.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    government = [
        json.loads(line)
        for line in (DATA / "references_government.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [r["note"] for r in bundled] == list(range(1, 41))
    assert len(other) >= 30 and all(r["source"] for r in other)
    assert len(government) >= 30 and all(r["source"] for r in government)
    types = set(
        json.loads(
            (
                Path(__file__).resolve().parents[1] / "graphbuild" / "data" / "references" / "work_types.json"
            ).read_text()
        )["types"]
    )
    for record in bundled + other + government:
        for work in record["works"]:
            assert work["work_type"] in types
            for agent in work["authors"]:
                assert agent["kind"] in ("person", "organization")


def test_parsed_work_types_come_from_the_closed_list():
    types = set(
        json.loads(
            (
                Path(__file__).resolve().parents[1] / "graphbuild" / "data" / "references" / "work_types.json"
            ).read_text()
        )["types"]
    )
    for path in sorted(DATA.glob("references_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for work in parse_endnote(json.loads(line)["raw"]):
                assert work.work_type is None or work.work_type in types


def test_month_first_setting_reaches_the_parsed_work():
    text = "Doe, J. (03/04/19). Harbour Notes. Example Institute. Retrieved from: <https://example.org/h>"
    assert one(text).date == "2019-03-04"
    assert one(text, month_first=False).date == "2019-04-03"


@pytest.mark.parametrize("text, expected", [
    ("Authors' calculations based on data from the World Bank (2019); OECD, 2020.",
     [("World Bank", "2019"), ("OECD", "2020")]),
    ("Own estimates using Statistics Canada, 2021.", [("Statistics Canada", "2021")]),
])
def test_derived_data_note_cites_each_source_as_a_dataset(text, expected):
    works = parse_endnote(text)
    assert [(w.title, w.date) for w in works] == expected
    assert all(w.work_type == "dataset" and w.authors[0].name == w.title for w in works)


def test_one_word_outlet_after_a_title_is_the_container():
    """"… Foreign Trade. Gallup." is a title and its outlet, not an abbreviated journal."""
    work, = parse_endnote("Reyes, A. (03/02/19). Fear of Foreign Trade. Ipsos. "
                          "Retrieved from: <https://example.org/poll/1>")
    assert (work.title, work.container) == ("Fear of Foreign Trade", "Ipsos")


# --------------------------------------------------------------------------- DOIs and wrapped notes


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Kim, S. (2018). Border regions. Review of Spatial Economics, 9(1), 12–30. "
         "doi:10.5555/rse.2018.012", "https://doi.org/10.5555/rse.2018.012"),
        ("Kim, S. (2018). Border regions. Review of Spatial Economics, 9(1), 12–30. "
         "DOI 10.5555/rse.2018.012.", "https://doi.org/10.5555/rse.2018.012"),
        ("Vucetic, S. (2021). The Anglosphere beyond security. International Journal, 76(4), 499–516. "
         "doi:10.1177/00207020211060107", "https://doi.org/10.1177/00207020211060107"),
    ],
)
def test_doi_printed_without_a_url_is_kept_as_its_resolver_url(text, url):
    work = one(text)
    assert work.url == url
    assert work.container in ("Review of Spatial Economics", "International Journal")


def test_year_after_a_doi_is_the_works_date_not_an_access_date():
    work = one("Lee, K. et al. Harbour finance. Port Econ. 4, 10–20, doi:10.5555/pe.4.10 (2018).")
    assert (work.url, work.date) == ("https://doi.org/10.5555/pe.4.10", "2018")


WRAPPED = [
    "CRS Report R44981, NAFTA Renegotiation and the Proposed United States-Mexico-Canada Agreement "
    "(USMCA), by M. Angeles Villarreal and Ian F. Fergusson.",
    'U.S. Department of Homeland Security (DHS), "Migrant Protection Protocols," January 24, 2019, at '
    "https://www.dhs.gov/news/2019/01/24/migrant-protection-protocols.",
    "Reuters. 2021. “Mexico’s López Obrador says.” Reuters, March 3. Accessed March 5, 2021. "
    "https://www.reuters.com/article/us-mexico-politics-idUSKBN2AV2XY.",
    'Statistics Canada, "Canadian international merchandise trade, December 2020," The Daily, '
    "5 February 2021, https://www150.statcan.gc.ca/n1/daily-quotidien/210205/dq210205a-eng.htm.",
    "Vucetic, S. (2021). The Anglosphere beyond security. *International Journal*, 76(4), 499–516. "
    "doi:10.1177/00207020211060107",
    "Doe, J. & Roe, R.K. (05/09/19). Rivers rise across the valley. *The Guardian*. "
    "Retrieved from: <https://www.theguardian.com/world/2019/may/09/rivers-rise-across-the-valley>",
]


def _fields(works: list[Work]) -> list[tuple]:
    return [([a.name for a in w.authors], w.date, w.title, w.container, w.url, w.work_type) for w in works]


@pytest.mark.parametrize("text", WRAPPED)
@pytest.mark.parametrize("width", [24, 40, 64])
def test_note_wrapped_over_lines_reads_as_on_one_line(text, width):
    import textwrap

    wrapped = "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=True))
    assert "\n" in wrapped
    assert _fields(parse_endnote(wrapped)) == _fields(parse_endnote(text))


@pytest.mark.parametrize(
    "broken",
    [
        "https://www.dhs.gov/news/2019/01/24/ migrant-protection-protocols.",
        "https://www.dhs.gov/news/2019/01/24/migrant- protection-protocols.",
        "<https://www.dhs.gov/news/2019/01/24/migrant-protection-\nprotocols>.",
    ],
)
def test_url_broken_by_a_wrap_is_mended(broken):
    work = one(f'U.S. Department of Homeland Security, "Migrant Protection Protocols," January 24, 2019, '
               f"{broken}")
    assert work.url == "https://www.dhs.gov/news/2019/01/24/migrant-protection-protocols"
    assert work.title == "Migrant Protection Protocols"


def test_references_on_lines_of_their_own_stay_apart():
    works = parse_endnote(
        "Ann Lee, “Bridges,” Boston Globe, May 2,\n2016.\nRaj Patel, “Tunnels,” Toronto\nStar, May 3, 2016."
    )
    assert [(w.title, w.container, w.date) for w in works] == [
        ("Bridges", "Boston Globe", "2016-05-02"),
        ("Tunnels", "Toronto Star", "2016-05-03"),
    ]


# --------------------------------------------------------------------------- Chicago names, short forms


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Hemmings, John, and Lynn Kuok", [("Hemmings", "John"), ("Kuok", "Lynn")]),
        ("Brown, Chad P., and Douglas A. Irwin", [("Brown", "Chad P."), ("Irwin", "Douglas A.")]),
        ("Alvarez, Maria, Thomas Webb, and Sara Ito",
         [("Alvarez", "Maria"), ("Webb", "Thomas"), ("Ito", "Sara")]),
    ],
)
def test_chicago_name_list_first_inverted_is_persons(authors, expected):
    work = one(f"{authors}. “Canada and the Indo-Pacific.” Centre for International Governance Innovation, "
               "3 March 2022.")
    assert [(a.family, a.given, a.kind) for a in work.authors] == [(f, g, "person") for f, g in expected]


def test_name_list_in_natural_order_is_not_read_as_inverted():
    work = one("Eric Bradner, Elise Labott, and Dana Bash, “Experts Oppose the Plan,” August 8, 2016.")
    assert [a.family for a in work.authors] == ["Bradner", "Labott", "Bash"]


@pytest.mark.parametrize(
    "short",
    [
        "Brown and Irwin, \"Trump’s Assault,\" 130.",
        "Brown and Irwin, Trump’s Assault, 130.",
        "See Brown and Irwin, “Trump’s Assault on the Global Trading System,” 131–32.",
    ],
)
def test_short_form_naming_several_surnames_repeats_the_full_citation(short):
    endnotes = notes(
        'Brown, Chad P., and Douglas A. Irwin. "Trump’s Assault on the Global Trading System." '
        "Foreign Affairs 98, no. 5 (2019): 125–36.",
        "Raj Patel, “Tunnels,” Toronto Star, May 3, 2016.",
        short,
    )
    cite_works(endnotes)
    work = endnotes[2].works[0]
    assert (work.same_as_note, work.title, work.container) == (
        1,
        "Trump’s Assault on the Global Trading System",
        "Foreign Affairs",
    )
    assert [a.family for a in work.authors] == ["Brown", "Irwin"]


def test_short_form_needs_every_surname_and_the_short_titles_words():
    endnotes = notes(
        'Brown, Chad P., and Douglas A. Irwin. "Trump’s Assault on the Global Trading System." '
        "Foreign Affairs 98, no. 5 (2019): 125–36.",
        "Brown and Lee, “Trump’s Assault,” 130.",
        "Brown and Irwin, “Tariff Wars,” 12.",
    )
    cite_works(endnotes)
    assert [n.works[0].same_as_note for n in endnotes[1:]] == [None, None]


# --------------------------------------------------------------------------- government report numbers


@pytest.mark.parametrize(
    ("text", "title", "number", "authors"),
    [
        (
            "CRS Report R44981, NAFTA Renegotiation and the Proposed United States-Mexico-Canada Agreement "
            "(USMCA), by M. Angeles Villarreal and Ian F. Fergusson.",
            "NAFTA Renegotiation and the Proposed United States-Mexico-Canada Agreement (USMCA)",
            "CRS Report R44981",
            [("Villarreal", "M. Angeles"), ("Fergusson", "Ian F.")],
        ),
        (
            "CRS In Focus IF10047, North American Free Trade Agreement (NAFTA), by M. Angeles Villarreal.",
            "North American Free Trade Agreement (NAFTA)",
            "CRS In Focus IF10047",
            [("Villarreal", "M. Angeles")],
        ),
        (
            "CRS In Focus IF10578, Mexico: Evolution of the Mérida Initiative, 2007-2021, by Clare Ribando Seelke.",
            "Mexico: Evolution of the Mérida Initiative, 2007-2021",
            "CRS In Focus IF10578",
            [("Seelke", "Clare Ribando")],
        ),
        (
            "See CRS Report RL32724, Mexico-U.S. Relations: Issues for Congress, by Colleen W. Cook.",
            "Mexico-U.S. Relations: Issues for Congress",
            "CRS Report RL32724",
            [("Cook", "Colleen W.")],
        ),
    ],
)
def test_crs_report_cited_by_its_number(text, title, number, authors):
    """The report number is the work's identifier: it names this one work, not an outlet."""
    work = one(text)
    assert (work.title, work.identifier, work.work_type, work.date) == (title, number, "report", None)
    assert work.container is None
    assert [(a.family, a.given, a.kind) for a in work.authors] == [(f, g, "person") for f, g in authors]


def test_crs_report_title_with_by_but_no_names_after_it_is_kept_whole():
    work = one("CRS Report R12345, Trade Policy Made by Congress, 2019.")
    assert (work.title, work.date, work.authors, work.identifier) == (
        "Trade Policy Made by Congress", "2019", [], "CRS Report R12345"
    )


def test_crs_report_date_after_its_authors():
    work = one("CRS Insight IN11520, Border Wait Times and Trade, by Peter K. Lang, updated March 4, 2021.")
    assert (work.title, work.date, [a.family for a in work.authors]) == (
        "Border Wait Times and Trade", "2021-03-04", ["Lang"]
    )


@pytest.mark.parametrize(
    ("text", "date", "number"),
    [
        ("GAO, Border Security: Progress and Challenges with the Use of Technology, GAO-13-771 "
         "(Washington, D.C.: Jan. 30, 2013).", "2013-01-30", "GAO-13-771"),
        ("GAO, Border Security: Progress and Challenges with the Use of Technology, GAO-19-720 "
         "(Washington, DC: September 2019).", "2019-09", "GAO-19-720"),
        ("See GAO, Border Security: Progress and Challenges with the Use of Technology, "
         "[hyperlink, http://www.gao.gov/products/GAO-10-837] (Washington, D.C.: July 21, 2010).",
         "2010-07-21", None),
    ],
)
def test_gao_place_and_date_imprint_is_no_publisher(text, date, number):
    work = one(text)
    assert [(a.name, a.kind) for a in work.authors] == [("GAO", "organization")]
    assert work.title == "Border Security: Progress and Challenges with the Use of Technology"
    assert (work.date, work.identifier, work.work_type) == (date, number, "report")
    assert work.container is None


def test_gao_title_keeps_its_commas_before_the_report_number():
    work = one(
        "U.S. Government Accountability Office (GAO), U.S. Assistance to Mexico: State and USAID Allocated "
        "over $700 Million to Support Criminal Justice, Border Security, and Related Efforts from Fiscal "
        "Year 2014 through 2018, GAO-19-647, September 2019."
    )
    assert work.title.endswith(
        "Criminal Justice, Border Security, and Related Efforts from Fiscal Year 2014 through 2018"
    )
    assert (work.identifier, work.date, work.work_type) == ("GAO-19-647", "2019-09", "report")


@pytest.mark.parametrize(
    ("tail", "date"),
    [
        ("COM(2021) 66 final, 18 February 2021.", "2021-02-18"),
        ("COM(2021) 66 final, Brussels, 18.2.2021.", "2021-02-18"),
    ],
)
def test_eu_document_title_keeps_its_commas_and_number(tail, date):
    title = "Trade Policy Review – An Open, Sustainable and Assertive Trade Policy"
    work = one(f"European Commission, {title}, {tail}")
    assert [a.name for a in work.authors] == ["European Commission"]
    assert work.title == title
    assert (work.identifier, work.date, work.work_type) == ("COM(2021) 66 final", date, "government document")


def test_dotted_date_is_day_first():
    assert parse_date("Brussels, 3.10.2019") == ("2019-10-03", "day")
    assert parse_date("version 1.2.2019.4") is None


# --------------------------------------------------------------------------- U.S. legal citations


@pytest.mark.parametrize(
    ("text", "title", "date"),
    [
        ("Pub. L. No. 111-73, 123 Stat. 2060 (2009).", "Pub. L. No. 111-73", "2009"),
        ("Enhanced Partnership with Pakistan Act of 2009, Pub. L. No. 111-73, 123 Stat. 2060 (2009).",
         "Enhanced Partnership with Pakistan Act of 2009", "2009"),
        ("P.L. 116-94, Consolidated Appropriations Act, 2020.", "Consolidated Appropriations Act, 2020", "2020"),
        ("42 U.S.C. § 1983.", "42 U.S.C. § 1983", None),
        ("8 U.S.C. §§ 1101–1107.", "8 U.S.C. §§ 1101–1107", None),
        ("H.R. 1234, 117th Cong. (2021).", "H.R. 1234", "2021"),
        ("S. 2938, 117th Cong. (2022).", "S. 2938", "2022"),
        ("H.R. 4437, Border Protection, Antiterrorism, and Illegal Immigration Control Act of 2005, "
         "109th Cong. (2005).",
         "Border Protection, Antiterrorism, and Illegal Immigration Control Act of 2005", "2005"),
        ("Exec. Order No. 13,985, 86 Fed. Reg. 7009 (Jan. 20, 2021).", "Exec. Order No. 13,985", "2021-01-20"),
    ],
)
def test_us_legal_citation_is_a_legal_text(text, title, date):
    work = one(text)
    assert (work.title, work.date, work.work_type) == (title, date, "legal text")
    assert work.authors == [] and work.container is None


def test_two_code_sections_in_one_note():
    works = parse_endnote("See 7 U.S.C. § 1421; 7 U.S.C. § 1446.")
    assert [(w.title, w.work_type) for w in works] == [
        ("7 U.S.C. § 1421", "legal text"),
        ("7 U.S.C. § 1446", "legal text"),
    ]


def test_page_abbreviation_in_a_scholarly_reference_is_no_senate_bill():
    work = one("Müller, H. (2010). Handel und Grenzen. Zeitschrift für Wirtschaft, 12(3), S. 45–67.")
    assert work.work_type != "legal text" and work.authors[0].family == "Müller"


# --------------------------------------------------------------------------- organisation, year, title


@pytest.mark.parametrize(
    ("text", "author", "date", "title", "container", "url"),
    [
        ("OECD (2019), OECD Economic Surveys: Mexico 2019, OECD Publishing, Paris, "
         "https://doi.org/10.1787/a536d00e-en.", "OECD", "2019", "OECD Economic Surveys: Mexico 2019",
         "OECD Publishing", "https://doi.org/10.1787/a536d00e-en"),
        ("World Bank (2020), Trading for Development in the Age of Global Value Chains, World Bank, "
         "Washington, DC.", "World Bank", "2020", "Trading for Development in the Age of Global Value Chains",
         None, None),
    ],
)
def test_organisation_year_comma_title_form(text, author, date, title, container, url):
    work = one(text)
    assert [(a.name, a.kind) for a in work.authors] == [(author, "organization")]
    assert (work.date, work.title, work.container, work.url, work.work_type) == (
        date, title, container, url, "report"
    )


# --------------------------------------------------------------------------- interviews


@pytest.mark.parametrize(
    ("text", "title", "date"),
    [
        ("Author interviews with officials, Mexico City, March 2019.",
         "Author interviews with officials", "2019-03"),
        ("Interview with a senior Mexican official, Mexico City, 14 March 2019.",
         "Interview with a senior Mexican official", "2019-03-14"),
        ("Author interviews with U.S. and Mexican officials, Mexico City, November 2020.",
         "Author interviews with U.S. and Mexican officials", "2020-11"),
        ("Telephone interview by the author with a customs broker, Laredo, Texas, May 5, 2018.",
         "Telephone interview by the author with a customs broker", "2018-05-05"),
    ],
)
def test_interview_is_no_publication_and_its_place_no_container(text, title, date):
    work = one(text)
    assert (work.title, work.date, work.container, work.work_type) == (title, date, None, "interview")
    assert work.authors == []


def test_interview_names_the_person_interviewed():
    work = one("Maria Lopez, interview by the author, Monterrey, June 2, 2020.")
    assert ([a.family for a in work.authors], work.date, work.container, work.work_type) == (
        ["Lopez"], "2020-06-02", None, "interview"
    )


def test_published_interview_with_a_quoted_title_is_not_a_personal_interview():
    work = one("Minister for Examples, 'Interview with Jo Bloggs on Harbour Radio', Transcript, 6 April 2011.")
    assert work.work_type != "interview" and work.title == "Interview with Jo Bloggs on Harbour Radio"


def test_statistics_agency_is_an_organisation():
    work = one('Statistics Canada, "Canadian international merchandise trade, December 2020," The Daily, '
               "5 February 2021, https://www150.statcan.gc.ca/n1/daily-quotidien/210205/dq210205a-eng.htm.")
    assert [(a.name, a.kind) for a in work.authors] == [("Statistics Canada", "organization")]
    assert (work.title, work.container, work.date) == (
        "Canadian international merchandise trade, December 2020", "The Daily", "2021-02-05"
    )


def test_notes_citing_one_report_number_share_its_work():
    """A note that gives only a report's number cites the work an earlier note gave in full."""
    from graphbuild.references import work_key

    first = one("GAO, Border Security: Progress and Challenges, GAO-13-771 (Washington, D.C.: "
                "Jan. 30, 2013).")
    again = one("See GAO-13-771.")
    assert (again.title, again.identifier) == (None, "GAO-13-771")
    assert work_key(first) == work_key(again)
