"""Entities: actors, places, agreements and events named in a report, resolved to one
canonical entity each.

:func:`extract_entities` reads the paragraphs' existing spaCy Docs (body and bullet
paragraphs; pull quotes repeat the body and author bios are about the authors) and fills
``report.entities``. Mentions come from

* the shipped gazetteers, through a ``PhraseMatcher`` built once per pipeline and applied to
  the stored Docs (the component ``graphbuild_entities_v1``; spaCy never runs twice);
* acronym definitions, "North American Development Bank (NADBank)"
  (:func:`find_abbreviations`, Schwartz–Hearst);
* capitalised names typed by their head word ("… Dialogue", "Department of …"), people
  after a title, "<leader> administration", "<country> government", qualified groups
  ("U.S. unions"), all cues shipped in ``graphbuild/data/entity_patterns.json``;
* the statistical NER, for people and for organisations a head word can type.

Alias resolution works from the text only: acronym definitions, appositions ("known as
AMLO"), name containment ("Biden" in "Joe Biden", across reports too), stripped titles,
gazetteer forms ("U.S." / "United States"), offices held ("Mexico's president"). A
possessive or a demonym before a person gives the person's country. People's aliases are
never shipped data; Wikidata ids come only from the gazetteers.

This module does not find relations between entities (:mod:`graphbuild.relations`) and does
not read coreference through pronouns.
"""

from __future__ import annotations

import json
import re
import unicodedata
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from spacy.language import Language

from .model import Entity, Mention, Paragraph, Report, map_spans

#: Where the gazetteer component stores its matches on a Doc.
SPANS_KEY = "graphbuild_gazetteer"
#: spaCy forbids "." in factory names, so the versioned name is written with underscores.
COMPONENT = "graphbuild_entities_v1"
_DEMONYM = "DEMONYM"
_TEXT_KINDS = ("body", "bullet")
_ARTICLES = {"the", "a", "an", "some", "many", "most", "all", "other", "these", "those",
             "its", "their", "our", "both", "several"}
_PLACE_TYPES = {"Country", "Region", "SubnationalRegion"}
_OFFICE_MODIFIERS = {"former": True, "then": True, "new": False, "current": False,
                     "incoming": False, "outgoing": True}


# ------------------------------------------------------------------ shipped data

@lru_cache(maxsize=1)
def entity_cues() -> dict[str, Any]:
    """The shipped cues (``graphbuild/data/entity_patterns.json``)."""
    text = resources.files("graphbuild").joinpath("data/entity_patterns.json").read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparable form of a name: accents, case, quotes, possessive and spacing folded.

    >>> fold("López  Obrador’s")
    'lopez obrador'
    """
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"(?<=s)'(?=\s|$)", "", text)  # "Ministers' Meeting" = "Ministers Meeting"
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, Any], dict[str, str]]:
    """Entries by id and unambiguous folded form → id."""
    from .gazetteers import ambiguous_forms, load_gazetteers

    entries = load_gazetteers()
    shared = ambiguous_forms(entries)
    by_id = {e.id: e for e in entries}
    forms: dict[str, str] = {}
    for entry in entries:
        for form in entry.names:
            if form in entry.ambiguous or form in shared:
                continue
            forms.setdefault(fold(form), entry.id)
    return by_id, forms


@lru_cache(maxsize=1)
def _issue_words() -> frozenset[str]:
    """Folded labels of the issue scheme: such a name is an issue, never an actor."""
    try:
        from .issues import concept_labels
    except ImportError:  # pragma: no cover
        return frozenset()
    return frozenset(fold(label) for labels in concept_labels().values() for label in labels)


# ------------------------------------------------------------------ abbreviations

class Abbreviation(NamedTuple):
    """An acronym defined in text: short form, long form, and their (start, end) offsets."""

    short: str
    long: str
    offsets: tuple[tuple[int, int], tuple[int, int]]  # (long span, short span)


_PAREN = re.compile(r"\(([^()]{1,60})\)")
_SHORT_FORM = re.compile(r"^[A-Za-z][\w.&/-]*$")


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Acronyms defined in ``text`` as "long form (SHORT)" or "SHORT (long form)".

    The long form is found by the Schwartz–Hearst rule: the short form's characters are
    matched right to left in the words before the parenthesis, and the first character
    must begin a word of the long form.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Abbreviation
        In text order, with ``offsets`` ((long start, long end), (short start, short end)).

    Examples
    --------
    >>> find_abbreviations("the North American Development Bank (NADBank) lends")[0][:2]
    ('NADBank', 'North American Development Bank')
    """
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        words = inner.split()
        if len(words) <= 2 and _is_short_form(inner):
            long_span = _long_form(text, match.start(), inner)
            if long_span:
                found.append(Abbreviation(inner, text[long_span[0]:long_span[1]],
                                          (long_span, (inner_start, inner_start + len(inner)))))
            continue
        # SHORT (long form): the word before the parenthesis is the short form
        before = re.search(r"([A-Za-z][\w.&/-]*)\s*$", text[:match.start()])
        if before and _is_short_form(before.group(1)) and len(words) > 1:
            short = before.group(1)
            if _matches(short, inner):
                found.append(Abbreviation(short, inner, ((inner_start, inner_start + len(inner)),
                                                         (before.start(1), before.end(1)))))
    return found


def _is_short_form(candidate: str) -> bool:
    letters = [c for c in candidate if c.isalpha()]
    return (2 <= len(candidate) <= 12 and _SHORT_FORM.match(candidate.replace(" ", "")) is not None
            and bool(letters) and letters[0].isupper()
            and sum(c.isupper() for c in letters) >= 2
            and candidate not in entity_cues()["acronym_stopwords"])


def _long_form(text: str, paren: int, short: str) -> tuple[int, int] | None:
    before = text[:paren].rstrip()
    # Words no further back than the sentence start or an earlier parenthesis.
    limit = max(before.rfind(". ") + 1, before.rfind("(") + 1, before.rfind(";") + 1, 0)
    letters = sum(c.isalnum() for c in short)
    words = list(re.finditer(r"\S+", before[limit:]))
    window = words[-min(len(words), min(letters + 5, letters * 2)):] if words else []
    for first in range(len(window)):  # shortest long form that still matches, last first
        pass
    for first in range(len(window) - 1, -1, -1):
        start = limit + window[first].start()
        candidate = before[start:]
        if _matches(short, candidate) and len(candidate) > len(short):
            # the long form's first word must give the short form's first letter
            if fold(candidate[:1]) == fold(short[:1]):
                return start, len(before)
    return None


def _matches(short: str, long: str) -> bool:
    """Schwartz–Hearst: every alphanumeric of ``short`` appears in ``long`` in order,
    right to left, the first one at the start of a word."""
    s = [c.lower() for c in short if c.isalnum()]
    text = long.lower()
    position = len(text) - 1
    for index in range(len(s) - 1, -1, -1):
        char = s[index]
        while position >= 0 and (text[position] != char or (
                index == 0 and position > 0 and text[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


# ------------------------------------------------------------------ the spaCy component

@Language.factory(COMPONENT)
def make_gazetteer_spans(nlp: Language, name: str) -> "GazetteerSpans":
    """The gazetteer matcher; it writes ``doc.spans["graphbuild_gazetteer"]``."""
    return GazetteerSpans(nlp, name)


class GazetteerSpans:
    """A phrase matcher over every shipped gazetteer form, demonyms labelled ``DEMONYM``; it
    writes ``doc.spans["graphbuild_gazetteer"]`` (label: the type, ``id_``: the entry id).

    It can sit in a pipeline or be applied to Docs already made (as
    :func:`extract_entities` does), which costs one matcher pass.
    """

    def __init__(self, nlp: Language, name: str = COMPONENT) -> None:
        from .gazetteers import load_gazetteers, ruler_patterns

        # Phrase patterns (a PhraseMatcher on ORTH) cost one hash lookup per token; the
        # same forms as token patterns cost ~30x more over a report. Each phrase is a Doc
        # made from the tokens the pipeline's own tokenizer gave the form, so nothing is
        # tokenized twice and no statistical component runs.
        self.name = name
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.matcher = None
        self.words: frozenset[str] | None = None  # the words the matcher was built for
        self._phrases: dict[frozenset[str] | None, list] = {}

    def phrases(self, words: frozenset[str] | None = None) -> list[tuple[str, str, tuple]]:
        """(label, entry id, words) of every gazetteer phrase; with ``words``, only the
        spellings whose word pieces all occur among them, so that forms no text holds
        are never tokenized (most of the ~3,000 are not in a given report)."""
        from .gazetteers import load_gazetteers, ruler_patterns

        if words in self._phrases:
            return self._phrases[words]
        keep = None
        if words is not None:
            pieces = {piece for word in words for piece in _PIECE.findall(word.lower())}

            def keep(spelling: str) -> bool:
                return all(p in pieces for p in _PIECE.findall(spelling.lower()))

        entries = load_gazetteers()
        patterns = ruler_patterns(entries, demonym_label=_DEMONYM, tokenizer=self.tokenizer,
                                  keep=keep)
        # Plural demonyms ("Americans", "Central Americans") name the place too.
        plural = ruler_patterns(
            [_pluralised(e) for e in entries if e.demonyms], demonym_label=_DEMONYM,
            tokenizer=self.tokenizer, keep=keep)
        token_patterns = patterns + [p for p in plural if p["label"] == _DEMONYM]
        found = [(p["label"], p["id"], tuple(p["pattern"])) for p in _as_phrases(token_patterns)]
        self._phrases = {words: found}
        return found

    def prepare(self, words: Iterable[str]) -> None:
        """Build the matcher for texts made of ``words`` only: a phrase with a word none of
        the texts holds cannot match, and making its Doc is most of the building cost."""
        self._build(frozenset(words))

    def _build(self, words: frozenset[str] | None) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        by_key: dict[tuple[str, str], list] = {}
        for label, entry_id, phrase in self.phrases(words):
            if words is None or all(w in words for w in phrase):
                by_key.setdefault((label, entry_id), []).append(
                    Doc(self.vocab, words=list(phrase), spaces=[False] * len(phrase)))
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.keys: dict[int, tuple[str, str]] = {}
        for (label, entry_id), docs in by_key.items():
            name = f"{label}\t{entry_id}"
            self.matcher.add(name, docs)
            self.keys[self.vocab.strings[name]] = (label, entry_id)
        self.words = words

    def __call__(self, doc):
        from spacy.tokens import Span

        if self.matcher is None or (
                self.words is not None and not all(t.text in self.words for t in doc)):
            self._build(None)  # a text the prepared matcher was not built for: all phrases
        spans = []
        for key, start, end in self.matcher(doc):
            label, entry_id = self.keys[key]
            spans.append(Span(doc, start, end, label=label, span_id=entry_id))
        spans.sort(key=lambda s: (s.start, s.end, s.label_, s.id_))
        doc.spans[SPANS_KEY] = spans
        return doc


def _as_phrases(token_patterns: list[dict]) -> list[dict]:
    """Token patterns of :func:`graphbuild.gazetteers.ruler_patterns` as phrases (lists of
    words): every spelling they allow, written out (an optional dash present or not, a small word in
    lower case, "the" also as "The" at the start)."""
    phrases: list[dict] = []
    seen: set[tuple] = set()
    for pattern in token_patterns:
        spellings: list[list[str]] = [[]]
        for index, token in enumerate(pattern["pattern"]):
            if "ORTH" in token and isinstance(token["ORTH"], str):
                options = [token["ORTH"]]
            elif "ORTH" in token:  # a dash that may be any dash or missing
                options = ["-", "\u2013", ""]
            else:
                word = token["LOWER"]
                options = [word, word.capitalize()] if index == 0 else [word]
            spellings = [s + ([o] if o else []) for s in spellings for o in options]
        for words in spellings:
            key = (pattern["label"], pattern["id"], tuple(words))
            if words and key not in seen:
                seen.add(key)
                phrases.append({"label": pattern["label"], "id": pattern["id"],
                                "pattern": words})
    return phrases


#: Word pieces: what a gazetteer form's tokens are made of, whatever the tokenizer does
#: with its punctuation ("U.S.-Mexico" → u, s, mexico).
_PIECE = re.compile(r"\w+")

_TOKENIZERS: dict[int, tuple[Any, Any]] = {}  # id(vocab) → (vocab, tokenizer)


def use_tokenizer(nlp: Language) -> None:
    """Let the pattern builders of this module and :mod:`graphbuild.issues` tokenize with
    ``nlp``'s own tokenizer (its rules, the infixes :mod:`graphbuild.nlp` adds): patterns
    then split exactly as the texts do, and no second English tokenizer is built."""
    _TOKENIZERS[id(nlp.vocab)] = (nlp.vocab, nlp.tokenizer)


def pattern_tokenizer(vocab) -> Any:
    """The tokenizer patterns over ``vocab`` are made with: the pipeline's own when
    :func:`use_tokenizer` was told of it, else a default English one, made once."""
    cached = _TOKENIZERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        import spacy

        cached = (vocab, spacy.blank("en", vocab=vocab).tokenizer)
        _TOKENIZERS[id(vocab)] = cached
    return cached[1]


def _pluralised(entry):
    from dataclasses import replace

    forms = tuple(d + "s" for d in entry.demonyms if not d.endswith("s"))
    ambiguous = tuple(a + "s" for a in entry.ambiguous if a in entry.demonyms)
    return replace(entry, aliases=(), demonyms=forms, ambiguous=ambiguous, label=entry.label)


_COMPONENTS: "weakref.WeakKeyDictionary[Language, GazetteerSpans]" = weakref.WeakKeyDictionary()


def gazetteer_component(nlp: Language) -> GazetteerSpans:
    """The pipeline's gazetteer component: its own if added, else one built once per nlp."""
    if COMPONENT in nlp.pipe_names:
        return nlp.get_pipe(COMPONENT)
    component = _COMPONENTS.get(nlp)
    if component is None:
        component = nlp.create_pipe(COMPONENT)
        _COMPONENTS[nlp] = component
    return component


# ------------------------------------------------------------------ candidates

@dataclass
class _Candidate:
    start: int  # token offsets in the paragraph's Doc
    end: int
    type: str
    source: str
    gazetteer_id: str | None = None
    label: str | None = None  # for rule-built entities: the entity's label
    leader: str | None = None  # administrations: the leader's name as written
    country: str | None = None  # groups and people: the place's gazetteer id
    titles: list[str] = field(default_factory=list)
    office: tuple[str, str] | None = None  # (country id, title) of "Mexico's president"
    short: str | None = None  # acronyms: the short form defined
    extra_alias: str | None = None  # "DFC Program" for "Drug-Free Communities (DFC) Program"


_DATE_LIKE = re.compile(r"^(?:(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\b|[\d\s,./-])+$")
_NOT_NAME_POS = {"ADP", "SCONJ", "ADV", "DET", "PRON", "VERB", "AUX", "CCONJ", "PART", "INTJ"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_RANK = {"gazetteer": 0, "demonym": 0, "acronym": 1, "pattern": 2, "person-title": 3,
         "office-title": 4}
_PHASE = {"rule": 0, "title": 0, "gazetteer": 1, "acronym": 1, "pattern": 1, "person-title": 1,
          "office-title": 1, "ner": 2}


def _head_type(words: list[str]) -> str | None:
    """The type a name's head word gives: the last head before the first preposition, else
    the last head anywhere."""
    heads = entity_cues()["name_heads"]
    core = []
    for word in words:
        if word.islower() and word in {"of", "for", "on", "to", "against", "in"}:
            break
        core.append(word)
    for part in (core, words):
        for index in range(len(part) - 1, -1, -1):
            two = " ".join(part[index:index + 2])
            if two in heads and index + 2 == len(part):
                return _trade(heads[two], words)
            if part[index] in heads:
                return _trade(heads[part[index]], words)
    return None


def _trade(type_name: str, words: list[str]) -> str:
    if type_name == "Treaty" and any(w in entity_cues()["trade_words"] for w in words):
        return "TradeAgreement"
    if type_name == "GovernmentAgency" and _shared_body(words):
        return "DialogueMechanism"
    if type_name == "Program" and words and words[-1] == "Fund" and any(
            " ".join(words).startswith(m + " ") for m in entity_cues()["international_modifiers"]):
        return "InternationalOrganization"  # "Global Climate Fund", not one country's fund
    return type_name


def _shared_body(words: list[str]) -> bool:
    """Whether a committee, council or commission is one of several governments: its
    name (before any preposition) ends in such a head and opens with a region or a
    multinational word ("North American Steel Trade Committee", "Inter-American Commission
    on Human Rights"), or with a hyphenated pair of places the gazetteers know
    ("U.S.-Canada Regulatory Cooperation Council")."""
    cues = entity_cues()
    core: list[str] = []
    for word in words:
        if word in {"of", "for", "on", "to", "against", "in"}:
            break
        core.append(word)
    text = " ".join(core)
    if not any(text == head or text.endswith(" " + head) for head in cues["shared_body_heads"]):
        return False
    opening = " ".join(core[:3]).replace(" - ", "-").replace(" \u2013 ", "-")
    if any(opening == m or opening.startswith((m + " ", m + "-"))
           for m in cues["shared_body_modifiers"]):
        return True
    if len(core) > 3 and core[1] in ("-", "\u2013"):
        by_id, forms = _gazetteer()
        places = [forms.get(fold(core[0])), forms.get(fold(core[2]))]
        return all(p is not None and by_id[p].type in ("Country", "Region") for p in places)
    return False


def _capitalised(token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or text[0].isdigit() and any(c.isalpha() for c in text))


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w for title in entity_cues()["titles"] for w in title.split()
                     if w[:1].isupper())


def _head_follows(doc, at: int) -> bool:
    """Whether the capitalised run starting at ``at`` ends in a head word of a name."""
    heads = entity_cues()["name_heads"]
    k = at
    while k < len(doc) and (_capitalised(doc[k]) or doc[k].text in {"of", "the", "and"}):
        if doc[k].text in heads:
            return True
        k += 1
    return False


def _and_inside_name(doc, start: int, at: int) -> bool:
    """Whether "and" at ``at`` joins words of one name: after "of"/"for"/"on" ("Department
    of Health and Human Services"), or before a capital when no head word came yet
    ("National Women and Security Conference"); "X Dialogue and the Y Group" are two names."""
    if at + 1 < len(doc) and doc[at + 1].lower_ == "the":
        return False  # "Department of State and the U.S. Agency for …": two names
    if any(doc[k].lower_ in {"of", "for", "on"} for k in range(start, at)):
        return True
    heads = entity_cues()["name_heads"]
    return doc[at + 1].text != "the" and not any(doc[k].text in heads for k in range(start, at))


def _name_spans(doc) -> list[tuple[int, int, str]]:
    """Capitalised names holding a head word: (start, end, type)."""
    heads = entity_cues()["name_heads"]
    glue = {"of", "for", "on", "the", "and", "to", "against", "in", "&", "-", "–", "de", "del"}
    found = []
    index = 0
    while index < len(doc):
        if not (_capitalised(doc[index]) and doc[index].text not in {"The", "A", "An"}):
            index += 1
            continue
        end = index
        last_cap = index
        while end < len(doc):
            token = doc[end]
            if _capitalised(token) and not (token.text in {"The", "A"} and end > index):
                last_cap = end
                end += 1
            elif token.text in glue and end + 1 < len(doc) and (
                    _capitalised(doc[end + 1]) or doc[end + 1].text in {"the", "-"}) \
                    and doc[end + 1].ent_type_ not in _NOT_NAMES \
                    and not (token.text == "in" and doc[end + 1].ent_type_ in ("GPE", "LOC")) \
                    and (token.text != "and" or _and_inside_name(doc, index, end)):
                end += 1
            elif token.text == "with" and end + 1 < len(doc) and _capitalised(doc[end + 1]) \
                    and _head_follows(doc, end + 1):
                end += 1  # "Enhanced Partnership with Pakistan Act": one law's name
            elif token.text in {"'", "’"} and end + 1 < len(doc) and _capitalised(doc[end + 1]) \
                    and doc[end - 1].text.endswith("s") and doc[end + 1].text in heads:
                end += 1  # "Quad Foreign Ministers' Meeting", "Leaders’ Summit"
            elif token.text in {"'s", "’s"} and end + 1 < len(doc) and _capitalised(doc[end + 1]) \
                    and doc[end - 1].text in _title_words() \
                    and not any(doc[k].text in entity_cues()["name_heads"] for k in range(index, end)):
                end += 1  # "Attorney General's Office", not "Department of State's Bureau"
            elif token.text == "," and end + 2 < len(doc) and _capitalised(doc[end + 1]) \
                    and any(doc[k].lower_ in {"for", "of", "on"} for k in range(index, end)) \
                    and any(doc[k].text == "and" for k in range(end, min(end + 6, len(doc)))):
                end += 1
            else:
                break
        stop = last_cap + 1
        # "Unlike the European Union": a capital that only opens the sentence is no part
        while index < stop and (doc[index].pos_ in _NOT_NAME_POS or doc[index].text in glue or (
                doc[index].is_sent_start and doc[index].pos_ != "PROPN"
                and doc[index].text not in heads and index + 1 < stop
                and doc[index + 1].text in glue)):
            index += 1
        if index >= stop:
            index = stop
            continue
        # "European Commission President", "Chair of the Committee on …": a person's
        # title at either end of a name belongs to the person, not to the body
        titles = _title_words()
        while stop - index > 1 and doc[stop - 1].text in titles \
                and doc[stop - 2].text in heads:
            stop -= 1
        if stop - index > 3 and doc[index].text in titles and doc[index + 1].lower_ == "of":
            index += 2
            while index < stop and doc[index].lower_ in _ARTICLES:
                index += 1
        # sentence-initial capital alone is no name
        words = [t.text for t in doc[index:stop]]
        if any(w in heads for w in words) and not all(w in heads for w in words if w[0].isupper()):
            type_name = _head_type(words)
            # "North American Defense Ministers" meet; "Foreign Ministers" is only a title
            if words[-1] in entity_cues()["members_heads"] and (
                    len(words) < 3 or words[0] in _title_words()):
                type_name = None
            if type_name:
                found.append((index, stop, type_name))
        index = max(stop, index + 1)
    return found


def _coordinated_bodies(doc, forms: dict[str, str], by_id: dict[str, Any]) -> list[_Candidate]:
    """"the Departments of State, Commerce, and Energy": one plural head shared by several
    bodies, each the gazetteer's "Department of State", "Department of Commerce" … The first
    mention reaches back over the plural head; bodies the gazetteers do not know are left
    out."""
    plurals = entity_cues()["coordinated_heads"]
    found: list[_Candidate] = []
    for token in doc:
        if token.text not in plurals or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "of":
            continue
        groups: list[tuple[int, int]] = []
        k = token.i + 2
        while k < len(doc):
            start = k
            while k < len(doc) and _capitalised(doc[k]) and doc[k].text not in {"The", "A"}:
                k += 1
            if k == start:
                break
            groups.append((start, k))
            if k < len(doc) and doc[k].text == ",":
                k += 1
            if k < len(doc) and doc[k].lower_ == "and":
                k += 1
        if len(groups) < 2:
            continue
        for number, (start, end) in enumerate(groups):
            gid = forms.get(fold(f"{plurals[token.text]} of {doc[start:end].text}"))
            if gid is None or by_id[gid].type != "GovernmentAgency":
                continue
            first = token.i if number == 0 else start
            found.append(_Candidate(first, end, "GovernmentAgency", "rule", gid,
                                    label=by_id[gid].label))
    return found


#: "Section 122", "Article 5", "Pillar 2": a part of a law or treaty, no law of its own
_PART_OF_A_TEXT = re.compile(r"^(?:Section|Sections|Article|Articles|Chapter|Pillar|Title|Part|"
                             r"Annex|Paragraph|Clause|Rule|Recommendation|Finding|Figure|"
                             r"Table|Appendix)\s+[\dIVXLC]+[A-Za-z]?(?:\([a-z0-9]+\))*$")

_NAME_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}

_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _typed_by_following_noun(doc, forms: dict[str, str], by_id: dict[str, Any]) -> list[_Candidate]:
    """Names typed by the common noun after them: a quoted name ("the "AUKUS" security
    partnership", "the "Five Eyes" intelligence-sharing arrangement") and a list of
    capitalised names before a plural one ("the Talisman Sabre, Rim of the Pacific, and
    Malabar exercises"). The noun, and up to two lower-case modifiers before it, must come
    right after the name; a name the gazetteers know keeps its own type."""
    heads = entity_cues()["lowercase_heads"]
    found: list[_Candidate] = []

    def type_after(index: int) -> tuple[str, int] | None:
        for k in range(index, min(index + 5, len(doc))):
            word = doc[k].lower_
            if doc[k].is_lower and word in heads:
                return heads[word], k
            if not (doc[k].is_lower or doc[k].text == "-") or doc[k].pos_ in (
                    "ADP", "DET", "AUX", "CCONJ", "SCONJ", "PRON", "PART"):
                return None
        return None

    for token in doc:
        # "AUKUS": a quoted run of capitalised words
        if token.text in _QUOTES and token.i + 2 < len(doc):
            k = token.i + 1
            while k < len(doc) and _capitalised(doc[k]) and k - token.i <= 5:
                k += 1
            if k == token.i + 1 or k >= len(doc) or doc[k].text not in _QUOTES:
                continue
            typed = type_after(k + 1)
            if typed is None:
                continue
            name = doc[token.i + 1:k]
            gid = forms.get(fold(name.text))
            type_name = by_id[gid].type if gid else typed[0]
            found.append(_Candidate(name.start, name.end, type_name, "pattern", gid,
                                    label=name.text))
    plural = entity_cues()["plural_heads"]
    for token in doc:
        if not (token.is_lower and token.lower_ in plural) or token.i < 3:
            continue
        # walk back over "A, B (C), and D"
        names: list[tuple[int, int]] = []
        k = token.i - 1
        while k >= 0:
            if doc[k].text == ")" and k >= 2 and doc[k - 2].text == "(":
                k -= 3
                continue
            end = k + 1
            # back over the name, small words inside it included ("Rim of the Pacific")
            def glue_inside(at: int) -> bool:
                left = at - 1
                while left >= 0 and doc[left].lower_ in {"of", "the", "for"}:
                    left -= 1
                return left >= 0 and at - left <= 2 and _capitalised(doc[left])

            while k >= 0 and (_capitalised(doc[k]) or (
                    doc[k].lower_ in {"of", "the", "for"} and k + 1 < end and glue_inside(k))):
                k -= 1
            while k + 1 < end and doc[k + 1].lower_ in {"of", "the", "for"}:
                k += 1
            if end == k + 1:
                break
            names.append((k + 1, end))
            if k >= 0 and doc[k].lower_ in ("and", "or"):
                k -= 1
            if k >= 0 and doc[k].text == ",":
                k -= 1
            elif not (k + 1 < len(doc) and doc[k + 1].lower_ in ("and", "or")):
                break
        if len(names) < 2:
            continue
        for start, end in names:
            while start < end and doc[start].lower_ in _ARTICLES:
                start += 1
            text = doc[start:end].text
            if start >= end or forms.get(fold(text)) or doc[start].ent_type_ in _NOT_NAMES:
                continue
            found.append(_Candidate(start, end, plural[token.lower_], "pattern", label=text))
    return found


def _candidates(paragraph: Paragraph, person_words: set[str]) -> list[_Candidate]:
    doc = paragraph.doc
    cues = entity_cues()
    found: list[_Candidate] = []
    gaz = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    by_id, forms = _gazetteer()
    place_at: dict[int, tuple[int, str]] = {}  # end token → (start, place id)
    for span in gaz:
        entry = by_id.get(span.id_)
        if entry is None:
            continue
        if entry.type in _PLACE_TYPES:
            place_at[span.end] = (span.start, entry.id)
        if span.label_ == _DEMONYM:
            found.append(_Candidate(span.start, span.end, entry.type, "demonym", entry.id))
        else:
            found.append(_Candidate(span.start, span.end, entry.type, "gazetteer", entry.id))
    admin_words = set(cues["administration_words"])
    legislatures = set(cues["legislature_nouns"])
    group_nouns = set(cues["group_nouns"])
    group_adjectives = set(cues["group_adjectives"])
    for token in doc:
        i = token.i
        # "<Country> government" / "Government of <Country>": the country itself
        if token.lower_ == "government":
            if i in place_at and by_id[place_at[i][1]].type == "Country":
                start, place = place_at[i]
                found.append(_Candidate(start, i + 1, "Country", "rule", place))
                continue
            if i + 2 < len(doc) and doc[i + 1].lower_ == "of":
                after = next((s for s in gaz if s.start == i + 2 and s.label_ == "Country"), None)
                if after is not None:
                    found.append(_Candidate(i, after.end, "Country", "rule", after.id_))
                    continue
        # "the Australian parliament": the legislature of the country named before it
        if token.lower_ in legislatures and token.text.islower() and i in place_at \
                and by_id[place_at[i][1]].type == "Country":
            start, place = place_at[i]
            country = by_id[place]
            label = f"{token.text.capitalize()} of {country.label}"
            gid = forms.get(fold(label)) or forms.get(fold(doc[start:i + 1].text))
            if gid is None or by_id[gid].type == "Legislature":
                found.append(_Candidate(start, i + 1, "Legislature", "rule", gid,
                                        label=by_id[gid].label if gid else label))
                continue
        # "<leader> administration"
        if token.text in admin_words and i > 0:
            start = i
            # "Biden-Harris Administration": a ticket of names, one of them a person's
            hyphens = {"-", "–"}
            while start > 0 and (doc[start - 1].text in person_words or (
                    doc[start - 1].text in hyphens and start > 1
                    and _capitalised(doc[start - 2])) or (
                    _capitalised(doc[start - 1]) and doc[start - 1].pos_ == "PROPN"
                    and start > 1 and doc[start - 2].text in hyphens)):
                start -= 1
            while start < i and doc[start].text in {"-", "–"}:
                start += 1
            if start < i and any(t.text in person_words for t in doc[start:i]) \
                    and _capitalised(doc[start]):
                leader = doc[start:i].text
                found.append(_Candidate(start, i + 1, "Administration", "rule",
                                        label=f"{leader} administration", leader=leader))
                continue
        # "U.S. unions", "democratic lawmakers"
        if token.lower_ in group_nouns and token.text.islower() and i > 0:
            before = doc[i - 1]
            # "U.S. armed forces": one lower-case adjective may stand between
            at = i if i in place_at else i - 1 if (
                before.is_lower and before.pos_ == "ADJ" and i - 1 in place_at) else None
            if at is not None and by_id[place_at[at][1]].type in _PLACE_TYPES | {"Country"}:
                start, place = place_at[at]
                # "U.S. and Canadian companies": one group of both countries' companies
                if start > 1 and doc[start - 1].lower_ in ("and", "or") and start - 1 in place_at:
                    start = place_at[start - 1][0]
                found.append(_Candidate(start, i + 1, "Group", "rule",
                                        label=doc[start:i + 1].text, country=place))
            elif before.text in group_adjectives:
                found.append(_Candidate(i - 1, i + 1, "Group", "rule",
                                        label=doc[i - 1:i + 1].text))
    found.extend(_coordinated_bodies(doc, forms, by_id))
    found.extend(_typed_by_following_noun(doc, forms, by_id))
    # "a recently approved Mexican law": one law, described rather than named
    law_nouns = set(cues["law_nouns"])
    law_modifiers = set(cues["law_modifiers"])
    for token in doc:
        i = token.i
        if token.lower_ not in law_nouns or not token.text.islower() or i not in place_at:
            continue
        start, place = place_at[i]
        if by_id[place].type != "Country":
            continue
        first = start
        while first > 0 and doc[first - 1].lower_ in law_modifiers:
            first -= 1
        if first < start and first > 0 and doc[first - 1].lower_ in {"a", "an", "the", "this"}:
            found.append(_Candidate(first, i + 1, "Law", "rule", label=doc[first:i + 1].text,
                                    country=place))
    # acronym definitions
    names = _name_spans(doc)
    for short, long, ((ls, le), (ss, se)) in find_abbreviations(paragraph.text):
        long_span = doc.char_span(ls, le, alignment_mode="expand")
        short_span = doc.char_span(ss, se, alignment_mode="expand")
        if long_span is None or short_span is None:
            continue
        while len(long_span) and long_span[0].lower_ in _ARTICLES:
            long_span = long_span[1:]
        # "the U.S.-Canada Air Quality Agreement (AQA)": the acronym's letters spell only the
        # tail, but it stands for the whole name the text gives
        wider = [start for start, end, _ in names if end == long_span.end
                 and start < long_span.start]
        if wider and len(long_span):
            long_span = doc[min(wider):long_span.end]
        head_after = short_span.end + 1 < len(doc) and doc[short_span.end].text == ")" \
            and doc[short_span.end + 1].text in cues["name_heads"]
        long_end = long_span.end
        extra = None
        type_name = forms.get(fold(long_span.text)) or forms.get(fold(short))
        gid = type_name  # a gazetteer id, when found
        label = long_span.text
        if head_after:  # "Drug-Free Communities (DFC) Program"
            head = doc[short_span.end + 1]
            label = f"{long_span.text} {head.text}"
            long_end = short_span.end + 2
            extra = f"{short} {head.text}"
        words = label.split()
        type_name = by_id[gid].type if gid else _head_type(words)
        after = short_span.end + 1
        if type_name is None and after < len(doc) and doc[short_span.end].text == ")" \
                and doc[after].lower_ in cues["lowercase_heads"] and doc[after].is_lower:
            # "the Foundational Infrastructure for … Technology (FIRST) program"
            type_name = cues["lowercase_heads"][doc[after].lower_]
        if type_name is None:
            ents = [e for e in doc.ents if e.start <= long_span.start < e.end]
            type_name = "GovernmentAgency" if ents and ents[0].label_ == "ORG" else None
        if type_name is None:
            continue
        found.append(_Candidate(long_span.start, long_end, type_name, "acronym", gid, label=label,
                                short=short, extra_alias=extra))
        found.append(_Candidate(short_span.start, short_span.end, type_name, "acronym", gid,
                                label=label, short=short))
    # capitalised names with a head word
    for start, end, type_name in names:
        text = doc[start:end].text
        gid = forms.get(fold(text))
        if gid is None:  # "U.S.-Mexico High-Level Economic Dialogue": a known tail
            for k in range(start + 1, end):
                gid = forms.get(fold(doc[k:end].text))
                if gid and by_id[gid].type not in _PLACE_TYPES:
                    break
                gid = None
        if gid is not None:
            type_name = by_id[gid].type
        found.append(_Candidate(start, end, type_name, "pattern", gid, label=text))
    # "the September 11, 2001 terrorist attacks": a date before an event noun
    event_nouns = set(cues["event_nouns"])
    for ent in doc.ents:
        if ent.label_ in ("DATE", "EVENT"):
            k = ent.end
            while k < len(doc) and k - ent.end < 3 and doc[k].text.islower() \
                    and doc[k].pos_ in ("ADJ", "NOUN") and doc[k].text not in event_nouns:
                k += 1
            if k < len(doc) and doc[k].text in event_nouns:
                start = ent.start + (doc[ent.start].lower_ in _ARTICLES)
                found.append(_Candidate(start, k + 1, "Event", "rule",
                                        label=doc[start:k + 1].text))
    # "Attorney General's Office (FGR)": a name right before a known acronym is that entity
    for cand in found:
        if cand.source in ("pattern", "ner") and cand.gazetteer_id is None \
                and cand.end + 2 < len(doc) and doc[cand.end].text == "(" \
                and doc[cand.end + 2].text == ")":
            gid = forms.get(fold(doc[cand.end + 1].text))
            if gid and by_id[gid].type == cand.type:
                cand.gazetteer_id = gid
    # people: NER and title + name
    titles = cues["titles"]
    title_words = {w for t in titles for w in t.split()} | {t.lower() for t in titles}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            start, end = ent.start, ent.end
            while start < end and (doc[start].text in title_words):
                start += 1
            while end > start and doc[end - 1].text in {"'s", "’s", "'", "’"}:
                end -= 1
            # "Charles M. Johnson, Jr.": the suffix is no part of the name to match
            while end > start and (doc[end - 1].text in _NAME_SUFFIXES
                                   or doc[end - 1].text == ","):
                end -= 1
            particles = set(cues["name_particles"])
            if start < end and _capitalised(doc[start]) and _capitalised(doc[end - 1]) and all(
                    _capitalised(t) or t.text in {"-", "."} or t.text in particles
                    for t in doc[start:end]) and doc[start:end].text not in _NAME_SUFFIXES:
                found.append(_Candidate(start, end, "Person", "ner"))
        elif ent.label_ in ("ORG", "FAC", "EVENT", "LAW"):
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in _ARTICLES:
                start += 1
            while end > start and doc[end - 1].text in {"'s", "’s"}:
                end -= 1
            if start == end:
                continue
            text = doc[start:end].text
            gid = forms.get(fold(text))
            type_name = by_id[gid].type if gid else _head_type(text.split())
            if type_name is None and ent.label_ == "LAW" and not _PART_OF_A_TEXT.match(text):
                type_name = "Law"
            if type_name is None and ent.label_ == "EVENT" and not _DATE_LIKE.match(text):
                type_name = "Event"
            if type_name:
                found.append(_Candidate(start, end, type_name, "ner", gid, label=text))
    gaz_starts = {span.start for span in gaz}
    for i in range(len(doc)):
        options = _title_tokens(doc.vocab).get(doc[i].text)
        if not options:
            continue
        size = next((len(t) for t in options if
                     tuple(x.text for x in doc[i:i + len(t)]) == t), 0)
        if not size:
            continue
        end = i + size
        particles = set(cues["name_particles"])
        while end < len(doc) and end - i - size < 5 and (
                (doc[end].pos_ == "PROPN" and _capitalised(doc[end])
                 and doc[end].text not in title_words
                 and not (end == i + size and end in gaz_starts))
                or (doc[end].text in particles and end > i + size and end + 1 < len(doc)
                    and (_capitalised(doc[end + 1]) or doc[end + 1].text in particles))):
            end += 1  # "President Ursula von der Leyen"
        while end > i + size and doc[end - 1].text in particles:
            end -= 1
        if end > i + size:
            # the title is no organisation ("Secretary of Homeland Security Alejandro …")
            found.append(_Candidate(i, i + size, "Title", "title"))
            found.append(_Candidate(i + size, end, "Person", "person-title"))
        elif i > 0 and doc[i - 1].lower_ == "the":
            office = _office_phrase(doc, i, i + size)
            if office is not None:
                found.append(_Candidate(i, office, "Person", "office-title",
                                        label=doc[i:office].text,
                                        titles=[doc[i:i + size].text.lower()]))
    # offices: "Mexico's president"
    for end, (start, place) in place_at.items():
        if by_id[place].type != "Country" or end + 1 >= len(doc) or doc[end].text not in {"'s", "’s"}:
            continue
        k = end + 1
        modifier = doc[k].lower_ if doc[k].lower_ in _OFFICE_MODIFIERS else None
        if modifier:
            k += 1
        title_end = k
        while title_end < len(doc) and doc[title_end].text.lower() in {w.lower() for w in title_words} \
                and doc[title_end].text.lower() not in {"former", "late", "then-"}:
            title_end += 1
        if title_end > k and (title_end >= len(doc) or doc[title_end].pos_ != "PROPN"):
            if not (modifier and _OFFICE_MODIFIERS[modifier]):
                found.append(_Candidate(start, title_end, "Person", "office",
                                        office=(place, doc[k:title_end].text.lower())))
    return _annotate_people(doc, found, place_at, title_words, by_id)


def _office_phrase(doc, start: int, end: int) -> int | None:
    """Where an office named without its holder ends: "the Secretary-General", "the
    Secretary of State", "the King of the United Kingdom", "the Minister for Foreign
    Affairs". A one-word title alone ("the President") is left to the reader: it is the
    office of someone the report names elsewhere, or of no one in particular. None when
    the words are no such office."""
    k = end
    if k + 1 < len(doc) and doc[k].text in {"-", "–"} and _capitalised(doc[k + 1]):
        k += 2  # "Secretary-General", "Director-General"
    if k + 1 < len(doc) and doc[k].lower_ in ("of", "for") and (
            _capitalised(doc[k + 1]) or doc[k + 1].lower_ == "the"):
        k += 1
        if doc[k].lower_ == "the":
            k += 1
        while k < len(doc) and (_capitalised(doc[k]) or (
                doc[k].lower_ in ("of", "and", "the", ",") and k + 1 < len(doc)
                and _capitalised(doc[k + 1]))):
            k += 1
        while doc[k - 1].text in {",", "and", "of", "the"}:
            k -= 1
    if k == end and end - start < 2:
        return None
    return k


@lru_cache(maxsize=4)
def _title_tokens(vocab) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Capitalised titles as token tuples, longest first, by first token."""
    tokenizer = pattern_tokenizer(vocab)
    titles = {tuple(t.text for t in tokenizer(title)) for title in entity_cues()["titles"]
              if title[0].isupper()}
    index: dict[str, list] = defaultdict(list)
    for title in sorted(titles, key=lambda t: (-len(t), t)):
        index[title[0]].append(title)
    return {first: tuple(options) for first, options in index.items()}


def _annotate_people(doc, found, place_at, title_words, by_id) -> list[_Candidate]:
    """Give each person the country and titles written before the name."""
    lowered = {w.lower() for w in title_words}
    for cand in found:
        if cand.type != "Person" or cand.source == "office":
            continue
        k = cand.start
        titles = []
        while k > 0 and doc[k - 1].text.lower() in lowered:
            k -= 1
            titles.insert(0, doc[k].text)
        if titles:
            cand.titles.append(" ".join(titles).lower())
        if k > 0 and doc[k - 1].text in {"'s", "’s"} and (k - 1) in place_at:
            cand.country = place_at[k - 1][1]
        elif k in place_at:
            cand.country = place_at[k][1]
        if cand.country and by_id[cand.country].type != "Country":
            cand.country = None
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: rules first, then the longest of the gazetteer, acronym
    and pattern matches, then NER."""
    order = sorted(candidates, key=lambda c: (_PHASE.get(c.source, 1) if c.source != "office"
                                              else 0, -(c.end - c.start),
                                              _RANK.get(c.source, 5), c.start))
    taken: set[int] = set()
    chosen = []
    for cand in order:
        cells = set(range(cand.start, cand.end))
        if cells & taken:
            continue
        taken |= cells
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# ------------------------------------------------------------------ resolution

class _Resolver:
    """Builds entities across every report given."""

    def __init__(self) -> None:
        self.by_id, self.forms = _gazetteer()
        self.entities: dict[str, Entity] = {}
        self.alias_of: dict[str, str] = {}  # folded surface form → key (acronyms, appositions)

    def key(self, type_name: str, label: str) -> str:
        return f"{type_name}:{fold(label)}"

    def entity(self, type_name: str, label: str, gazetteer_id: str | None = None) -> Entity:
        if gazetteer_id:
            entry = self.by_id[gazetteer_id]
            type_name, label = entry.type, entry.label
        key = self.key(type_name, label)
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(key=key, type=type_name, label=label, gazetteer_id=gazetteer_id,
                            wikidata=self.by_id[gazetteer_id].wikidata if gazetteer_id else None)
            self.entities[key] = entity
        return entity

    def add_form(self, entity: Entity, form: str, reason: str | None) -> None:
        form = re.sub(r"['’]s$", "", form.strip())
        if form != entity.label and form not in entity.aliases:
            entity.aliases.append(form)
            if reason:
                entity.merges.append(f"'{form}' joined '{entity.label}': {reason}")


def extract_entities(reports: list[Report], nlp: Language) -> None:
    """Find and resolve the entities of each report, in place.

    Parameters
    ----------
    reports : list of Report
        Reports whose paragraphs carry their Docs (:func:`graphbuild.nlp.segment`).
    nlp : Language
        The pipeline that made the Docs (its vocabulary builds the matchers).

    Notes
    -----
    Fills ``report.entities`` with :class:`~graphbuild.model.Entity` objects sorted by key;
    an entity named in several reports has the same key in each.

    Examples
    --------
    >>> extract_entities([report], nlp)  # doctest: +SKIP
    >>> [e.label for e in report.entities if e.type == "Person"]  # doctest: +SKIP
    ['Joe Biden']
    """
    use_tokenizer(nlp)
    component = gazetteer_component(nlp)
    texts = [(r, p) for r in reports for p in r.paragraphs
             if p.kind in _TEXT_KINDS and p.doc is not None]
    component.prepare({t.text for _, p in texts for t in p.doc})
    person_words: set[str] = set()
    for _, paragraph in texts:
        component(paragraph.doc)
        for ent in paragraph.doc.ents:
            if ent.label_ == "PERSON":
                person_words.update(t.text for t in ent if _capitalised(t))
    by_id, _ = _gazetteer()
    person_words -= {f for e in by_id.values() for n in e.surface_forms for f in n.split()}
    person_words -= set(entity_cues()["generic_names"])
    found = {id(p): _candidates(p, person_words) for _, p in texts}
    chosen = {key: _select(cands) for key, cands in found.items()}
    resolver = _Resolver()
    for cands in found.values():  # acronym definitions hold wherever the acronym appears
        for cand in cands:
            if cand.source == "acronym" and cand.short:
                entity = _entity_for(resolver, cand, cand.label or "", {})
                reason = f"acronym definition '{cand.label} ({cand.short})'"
                for form in filter(None, (cand.short, cand.extra_alias, cand.label)):
                    resolver.alias_of.setdefault(fold(form), entity.key)
                    resolver.add_form(entity, form, reason)
    noise = _issue_words() | {fold(w) for w in entity_cues()["generic_names"]}
    people = _people(texts, chosen, noise)
    # per report: mentions
    per_report: dict[str, dict[str, Entity]] = {}
    for report in reports:
        keys: dict[str, Entity] = {}
        mentions: list[tuple[Mention, Entity, _Candidate]] = []
        offices: list[tuple[Mention, _Candidate]] = []
        for sentence_of, paragraph in _sentences(report):
            doc = paragraph.doc
            for cand in chosen[id(paragraph)]:
                span = doc[cand.start:cand.end]
                if cand.source == "title" or (cand.source != "office" and fold(span.text) in noise
                                              and not cand.gazetteer_id):
                    continue
                mention = _mention(paragraph, sentence_of, span, cand)
                if cand.source in ("office", "office-title"):
                    offices.append((mention, cand))
                    continue
                entity = _entity_for(resolver, cand, span.text, people)
                if entity is None:
                    continue
                mentions.append((mention, entity, cand))
        for mention, entity, cand in mentions:
            _attach(resolver, keys, entity, mention, cand)
        _appositions(report, resolver, keys, mentions)
        _offices(resolver, keys, offices)
        _administrations(report, resolver, keys, mentions)
        per_report[report.file_name] = keys
    _alias_pass(reports, nlp, resolver, per_report)
    for entity in resolver.entities.values():
        entity.related.pop("_titles", None)
    # Entities are resolved across the build; each report gets its own copies holding
    # its own mentions, so one report's Entity never lists another report's mentions.
    for report in reports:
        own = {id(p) for p in report.paragraphs}
        copies = []
        for key in sorted(per_report[report.file_name]):
            shared = resolver.entities[key]
            mentions = sorted((m for m in shared.mentions if _OWNER.get(id(m)) in own),
                              key=lambda m: (m.paragraph_index, m.start))
            if not mentions:
                continue
            copies.append(Entity(key=shared.key, type=shared.type, label=shared.label,
                                 aliases=list(shared.aliases), wikidata=shared.wikidata,
                                 gazetteer_id=shared.gazetteer_id, mentions=mentions,
                                 merges=list(shared.merges), related=dict(shared.related)))
        report.entities = copies
    _OWNER.clear()


def _sentences(report: Report):
    for paragraph in report.paragraphs:
        if paragraph.kind not in _TEXT_KINDS or paragraph.doc is None:
            continue

        def sentence_of(offset: int, paragraph=paragraph) -> int:
            owner = paragraph.sentences[0].index if paragraph.sentences else 0
            for sentence in paragraph.sentences:
                if sentence.start <= offset:
                    owner = sentence.index
            return owner

        yield sentence_of, paragraph


def _mention(paragraph: Paragraph, sentence_of, span, cand: _Candidate) -> Mention:
    start, end = span.start_char, span.end_char
    mention = Mention(text=span.text, type=cand.type, paragraph_index=paragraph.index,
                   sentence_index=sentence_of(start), start=start, end=end,
                   spans=map_spans(paragraph, start, end),
                   source="gazetteer" if cand.source == "gazetteer" else cand.source)
    _OWNER[id(mention)] = id(paragraph)
    return mention


#: Which paragraph object each mention of the running extraction came from (mentions only
#: carry the paragraph's index, which repeats across reports).
_OWNER: dict[int, int] = {}


def _people(texts, chosen, noise) -> dict[str, str]:
    """Every person name written → the fullest name it is part of (across reports)."""
    names: Counter[str] = Counter()
    for _, paragraph in texts:
        for cand in chosen[id(paragraph)]:
            if cand.type == "Person" and cand.source != "office":
                text = paragraph.doc[cand.start:cand.end].text
                if fold(text) not in noise:
                    names[text] += 1
    full: dict[str, str] = {}
    ordered = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))
    for name in ordered:
        words = fold(name).split()
        owners = [other for other in ordered if len(fold(other).split()) > len(words)
                  and _contains(fold(other).split(), words)]
        owners = [full.get(o, o) for o in owners]
        distinct = list(dict.fromkeys(owners))
        full[name] = distinct[0] if len(distinct) == 1 else (
            max(distinct, key=lambda o: names[o]) if distinct and len(
                {fold(o).split()[-1] for o in distinct}) == 1 else name)
    return full


def _contains(full: list[str], part: list[str]) -> bool:
    if part[-1] != full[-1] and not (len(part) == 1 and part[0] in full[1:]):
        return False
    return all(word in full for word in part)


def _entity_for(resolver: _Resolver, cand: _Candidate, text: str, people) -> Entity | None:
    if cand.gazetteer_id:
        return resolver.entity(cand.type, text, cand.gazetteer_id)
    if cand.type == "Person":
        return resolver.entity("Person", people.get(text, text))
    if cand.type in ("Administration", "Group"):
        return resolver.entity(cand.type, _strip_articles(cand.label or text))
    label = _strip_articles(cand.label or text)
    alias = resolver.alias_of.get(fold(label))
    if alias:
        return resolver.entities[alias]
    return resolver.entity(cand.type, label)


def _strip_articles(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _ARTICLES | {"new"}:
        words = words[1:]
    return re.sub(r"['’]s$", "", " ".join(words))


def _attach(resolver, keys, entity: Entity, mention: Mention, cand: _Candidate) -> None:
    mention.entity_key = entity.key
    mention.type = entity.type
    entity.mentions.append(mention)
    keys[entity.key] = entity
    text = _strip_articles(mention.text)
    if fold(text) != fold(entity.label) and text not in entity.aliases:
        reason = {"demonym": f"demonym of {entity.label}",
                  "gazetteer": "gazetteer form",
                  "acronym": f"acronym definition '{cand.label}'",
                  "rule": "names the country's government" if entity.type == "Country"
                  else None}.get(cand.source)
        if entity.type == "Person":
            reason = f"name containment in '{entity.label}'"
        elif entity.type == "Administration":
            reason = "the same leader's administration"
        if cand.source == "acronym" and entity.gazetteer_id is None:
            resolver.alias_of[fold(text)] = entity.key
        resolver.add_form(entity, text, reason or "same name")
    elif cand.source == "acronym":
        resolver.alias_of[fold(text)] = entity.key
    for title in cand.titles:
        entity.related.setdefault("_titles", "")
        if title not in entity.related["_titles"].split("|"):
            entity.related["_titles"] = "|".join(filter(None, [entity.related["_titles"], title]))
    if cand.country and entity.type in ("Person", "Group"):
        country = resolver.entity("Country", "", cand.country)
        entity.related.setdefault("country", country.key)


def _appositions(report, resolver, keys, mentions) -> None:
    """"Andrés Manuel López Obrador, known as AMLO": the nickname joins the person."""
    cues = sorted(entity_cues()["appositions"], key=len, reverse=True)
    pattern = re.compile(r"^,?\s*(?:" + "|".join(re.escape(c) for c in cues) +
                         r")\s+[\"“]?([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)")
    paragraphs = {p.index: p for p in report.paragraphs}
    for mention, entity, _ in mentions:
        if entity.type != "Person":
            continue
        text = paragraphs[mention.paragraph_index].text
        match = pattern.match(text[mention.end:])
        if match:
            nickname = match.group(1)
            resolver.alias_of[fold(nickname)] = entity.key
            resolver.add_form(entity, nickname,
                              f"apposition '{match.group(0).lstrip(', ').strip()}'")


def _offices(resolver, keys, offices) -> None:
    """"Mexico's president": the one person of that country seen with that title; "the
    Secretary of State": the one person the report gives that title, else the office's
    holder as a person of their own, labelled by the office (the report never names
    them)."""
    for mention, cand in offices:
        if cand.source == "office-title":
            title = cand.titles[0]
            holders = [e for e in keys.values() if e.type == "Person" and (
                fold(cand.label or "") in e.related.get("_titles", "").split("|")
                or title in e.related.get("_titles", "").split("|") and cand.label
                and fold(cand.label) == title)]
            if len(holders) == 1:
                holder = holders[0]
                reason = f"office held ({cand.label})"
            else:
                holder = resolver.entity("Person", cand.label or mention.text)
                reason = "the office's holder, unnamed in the report"
            mention.entity_key, mention.type, mention.source = holder.key, "Person", "office"
            holder.mentions.append(mention)
            keys.setdefault(holder.key, holder)
            resolver.add_form(holder, mention.text, reason)
            continue
        country_key = resolver.entity("Country", "", cand.office[0]).key
        title = cand.office[1]
        holders = [e for e in keys.values() if e.type == "Person"
                   and e.related.get("country") == country_key
                   and title in e.related.get("_titles", "").split("|")]
        if len(holders) == 1:
            holder = holders[0]
            mention.entity_key, mention.type, mention.source = holder.key, "Person", "office"
            holder.mentions.append(mention)
            resolver.add_form(holder, mention.text, f"office held ({title} of "
                              f"{resolver.by_id[cand.office[0]].label})")


def _administrations(report, resolver, keys, mentions) -> None:
    """Leaders of administrations; "the Administration" for the report's only one."""
    admins = [e for e in keys.values() if e.type == "Administration"]
    people = [e for e in keys.values() if e.type == "Person"] + [
        e for e in resolver.entities.values() if e.type == "Person"]
    for admin in admins:
        leader = admin.label.rsplit(" ", 1)[0].split("-")[0]
        for person in people:
            if fold(leader) in fold(person.label).split() or any(
                    fold(leader) == fold(a) for a in person.aliases):
                admin.related.setdefault("leader", person.key)
                keys.setdefault(person.key, person)
                break
    if len(admins) == 1 or (admins and Counter(len(a.mentions) for a in admins).most_common(1)):
        main = max(admins, key=lambda a: len(a.mentions)) if admins else None
        if main is None:
            return
        for sentence_of, paragraph in _sentences(report):
            for match in re.finditer(r"\bthe (Administration)\b(?! of)", paragraph.text):
                span = paragraph.doc.char_span(match.start(1), match.end(1))
                if span is None or any(m.paragraph_index == paragraph.index and m.start <= span.start_char < m.end
                                       for e in keys.values() for m in e.mentions):
                    continue
                mention = _mention(paragraph, sentence_of, span,
                                   _Candidate(span.start, span.end, "Administration", "rule"))
                mention.source, mention.entity_key = "reference", main.key
                main.mentions.append(mention)
                resolver.add_form(main, "the Administration",
                                  "the report's administration referred to as 'the Administration'")


def _alias_pass(reports, nlp, resolver, per_report) -> None:
    """Find further mentions of every resolved name the first pass missed ("AMLO" where the
    NER saw nothing), with one PhraseMatcher over the stored Docs."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab)
    targets: dict[str, str] = {}
    for entity in resolver.entities.values():
        if entity.gazetteer_id or entity.type in ("Group",):
            continue
        # a person's office ("Secretary of State") is found where the entity stage saw
        # it, not again in front of the name it titles
        forms = [entity.label, *entity.aliases] if entity.type != "Person" else [
            entity.label, *[a for a in entity.aliases if a[:1].isupper()
                            and a.split()[0] not in _title_words()]]
        for form in forms:
            if len(form) < 2 or not form[:1].isupper() or "'" in form:
                continue
            targets[form] = entity.key
    surnames: dict[str, set[str]] = defaultdict(set)
    _, gazetteer_forms = _gazetteer()
    for entity in resolver.entities.values():
        words = entity.label.split()
        if entity.type == "Person" and len(words) >= 2 and words[-1][:1].isupper():
            surnames[words[-1]].add(entity.key)
    for surname, owners in surnames.items():
        # "Boric" alone names the one known "Gabriel Boric", in any report of the build
        if len(owners) == 1 and fold(surname) not in gazetteer_forms and surname not in targets:
            targets[surname] = next(iter(owners))
    for form, key in targets.items():
        matcher.add(key, [nlp.make_doc(form)])
    if not targets:
        return
    for report in reports:
        keys = per_report[report.file_name]
        for sentence_of, paragraph in _sentences(report):
            taken = {(m.start, m.end) for e in keys.values() for m in e.mentions
                     if m.paragraph_index == paragraph.index}
            covered = set()
            for start, end in taken:
                covered.update(range(start, end))
            doc = paragraph.doc
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                if any(c in covered for c in range(span.start_char, span.end_char)):
                    continue
                key = nlp.vocab.strings[match_id]
                entity = resolver.entities[key]
                mention = _mention(paragraph, sentence_of, span,
                                   _Candidate(start, end, entity.type, "alias"))
                mention.entity_key = key
                entity.mentions.append(mention)
                keys[key] = entity
                if entity.type == "Person":
                    resolver.add_form(entity, span.text, f"name containment in '{entity.label}'")
                covered.update(range(span.start_char, span.end_char))


# ------------------------------------------------------------------ merge report

def merge_report(report: Report) -> list[dict]:
    """For the build report: each entity named in more than one way, with why.

    Returns
    -------
    list of dict
        ``{"entity": key, "label": …, "surface_forms": [...], "reasons": [...]}``, by key.
    """
    rows = []
    for entity in report.entities:
        forms = sorted({m.text for m in entity.mentions})
        if len(forms) > 1 or entity.merges:
            rows.append({"entity": entity.key, "label": entity.label, "surface_forms": forms,
                         "reasons": list(entity.merges)})
    return rows
