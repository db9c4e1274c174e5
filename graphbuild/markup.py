"""Markup: turn the Markdown-ish export of a PDF into clean text for NLP, keeping a map.

A report exported from a PDF carries backslash escapes (``\\$``, ``\\(``), ``*italics*``,
``<url>`` and ``[text](url)`` links and citation markers in several forms: Unicode
superscript digits (``¹``, ``¹⁰⁴``, ``⁴,⁵``), LaTeX-like groups (``^{4,5}``, ``^{122, 123}``),
``<sup>12</sup>`` and Markdown footnote references (``[^12]``). :func:`clean_pieces` removes
all of that and returns the clean text together with, for every clean character, its
offset in the original text, so any span found by NLP maps back exactly.

Not supported: nested Markdown (links inside emphasis inside links), HTML other than
``<sup>``, and bracketed numbers (``[12]``) as markers in running text — they are too often
something else.
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
    r"|(?P<angle><(?P<angle_url>(?:https?://|www\.|mailto:)[^>\s]+)>)"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!$%&<>|~\"'^=:;,/@]))"
    r"|(?P<emph>\*{1,3}|_{2,3})"
)
_RANGE_DASHES = "\u2013\u2014\u207b-"
_MAX_RANGE = 50


@dataclass
class CleanText:
    """Clean text, the original offset of each character, and the markers lifted out."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    _chars: list[str] = field(default_factory=list, repr=False)

    def _emit(self, char: str, offset: int) -> None:
        if char in " \t\n\r":
            # collapse runs of whitespace (and whitespace left behind by a removed marker)
            if not self._chars or self._chars[-1] == " ":
                return
            char = " "
        self._chars.append(char)
        self.offsets.append(offset)

    def _finish(self) -> "CleanText":
        while self._chars and self._chars[-1] == " ":
            self._chars.pop()
            self.offsets.pop()
        self.text = "".join(self._chars)
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


def clean_pieces(original: str, pieces: list[tuple[int, int]]) -> CleanText:
    """Clean one paragraph made of one or more pieces of the original text.

    Parameters
    ----------
    original : str
        The whole decoded report.
    pieces : list of (start, end)
        Ranges of ``original`` that make up the paragraph, in reading order (more than one
        when a paragraph was interrupted by a pull quote or a page break).

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
            if out._chars and out._chars[-1] != " ":
                out._chars.append(" ")
                out.offsets.append(-1)
            out.breaks.append(len(out._chars))
        _clean_range(original, start, end, out)
    return out._finish()


def _clean_range(original: str, start: int, end: int, out: CleanText) -> None:
    position = start
    while position < end:
        match = _TOKEN.search(original, position, end)
        stop = match.start() if match else end
        for index in range(position, stop):
            out._emit(original[index], index)
        if not match:
            break
        kind = match.lastgroup
        if kind in ("caret", "sup", "fnref", "super"):
            body = match.group(f"{kind}_body") if kind != "super" else match.group("super")
            numbers = parse_marker_numbers(body)
            if numbers:
                out.markers.append(Marker(numbers, Span(match.start(), match.end()), len(out._chars)))
        elif kind == "link":
            text_start = match.start("link_text")
            for index in range(text_start, match.end("link_text")):
                out._emit(original[index], index)
        elif kind == "angle":
            for index in range(match.start("angle_url"), match.end("angle_url")):
                out._emit(original[index], index)
        elif kind == "escape":
            out._emit(match.group("escaped"), match.start("escaped"))
        elif kind == "emph":
            if not _is_emphasis(original, match.start(), match.end(), start, end):
                for index in range(match.start(), match.end()):
                    out._emit(original[index], index)
        position = match.end()


def _is_emphasis(original: str, start: int, end: int, lo: int, hi: int) -> bool:
    """An asterisk run is emphasis when it touches text; a lone ``*`` between spaces is not."""
    before = original[start - 1] if start > lo else " "
    after = original[end] if end < hi else " "
    return not (before.isspace() and after.isspace())


def plain(text: str) -> str:
    """Clean a short string (a heading, a title line) that needs no offsets."""
    return clean_pieces(text, [(0, len(text))]).text
