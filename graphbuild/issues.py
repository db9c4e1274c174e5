"""Issues: tag sentences with the concepts of the shipped SKOS issue scheme.

:func:`load_scheme` reads ``graphbuild/data/issues.ttl``; :func:`tag_issues` matches every
concept's prefLabel, altLabels and hiddenLabels (cue terms) against the lower-cased tokens
and the lemmas of body and bullet sentences, with two ``PhraseMatcher`` objects built once
per vocabulary, over the Docs the build already made. Where matches overlap the longest
wins ("supply chains" over "chains"). :func:`broader_closure` adds the broader concepts.

The scheme's labels are written in their base form, so a label's lemma pattern is the label
itself in lower case: "supply chain" matches "supply chains" through the lemmas. This module
does not judge whether a sentence argues about an issue or only names it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .model import IssueTag, Report

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: Namespace of the scheme's concepts.
ISSUE_BASE = "https://w3id.org/graphbuild/issue/"
_TEXT_KINDS = ("body", "bullet")


@lru_cache(maxsize=1)
def load_scheme() -> "Graph":
    """The issue scheme as an rdflib Graph (parsed once).

    The Turtle is read by Oxigraph's parser, a fifteenth of rdflib's time on this file, and
    its triples handed to rdflib; the scheme has no blank nodes."""
    import pyoxigraph
    from rdflib import Graph, Literal, URIRef

    data = resources.files("graphbuild").joinpath("data/issues.ttl").read_text("utf-8")

    def term(node):
        if isinstance(node, pyoxigraph.Literal):
            if node.language:
                return Literal(node.value, lang=node.language)
            return Literal(node.value, datatype=URIRef(node.datatype.value))
        return URIRef(node.value)

    graph = Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph)
               for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    for prefix, namespace in _prefixes(data):
        graph.bind(prefix, namespace)
    return graph


def _prefixes(turtle: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"(?m)^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", turtle)


@lru_cache(maxsize=1)
def concept_labels() -> dict[str, tuple[str, ...]]:
    """Concept id → its labels (pref, alt, hidden), as written."""
    from rdflib.namespace import SKOS

    scheme = load_scheme()
    labels: dict[str, list[str]] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for subject, label in scheme.subject_objects(predicate):
            concept = str(subject)
            if concept.startswith(ISSUE_BASE) and concept != ISSUE_BASE + "scheme":
                labels.setdefault(concept[len(ISSUE_BASE):], []).append(str(label))
    return {c: tuple(dict.fromkeys(v)) for c, v in sorted(labels.items())}


@lru_cache(maxsize=1)
def _broader() -> dict[str, tuple[str, ...]]:
    from rdflib.namespace import SKOS

    scheme = load_scheme()
    up: dict[str, set[str]] = {}
    for narrow, broad in scheme.subject_objects(SKOS.broader):
        up.setdefault(str(narrow)[len(ISSUE_BASE):], set()).add(str(broad)[len(ISSUE_BASE):])
    for broad, narrow in scheme.subject_objects(SKOS.narrower):
        up.setdefault(str(narrow)[len(ISSUE_BASE):], set()).add(str(broad)[len(ISSUE_BASE):])
    return {k: tuple(sorted(v)) for k, v in up.items()}


def broader_closure(concepts: Iterable[str]) -> list[str]:
    """The concepts with every broader concept above them, sorted.

    >>> broader_closure(["trade"])
    ['trade', 'trade-and-economy']
    """
    seen: set[str] = set()
    todo = list(concepts)
    while todo:
        concept = todo.pop()
        if concept in seen:
            continue
        seen.add(concept)
        todo.extend(_broader().get(concept, ()))
    return sorted(seen)


_CACHE: dict[int, tuple] = {}


def _matchers(vocab):
    """A LOWER and a LEMMA PhraseMatcher over every concept label, built once per vocab."""
    cached = _CACHE.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from .entities import pattern_tokenizer

    tokenizer = pattern_tokenizer(vocab)
    lower = PhraseMatcher(vocab, attr="LOWER")
    lemma = PhraseMatcher(vocab, attr="LEMMA")
    for concept, labels in concept_labels().items():
        lower_docs, lemma_docs = [], []
        for label in labels:
            doc = tokenizer(label)
            lower_docs.append(doc)
            words = [t.text for t in doc]
            lemma_doc = Doc(vocab, words=words, lemmas=[w.lower() for w in words])
            lemma_docs.append(lemma_doc)
        lower.add(concept, lower_docs)
        lemma.add(concept, lemma_docs)
    _CACHE[id(vocab)] = (vocab, lower, lemma)
    return lower, lemma


def tag_issues(reports: Iterable[Report]) -> None:
    """Tag each body and bullet sentence with the issues its words name, in place.

    Fills ``report.issue_tags`` (one tag per concept and cue occurrence, in text order).
    Needs the paragraphs' Docs (:func:`graphbuild.nlp.segment`). Two kinds of match are
    left out: a cue that is only part of a longer name ("Human Rights" in "National Human
    Rights Commission", "Justice" in "Department of Justice": the paragraph's entity
    mentions from ``report.entities`` when extracted, else the NER's named entities), and a one-word cue
    read as a verb ("worked", "fueled"), whose noun sense the scheme means.

    Examples
    --------
    >>> tag_issues([report])  # doctest: +SKIP
    >>> sorted({t.concept for t in report.issue_tags})  # doctest: +SKIP
    ['supply-chains', 'trade']
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    for report in reports:
        names = defaultdict(list)  # paragraph index -> (start, end) of entity mentions
        for entity in report.entities:
            for mention in entity.mentions:
                names[mention.paragraph_index].append((mention.start, mention.end, entity.type))
        tags: list[IssueTag] = []
        for paragraph in report.paragraphs:
            doc = paragraph.doc
            if paragraph.kind not in _TEXT_KINDS or doc is None:
                continue
            lower, lemma = _matchers(doc.vocab)
            concepts: dict[tuple[int, int], set[str]] = {}
            for matcher in (lower, lemma):
                for match_id, start, end in matcher(doc):
                    concepts.setdefault((start, end), set()).add(doc.vocab.strings[match_id])
            spans = [Span(doc, s, e) for (s, e) in concepts
                     if not _inside_name(doc, s, e, names[paragraph.index])
                     and not (e - s == 1 and doc[s].pos_ in ("VERB", "AUX"))]
            for span in filter_spans(spans):
                for concept in sorted(concepts[(span.start, span.end)]):
                    tags.append(IssueTag(concept, _sentence_index(paragraph, span.start_char),
                                         span.text, span.start_char, span.end_char))
        seen = set()
        report.issue_tags = []
        for tag in tags:
            if (tag.concept, tag.sentence_index, tag.start) not in seen:
                seen.add((tag.concept, tag.sentence_index, tag.start))
                report.issue_tags.append(tag)


_NAME_TYPES = {"ORG", "PERSON", "GPE", "FAC", "LAW", "EVENT", "WORK_OF_ART", "NORP", "LOC"}


_NAME_PREPOSITIONS = {"of", "for", "on", "to", "against", "in"}


#: Entity types whose name's head word says what the sentence is about: a dialogue, a
#: summit or a ministerial is diplomacy; the "Union" of the European Union, the "Bank" of
#: the World Bank are no labour or finance topic.
_TELLING_HEADS = frozenset({"DialogueMechanism", "Event"})


def _inside_name(doc, start: int, end: int, mentions: list[tuple[int, int, str]]) -> bool:
    """Whether tokens ``start:end`` are a proper part of a longer name, other than the head
    of a forum's or meeting's name.

    "Justice" in "Department of Justice" is part of a name; "Dialogue" in "High-Level
    Security Dialogue" is the name's head, which says what the name is, so it still counts;
    "Union" in "European Union" does not.
    """
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for a, b, type_name in mentions:
        if a <= first and last <= b and (a, b) != (first, last):
            return type_name not in _TELLING_HEADS or not _is_head(doc, a, b, end - 1)
    if mentions:  # the entity stage's names are more exact than the NER's
        return False
    for ent in doc.ents:
        if ent.label_ in _NAME_TYPES and ent.start <= start and end <= ent.end \
                and (ent.start, ent.end) != (start, end):
            return True
    return False


def _is_head(doc, a: int, b: int, token: int) -> bool:
    """Whether token ``token`` is the head of the name at characters ``a:b``: its last word
    before the first preposition ("Committee" in "Committee on Competitiveness")."""
    name = doc.char_span(a, b, alignment_mode="expand")
    if name is None:
        return False
    head = name.end - 1
    for tok in name[1:]:
        if tok.lower_ in _NAME_PREPOSITIONS and tok.text.islower():
            head = tok.i - 1
            break
    return token == head


def _sentence_index(paragraph, offset: int) -> int:
    owner = paragraph.sentences[0].index if paragraph.sentences else 0
    for sentence in paragraph.sentences:
        if sentence.start <= offset:
            owner = sentence.index
    return owner
