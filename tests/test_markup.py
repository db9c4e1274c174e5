import pytest

from graphbuild.markup import clean_pieces, parse_marker_numbers, plain


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
