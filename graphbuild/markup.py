"""Markup: turn the Markdown-ish export of a PDF into clean text for NLP, keeping a map.

A report exported from a PDF carries backslash escapes (``\\$``, ``\\(``), ``*italics*``,
``<url>`` and ``[text](url)`` links and citation markers in several forms: Unicode
superscript digits (``¹``, ``¹⁰⁴``, ``⁴,⁵``), LaTeX-like groups (``^{4,5}``, ``^{122, 123}``),
``<sup>12</sup>``, Markdown footnote references (``[^12]``), GAO's ``[Footnote 12]`` and
bracketed numbers (``[12]``, ``[1,2]``, ``[1-3]``, or ``[iv]`` where the notes are numbered
in lower-case roman numerals). :func:`clean_pieces` removes all of that and returns the
clean text together with, for every clean character, its offset in the original text, so
any span found by NLP maps back exactly.

A bracketed number is a marker only where the report's endnotes say it can be one (see
:class:`BracketMarkers`): ``[sic]``, ``[2020]`` or ``[…]`` stay text.

Not supported: nested Markdown (links inside emphasis inside links) and HTML other than
``<sup>``.

PDF exports also carry soft hyphens (U+00AD) inside words and typographic ligatures
(``ﬁ``, ``ﬂ`` …); the clean text drops the first and spells out the second, so words and
names read whole, while the offsets still point into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Marker, Span

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = {ord(c): str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)}
_SUPER_CLASS = f"[{SUPERSCRIPT_DIGITS}]"

# One alternation, tried at every position; the named group says what matched.
_TOKEN = re.compile(
    r"(?P<caret>\^\{\s*(?P<caret_body>\d{1,4}(?:\s*[,;\u2013\u2014-]\s*\d{1,4})*)\s*\})"
    r"|(?P<sup><sup>\s*(?P<sup_body>\d{1,4}(?:\s*[,;\u2013-]\s*\d{1,4})*)\s*</sup>)"
    r"|(?P<fnref>\[\^(?P<fnref_body>\d{1,4})\])"
    rf"|(?P<super>{_SUPER_CLASS}+(?:\s?[,\u2013\u207b-]\s?{_SUPER_CLASS}+)*)"
    r"|(?P<link>\[(?P<link_text>[^\]\n]+)\]\((?P<link_url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\))"
    r"|(?P<bracket>\[(?P<bracket_label>(?:[Ff]oot)?[Nn]otes?\s+)?(?P<bracket_body>"
    r"\d{1,4}(?:\s*[,;\u2013-]\s*\d{1,4})*"
    r"|[ivxlc]{1,7}(?:\s*[,;\u2013-]\s*[ivxlc]{1,7})*(?=\](?![A-Za-z]))"
    r")\])"
    r"|(?P<angle><(?P<angle_url>(?:https?://|www\.|mailto:)[^>\s]+)>)"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!$%&<>|~\"'^=:;,/@]))"
    r"|(?P<emph>\*{1,3}|_{2,3})"
    r"|(?P<soft>\u00ad(?:[ \t]*(?:\r\n?|\n)[ \t]*)?)"  # a soft hyphen, and the break after it
    r"|(?P<ligature>[\ufb00-\ufb06])"
)
# A PDF's typographic ligatures, spelt out for NLP ("beneﬁts" → "benefits").
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
# Whitespace that does not stand as it is in clean text: a run, or a break or tab.
_COLLAPSIBLE_SPACE = re.compile(r"[ \t\n\r]{2,}|[\t\n\r]")
# Every alternative of _TOKEN starts with one of these characters. Python's regex engine
# tries a long alternation at every position; looking for these first lets it skip ahead
# to the few places worth trying.
_TOKEN_START = re.compile(rf"[\^<\[\\*_{SUPERSCRIPT_DIGITS}\u00ad\ufb00-\ufb06]")
_RANGE_DASHES = "\u2013\u2014\u207b-"
_MAX_RANGE = 50
_ROMAN = re.compile(r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class BracketMarkers:
    """Which bracketed numbers of running text are citation markers.

    ``[12]`` is a marker when every number it cites is among ``numbers`` (the report's
    note numbers) or at most ``limit`` (set by a report that cites in brackets, so that a
    marker whose note is missing is still seen as one). With ``roman`` the notes are
    numbered ``[i]``, ``[ii]`` … and only roman markers count. ``[Footnote 12]`` always
    counts.
    """

    numbers: frozenset[int] = frozenset()
    limit: int = 0
    roman: bool = False

    def cites(self, numbers: tuple[int, ...]) -> bool:
        """Whether a bracketed group citing ``numbers`` is a marker."""
        return bool(numbers) and all(n in self.numbers or 0 < n <= self.limit for n in numbers)


@dataclass
class CleanText:
    """Clean text, the original offset of each character, and the markers lifted out."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list, repr=False)

    def _ends_in_space(self) -> bool:
        return not self._parts or self._parts[-1][-1] == " "

    def _space(self, offset: int) -> None:
        # runs of whitespace (and whitespace left behind by a removed marker) collapse
        if not self._ends_in_space():
            self._parts.append(" ")
            self.offsets.append(offset)

    def _copy(self, original: str, start: int, end: int) -> None:
        """Copy ``original[start:end]`` with its whitespace collapsed.

        Text between whitespace that needs collapsing (a line break, a tab, two spaces) is
        copied as it stands, in one piece: most of a report needs nothing else.
        """
        position = start
        for run in _COLLAPSIBLE_SPACE.finditer(original, start, end):
            self._verbatim(original, position, run.start())
            self._space(run.start())
            position = run.end()
        self._verbatim(original, position, end)

    def _verbatim(self, original: str, start: int, end: int) -> None:
        # single spaces only; the first collapses into a space already written
        if start < end and original[start] == " " and self._ends_in_space():
            start += 1
        if start < end:
            self._parts.append(original[start:end])
            self.offsets.extend(range(start, end))

    def _finish(self) -> "CleanText":
        while self._parts and self._parts[-1][-1] == " ":
            self._parts[-1] = self._parts[-1][:-1]
            if not self._parts[-1]:
                self._parts.pop()
            self.offsets.pop()
        self.text = "".join(self._parts)
        self.markers = [m for m in self.markers]
        return self


def parse_marker_numbers(body: str) -> tuple[int, ...]:
    """Note numbers in a marker's body: ``"4,5"`` → (4, 5); ``"4–6"`` → (4, 5, 6).

    Superscript digits are read as digits. A range longer than fifty notes is read as its
    two ends only (it is more likely a typo than a citation of fifty notes).
    """
    body = body.translate(_SUPER_TO_DIGIT)
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", body.strip()):
        if not part:
            continue
        ends = [p for p in re.split(rf"\s*[{_RANGE_DASHES}]\s*", part) if p]
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            first, last = int(ends[0]), int(ends[1])
            if first < last and last - first <= _MAX_RANGE:
                numbers.extend(range(first, last + 1))
            else:
                numbers.extend((first, last))
        else:
            numbers.extend(int(p) for p in ends if p.isdigit())
    return tuple(numbers)


def roman_number(numeral: str) -> int | None:
    """The value of a lower-case roman numeral (``"iv"`` → 4), None if it is not one."""
    if not _ROMAN.fullmatch(numeral):
        return None
    total = 0
    for position, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[position + 1]] if position + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def bracket_numbers(body: str, roman: bool = False) -> tuple[int, ...]:
    """Note numbers of a bracketed group's body: ``"1-3"`` → (1, 2, 3); ``"ii, iv"`` → (2, 4)
    when ``roman``. Empty when the body is not written in the expected numerals."""
    if body[:1].isdigit():
        return () if roman else parse_marker_numbers(body)
    if not roman:
        return ()
    values = [roman_number(part) for part in re.split(rf"\s*[,;{_RANGE_DASHES}]\s*", body.strip())]
    if not values or None in values:
        return ()
    if len(values) == 2 and re.search(rf"[{_RANGE_DASHES}]", body) and values[0] < values[1]:
        return parse_marker_numbers(f"{values[0]}-{values[1]}")
    return tuple(values)


def find_bracket_groups(original: str, start: int, end: int, roman: bool = False
                        ) -> list[tuple[int, ...]]:
    """The note numbers of every bare bracketed group (``[12]``, ``[ii]``) in a range.

    Structure uses these to tell whether a report cites in brackets before it cleans the
    paragraphs; labelled groups (``[Footnote 12]``) and links are left out.
    """
    found = []
    for match in _BRACKET_GROUP.finditer(original, start, end):
        numbers = bracket_numbers(match.group(1), roman)
        if numbers:
            found.append(numbers)
    return found


def clean_pieces(original: str, pieces: list[tuple[int, int]],
                 brackets: BracketMarkers | None = None) -> CleanText:
    """Clean one paragraph made of one or more pieces of the original text.

    Parameters
    ----------
    original : str
        The whole decoded report.
    pieces : list of (start, end)
        Ranges of ``original`` that make up the paragraph, in reading order (more than one
        when a paragraph was interrupted by a pull quote or a page break).
    brackets : BracketMarkers, optional
        Which bracketed numbers are markers; without it only ``[Footnote 12]`` is.

    Returns
    -------
    CleanText
        ``text[i]`` stands at ``original[offsets[i]]``; joins between pieces are single
        spaces with offset -1, and ``breaks`` lists where each later piece starts.

    Examples
    --------
    >>> c = clean_pieces("It costs \\\\$5.¹ Fine.", [(0, 20)])
    >>> c.text, [m.numbers for m in c.markers]
    ('It costs $5. Fine.', [(1,)])
    """
    out = CleanText()
    for number, (start, end) in enumerate(pieces):
        if number:
            if not out._ends_in_space():
                out._parts.append(" ")
                out.offsets.append(-1)
            out.breaks.append(len(out.offsets))
        _clean_range(original, start, end, out, brackets or _NO_BRACKETS)
    return out._finish()


_NO_BRACKETS = BracketMarkers()
_BRACKET_GROUP = re.compile(r"\[(\d{1,4}(?:\s*[,;\u2013-]\s*\d{1,4})*"
                            r"|[ivxlc]{1,7}(?:\s*[,;\u2013-]\s*[ivxlc]{1,7})*)\](?![A-Za-z(])")


def _clean_range(original: str, start: int, end: int, out: CleanText,
                 brackets: BracketMarkers) -> None:
    position = start
    while position < end:
        match = _next_token(original, position, end)
        stop = match.start() if match else end
        out._copy(original, position, stop)
        if not match:
            break
        kind = match.lastgroup
        if kind in ("caret", "sup", "fnref", "super"):
            body = match.group(f"{kind}_body") if kind != "super" else match.group("super")
            numbers = parse_marker_numbers(body)
            if numbers:
                out.markers.append(Marker(numbers, Span(match.start(), match.end()), len(out.offsets)))
        elif kind == "bracket":
            numbers = bracket_numbers(match.group("bracket_body"), brackets.roman)
            if match.group("bracket_label") and numbers or brackets.cites(numbers):
                out.markers.append(Marker(numbers, Span(match.start(), match.end()),
                                          len(out.offsets)))
            else:  # "[2020]", "[sic]": text
                out._copy(original, match.start(), match.end())
        elif kind == "link":
            out._copy(original, match.start("link_text"), match.end("link_text"))
        elif kind == "angle":
            out._copy(original, match.start("angle_url"), match.end("angle_url"))
        elif kind == "soft":
            pass  # a soft hyphen only says where a word may break: it is dropped
        elif kind == "escape":
            out._parts.append(match.group("escaped"))
            out.offsets.append(match.start("escaped"))
        elif kind == "ligature":
            letters = _LIGATURES[match.group()]
            out._parts.append(letters)
            out.offsets.extend([match.start()] * len(letters))  # each letter stands at the ligature
        elif kind == "emph":
            if not _is_emphasis(original, match.start(), match.end(), start, end):
                out._copy(original, match.start(), match.end())
        position = match.end()


def _next_token(original: str, position: int, end: int) -> re.Match | None:
    """The first ``_TOKEN`` match in ``original[position:end]``, as ``_TOKEN.search`` finds it."""
    while True:
        start = _TOKEN_START.search(original, position, end)
        if start is None:
            return None
        match = _TOKEN.match(original, start.start(), end)
        if match:
            return match
        position = start.start() + 1


def _is_emphasis(original: str, start: int, end: int, lo: int, hi: int) -> bool:
    """An asterisk run is emphasis when it touches text; a lone ``*`` between spaces is not."""
    before = original[start - 1] if start > lo else " "
    after = original[end] if end < hi else " "
    return not (before.isspace() and after.isspace())


def plain(text: str) -> str:
    """Clean a short string (a heading, a title line) that needs no offsets."""
    return clean_pieces(text, [(0, len(text))]).text
