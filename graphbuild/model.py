"""The plain data the pipeline's stages hand each other.

Every stage is a function from these objects to these objects; none of them reads files,
prints or touches RDF. Offsets are code points of the decoded original file (a byte-order
mark excluded), half-open ``(start, end)``.

This module owns the shapes only. It does not validate them (the stages do) and it holds no
spaCy objects except the optional, non-compared ``Paragraph.doc`` cache, which later stages
reuse so that spaCy runs once per paragraph for a whole build.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

ParagraphKind = Literal["body", "bullet", "pull_quote", "author_bio"]
PARAGRAPH_KINDS: tuple[str, ...] = ("body", "bullet", "pull_quote", "author_bio")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of code points in the original file."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span ({self.start}, {self.end})")


@dataclass(frozen=True)
class Marker:
    """A citation marker lifted out of running text.

    ``numbers`` are the note numbers it cites, in the order written (``^{4,5}`` → (4, 5)).
    ``span`` is where the marker stood in the original file; ``offset`` is the position in
    the paragraph's clean text where it was removed.
    """

    numbers: tuple[int, ...]
    span: Span
    offset: int


@dataclass
class Sentence:
    """One sentence of a paragraph: clean text and where its pieces stand in the original.

    A sentence interrupted by a pull quote or a page break has more than one span.
    """

    index: int  # position in the whole report, 0-based
    text: str
    spans: list[Span]
    start: int  # offset of the sentence in its paragraph's clean text
    end: int
    markers: list[Marker] = field(default_factory=list)

    @property
    def note_numbers(self) -> tuple[int, ...]:
        """The note numbers cited in this sentence, in order, without repeats."""
        seen: dict[int, None] = {}
        for marker in self.markers:
            for number in marker.numbers:
                seen.setdefault(number, None)
        return tuple(seen)


@dataclass
class Paragraph:
    """A block of running text (possibly joined across a page break or a pull quote)."""

    index: int  # position in the whole report, 0-based
    kind: ParagraphKind
    text: str  # normalised for NLP: markers, escapes and Markdown removed
    offsets: list[int]  # original offset of each character of ``text``
    breaks: list[int]  # positions in ``text`` where a new original piece starts
    markers: list[Marker] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    doc: Any = field(default=None, repr=False, compare=False)

    @property
    def spans(self) -> list[Span]:
        """The paragraph's pieces in the original file."""
        return map_spans(self, 0, len(self.text))


@dataclass
class Section:
    """A headed (or untitled) run of paragraphs."""

    index: int
    title: str | None
    title_span: Span | None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Agent:
    """An author or publisher: a person (family and given names) or an organisation."""

    name: str  # display form: "Earl Anthony Wayne", "World Bank"
    kind: Literal["person", "organization"] = "person"
    family: str | None = None
    given: str | None = None  # given names or initials as printed


@dataclass
class Work:
    """A cited work: one bibliographic record parsed from an endnote."""

    raw: str
    authors: list[Agent] = field(default_factory=list)
    et_al: bool = False
    date: str | None = None  # ISO form at the precision given: "2020-11-12", "2020-11", "2020"
    date_precision: Literal["day", "month", "year"] | None = None
    title: str | None = None
    container: str | None = None
    url: str | None = None
    work_type: str | None = None  # "news article", "report", "web page", ...
    identifier: str | None = None  # a report or document number: "GAO-13-771", "COM(2021) 66 final"
    same_as_note: int | None = None  # Ibid./short form: the earlier note whose work this is


@dataclass
class Endnote:
    """One numbered note of the report's endnote block."""

    number: int
    text: str  # the note's raw text, number prefix removed, lines joined
    span: Span  # the note's text in the original file
    works: list[Work] = field(default_factory=list)


@dataclass
class Mention:
    """One occurrence of an entity in a sentence."""

    text: str  # the surface form as written (clean text)
    type: str  # the entity type it was read as: "Country", "Person", "TradeAgreement", ...
    paragraph_index: int
    sentence_index: int
    start: int  # offsets in the paragraph's clean text
    end: int
    spans: list[Span] = field(default_factory=list)  # where it stands in the original
    source: str = "ner"  # what found it: "gazetteer", "ner", "pattern", "acronym", "demonym", ...
    entity_key: str | None = None  # the Entity it resolved to


@dataclass
class Entity:
    """A canonical actor, agreement, forum or place, with every way the text names it."""

    key: str  # stable within a build: "<type>:<normalised label>"
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)  # every other surface form
    wikidata: str | None = None  # "Q96", only where the shipped data vouches for it
    gazetteer_id: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # why each surface form joined
    related: dict[str, str] = field(default_factory=dict)  # e.g. {"leader": key, "country": key}


@dataclass(frozen=True)
class IssueTag:
    """A sentence discussing a concept of the issue scheme."""

    concept: str  # the concept's id in the scheme, e.g. "drug-trafficking"
    sentence_index: int
    cue: str  # the words that triggered the tag
    start: int  # offsets of the cue in the paragraph's clean text
    end: int


@dataclass(frozen=True)
class Evidence:
    """A sentence that states a fact, where it stands, and the notes it cites."""

    sentence_index: int
    spans: tuple[Span, ...] = ()
    note_numbers: tuple[int, ...] = ()


@dataclass
class Relation:
    """A typed relation between two entities (or an entity and an issue), with evidence.

    ``subject`` and ``object`` are entity keys; an issue is written ``"issue:<concept id>"``.
    A relation stated in several sentences is one Relation with several evidences.
    """

    subject: str
    predicate: str  # leader_of, party_to, member_of, part_of, established, replaced, concerns,
    #                 cooperates_with, tension_with
    object: str
    rule: str  # the rule that produced it, e.g. "possessive-title.v1"
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class CoMention:
    """Two entities (or an entity and an issue) named in the same sentences."""

    first: str
    second: str  # keys, with first < second
    sentence_indexes: list[int] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return len(self.sentence_indexes)


@dataclass
class Recommendation:
    """A recommendation of the author: a list item under a recommendations heading or a
    prescriptive body sentence ("X should …"); one node even when stated in both places."""

    index: int
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    addressed_to: list[str] = field(default_factory=list)  # entity keys
    concerns: list[str] = field(default_factory=list)  # entity keys or "issue:<id>"
    horizon: Literal["short term", "medium term", "long term", "unspecified"] = "unspecified"


@dataclass(frozen=True)
class Diagnostic:
    """A recoverable oddity found while reading a report (a warning, never a crash)."""

    code: str  # short stable code, e.g. "marker-without-note"
    message: str
    line: int | None = None
    column: int | None = None
    note: int | None = None  # the endnote it concerns, where there is one


@dataclass
class Report:
    """A whole report: its metadata, structure and notes."""

    file_name: str  # the source file's name, never a path
    sha256: str
    text: str  # the decoded original text (without BOM)
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    series: str | None = None
    title_block: Span | None = None
    sections: list[Section] = field(default_factory=list)
    endnotes: list[Endnote] = field(default_factory=list)
    endnotes_heading: Span | None = None
    entities: list[Entity] = field(default_factory=list)
    issue_tags: list[IssueTag] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    co_mentions: list[CoMention] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    report_date: str | None = None  # ISO at the precision known
    report_date_inferred: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """The file name without its last suffix."""
        name = self.file_name
        return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph, in reading order."""
        return [p for s in self.sections for p in s.paragraphs]

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence, in reading order."""
        return [t for p in self.paragraphs for t in p.sentences]

    _line_starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset in the original text.

        A line ends at ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files), as editors count.
        """
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


_LINE_BREAK = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (``\n``, ``\r\n`` and ``\r`` end lines)."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def map_spans(paragraph: Paragraph, start: int, end: int) -> list[Span]:
    """Original-file spans of ``paragraph.text[start:end]``.

    A new span starts at every recorded break (a join across a pull quote or a page break);
    characters dropped inside one piece (markers, escapes) do not split a span.
    """
    if start >= end:
        return []
    offsets = paragraph.offsets
    spans: list[Span] = []
    piece_start = start
    for cut in [b for b in paragraph.breaks if start < b < end] + [end]:
        # skip leading/trailing spaces that stand for a join, not for original text
        a, b = piece_start, cut
        while a < b and paragraph.text[a] == " " and offsets[a] < 0:
            a += 1
        while b > a and paragraph.text[b - 1] == " " and offsets[b - 1] < 0:
            b -= 1
        if a < b:
            spans.append(Span(offsets[a], offsets[b - 1] + 1))
        piece_start = cut
    return spans
