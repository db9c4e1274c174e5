"""Structure: a report's text → title block, sections, paragraphs, markers and endnotes.

Everything is read from the text's shape, never from a list of one report's headings:

* blocks are runs of non-blank lines, a PDF's page furniture (running headers, footers,
  page numbers) passed over;
* the title block is every block before the first body paragraph (title, possibly wrapped;
  subtitle; byline; series name), its letterhead, addresses, dates and report numbers
  left out of the title;
* a heading is a short line with no final period followed by body text or a list (a
  numbered line only when it stands alone: numbered lines in a row are a list);
  running text after a bullet list with no new heading starts an untitled section;
* a pull quote is a paragraph that repeats (possibly shortened, quotes normalised) text
  found elsewhere; the copy carrying citation markers is the body one;
* a paragraph interrupted by a pull quote or a page break (the next block starts in lower
  case) is joined, so it may have several spans in the original;
* the endnote block starts at a heading such as "Endnotes" or "Notes" and is split into
  numbered notes (``[12] …``, ``- [12] …``, ``[iv] …``, ``12. …``, ``12) …``, ``(12) …``,
  ``12 …``, ``[^12]: …``); what follows the last note is more of it, content (an author
  bio, an appendix) or boilerplate, which is dropped with a warning;
* a bracketed number in running text is a marker only where the notes have that number.

Sentences are not found here: they come from spaCy (:mod:`graphbuild.nlp`). This module
does not parse the notes' bibliographic fields either (:mod:`graphbuild.references`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .markup import BracketMarkers, clean_pieces, find_bracket_groups, plain, roman_number
from .model import Diagnostic, Endnote, Paragraph, Report, Section, Span

_TERMINAL = ".!?…"
_CLOSERS = "\"'”’)]»"
_QUOTES_OPEN = "\"“‘'«„"
_HEADING_MAX_WORDS = 16
_HEADING_MAX_CHARS = 120
_PULL_QUOTE_MIN_WORDS = 6


@lru_cache(maxsize=1)
def layout_cues() -> dict[str, list[str]]:
    """The shipped cue words (``graphbuild/data/structure.json``)."""
    data = resources.files("graphbuild").joinpath("data/structure.json").read_text("utf-8")
    return {k: v for k, v in json.loads(data).items() if not k.startswith("_")}


@dataclass
class _Block:
    """A run of non-blank lines: ``lines`` are (start, end) offsets without newlines."""

    lines: list[tuple[int, int]]
    text: str  # the lines joined by single spaces, stripped
    kind: str = "body"  # body | heading | bullets | title | endnotes-heading | pull_quote
    after_notes: bool = False  # content that follows the endnote block (an author bio, ...)
    items: list[list[tuple[int, int]]] = field(default_factory=list)  # bullet items

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def structure(text: str, file_name: str, sha256: str) -> Report:
    """Read a report's structure from its text.

    Parameters
    ----------
    text : str
        The decoded report (see :func:`graphbuild.ingest.read_report`).
    file_name : str
        The source file's name (no folders), kept on the report.
    sha256 : str
        The SHA-256 of the file's bytes.

    Returns
    -------
    Report
        Title block, sections with paragraphs (clean text, offsets, markers) and endnotes
        (number, raw text, span). Odd findings are in ``report.diagnostics``; sentences are
        still empty.

    Examples
    --------
    >>> r = structure("Title\\n\\nIntro text here.¹\\n\\nNotes\\n\\n1. A source.\\n", "r.txt", "0")
    >>> r.title, len(r.sections), [n.number for n in r.endnotes]
    ('Title', 1, [1])
    """
    report = Report(file_name=file_name, sha256=sha256, text=text)
    lines = _lines(text)
    furniture = _page_furniture(text, lines)
    if furniture:
        first = lines[furniture[0]]
        line, column = report.line_col(first[0])
        report.diagnostics.append(Diagnostic(
            "page-furniture", f"dropped {len(furniture)} lines of page furniture (running "
            f"headers, footers and page numbers), the first at line {line}: "
            f"{' '.join(text[first[0]:first[1]].split())[:60]!r}",
            line, column))
    blocks = _blocks(text, lines, frozenset(furniture))
    body_blocks, note_blocks, notes_heading = _split_endnotes(blocks)
    if notes_heading is not None:
        report.endnotes_heading = Span(notes_heading.start, notes_heading.end)
    report.endnotes, roman, tail = _endnotes(report, note_blocks)
    _classify(body_blocks)
    first_body = _title_block(report, body_blocks)
    body_blocks = body_blocks[first_body:] + _after_notes(report, tail)
    # Which bracketed numbers are markers depends on the notes, so they are read first.
    brackets = _bracket_markers(text, body_blocks, report.endnotes, roman)
    _mark_pull_quotes(text, body_blocks, brackets)
    _sections(report, body_blocks, brackets)
    _check_markers(report)
    return report


# ---------------------------------------------------------------- blocks and their kinds

def _lines(text: str) -> list[tuple[int, int]]:
    """Every line's content as (start, end), surrounding whitespace left out; blank lines
    are empty ranges."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        start, end = position, position + len(content)
        position += len(line)
        lead = len(content) - len(content.lstrip())
        trail = len(content) - len(content.rstrip())
        lines.append((start + lead, max(end - trail, start + lead)))
    return lines


def _blocks(text: str, lines: list[tuple[int, int]], dropped: frozenset[int] = frozenset()
            ) -> list[_Block]:
    """Runs of non-blank lines; a dropped line (page furniture) is passed over as if absent."""
    blocks: list[_Block] = []
    current: list[tuple[int, int]] = []
    for number, (start, end) in enumerate(lines):
        if number in dropped:
            continue
        if start < end:
            current.append((start, end))
        elif current:
            blocks.append(_make_block(text, current))
            current = []
    if current:
        blocks.append(_make_block(text, current))
    return blocks


_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-\u2013]?\s*(\d{1,4})\s*[-\u2013]?(?:\s+(?:of|/)\s+\d{1,4})?", re.IGNORECASE)
# A page number set apart at either end of a header or footer line ("Report   12")
_EDGE_NUMBER = re.compile(r"^\d{1,4}(?:\s{2,}|\t)|(?:\s{2,}|\t)\d{1,4}$")
_FURNITURE_MAX_CHARS = 100
_FURNITURE_MIN_REPEATS = 3
_PAGE_MIN_LINES = 5  # a page holds more lines than this


def _page_furniture(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """The lines that are a PDF's page furniture, by index: running headers and footers,
    and page numbers alone on a line.

    A running header or footer is a short line, not a sentence, that recurs, the same but
    for a page number, at least three times (twice if it says "Page 3") at page-like
    intervals: at least five lines apart and no interval more than three times another.
    Page numbers alone on a line must also rise from one to the next. The lines of the
    text's first block (its title) are never furniture.
    """
    groups: dict[str, list[int]] = {}
    numbers: list[tuple[int, int]] = []
    first_line = next((n for n, (a, b) in enumerate(lines) if a < b), len(lines))
    first_blank = next((n for n in range(first_line, len(lines)) if lines[n][0] == lines[n][1]),
                       len(lines))
    for number, (start, end) in enumerate(lines):
        if number < first_blank or not start < end <= start + _FURNITURE_MAX_CHARS:
            continue
        line = text[start:end]
        page = _PAGE_NUMBER.fullmatch(line)
        if page:
            numbers.append((number, int(page.group(1))))
        elif any(c.isalpha() for c in line) and line[-1] not in ".!?":  # a sentence is text
            key = " ".join(_EDGE_NUMBER.sub("", line).split())
            key = re.sub(r"(?i)\bpage \d{1,4}\b", "page #", key)
            groups.setdefault(key, []).append(number)
    # "Page 3 …" says what it is: twice is enough
    found = [n for key, group in groups.items()
             if _page_like(group, 2 if re.search(r"(?i)\bpage #", key) else _FURNITURE_MIN_REPEATS)
             for n in group]
    if _page_like([n for n, _ in numbers]) and all(
            a < b for (_, a), (_, b) in zip(numbers, numbers[1:])):
        found.extend(n for n, _ in numbers)
    return sorted(found)


def _page_like(occurrences: list[int], repeats: int = _FURNITURE_MIN_REPEATS) -> bool:
    if len(occurrences) < repeats:
        return False
    gaps = [b - a for a, b in zip(occurrences, occurrences[1:])]
    return min(gaps) >= _PAGE_MIN_LINES and max(gaps) <= 3 * min(gaps)


def _make_block(text: str, lines: list[tuple[int, int]]) -> _Block:
    return _Block(lines, " ".join(text[a:b] for a, b in lines).strip())


# A section number before a heading: "5. Endnotes", "V. Notes", "2.1 Background".
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s+(?=\S)")


def _norm_line(line: str) -> str:
    line = re.sub(r"^#+\s*", "", line.strip())
    line = _SECTION_NUMBER.sub("", plain(line))
    return line.rstrip(":").strip().lower()


def is_endnote_heading(line: str) -> bool:
    """Whether a line reads as the heading of an endnote block ("Notes", "5. Endnotes")."""
    return _norm_line(line) in layout_cues()["endnote_headings"]


def _split_endnotes(blocks: list[_Block]) -> tuple[list[_Block], list[_Block], _Block | None]:
    """Split at the last endnote heading that is followed by a numbered note."""
    cues = set(layout_cues()["endnote_headings"])
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if len(block.lines) == 1 and _norm_line(block.text) in cues:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and _NOTE_START.match(_line_text(following, 0)):
                block.kind = "endnotes-heading"
                return blocks[:index], blocks[index + 1:], block
    return blocks, [], None


def _line_text(block: _Block, index: int, text: str | None = None) -> str:
    # The joined text's first line is enough for the start-of-note test.
    return block.text if text is None else text[block.lines[index][0]:block.lines[index][1]]


def _bullet_prefix(line: str) -> int:
    """Length of a bullet prefix ("- ", "• ", "1. ") at the start of ``line``, else 0."""
    for prefix in layout_cues()["bullet_prefixes"]:
        if line.startswith(prefix):
            return len(prefix)
    match = _LIST_NUMBER.match(line)
    return match.end() if match else 0


# "1. Develop …", "2) report …", "b. Share …": a numbered or lettered list item
_LIST_NUMBER = re.compile(r"(?:\d{1,2}[.)]\s+(?=[A-Za-z])|[a-z][.)]\s+(?=[A-Z]))")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s")


def _numbered_heading(blocks: list[_Block], index: int) -> bool:
    """Whether a numbered line is a section heading ("2. Background") and not a list item.

    It must be a heading by its shape, a capital after the number, not end as a list item
    does ("…; and"), and stand alone: neither block beside it is a numbered item.
    """
    block = blocks[index]
    if len(block.lines) != 1 or not re.match(r"\d{1,2}[.)]\s+[A-Z]", block.text) \
            or not _is_heading_shape(block) or re.search(r"\b(?:and|or)$", block.text):
        return False
    neighbours = blocks[max(index - 1, 0):index] + blocks[index + 1:index + 2]
    return index + 1 < len(blocks) and not any(_NUMBERED.match(b.text) for b in neighbours)


def _classify(blocks: list[_Block]) -> None:
    for index, block in enumerate(blocks):
        first = block.text
        if _bullet_prefix(first) and not _looks_like_note(first):
            block.kind = "heading" if _numbered_heading(blocks, index) else "bullets"
        elif _is_heading_shape(block):
            block.kind = "heading"
        else:
            block.kind = "body"
    # A heading must be followed by body text or a list; otherwise it is a short paragraph.
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            nxt = blocks[index + 1] if index + 1 < len(blocks) else None
            if nxt is None or nxt.kind == "heading" and not _markdown_heading(block.text):
                block.kind = "body" if block.text[-1:] in _TERMINAL else "heading-orphan"
            elif not _markdown_heading(block.text) and _continues(blocks, index):
                block.kind = "body"  # a fragment cut by a page break or a pull quote


def _continues(blocks: list[_Block], index: int) -> bool:
    """Whether the running text after ``blocks[index]`` (past one quoted block) starts in
    lower case, i.e. continues a sentence that this block began."""
    for following in blocks[index + 1:index + 3]:
        start = plain(following.text)[:1]
        if start in _QUOTES_OPEN:
            continue
        return start.islower()
    return False


def _looks_like_note(line: str) -> bool:
    return bool(re.match(r"[-*•]\s+\[\d+\]", line))


def _markdown_heading(line: str) -> bool:
    return line.startswith("#")


def _is_heading_shape(block: _Block) -> bool:
    text = block.text
    if _markdown_heading(text):
        return True
    if len(block.lines) > 2 or len(text) > _HEADING_MAX_CHARS:
        return False
    words = text.split()
    if not words or len(words) > _HEADING_MAX_WORDS:
        return False
    stripped = _TRAILING_BRACKETS.sub("", plain(text))
    if not stripped or stripped[0] in _QUOTES_OPEN or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if stripped[-1] in _TERMINAL + ",;" or stripped.rstrip(_CLOSERS)[-1:] in _TERMINAL:
        return False
    return any(ch.isalpha() for ch in stripped)


_TRAILING_BRACKETS = re.compile(r"(?:\s*\[[^\[\]]{1,16}\])+$")


def _is_sentence_like(block: _Block) -> bool:
    # a closing bracketed marker ("… evolved. [iii]") does not hide the full stop before it
    text = _TRAILING_BRACKETS.sub("", plain(block.text)).rstrip(_CLOSERS + " ")
    return bool(text) and (text[-1] in _TERMINAL or len(text.split()) >= 25)


# ---------------------------------------------------------------- title block

def _title_block(report: Report, blocks: list[_Block]) -> int:
    """Fill title, subtitle, byline and series; return the index of the first body block."""
    first_body = len(blocks)
    for index, block in enumerate(blocks):
        if block.kind in ("bullets",) or (block.kind == "body" and _is_sentence_like(block)):
            first_body = index
            break
        if block.kind == "heading" and index > 0 and not _is_byline(block) \
                and not _title_prefix(plain(block.text)) and _opens_section(blocks, index):
            first_body = index
            break
    if first_body == 0:
        return 0
    title_blocks = blocks[:first_body]
    report.title_block = Span(title_blocks[0].start, title_blocks[-1].end)
    prefixes = layout_cues()["byline_prefixes"]
    lines = _title_lines(report.text, title_blocks)
    subject = next((n for n, line in enumerate(lines) if _title_prefix(line)), None)
    expect_subtitle = False
    for number, (block, line) in enumerate(zip(title_blocks, lines)):
        block.kind = "title"
        if not line or subject is not None and number < subject:
            continue  # letterhead, an address, a date, a report number; or a memo's addressee
        lower = line.lower()
        byline = next((p for p in prefixes if lower.startswith(p)), None)
        if report.title is None and byline is None:
            report.title = line[len(_title_prefix(line)):].rstrip(":").strip()
            expect_subtitle = line.endswith(":")
        elif byline is not None:
            report.authors.extend(_split_names(line[len(byline):]))
            expect_subtitle = False
        elif expect_subtitle or (report.subtitle is None and not report.authors
                                 and not _is_letterhead(line)):
            report.subtitle = line.rstrip(":").strip()
            expect_subtitle = False
        elif report.series is None:
            report.series = line.rstrip(":").strip()
        else:
            report.series = f"{report.series}; {line.rstrip(':').strip()}"
    if report.title is None:  # nothing but furniture: the first line it is, as printed
        first = plain(re.sub(r"^#+\s*", "", title_blocks[0].text)).strip()
        report.title = first.rstrip(":").strip()
    return first_body


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Lines of a title block that are never its title, wherever they stand.
_FURNITURE = re.compile(
    r"^(?:"
    r"[A-Z][A-Z&.]{1,7}"  # an acronym alone: "GAO", "CRS"
    r"|(?:[A-Z]{1,6}[- ]?)?\d{1,4}(?:[-/]\d{1,5})+[A-Z]{0,2}"  # GAO-13-771, GAO-11-310R
    r"|[A-Z]{1,3}\d{4,6}"  # R42917
    r"|(?i:(?:report|document|publication|paper)\s+(?:no\.?|number)\s*\S+)"
    r"|(?i:(?:(?:updated|published|revised|issued)\s+(?:on\s+)?)?"
    rf"(?:\d{{1,2}}\s+)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+\d{{4}}"
    r"|\d{4}-\d{2}(?:-\d{2})?)"
    r"|(?i:(?:https?://|www\.)\S+)"
    r")[.:]?$")
# An address: a U.S. ZIP code after a state, a Canadian or a British postcode, a street.
_ADDRESS = re.compile(
    r"\b[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
    r"|^\d{1,5}\s+(?:[A-Z][\w.]*\s+){1,4}(?i:street|st\.|avenue|ave\.|road|rd\.|plaza|boulevard"
    r"|blvd\.?|drive|dr\.|lane|suite|place|square)(?:\W|$)")


def _title_lines(text: str, blocks: list[_Block]) -> list[str]:
    """Each title block's text without the lines that are no title.

    Dates, report numbers, addresses, links and lone acronyms are dropped wherever they
    stand; before the title, so are an organisation's letterhead ("United States
    Government Accountability Office") and an addressee ("Report to the Congress"). A
    block left with nothing gives an empty string.
    """
    cues = layout_cues()
    addressed = tuple(cues["addressee_prefixes"])
    result: list[str] = []
    leading = True  # no title line met yet
    for block in blocks:
        kept = []
        for start, end in block.lines:
            line = plain(re.sub(r"^#+\s*", "", text[start:end])).strip()
            if _FURNITURE.match(line) or _ADDRESS.search(line) or leading and (
                    _is_letterhead(line) or line.lower().startswith(addressed)):
                continue
            kept.append((start, end))
            leading = False
        if len(kept) == len(block.lines):
            result.append(plain(re.sub(r"^#+\s*", "", block.text)).strip())
        else:
            result.append(plain(" ".join(text[a:b] for a, b in kept)).strip())
    return result


def _is_letterhead(line: str) -> bool:
    """An organisation's name alone on a line: capitalised words that end in "Office",
    "Service", "Foundation" … or open with "Department", "Ministry" … (``letterhead_words``
    in the layout cues)."""
    words = line.rstrip(":").split()
    names = layout_cues()["letterhead_words"]
    if not 2 <= len(words) <= 8 or not (words[-1].lower() in names or words[0].lower() in names):
        return False
    return all(w[:1].isupper() or w in ("of", "and", "for", "the", "on", "in", "&") for w in words)


def _title_prefix(line: str) -> str:
    """A memo's "Subject: " or "Re: " before its title, else ""."""
    lower = line.lower()
    return next((line[:len(p)] for p in layout_cues()["title_prefixes"] if lower.startswith(p)), "")


def _opens_section(blocks: list[_Block], index: int) -> bool:
    """Whether a heading-shaped block in the title area is the first section's heading.

    It must be followed by a list or running text. Right after the byline, a short line is
    more often a series name or an affiliation, unless it is a common section heading
    ("Key Findings", "Introduction") or a Markdown heading.
    """
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None or not (following.kind == "bullets" or (
            following.kind == "body" and _is_sentence_like(following))):
        return False
    if _markdown_heading(block.text) or _norm_line(block.text) in layout_cues()["common_headings"]:
        return True
    previous = plain(blocks[index - 1].text).lower()
    return not any(previous.startswith(p) for p in layout_cues()["byline_prefixes"])


def _is_byline(block: _Block) -> bool:
    """A short line that opens with a byline prefix ("By Jane Doe"): title block, not a heading."""
    line = plain(re.sub(r"^#+\s*", "", block.text)).strip().lower()
    return len(block.lines) <= 2 and line.startswith(tuple(layout_cues()["byline_prefixes"]))


_NAME_SUFFIX = re.compile(r"(?:jr|sr|ii|iii|iv|phd|ph\.d)\.?", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la",
                             "le", "van", "von", "der", "den", "ter", "bin", "al", "y", "e"})


def _split_names(byline: str) -> list[str]:
    """The authors of a byline, without what follows them ("Jane Doe, Senior Fellow at …").

    Names are split at commas, "and" and "&"; a part that does not read as a name (a role
    word, a word in lower case, too many words) ends the names.
    """
    parts = [p.strip() for p in re.split(r"\s*(?:,\s*and\s+|,|\band\b|&)\s*", byline.strip())]
    roles = set(layout_cues()["byline_role_words"])
    names: list[str] = []
    for part in filter(None, parts):
        if names and _NAME_SUFFIX.fullmatch(part):
            names[-1] = f"{names[-1]}, {part}"
            continue
        words = part.split()
        if len(words) > 5 or any(w.lower().strip(".") in roles for w in words) or not all(
                w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words):
            break
        names.append(part)
    return names


# ---------------------------------------------------------------- pull quotes

def _words(text: str) -> list[str]:
    text = plain(text).lower()
    text = re.sub(r"[“”„\"«»]", " ", text).replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def _mark_pull_quotes(text: str, blocks: list[_Block], brackets: BracketMarkers) -> None:
    """Mark body blocks that repeat text found elsewhere as pull quotes.

    The text is compared as lower-case words (quote marks and markup dropped) against the
    running text of every other block, joined in reading order, so a quote that repeats a
    sentence split across a page break or around the quote itself is still found. Quoted
    and shorter blocks are tried first; a block carrying citation markers is never a pull
    quote (the copy in running text is the one that cites).
    """
    candidates = [b for b in blocks if b.kind == "body"]
    words = {id(b): _words(b.text) for b in candidates}
    joined = {key: " ".join(found) for key, found in words.items()}
    order = sorted(candidates, key=lambda b: (b.text[:1] not in _QUOTES_OPEN, len(words[id(b)])))
    for block in order:
        if len(words[id(block)]) < _PULL_QUOTE_MIN_WORDS \
                or clean_pieces(text, block.lines, brackets).markers:
            continue
        haystack = " " + " ".join(joined[id(o)] for o in candidates
                                  if o is not block and o.kind == "body") + " "
        if " " + joined[id(block)] + " " in haystack:
            block.kind = "pull_quote"


# ---------------------------------------------------------------- sections and paragraphs

def _sections(report: Report, blocks: list[_Block], brackets: BracketMarkers) -> None:
    text = report.text
    bio_cues = set(layout_cues()["author_bio_headings"])
    sections: list[Section] = []
    pending: list[tuple[str, list[tuple[int, int]]]] = []  # (kind, pieces) per paragraph
    current: Section | None = None
    in_bio = False
    in_tail = False
    last_body: list[tuple[int, int]] | None = None  # pieces of the paragraph a join extends

    def new_section(title: str | None, span: Span | None) -> Section:
        nonlocal current
        flush()
        current = Section(index=len(sections), title=title, title_span=span)
        sections.append(current)
        return current

    def flush() -> None:
        if current is None:
            return
        for kind, pieces in pending:
            current.paragraphs.append(_paragraph(text, kind, pieces, brackets))
        pending.clear()

    for block in blocks:
        if block.after_notes and not in_tail:
            in_tail = True  # text after the notes never continues a section before them
            if block.kind != "heading":
                new_section(None, None)
                in_bio = False
                last_body = None
        if block.kind in ("heading",):
            title = plain(re.sub(r"^#+\s*", "", block.text)).strip()
            new_section(title, Span(block.start, block.end))
            in_bio = title.rstrip(":").lower() in bio_cues
            last_body = None
            continue
        if current is None:
            new_section(None, None)
        if block.kind == "bullets":
            for item in _bullet_items(text, block):
                pending.append(("bullet", item))
            last_body = None
            continue
        if block.kind == "pull_quote":
            pending.append(("pull_quote", list(block.lines)))
            continue
        # body text (including orphan short lines)
        starts_lower = plain(block.text)[:1].islower()
        if starts_lower and last_body is not None:
            last_body.extend(block.lines)
            continue
        if pending and pending[-1][0] == "bullet" and not any(k == "body" for k, _ in pending) \
                or (current.paragraphs and current.paragraphs[-1].kind == "bullet" and not pending):
            new_section(None, None)
        kind = "author_bio" if in_bio or _is_bio(report, block) else "body"
        pieces = list(block.lines)
        pending.append((kind, pieces))
        last_body = pieces
    flush()
    # An untitled section holding only pull quotes (set before the first heading, say) is
    # not a section of its own: its quotes go with the section that follows.
    for number in range(len(sections) - 2, -1, -1):
        section = sections[number]
        if section.title is None and section.paragraphs \
                and all(p.kind == "pull_quote" for p in section.paragraphs):
            sections[number + 1].paragraphs[:0] = section.paragraphs
            del sections[number]
    # Paragraph order follows where each paragraph starts in the original.
    index = 0
    for section in sections:
        section.paragraphs.sort(key=lambda p: p.offsets[0] if p.offsets else 0)
        for paragraph in section.paragraphs:
            paragraph.index = index
            index += 1
    report.sections = [s for s in sections if s.paragraphs or s.title]
    for number, section in enumerate(report.sections):
        section.index = number


def _is_bio(report: Report, block: _Block) -> bool:
    """A paragraph that opens with a byline author's name and says who they are."""
    opening = plain(block.text)
    for name in report.authors:
        if opening.startswith(name) and re.match(r"[\s,]+(?:\(|is\b|was\b|serves\b|[A-Z])",
                                                   opening[len(name):]):
            return True
    return False


def _bullet_items(text: str, block: _Block) -> list[list[tuple[int, int]]]:
    items: list[list[tuple[int, int]]] = []
    for start, end in block.lines:
        prefix = _bullet_prefix(text[start:end])
        if prefix or not items:
            items.append([(start + prefix, end)])
        else:
            items[-1].append((start, end))  # a wrapped item
    return items


def _paragraph(text: str, kind: str, pieces: list[tuple[int, int]],
               brackets: BracketMarkers) -> Paragraph:
    # Lines of one block are one piece; separate blocks joined into a paragraph are pieces.
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and "\n\n" not in text[merged[-1][1]:start] and text[merged[-1][1]:start].count("\n") <= 1:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    clean = clean_pieces(text, merged, brackets)
    if kind == "pull_quote":
        clean = _strip_outer_quotes(clean)
    return Paragraph(index=0, kind=kind, text=clean.text, offsets=clean.offsets,
                     breaks=clean.breaks, markers=clean.markers)


def _strip_outer_quotes(clean):
    text = clean.text
    if len(text) >= 2 and text[0] in _QUOTES_OPEN and text[-1] in "\"”'’»":
        clean.text = text[1:-1]
        clean.offsets = clean.offsets[1:-1]
        clean.breaks = [b - 1 for b in clean.breaks]
        clean.markers = [m for m in clean.markers]
    return clean


# ---------------------------------------------------------------- endnotes

_NOTE_START = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:"
    r"\[\^?(?P<bracket>\d{1,4})\]:?"          # [12]  [^12]:
    r"|\[(?P<roman>[ivxlc]{1,7})\]"            # [iv]
    r"|(?P<dotted>\d{1,4})[.)]"               # 12.  12)
    r"|\((?P<paren>\d{1,4})\)"                 # (12)
    r"|(?P<super>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"              # ¹²
    r"|(?P<bare>\d{1,4})(?=\s+\S)"            # 12 Text
    r")\s*")


def _note_number(match: re.Match) -> int | None:
    for group in ("bracket", "dotted", "paren", "bare"):
        if match.group(group):
            return int(match.group(group))
    if match.group("roman"):
        return roman_number(match.group("roman"))
    return int(match.group("super").translate({ord(c): str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}))


def _endnotes(report: Report, blocks: list[_Block]) -> tuple[list[Endnote], bool, list[_Block]]:
    """The numbered notes of the endnote block, whether they are numbered in roman, and the
    blocks after the last note's own block (see :func:`_after_notes`)."""
    text = report.text
    romans = 0
    # number, lines as (start, end, block index), block index where the note starts
    notes: list[tuple[int, list[tuple[int, int, int]], int]] = []
    starts: dict[int, int] = {}  # note number → where its line starts
    found: list[tuple[int, Diagnostic]] = []

    def warn(offset: int, code: str, message: str) -> None:
        line_no, col = report.line_col(offset)
        found.append((offset, Diagnostic(code, message, line_no, col)))

    for block_index, block in enumerate(blocks):
        for start, end in block.lines:
            line = text[start:end]
            match = _NOTE_START.match(line)
            number = _note_number(match) if match and match.end() < len(line) else None
            previous = notes[-1][0] if notes else None
            # "[3]", "³", "[iii]" open a note whatever comes before; "3." must follow on
            unambiguous = number is not None and any(
                match.group(g) for g in ("bracket", "super", "roman"))
            if number is not None and number not in starts and (
                    unambiguous or _starts_note(match, number, previous)):
                if previous is not None and number < previous:
                    warn(start, "endnote-order", f"endnote {number} follows endnote {previous}; "
                         "the notes are out of order")
                romans += bool(match.group("roman"))
                starts[number] = start
                notes.append((number, [(start + match.end(), end, block_index)], block_index))
                continue
            if unambiguous and notes:
                warn(start, "endnote-duplicate", f"endnote {number} appears twice; the second "
                     f"is read as part of endnote {previous}")
            if notes:  # text before the first note (a preamble) belongs to no note
                notes[-1][1].append((start, end, block_index))
    numbers = sorted(starts)
    for low, high in zip(numbers, numbers[1:]):
        if high > low + 1:
            missing = (f"endnote {low + 1} is" if high == low + 2 else
                       f"endnotes {low + 1}\u2013{high - 1} are")
            warn(starts[high], "endnote-gap", f"{missing} missing: the notes skip from {low} "
                 f"to {high}")
    report.diagnostics.extend(d for _, d in sorted(found, key=lambda pair: pair[0]))
    endnotes: list[Endnote] = []
    tail: list[_Block] = []
    for position, (number, lines, first_block) in enumerate(notes):
        if position == len(notes) - 1:
            # What follows the last note's own block may be more of it, or text that is no
            # note at all (an author bio, an appendix, a copyright line): _after_notes sorts
            # it out.
            lines = [line for line in lines if line[2] == first_block]
            tail = blocks[first_block + 1:]
        endnotes.append(_endnote(text, number, [(a, b) for a, b, _ in lines]))
    return endnotes, bool(notes) and romans == len(notes), tail


def _endnote(text: str, number: int, lines: list[tuple[int, int]]) -> Endnote:
    """A note from its lines: a line wrapped by a PDF export joins the one before with a
    space; a line that starts a new reference of the note stays a line of its own."""
    body = ""
    previous = ""
    for start, end in lines:
        line = text[start:end].strip()
        if not line:
            continue
        if body:
            indented = start > 0 and text[start - 1] in " \t"
            body += " " if _wraps(previous, line, indented) else "\n"
        body += line
        previous = line
    return Endnote(number=number, text=body, span=Span(lines[0][0], lines[-1][1]))


_ENDS_IN_URL = re.compile(r"(?:<[^<>\s]+>|(?:https?://|www\.)\S+)$")


def _wraps(previous: str, line: str, indented: bool) -> bool:
    """Whether ``line`` continues the reference on the line before (a PDF's hard wrap).

    It does when it is indented under it, starts in lower case, with a digit or a
    punctuation mark, or follows a line that stops short of a full stop or a closing
    quote. A line after a link stays apart (a title under its link is written that way).
    """
    if _ENDS_IN_URL.search(previous):
        return False
    if indented or not line[:1].isupper() and line[:1] not in _QUOTES_OPEN:
        return True
    return previous[-1] not in _TERMINAL + _CLOSERS


def _after_notes(report: Report, tail: list[_Block]) -> list[_Block]:
    """Sort the blocks after the last note: more of that note, content, or boilerplate.

    A heading followed by text starts sections again (an "About the Author" block, an
    appendix), and so does a paragraph about a byline author; before any such content, a
    block that starts in lower case or reads as running text continues the last note.
    Copyright, contact and page lines, and short lines that are not running text (an
    address, a page footer) are dropped, with one warning naming the first of them.

    Returns the content blocks, classified and marked ``after_notes``; a continuation is
    added to the last note in place.
    """
    text = report.text
    kept: list[_Block] = []
    dropped: list[tuple[int, int]] = []
    continuation: list[tuple[int, int]] = []
    for index, block in enumerate(tail):
        if _is_boilerplate(text, block):
            dropped.extend(block.lines)
        elif _is_heading_shape(block) and _content_follows(text, tail, index):
            kept.append(block)
        elif kept or _is_bio(report, block):
            if _is_sentence_like(block) or _bullet_prefix(block.text) or _is_heading_shape(block) \
                    and _content_follows(text, tail, index):
                kept.append(block)
            else:
                dropped.extend(block.lines)
        elif plain(block.text)[:1].islower() or _is_sentence_like(block):
            continuation.extend(block.lines)
        else:
            dropped.extend(block.lines)
    if continuation and report.endnotes:
        last = report.endnotes[-1]
        more = _endnote(text, last.number, continuation)
        report.endnotes[-1] = Endnote(last.number, f"{last.text}\n{more.text}",
                                      Span(last.span.start, more.span.end))
    if dropped:
        line, column = report.line_col(dropped[0][0])
        first = text[dropped[0][0]:dropped[0][1]]
        report.diagnostics.append(Diagnostic(
            "trailing-boilerplate", f"dropped {len(dropped)} line{'s' * (len(dropped) != 1)} "
            f"after the endnotes as boilerplate (copyright, contact or page lines), from "
            f"{first[:60]!r}", line, column))
    _classify(kept)
    for block in kept:
        block.after_notes = True
    return kept


def _content_follows(text: str, blocks: list[_Block], index: int) -> bool:
    """Whether a heading-shaped block among ``blocks`` is followed by running text or a list."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and not _is_boilerplate(text, following) and (
        _is_sentence_like(following) or bool(_bullet_prefix(following.text)))


def _is_boilerplate(text: str, block: _Block) -> bool:
    """Whether every line of a block is a copyright, contact or page line."""
    patterns = _boilerplate_patterns()
    return all(any(p.search(line) for p in patterns)
               for line in (plain(text[a:b]).strip() for a, b in block.lines))


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in layout_cues()["boilerplate_lines"])


def _starts_note(match: re.Match, number: int, previous: int | None) -> bool:
    """Whether a numbered line opens a new note rather than continuing the one before.

    Bracketed and superscript numbers are unambiguous; ``12.`` and ``(12)`` may skip a few
    missing notes; a bare ``12`` must be exactly the next number (a line may well start
    with a year).
    """
    if previous is None:
        return True
    if match.group("bracket") or match.group("super") or match.group("roman"):
        return number > previous
    if match.group("dotted") or match.group("paren"):
        return previous < number <= previous + 3
    return number == previous + 1


# ---------------------------------------------------------------- markers against notes

#: How far past the last note a bracketed number of a report that cites in brackets is
#: still read as a marker (one whose note is missing) rather than as text.
_BRACKET_MARGIN = 10


def _bracket_markers(text: str, blocks: list[_Block], endnotes: list[Endnote],
                     roman: bool) -> BracketMarkers:
    """Which bracketed numbers of the running text are markers, judged from the notes.

    A bracketed group is a marker when the notes have every number it cites. A report
    where at least two different groups resolve that way cites in brackets, and then a
    group a little past the last note is a marker too (its note is missing), not text.
    """
    numbers = frozenset(note.number for note in endnotes)
    if not numbers:
        return BracketMarkers()
    resolved = {group for block in blocks
                for group in find_bracket_groups(text, block.start, block.end, roman)
                if all(n in numbers for n in group)}
    limit = max(numbers) + _BRACKET_MARGIN if len(resolved) >= 2 else 0
    return BracketMarkers(numbers, limit, roman)


def _check_markers(report: Report) -> None:
    numbers = {note.number: note for note in report.endnotes}
    cited: dict[int, int] = {}
    for paragraph in report.paragraphs:
        if paragraph.kind == "pull_quote":
            continue
        for marker in paragraph.markers:
            line, col = report.line_col(marker.span.start)
            for number in marker.numbers:
                if number not in numbers:
                    report.diagnostics.append(Diagnostic(
                        "marker-without-note", f"marker cites note {number}, which the "
                        "endnotes do not have", line, col))
                if number in cited:
                    first_line, first_col = report.line_col(cited[number])
                    report.diagnostics.append(Diagnostic(
                        "note-cited-twice", f"note {number} is cited again (first cited at "
                        f"{first_line}:{first_col})", line, col))
                else:
                    cited[number] = marker.span.start
    for note in report.endnotes:
        if note.number not in cited:
            line, col = report.line_col(note.span.start)
            report.diagnostics.append(Diagnostic(
                "note-never-cited", f"endnote {note.number} is never cited in the text", line, col))
