import pytest

from graphbuild.markup import (BracketMarkers, clean_pieces, parse_marker_numbers, plain,
                              roman_number)


def clean(text):
    return clean_pieces(text, [(0, len(text))])


@pytest.mark.parametrize("raw, text, numbers", [
    ("Trade grew.¹ Then", "Trade grew. Then", [(1,)]),
    ("Trade grew.¹⁰⁴ Then", "Trade grew. Then", [(104,)]),
    ("grew strongly¹² in 2019.", "grew strongly in 2019.", [(12,)]),
    ("grew.^{4,5} Then", "grew. Then", [(4, 5)]),
    ("grew.^{122, 123} Then", "grew. Then", [(122, 123)]),
    ("grew.<sup>12</sup> Then", "grew. Then", [(12,)]),
    ("grew.[^7] Then", "grew. Then", [(7,)]),
    ("grew.⁴,⁵ Then", "grew. Then", [(4, 5)]),
    ("grew.^{3-5}", "grew.", [(3, 4, 5)]),
])
def test_markers_are_lifted_out(raw, text, numbers):
    result = clean(raw)
    assert result.text == text
    assert [m.numbers for m in result.markers] == numbers
    for marker in result.markers:
        assert raw[marker.span.start:marker.span.end].strip()


@pytest.mark.parametrize("raw, text", [
    ("a GDP of \\$24.5 trillion", "a GDP of $24.5 trillion"),
    ("Secretariat \\(SENER\\).", "Secretariat (SENER)."),
    ("see *The Hill* today", "see The Hill today"),
    ("see **bold** here", "see bold here"),
    ("5 * 3 is fifteen", "5 * 3 is fifteen"),
    ("at <https://example.org/a> now", "at https://example.org/a now"),
    ("the [plan](https://example.org/p(1)) says", "the plan says"),
])
def test_markdown_is_normalised(raw, text):
    assert clean(raw).text == text


def test_every_clean_character_maps_back_to_the_original():
    raw = "The *new* plan costs \\$5.¹ It [helps](http://x.org) a lot.^{2,3}"
    result = clean(raw)
    for index, char in enumerate(result.text):
        assert raw[result.offsets[index]] == char


def test_pieces_are_joined_with_a_break():
    raw = "It would be good to share common\n\n\"A quote.\"\n\napproaches to safety."
    first = (0, raw.index("\n"))
    second = (raw.index("approaches"), len(raw))
    result = clean_pieces(raw, [first, second])
    assert result.text == "It would be good to share common approaches to safety."
    assert result.breaks == [len("It would be good to share common ")]
    assert result.offsets[result.breaks[0] - 1] == -1  # the joining space stands nowhere
    assert raw[result.offsets[result.breaks[0]]:].startswith("approaches")


@pytest.mark.parametrize("raw, text", [
    ("two  spaces\tand a tab", "two spaces and a tab"),
    ("a line\r\nbreak and\n  an indent", "a line break and an indent"),
    ("a gap ¹ around a marker", "a gap around a marker"),
    ("  leading and trailing  ¹ ", "leading and trailing"),
    ("x ^{2} \\$ *y* [z](http://z.org)  .", "x $ y z ."),
    ("an [unclosed link and a <b> tag", "an [unclosed link and a <b> tag"),
    ("a ^caret, \\ and _one_ underscore", "a ^caret, \\ and _one_ underscore"),
])
def test_whitespace_collapses_and_maps_back(raw, text):
    result = clean(raw)
    assert result.text == text
    assert len(result.offsets) == len(result.text)
    for index, char in enumerate(result.text):
        assert raw[result.offsets[index]] == char or raw[result.offsets[index]].isspace() and char == " "


@pytest.mark.parametrize("body, numbers", [
    ("4,5", (4, 5)), ("122, 123", (122, 123)), ("4–6", (4, 5, 6)), ("¹²", (12,)), ("1-200", (1, 200)),
])
def test_marker_numbers(body, numbers):
    assert parse_marker_numbers(body) == numbers


def test_plain_strips_markup():
    assert plain("*Key* Findings\\:") == "Key Findings:"


NOTES_1_TO_5 = BracketMarkers(frozenset({1, 2, 3, 4, 5}))


@pytest.mark.parametrize("raw, text, numbers", [
    ("released on 27 November 2022[1] joins", "released on 27 November 2022 joins", [(1,)]),
    ("the Indo-Pacific?\u201d.[2] It was", "the Indo-Pacific?\u201d. It was", [(2,)]),
    ("the United States (US). [3] Furthermore", "the United States (US). Furthermore", [(3,)]),
    ("security benefits.\u201d[5] These aspects", "security benefits.\u201d These aspects", [(5,)]),
    ("grew.[1,2] Then [1-3] and [4\u20135]", "grew. Then and", [(1, 2), (1, 2, 3), (4, 5)]),
    ("threats.[Footnote 1] In 2010", "threats. In 2010", [(1,)]),
])
def test_bracketed_numbers_with_notes_are_markers(raw, text, numbers):
    result = clean_pieces(raw, [(0, len(raw))], NOTES_1_TO_5)
    assert result.text == text
    assert [m.numbers for m in result.markers] == numbers
    for marker in result.markers:
        assert raw[marker.span.start:marker.span.end].startswith("[")
        assert raw[marker.span.end - 1] == "]"


@pytest.mark.parametrize("raw", [
    "he said [sic] it", "in [2020] it grew", "a gap [\u2026] here", "note [9] is not a note",
])
def test_ordinary_brackets_stay_text(raw):
    result = clean_pieces(raw, [(0, len(raw))], NOTES_1_TO_5)
    assert result.markers == []
    assert "[" in result.text


def test_a_bracketed_link_is_a_link_not_a_marker():
    result = clean_pieces("the [3](https://example.org) link", [(0, 33)], NOTES_1_TO_5)
    assert result.text == "the 3 link" and result.markers == []


def test_bracketed_numbers_are_text_without_notes():
    assert clean("grew.[1] Then").text == "grew.[1] Then"
    assert clean("grew.[Footnote 1] Then").text == "grew. Then"  # labelled: always a marker


def test_a_report_citing_in_brackets_reads_a_number_past_its_notes_as_a_marker():
    brackets = BracketMarkers(frozenset({1, 2}), limit=12)
    result = clean_pieces("It grew.[7] In [2020].", [(0, 22)], brackets)
    assert [m.numbers for m in result.markers] == [(7,)]
    assert result.text == "It grew. In [2020]."


def test_roman_markers_only_where_notes_are_roman():
    roman = BracketMarkers(frozenset({1, 2, 3}), roman=True)
    raw = "much of Mexico. [i] [ii] By July.[iii] And [i]t was [1]."
    result = clean_pieces(raw, [(0, len(raw))], roman)
    assert [m.numbers for m in result.markers] == [(1,), (2,), (3,)]
    assert result.text == "much of Mexico. By July. And [i]t was [1]."
    arabic = clean_pieces(raw, [(0, len(raw))], NOTES_1_TO_5)
    assert [m.numbers for m in arabic.markers] == [(1,)]  # only the [1]


@pytest.mark.parametrize("numeral, value", [
    ("i", 1), ("iv", 4), ("ix", 9), ("xiv", 14), ("xl", 40), ("lxxxviii", 88),
    ("iiii", None), ("vx", None), ("ic", None),
])
def test_roman_number(numeral, value):
    assert roman_number(numeral) == value


def test_soft_hyphens_and_ligatures_are_normalised_and_map_back():
    raw = ("Canada\u2019s Indo-\u00adPacific strat\u00adegy brings bene\ufb01ts to Justin "
           "Trudeau and Mary Tru\u00ad\ndeau, and \ufb02ows on.")
    result = clean(raw)
    assert result.text == ("Canada\u2019s Indo-Pacific strategy brings benefits to Justin "
                           "Trudeau and Mary Trudeau, and flows on.")
    name = result.text.index("Justin Trudeau")
    start, end = result.offsets[name], result.offsets[name + len("Justin Trudeau") - 1] + 1
    assert raw[start:end] == "Justin Trudeau"  # after two soft hyphens and a ligature
    word = result.text.index("benefits")
    assert raw[result.offsets[word]:result.offsets[word + 7] + 1] == "bene\ufb01ts"
    broken = result.text.index("Mary Trudeau")
    assert raw[result.offsets[broken]:result.offsets[broken + 11] + 1] == "Mary Tru\u00ad\ndeau"
    for index, char in enumerate(result.text):
        original = raw[result.offsets[index]]
        assert original == char or original in "\ufb01\ufb02" or original.isspace() and char == " "


def test_plain_spells_out_ligatures():
    assert plain("Key Find\u00adings and Bene\ufb01ts") == "Key Findings and Benefits"
