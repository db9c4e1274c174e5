"""Relations: typed relations between entities (and issues), each with its evidence, and
weighted co-mentions.

:func:`extract_relations` reads each sentence's dependency parse from the paragraph's
existing spaCy ``Doc`` (never parsing again) and the entity mentions and issue tags that
earlier stages placed on it. Verbs are found with spaCy's ``DependencyMatcher`` (patterns
built from the cues, :func:`verb_patterns`); from there, and for the noun-phrase rules, the
rules walk the parse from the mentions. Their cue words (titles, verbs, nouns, phrases)
ship in ``graphbuild/data/relation_cues.json``:

* ``leader_of`` — a person with a leader's title tied to a country by a possessive, a
  demonym, an ``of`` phrase or an apposition ("France's President X", "Prime Minister X of
  Y", "X, the president of Y"); a bare title ("the Mexican president") joins the person
  the report already names as that country's leader;
* ``party_to`` — countries listed with hyphens in an agreement's name or in front of it
  ("U.S.-Mexico-Canada agreement"), and actors that sign, join, launch or ratify one;
* ``established`` / ``replaced`` — actors that establish, launch, create, sign or pass an
  agreement, forum or law; the parties of an agreement that takes effect; an agreement
  that replaces another or is its successor;
* ``member_of`` / ``part_of`` — "X is a member of Y", "X are Y members" (also "all
  three"), "X joined Y"; an agency owned by a possessive ("the Department of Justice's
  ICITAP") or acting "through" another ("the Department, through its Agency, …");
* ``concerns`` — an agreement or forum whose phrase, clause or possessed noun holds an
  issue ("a dialogue on drug policy", "the agreement has provisions for …"), and an actor
  whose effort or agenda is "on" an issue;
* ``cooperates_with`` / ``tension_with`` (symmetric) — from cooperation and tension verbs
  and nouns with their subjects, ``with``/``between`` phrases and hyphenated country lists.

Statements under a prescriptive or conditional modal ("should", "could") are not facts and
give no event relation. A relation stated in several sentences is one :class:`Relation`
with several evidences; its ``rule`` and ``confidence`` are those of its most confident
statement. A symmetric relation is stored once, subject key < object key. Pull quotes and
author bios are skipped.

This module does not resolve general coreference: only collectives ("the three
governments", "all three", "the leaders"), bare leader titles and "the (new) agreement"
are resolved, from the report's own mentions.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import combinations
from typing import Any

from .model import CoMention, Evidence, Paragraph, Relation, Report, Sentence

#: Predicates whose subject and object may be swapped.
SYMMETRIC = frozenset({"cooperates_with", "tension_with"})
PREDICATES = ("leader_of", "party_to", "member_of", "part_of", "established", "replaced",
              "concerns", "cooperates_with", "tension_with")


@lru_cache(maxsize=1)
def relation_cues() -> dict[str, Any]:
    """The shipped cue words (``graphbuild/data/relation_cues.json``), comments dropped."""
    data = resources.files("graphbuild").joinpath("data/relation_cues.json").read_text("utf-8")
    return {k: v for k, v in json.loads(data).items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _cue_set(name: str) -> frozenset[str]:
    return frozenset(relation_cues()[name])


# ---------------------------------------------------------------- sentences with anchors

@dataclass
class Anchor:
    """An entity mention (or an issue cue) placed on the tokens of a sentence."""

    key: str
    type: str
    start: int  # token indexes in the paragraph's Doc, half-open
    end: int
    source: str = ""

    def tokens(self, doc: Any) -> Any:
        return doc[self.start:self.end]

    def root(self, doc: Any) -> Any:
        return doc[self.start:self.end].root


@dataclass
class SentenceView:
    """A sentence with its Doc slice, the entity anchors and issue anchors on it."""

    paragraph: Paragraph
    sentence: Sentence
    span: Any  # spaCy Span of the sentence
    entities: list[Anchor] = field(default_factory=list)
    issues: list[Anchor] = field(default_factory=list)
    by_token: dict[int, list[Anchor]] = field(default_factory=dict)
    # the verb matcher's hits over the whole paragraph, shared by its sentences: matching a
    # Span costs as much as matching its Doc, so each Doc is matched once
    paragraph_verbs: dict[str, list[int]] = field(default_factory=dict)

    @property
    def doc(self) -> Any:
        return self.paragraph.doc

    def anchors_at(self, token: Any) -> list[Anchor]:
        return self.by_token.get(token.i, [])

    def evidence(self) -> Evidence:
        return Evidence(self.sentence.index, tuple(self.sentence.spans),
                        self.sentence.note_numbers)


def _token_range(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end


def sentence_views(report: Report) -> list[SentenceView]:
    """Every sentence of the report outside pull quotes and author bios, with its anchors.

    Entity anchors come from ``report.entities`` (their mentions' paragraph and offsets);
    issue anchors from ``report.issue_tags``. Paragraphs without a Doc are skipped.
    """
    excluded = set(relation_cues()["excluded_paragraph_kinds"])
    views: dict[int, SentenceView] = {}
    ordered: list[SentenceView] = []
    for paragraph in report.paragraphs:
        if paragraph.kind in excluded or paragraph.doc is None:
            continue
        shared: dict[str, list[int]] = {}
        for sentence in paragraph.sentences:
            bounds = _token_range(paragraph.doc, sentence.start, sentence.end)
            if bounds is None:
                continue
            view = SentenceView(paragraph, sentence, paragraph.doc[bounds[0]:bounds[1]],
                                paragraph_verbs=shared)
            views[sentence.index] = view
            ordered.append(view)
    for entity in report.entities:
        for mention in entity.mentions:
            view = views.get(mention.sentence_index)
            if view is None or view.paragraph.index != mention.paragraph_index:
                continue
            bounds = _token_range(view.doc, mention.start, mention.end)
            if bounds is None:
                continue
            anchor = Anchor(entity.key, entity.type, bounds[0], bounds[1], mention.source)
            view.entities.append(anchor)
    for tag in report.issue_tags:
        view = views.get(tag.sentence_index)
        if view is None:
            continue
        bounds = _token_range(view.doc, tag.start, tag.end)
        if bounds is not None:
            view.issues.append(Anchor(f"issue:{tag.concept}", "Issue", bounds[0], bounds[1]))
    for view in ordered:
        for anchor in view.entities:
            for index in range(anchor.start, anchor.end):
                view.by_token.setdefault(index, []).append(anchor)
    return ordered


# ---------------------------------------------------------------- report context

@dataclass
class Context:
    """What the report says elsewhere, for resolving collectives and bare titles."""

    countries: list[str]  # country keys, most mentioned first
    leaders: dict[str, str] = field(default_factory=dict)  # country key → person key
    types: dict[str, str] = field(default_factory=dict)  # entity key → type
    country_forms: dict[str, str] = field(default_factory=dict)  # lower-case form → key

    def top_countries(self, number: int) -> list[str]:
        return self.countries[:number] if len(self.countries) >= number else []


def report_context(report: Report) -> Context:
    counts = Counter({e.key: len(e.mentions) for e in report.entities if e.type == "Country"})
    ordered = sorted(counts, key=lambda key: (-counts[key], key))
    forms: dict[str, str] = {}
    for entity in report.entities:
        if entity.type == "Country":
            for form in [entity.label, *entity.aliases, *(m.text for m in entity.mentions)]:
                forms.setdefault(_strip_possessive(form).lower(), entity.key)
    return Context(ordered, types={e.key: e.type for e in report.entities},
                   country_forms=forms)


def _strip_possessive(text: str) -> str:
    return re.sub(r"['\u2019]s?$", "", text.strip())


def resolve_collective(token: Any, context: Context) -> list[str]:
    """Entity keys a collective noun phrase stands for: "the three governments", "all
    three", "both countries", "the leaders".

    A number word (or "both") with a country-like noun, or alone, is the report's most
    mentioned countries; "leaders" is their known leaders. Returns [] when unresolved.
    """
    cues = relation_cues()
    numbers = cues["number_words"]
    nouns = cues["collective_nouns"]
    lower = token.lower_
    count = None
    noun_type = None
    if lower in nouns:
        noun_type = nouns[lower]
        for child in token.children:
            if child.dep_ in ("nummod", "det", "amod", "predet", "quantmod") \
                    and child.lower_ in numbers:
                count = numbers[child.lower_]
        if count is None and not any(c.lower_ in ("the", "these", "both") for c in token.children):
            return []
    elif lower in numbers and token.pos_ in ("NUM", "DET", "PRON", "NOUN"):
        if token.head.lower_ in nouns and token.head != token:
            return []  # the noun itself is resolved
        count = numbers[lower]
        noun_type = "Country"
    else:
        return []
    if count is None:
        count = len(context.leaders) or len(context.countries) if noun_type == "Person" \
            else len(context.countries)
        if not count or count > 4:
            return []
    countries = context.top_countries(count)
    if noun_type == "Person":
        leaders = [context.leaders[c] for c in countries if c in context.leaders]
        return leaders if len(leaders) == len(countries) else []
    return countries


# ---------------------------------------------------------------- token helpers

def conjuncts(token: Any) -> list[Any]:
    """The token and the tokens coordinated with it ("X, Y (and Z)")."""
    found = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in ("conj", "appos") and child not in found:
                found.append(child)
                stack.append(child)
    return found


def anchors_for(view: SentenceView, token: Any, context: Context | None = None,
                types: Iterable[str] | None = None, *, owners: bool = True) -> list[str]:
    """Entity keys a token stands for: its own anchor, a collective, each with its
    conjuncts; with ``owners``, an unnamed noun also stands for its possessor or national
    modifier ("Mexico's laboratories", "Mexican police" → Mexico)."""
    wanted = set(types) if types is not None else None
    keys: list[str] = []
    for item in conjuncts(token):
        found = _anchor_keys(view, item, wanted)
        if not found and item.dep_ == "appos" and item.head.i < item.i:
            found = _anchor_keys(view, item.head, wanted)  # "the Act, the first law …"
        if owners and not found and not view.anchors_at(item) and item.pos_ == "NOUN":
            # "Mexico's forensics laboratories", "Mexican police officers"
            for child in item.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < item.i:
                    found += _anchor_keys(view, child, wanted)
        if not found and context is not None:
            found = [k for k in resolve_collective(item, context)
                     if wanted is None or context.types.get(k) in wanted]
        for key in found:
            if key not in keys:
                keys.append(key)
    return keys


def _anchor_keys(view: SentenceView, token: Any, wanted: set[str] | None) -> list[str]:
    anchors = [a for a in view.anchors_at(token) if wanted is None or a.type in wanted]
    if not anchors and token.lower_ in relation_cues()["government_nouns"]:
        # "the Mexican government", "Canada's government": the country acts
        for child in token.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < token.i:
                anchors += [a for a in view.anchors_at(child)
                            if wanted is None or a.type in wanted]
        # "the governments of Australia, the UK, and the United States"
        for pobj in prep_objects(token, ("of",)):
            for item in conjuncts(pobj):
                anchors += [a for a in view.anchors_at(item) if a.type == "Country"
                            and (wanted is None or a.type in wanted)]
    # prefer the anchor whose root is this token (the widest name), else all of them
    rooted = [a for a in anchors if a.root(view.doc).i == token.i]
    chosen = [_possessed(view, a) for a in rooted or anchors]
    return list(dict.fromkeys(a.key for a in chosen if a is not None))


def _possessed(view: SentenceView, anchor: Anchor) -> Anchor | None:
    """The name an anchor owns, when one follows it: in "the Department of Justice's
    Training Program worked with …" the program acts, not the department. When the owned
    name is none the entity stage found ("the Ministry's Protection Mechanism"), the
    anchor stands for nothing here: the owner is not the one acting."""
    doc = view.doc
    at = anchor.end
    if at + 1 < len(doc) and doc[at].lower_ in ("'s", "\u2019s"):
        for other in view.entities:
            if other.start == at + 1 and other.key != anchor.key:
                return other
        if doc[at + 1].pos_ == "PROPN" and doc[at + 1].text[:1].isupper() \
                and doc[at + 1].lower_ not in _title_words():
            return None
    return anchor


def blocked(verb: Any) -> bool:
    """Whether a verb is under a prescriptive or conditional modal, a "need to", or negated
    (its statement is not a fact)."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "aux" and child.lower_ in _cue_set("blocking_modals"):
                return True
        if current.dep_ in ("xcomp",) and current.head.lemma_ in ("need", "have", "want", "try"):
            return True
        if current.dep_ in ("xcomp", "conj") and current.head != current:
            current = current.head
            continue
        break
    return False


def subjects_of(verb: Any) -> list[Any]:
    """The subject tokens of a verb, inherited through conjoined, ``xcomp`` and
    prepositional-gerund ("by forging …") heads; a relative pronoun stands for the noun
    its clause modifies. Passive subjects are left out (see :func:`agents_of`)."""
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in ("nsubj",)]
        if subjects:
            resolved = []
            for subject in subjects:
                if subject.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                    resolved.append(current.head)
                else:
                    resolved.append(subject)
            return resolved
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return agents_of(current)
        if current.dep_ in ("conj", "xcomp") and current.head != current:
            current = current.head
        elif current.dep_ == "ROOT" or current.dep_ == "ccomp":
            # a proper name the tagger misread before its verb ("USAID partnered")
            return [c for c in current.children if c.i < current.i and c.pos_ in (
                "PROPN", "ADV", "NOUN") and c.dep_ in ("advmod", "npadvmod", "dep", "nmod")
                and c.text[:1].isupper()]
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head
        else:
            return []
    return []


def agents_of(verb: Any) -> list[Any]:
    """The ``by`` agents of a passive verb."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children
            if g.dep_ == "pobj"]


def objects_of(verb: Any) -> list[Any]:
    """Direct objects (and passive subjects) of a verb, relative pronouns resolved."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                found.append(verb.head)
            else:
                found.append(child)
    if not found and verb.dep_ == "relcl" and any(c.dep_ == "nsubj" for c in verb.children):
        found.append(verb.head)  # "the law the Congress has passed"
    if not found:
        # a parse that hangs the object on a "with" phrase: "launched, with X, the Y"
        found = [a for g in prep_objects(verb, ("with",)) for a in g.children
                 if a.dep_ == "appos"]
    return found


def prep_objects(token: Any, preps: Iterable[str]) -> list[Any]:
    wanted = set(preps)
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in wanted
            for g in c.children if g.dep_ == "pobj"]


def has_phrase(text: str, phrases: Iterable[str]) -> str | None:
    lower = text.lower()
    for phrase in phrases:
        if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w])", lower):
            return phrase
    return None


# ---------------------------------------------------------------- collecting results

class _Collector:
    def __init__(self) -> None:
        self.relations: dict[tuple[str, str, str], Relation] = {}
        self._cited: dict[tuple[str, str, str], set[int]] = {}  # sentences already evidence

    def add(self, subject: str, predicate: str, obj: str, rule: str, confidence: float,
            view: SentenceView) -> None:
        if subject == obj:
            return
        if predicate in SYMMETRIC and obj < subject:
            subject, obj = obj, subject
        key = (subject, predicate, obj)
        relation = self.relations.get(key)
        if relation is None:
            relation = Relation(subject, predicate, obj, rule, confidence)
            self.relations[key] = relation
        elif confidence > relation.confidence:
            relation.rule, relation.confidence = rule, confidence
        cited = self._cited.setdefault(key, set())
        if view.sentence.index not in cited:
            cited.add(view.sentence.index)
            relation.evidence.append(view.evidence())

    def finished(self) -> list[Relation]:
        """The relations in a stable order, each with its evidence in text order."""
        for relation in self.relations.values():
            relation.evidence.sort(key=lambda e: e.sentence_index)
        return sorted(self.relations.values(), key=lambda r: (r.predicate, r.subject, r.object))


# ---------------------------------------------------------------- the rules

@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words of people's titles, lower case ("president", "minister", "secretary")."""
    from .entities import entity_cues

    titles = list(entity_cues()["titles"]) + list(relation_cues()["leader_titles"])
    return frozenset(word.lower() for title in titles for word in title.split())


def _types(name: str) -> frozenset[str]:
    return _cue_set(name)


@lru_cache(maxsize=1)
def _leader_title_pattern() -> re.Pattern[str]:
    titles = sorted(relation_cues()["leader_titles"], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, titles)) + r")(?![\w-])")


def _title_of(tokens: list[Any]) -> str | None:
    """The longest leader's title among the tokens' words, if any."""
    text = " ".join(t.lower_ for t in tokens)
    found = [m.group(1) for m in _leader_title_pattern().finditer(text)]
    return max(found, key=len) if found else None


def _title_region(view: SentenceView, anchor: Anchor) -> list[Any]:
    """The mention's tokens and the modifiers in front of its root (title, demonym,
    possessive)."""
    doc = view.doc
    root = anchor.root(doc)
    tokens = list(anchor.tokens(doc))
    for child in root.children:
        if child.i < anchor.start and child.dep_ in ("compound", "amod", "poss", "nmod"):
            tokens.extend(child.subtree)
    return sorted(set(tokens), key=lambda t: t.i)


def _countries_governing(view: SentenceView, tokens: list[Any], skip: Anchor | None,
                         context: Context) -> list[str]:
    """Country or organisation keys tied to a title by possessive, demonym or an ``of``
    phrase among ``tokens``."""
    allowed = _types("government_types") | {"InternationalOrganization"}
    keys: list[str] = []
    bodies = {a.type for t in tokens for a in view.anchors_at(t) if a is not skip}
    if bodies - {"Country", "Person", "InternationalOrganization"}:
        # "the U.S. Chamber of Commerce president": the title belongs to that body
        return []
    for token in tokens:
        for anchor in view.anchors_at(token):
            if anchor is skip or anchor.type not in allowed or anchor.type == "Person":
                continue
            if anchor.key not in keys:
                keys.append(anchor.key)
    for token in tokens:
        if not view.anchors_at(token) or all(a is skip for a in view.anchors_at(token)):
            # a country inside a wider mention ("Canada's Prime Minister Justin Trudeau"
            # read as one Person): known by the report's own country names
            key = context.country_forms.get(_strip_possessive(token.text).lower())
            if key and key not in keys and token.pos_ in ("PROPN", "ADJ", "NOUN"):
                keys.append(key)
    for token in tokens:
        for pobj in prep_objects(token, ("of",)):
            for key in anchors_for(view, pobj, None, allowed):
                if key not in keys:
                    keys.append(key)
    return [k for k in keys if context.types.get(k) in ("Country", "InternationalOrganization")
            or k.split(":", 1)[0] in ("Country", "InternationalOrganization")]


def _excluded_title(tokens: list[Any]) -> bool:
    excluded = _cue_set("title_modifiers_excluded")
    return any(t.lower_ in excluded for t in tokens)


def rule_titles(view: SentenceView, out: _Collector, context: Context) -> None:
    """leader_of from a person's title with a possessive, a demonym, "of" or an apposition."""
    doc = view.doc
    for anchor in view.entities:
        if anchor.type != "Person":
            continue
        region = _title_region(view, anchor)
        root = anchor.root(doc)
        # "Labor Party Prime Minister Anthony Albanese", "Republican Senator X": the party
        # named in front of a person's title is the person's party
        for token in region:
            for other in view.anchors_at(token):
                if other.type == "Group" and other.key.lower().rsplit(" ", 1)[-1] in _cue_set(
                        "party_words") and other.key != anchor.key:
                    out.add(anchor.key, "member_of", other.key, "party-title.v1", 0.8, view)
        title = _title_of(region)
        if title and not _excluded_title(region):
            countries = _countries_governing(view, region + [root], anchor, context)
            for key in countries:
                out.add(anchor.key, "leader_of", key, "possessive-title.v1", 0.9, view)
        # apposition either way: "X, the president of Y" / "Y's president, X"
        partners = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            partners.append(root.head)
        for other in partners:
            if view.anchors_at(other):
                continue
            tokens = [t for t in other.subtree if t.i < other.i or t.dep_ in ("prep", "pobj")
                      or t is other]
            tokens = [t for t in tokens if not any(a is anchor for a in view.anchors_at(t))]
            if _title_of([t for t in tokens if t.i <= other.i]) and not _excluded_title(tokens):
                for key in _countries_governing(view, tokens, anchor, context):
                    out.add(anchor.key, "leader_of", key, "apposition-title.v1", 0.85, view)


def rule_bare_titles(view: SentenceView, out: _Collector, context: Context) -> None:
    """leader_of for "the Mexican president" / "Mexico's president": the person the report
    already names as that country's leader."""
    for token in view.span:
        if token.pos_ not in ("NOUN", "PROPN") or any(a.type == "Person"
                                                      for a in view.anchors_at(token)):
            continue
        modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "poss")]
        tokens = [t for m in modifiers for t in m.subtree] + [token]
        if _title_of(tokens) is None or _excluded_title(tokens):
            continue
        for key in _countries_governing(view, tokens, None, context):
            person = context.leaders.get(key)
            if person:
                out.add(person, "leader_of", key, "bare-title.v1", 0.7, view)


def _hyphen_countries(view: SentenceView, head: Any, skip: Anchor | None = None,
                      context: Context | None = None) -> list[str]:
    """Countries listed with hyphens in front of (or inside) a noun phrase:
    "U.S.-Mexico-Canada agreement", "U.S.-Canadian cooperation". A country inside the
    agreement's own mention is known by the report's country names."""
    doc = view.doc
    start = head.left_edge.i
    tokens = [t for t in doc[start:head.i + 1]]
    if skip is not None:
        tokens = sorted(set(tokens) | set(skip.tokens(doc)), key=lambda t: t.i)
    keys: list[str] = []
    hyphens = 0
    for token in tokens:
        if token.text in ("-", "\u2010", "\u2011", "\u2013"):
            hyphens += 1
        countries = [a.key for a in view.anchors_at(token) if a.type == "Country"]
        if not countries and context is not None and token.pos_ in ("PROPN", "ADJ"):
            known = context.country_forms.get(_strip_possessive(token.text).lower())
            countries = [known] if known else []
        for key in countries:
            if key not in keys:
                keys.append(key)
    return keys if hyphens and len(keys) >= 2 else []


def rule_party_lists(view: SentenceView, out: _Collector, context: Context) -> None:
    """party_to from hyphenated country lists on agreement names; cooperates_with and
    tension_with from the same lists on cooperation and tension nouns."""
    doc = view.doc
    parties = _types("agreement_types") | {"DialogueMechanism"}
    for anchor in view.entities:
        if anchor.type not in parties:
            continue
        root = anchor.root(doc)
        for key in _hyphen_countries(view, root, anchor, context):
            out.add(key, "party_to", anchor.key, "hyphen-party-list.v1", 0.85, view)
    cooperation = _cue_set("cooperation_nouns")
    tension_nouns = _cue_set("tension_nouns")
    for token in view.span:
        lemma = token.lemma_.lower()
        if lemma in cooperation or token.lower_ in cooperation:
            predicate = "tension_with" if _clause_tension(view, token) else "cooperates_with"
        elif token.lower_ in tension_nouns or lemma in tension_nouns:
            predicate = "tension_with"
        else:
            continue
        if view.anchors_at(token):
            continue
        keys = _hyphen_countries(view, token, None, context)
        rule = "hyphen-pair.v1"
        if not keys:
            keys = _noun_parties(view, token, context)
            rule = "relation-noun.v1"
        for first, second in combinations(keys, 2):
            out.add(first, predicate, second, rule, 0.8 if rule == "hyphen-pair.v1" else 0.75,
                    view)


def _noun_parties(view: SentenceView, noun: Any, context: Context) -> list[str]:
    """Actors of a cooperation or tension noun: possessor or national modifier, and the
    ``between``/``among``/``with`` phrase ("X's cooperation with Y", "tensions between X
    and Y")."""
    actors = _types("actor_types")
    keys: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < noun.i:
            keys.extend(anchors_for(view, child, context, actors))
    for pobj in prep_objects(noun, ("between", "among", "amongst")):
        keys.extend(anchors_for(view, pobj, context, actors))
    if keys:  # "X's cooperation with Y"; with no X, Y and Z are someone's partners, not each other's
        for pobj in prep_objects(noun, ("with",)):
            keys.extend(anchors_for(view, pobj, context, actors))
    return list(dict.fromkeys(keys)) if len(set(keys)) >= 2 else []


def _clause_tension(view: SentenceView, token: Any) -> bool:
    """Whether the clause a cooperation word stands in speaks of tension: "cooperation
    suffered setbacks", "cooperation is going through a rough patch", "working with X
    has been fraught with disputes"."""
    clause = token.head if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") else token
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause \
            and clause.dep_ in ("pobj", "prep", "dobj"):
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        return False
    strong = _cue_set("tension_nouns_sentence_level")
    words: list[Any] = []
    stack = [c for c in clause.children if c.dep_ not in (
        "advcl", "ccomp", "conj", "relcl", "parataxis", "xcomp")]
    while stack:
        current = stack.pop()
        words.append(current)
        stack.extend(c for c in current.children if c.pos_ not in ("VERB", "AUX"))
    if any(t.lower_ in strong or t.lemma_.lower() in strong for t in words):
        return True
    text = " ".join(t.text for t in sorted(words + [clause], key=lambda t: t.i))
    return has_phrase(text, relation_cues()["tension_phrases"]) is not None


_MATCHERS: dict[int, tuple[Any, Any]] = {}  # id(vocab) → (vocab, DependencyMatcher)


def verb_patterns() -> dict[str, list[list[dict]]]:
    """``DependencyMatcher`` patterns (built from the shipped cues) that find the verbs the
    verb rules read: a verb of establishing, joining or replacing with an object (or
    heading a relative clause on one), a cooperation or tension verb, a verb with a tension
    noun as object, "be" with a membership noun, a verb with a "through" phrase, and any
    verb with a subject (for joint action)."""
    cues = relation_cues()
    event = sorted(set(cues["establish_verbs"]) | set(cues["party_verbs"])
                   | set(cues["replace_verbs"]) | set(cues["membership_verbs"]))
    cooperate = sorted(set(cues["cooperation_verbs"]) | {"meet", "host", "commit"})
    verb = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}}

    def child(attrs: dict, op: str = ">") -> dict:
        return {"LEFT_ID": "verb", "REL_OP": op, "RIGHT_ID": "child", "RIGHT_ATTRS": attrs}

    def lemma(words: list[str]) -> dict:
        return {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]},
                                                    "LEMMA": {"IN": words}}}

    return {
        "event": [[lemma(event), child({"DEP": {"IN": ["dobj", "nsubjpass", "attr"]}})],
                  [lemma(event), child({"DEP": "relcl"}, "<")],
                  [lemma(event), child({"DEP": "prep", "LOWER": "with"})]],
        "cooperation": [[lemma(cooperate)]],
        "tension": [[lemma(sorted(cues["tension_verbs"]))],
                    [verb, child({"DEP": "dobj", "LEMMA": {"IN": sorted(
                        {w.lower() for w in cues["tension_nouns"]})}})]],
        "membership": [[lemma(["be"]), child({"DEP": "attr", "LOWER": {
            "IN": sorted(cues["membership_nouns"])}})]],
        "through": [[verb, child({"DEP": "prep", "LOWER": {"IN": ["through", "via"]}})]],
        # any verb with a subject: joint action ("X and Y committed to a joint effort") and
        # "X, through Y" on the subject are read from the subject's side
        "subject": [[verb, child({"DEP": "nsubj"})]],
    }


def _verb_matcher(vocab: Any) -> Any:
    cached = _MATCHERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        from spacy.matcher import DependencyMatcher

        matcher = DependencyMatcher(vocab)
        for label, patterns in verb_patterns().items():
            matcher.add(label, patterns)
        cached = _MATCHERS[id(vocab)] = (vocab, matcher)
    return cached[1]


def trigger_verbs(view: SentenceView) -> list[Any]:
    """The sentence's verbs that a verb pattern matches, in text order."""
    if "verbs" not in view.paragraph_verbs:
        matcher = _verb_matcher(view.doc.vocab)
        view.paragraph_verbs["verbs"] = sorted({ids[0] for _, ids in matcher(view.doc)})
    span = view.span
    return [view.doc[i] for i in view.paragraph_verbs["verbs"] if span.start <= i < span.end]


def rule_verbs(view: SentenceView, out: _Collector, context: Context) -> None:
    """Relations read from a verb with its subjects and objects: established, party_to,
    replaced, member_of, cooperates_with, tension_with, part_of ("X, through Y").

    The verbs come from :func:`trigger_verbs` (spaCy's ``DependencyMatcher``); their
    subjects are then followed through conjunctions, ``xcomp`` and gerunds, which
    fixed-shape patterns cannot do."""
    cues = relation_cues()
    actors = _types("actor_types")
    agreements = _types("agreement_types")
    forums = _types("forum_types")
    establish = _cue_set("establish_verbs")
    party_verbs = _cue_set("party_verbs")
    party_objects = _types("party_object_types")
    replace = _cue_set("replace_verbs")
    cooperate = _cue_set("cooperation_verbs")
    with_only = _cue_set("cooperation_verbs_with_prep_only")
    tension = _cue_set("tension_verbs")
    tension_nouns = _cue_set("tension_nouns")
    particles = cues["establish_particles"]
    for verb in trigger_verbs(view):
        lemma = verb.lemma_.lower()
        if blocked(verb):
            continue
        subject_tokens = subjects_of(verb)
        subjects = [k for t in subject_tokens for k in anchors_for(view, t, context, actors)]
        object_tokens = objects_of(verb)
        objects = [k for t in object_tokens
                   for k in anchors_for(view, t, context, agreements | forums | actors)]
        with_tokens = prep_objects(verb, ("with", "alongside"))
        partners = [k for t in with_tokens for k in anchors_for(view, t, context, actors)]
        if lemma in establish and (lemma not in particles or any(
                c.dep_ == "prt" and c.lower_ == particles[lemma] for c in verb.children)):
            for obj in objects:
                kind = context.types.get(obj, obj.split(":", 1)[0])
                if kind not in agreements | forums - {"InternationalOrganization"}:
                    continue
                for subject in subjects + partners:
                    out.add(subject, "established", obj, "establish-verb.v1", 0.85, view)
        if lemma in party_verbs:
            led = {person: country for country, person in context.leaders.items()}
            for obj in objects:
                if context.types.get(obj, obj.split(":", 1)[0]) in party_objects:
                    signers = list(dict.fromkeys(subjects + partners))
                    for subject in signers:
                        # a leader signs for the country; a person is no party
                        party = led.get(subject, subject) \
                            if context.types.get(subject) == "Person" else subject
                        if context.types.get(party) != "Person":
                            out.add(party, "party_to", obj, "party-verb.v1", 0.85, view)
                    if lemma in _cue_set("joint_signing_verbs") and len(signers) >= 2:
                        # "X and Y signed the Agreement": they act together
                        _pairs(view, signers, [], "cooperates_with", "joint-signing.v1", out)
        if lemma in cues["membership_verbs"]:
            for obj in objects:
                if context.types.get(obj) in ("InternationalOrganization",):
                    for subject in subjects:
                        out.add(subject, "member_of", obj, "join-verb.v1", 0.8, view)
        if lemma in replace:
            sub_agreements = [k for t in subject_tokens for k in anchors_for(view, t, context,
                                                                            agreements)]
            for subject in sub_agreements:
                for obj in objects:
                    if context.types.get(obj) in agreements:
                        out.add(subject, "replaced", obj, "replace-verb.v1", 0.85, view)
        if lemma == "be":
            _membership(view, verb, subjects, out, context)
        if lemma in cooperate and lemma not in with_only or (lemma in with_only and partners) \
                or (lemma == "meet" and partners) or (lemma == "host" and len(subjects) >= 2):
            predicate = "tension_with" if _clause_tension(view, verb) and lemma != "host" \
                else "cooperates_with"
            _pairs(view, subjects, partners, predicate, "cooperation-verb.v1", out)
            if lemma == "meet" and len(set(partners)) >= 2:
                # "X met with Y and Z": one meeting of all three, Y and Z met too
                _pairs(view, partners, [], predicate, "joint-meeting.v1", out)
        joint = _cue_set("cooperation_adjectives")
        held = object_tokens + prep_objects(verb, ("to", "on", "in"))
        if len(set(subjects)) >= 2 and any(t.lower_ in joint and t.i < o.i
                                           for o in held for t in o.subtree):
            _pairs(view, subjects, [], "cooperates_with", "joint-action.v1", out)
        dobj_tension = [o for o in object_tokens if o.lemma_.lower() in tension_nouns
                        or o.lower_ in tension_nouns]
        if lemma in tension or dobj_tension:
            # "shared the Administration's concerns": a concern's owner holds it with the
            # subject, it is no target
            targets = [k for t in object_tokens for k in anchors_for(
                view, t, context, actors, owners=t not in dobj_tension)]
            for holder in [verb] + dobj_tension:
                targets += [k for t in prep_objects(holder, ("with", "in", "against", "on",
                                                             "between", "among"))
                            for k in anchors_for(view, t, context, actors)]
            if lemma in tension:
                # "restricted imports from Australia", "sanctions against X's officials"
                targets += [k for o in object_tokens for t in prep_objects(
                    o, ("from", "against", "on", "of")) for k in anchors_for(view, t, context,
                                                                             actors)]
            _pairs(view, subjects, targets, "tension_with", "tension-verb.v1", out)
        holders = [verb] + [t for t in subject_tokens]
        for holder in holders:
            owners = subjects if holder == verb else anchors_for(view, holder, context)
            owners = [k for k in owners if context.types.get(k) == "GovernmentAgency"]
            for inner in prep_objects(holder, ("through", "via")):
                for part in anchors_for(view, inner, context, {"GovernmentAgency"}):
                    for owner in owners:
                        out.add(part, "part_of", owner, "through-agency.v1", 0.6, view)


def _pairs(view: SentenceView, subjects: list[str], partners: list[str], predicate: str,
           rule: str, out: _Collector) -> None:
    subjects = list(dict.fromkeys(subjects))
    partners = list(dict.fromkeys(partners))
    if not partners:  # "X and Y cooperated"; with partners, the subjects act together
        for first, second in combinations(subjects, 2):
            out.add(first, predicate, second, rule, 0.8, view)
    for subject in subjects:
        for partner in partners:
            out.add(subject, predicate, partner, rule, 0.8, view)


def _membership(view: SentenceView, verb: Any, subjects: list[str], out: _Collector,
                context: Context) -> None:
    """"X is a member of Y", "X and Y are Y members"."""
    members = _cue_set("membership_nouns")
    groups = {"InternationalOrganization", "Group"}
    # partners in a shared command or body ("partners in NORAD") are its members too
    shared = groups | {"GovernmentAgency", "DialogueMechanism"}
    for attr in (c for c in verb.children if c.dep_ == "attr"):
        if attr.lower_ not in members and attr.lemma_.lower() not in members:
            continue
        bodies = [k for c in attr.children if c.dep_ in ("compound", "nmod", "amod")
                  for k in anchors_for(view, c, context, groups)]
        bodies += [k for t in prep_objects(attr, ("of",)) for k in anchors_for(
            view, t, context, groups)]
        bodies += [k for t in prep_objects(attr, ("in",)) for k in anchors_for(
            view, t, context, shared)]
        for subject in subjects:
            for body in bodies:
                out.add(subject, "member_of", body, "member-noun.v1", 0.85, view)


def rule_successor(view: SentenceView, out: _Collector, context: Context) -> None:
    """replaced: "X, the successor to Y" / "X is the replacement for Y"."""
    agreements = _types("agreement_types")
    nouns = _cue_set("replace_nouns")
    for noun in view.span:
        if noun.lemma_.lower() not in nouns:
            continue
        olds = [k for t in prep_objects(noun, ("to", "of", "for"))
                for k in anchors_for(view, t, context, agreements)]
        if noun.dep_ == "appos":
            news = anchors_for(view, noun.head, context, agreements)
        elif noun.dep_ == "attr":
            news = [k for s in subjects_of(noun.head)
                    for k in anchors_for(view, s, context, agreements)]
        else:
            news = []
        for new in news:
            for old in olds:
                out.add(new, "replaced", old, "successor-noun.v1", 0.8, view)


def rule_possessive_agencies(view: SentenceView, out: _Collector, context: Context) -> None:
    """part_of for an agency owned by a possessive ("the Department of Justice's ICITAP",
    "Mexico's Secretariat of the Interior")."""
    doc = view.doc
    owners = _types("government_types")
    for anchor in view.entities:
        if anchor.type not in _types("agency_types"):
            continue
        root = anchor.root(doc)
        possessors = [c for c in root.children if c.dep_ == "poss"]
        # the tokens read: "<owner> 's <agency>", whatever the parse made of them
        before = anchor.start - 1
        if before > view.span.start and doc[before].lower_ in ("'s", "\u2019s", "'", "\u2019"):
            possessors.append(doc[before - 1])
        for child in possessors:
            for owner in view.anchors_at(child):
                if owner.type in owners and owner.key != anchor.key:
                    out.add(anchor.key, "part_of", owner.key, "possessive-agency.v1", 0.85, view)


def rule_concerns(view: SentenceView, out: _Collector, context: Context,
                  anaphors: dict[int, str]) -> None:
    """concerns: agreements and forums whose phrase, clause or possessed noun holds an
    issue; actors whose effort, agenda or cooperation is "on" an issue."""
    if not view.issues:
        return
    doc = view.doc
    holders = _types("agreement_types") | {"DialogueMechanism", "Event"}
    concern_verbs = _cue_set("concern_verbs")
    concern_nouns = _cue_set("concern_nouns")
    concern_preps = _cue_set("concern_preps")
    provision_nouns = _cue_set("provision_nouns")
    named = {i for a in view.entities for i in range(a.start, a.end)}
    # words of a proper name ("Bureau of ... Narcotics") are not a statement about an
    # issue; a described mention ("an annual dialogue on drug policy") is
    issue_roots = [(a.key, a.root(doc)) for a in view.issues
                   if a.root(doc).i not in named or not doc[a.start].text[:1].isupper()]

    def issues_under(tokens: Iterable[Any], exclude: Any = None) -> list[str]:
        found: list[str] = []
        ids = {t.i for t in tokens}
        if exclude is not None:
            ids -= {t.i for t in exclude.subtree}
        for key, root in issue_roots:
            if root.i in ids and key not in found:
                found.append(key)
        return found

    agreements: list[tuple[str, Any]] = []
    for anchor in view.entities:
        if anchor.type in holders:
            agreements.append((anchor.key, anchor.root(doc)))
    for index, key in anaphors.items():
        agreements.append((key, doc[index]))
    for key, root in agreements:
        found: list[str] = []
        others = {i for a in view.entities if a.key != key for i in range(a.start, a.end)}
        # the agreement's own phrase ("a dialogue on drug policy", "X, which provides …")
        found += issues_under(t for c in root.children if c.i > root.i
                              and c.dep_ not in ("conj", "cc") and c.i not in others
                              for t in c.subtree)
        head = root.head
        if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in concern_verbs \
                and not blocked(head):
            for child in head.children:
                if child.dep_ in ("dobj", "attr", "prep", "xcomp", "ccomp", "acomp"):
                    found += issues_under(child.subtree)
                if child.dep_ == "dobj" and child.lemma_.lower() in provision_nouns:
                    # "has provisions for A, B, C …": a list the parser often breaks up
                    found += issues_under(t for t in view.span if t.i > child.i)
        if root.dep_ in ("dobj", "nsubjpass"):
            # "opened the dialogue on water": the parser often hangs the topic on the verb
            for prep in head.children:
                if prep.dep_ == "prep" and prep.i > root.i and prep.lower_ in ("on", "about"):
                    found += issues_under(prep.subtree)
        if root.dep_ == "poss" and head.lemma_.lower() in concern_nouns:
            found += issues_under(head.subtree, exclude=root)
        for issue in dict.fromkeys(found):
            out.add(key, "concerns", issue, "agreement-issue.v1", 0.8, view)
    # actors: "U.S. efforts on migration", "X led efforts on …"
    actors = _types("actor_types")
    effort_nouns = _cue_set("effort_nouns")
    tension_verbs = _cue_set("tension_verbs")
    for noun in view.span:
        if noun.lemma_.lower() not in effort_nouns or view.anchors_at(noun):
            continue
        topic = [p for p in noun.children if p.dep_ == "prep" and p.lower_ in concern_preps]
        if not topic:
            continue
        issues = [k for p in topic for k in issues_under(p.subtree)]
        if not issues:
            continue
        owners = [k for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                  and c.i < noun.i for k in anchors_for(view, c, context, actors)]
        if noun.dep_ == "dobj" and not blocked(noun.head) \
                and noun.head.lemma_.lower() not in tension_verbs:
            owners += [k for s in subjects_of(noun.head)
                       for k in anchors_for(view, s, context, actors, owners=False)]
        if noun.dep_ in ("dobj", "pobj") and blocked(noun.head):
            continue
        for owner in dict.fromkeys(owners):
            for issue in dict.fromkeys(issues):
                out.add(owner, "concerns", issue, "actor-effort-issue.v1", 0.7, view)


def _issues_in(view: SentenceView, tokens: Iterable[Any], exclude: Iterable[Any] = ()) -> list[str]:
    """Issue keys whose cue lies among ``tokens`` (minus the subtrees of ``exclude``), cues
    inside a capitalised proper name left out, as :func:`rule_concerns` does."""
    doc = view.doc
    named = {i for a in view.entities for i in range(a.start, a.end)}
    ids = {t.i for t in tokens}
    for token in exclude:
        ids -= {t.i for t in token.subtree}
    found: list[str] = []
    for anchor in view.issues:
        root = anchor.root(doc)
        if root.i in named and doc[anchor.start].text[:1].isupper():
            continue
        if root.i in ids and anchor.key not in found:
            found.append(anchor.key)
    return found


def rule_framework_action(view: SentenceView, out: _Collector, context: Context,
                          anaphors: dict[int, str] | None = None) -> None:
    """party_to and concerns from action taken under or through an agreement or forum.

    "Under the Work Plan, the United States, Canada and Mexico aim to reduce costs by
    improving supply chains": the countries acting under it are its parties, and what they
    do under it is what it concerns. "Our three governments' cooperation through the
    Committee to strengthen …": the cooperating governments take part in the Committee,
    and the purpose clause is what the Committee concerns."""
    holders = _types("party_object_types") | {"Initiative", "DialogueMechanism",
                                               "InternationalOrganization"}
    parties_allowed = {"Country", "InternationalOrganization"}
    cooperation = _cue_set("cooperation_nouns") | _cue_set("cooperation_verbs") \
        | _cue_set("relationship_nouns")
    for prep in view.span:
        if prep.dep_ != "prep" or prep.lower_ not in ("under", "through", "via", "within"):
            continue
        frameworks = [k for g in prep.children if g.dep_ == "pobj"
                      for k in anchors_for(view, g, context, holders)]
        frameworks += [(anaphors or {})[g.i] for g in prep.children
                       if g.dep_ == "pobj" and g.i in (anaphors or {})]  # "under the agreement"
        if prep.lower_ == "under":  # one acts under an agreement, not under an organisation
            frameworks = [k for k in frameworks
                          if context.types.get(k) != "InternationalOrganization"]
        if not frameworks:
            continue
        head = prep.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [k for t in subjects_of(verb)
                    for k in anchors_for(view, t, context, parties_allowed)]
        if not subjects and verb.dep_ == "advcl" and head == verb:
            # "As committed under the Declaration, the United States and Canada are working …"
            subjects = [k for t in subjects_of(verb.head)
                        for k in anchors_for(view, t, context, parties_allowed)]
        if prep.lower_ == "under":
            if head != verb:
                continue  # "the tariffs under NAFTA": the noun's, not an actor's
            if not subjects:
                # "Under X, A and B aim to …" parsed with A and B as conjuncts of X
                subjects = [k for g in prep.children if g.dep_ == "pobj"
                            for c in conjuncts(g)[1:]
                            for k in anchors_for(view, c, context, parties_allowed)]
            actors = subjects
            purpose = [c for c in verb.children
                       if c.dep_ in ("xcomp", "dobj", "advcl", "ccomp", "prep") and c != prep]
            if verb.dep_ == "advcl" and not any(c.dep_ == "nsubj" for c in verb.children):
                # the main clause is what is done under it
                purpose += [c for c in verb.head.children if c.dep_ in ("xcomp", "advcl")
                            and c != verb]
        else:
            # only cooperation goes through a forum: "their cooperation through the
            # Committee", "renewed cooperation through …", "work together through …"
            def cooperative(token: Any) -> bool:
                return token.lemma_.lower() in cooperation or token.lower_ in cooperation

            nouns = [head] if head != verb else [
                c for c in verb.children if c.dep_ == "dobj" and cooperative(c)]
            if not (nouns and all(cooperative(n) for n in nouns)) and not cooperative(verb):
                continue
            actors = [k for n in nouns for c in n.children
                      if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < n.i
                      for k in anchors_for(view, c, context, parties_allowed)]
            if head == verb or not actors:
                actors += subjects
            # "Australia partners with the United States through …": both take part
            actors += [k for holder in [verb, *nouns] for t in prep_objects(holder, ("with",))
                       for k in anchors_for(view, t, context, parties_allowed)]
            purpose = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                       and any(a.lower_ == "to" for a in c.children)]
        for framework in frameworks:
            # one is a member of an organisation, a party to an agreement or a forum
            predicate = "member_of" if context.types.get(framework) \
                == "InternationalOrganization" else "party_to"
            for actor in dict.fromkeys(actors):
                out.add(actor, predicate, framework, "framework-action.v1", 0.75, view)
            if blocked(verb):
                continue
            for issue in _issues_in(view, (t for c in purpose for t in c.subtree)):
                out.add(framework, "concerns", issue, "framework-action.v1", 0.65, view)


def rule_framework_members(view: SentenceView, out: _Collector, context: Context) -> None:
    """party_to / member_of: an agreement, forum or organisation that "includes" or
    "brings together" actors ("the Five Eyes arrangement, which also includes Canada, New
    Zealand, and the UK"; "the Quad, which comprises …")."""
    doc = view.doc
    holders = _types("party_object_types") | {"Initiative", "DialogueMechanism",
                                               "InternationalOrganization"}
    verbs = _cue_set("inclusion_verbs")
    members = {"Country", "InternationalOrganization"}
    for anchor in view.entities:
        if anchor.type not in holders:
            continue
        root = anchor.root(doc)
        for clause in root.children:
            if clause.dep_ not in ("relcl", "acl") or clause.lemma_.lower() not in verbs \
                    or blocked(clause):
                continue
            predicate = "member_of" if anchor.type == "InternationalOrganization" else "party_to"
            for obj in objects_of(clause):
                if obj == root:
                    continue
                for key in anchors_for(view, obj, context, members):
                    out.add(key, predicate, anchor.key, "framework-members.v1", 0.75, view)


def _governing_verb(token: Any) -> tuple[Any, bool] | None:
    """The verb an agreement's mention hangs on, through coordination ("X and Y"),
    apposition, "like"/"such as" ("legislation like the Act"), a funding noun ("Act
    funding", "$7.5 billion in the Act") and the prepositions a purpose is stated with, and
    whether the path went through a funding noun; None when it hangs on something else."""
    funding = _cue_set("funding_nouns")
    current = token
    via_funding = False
    for _ in range(6):
        dep, head = current.dep_, current.head
        if current.pos_ in ("VERB", "AUX") and current != token:
            return current, via_funding
        if head == current:
            return None
        if dep in ("conj", "appos"):
            current = head
        elif dep in ("compound", "nmod") and head.lemma_.lower() in funding:
            current, via_funding = head, True
        elif dep == "pobj" and head.lower_ in ("like", "as", "through", "with", "under", "via",
                                                "from", "in", "on"):
            if head.head.lemma_.lower() in funding:
                via_funding = True
            current = head.head
        elif dep in ("amod", "prep") and current.lower_ in ("such", "like"):
            current = head
        elif dep in ("dobj", "nsubj", "nsubjpass", "pobj") and head.pos_ in ("VERB", "AUX"):
            return head, via_funding
        elif dep in ("dobj", "pobj") and current.lemma_.lower() in funding:
            current = head
        else:
            return None
    return None


def rule_agreement_purpose(view: SentenceView, out: _Collector, context: Context,
                           anaphors: dict[int, str]) -> None:
    """concerns: what an agreement, law or programme is used or spent for. "We will use
    the Act to build supply chains", "the Fund will make $1.5 billion available to support
    clean energy", "drawing on $7.5 billion in the Infrastructure Law … to build a network
    of chargers": when the agreement is the instrument (the object of a verb of using) or
    the source or giver of money, the purpose clause ("to …") of its verb holds the issues
    it concerns. Other verbs' purposes ("launched the Network to support …") say what the
    actors wanted, and are left to :func:`rule_concerns`."""
    doc = view.doc
    holders = _types("agreement_types") | {"DialogueMechanism"}
    instruments = _cue_set("instrument_verbs")
    givers = _cue_set("giving_verbs")
    found = [(a.key, a.root(doc)) for a in view.entities if a.type in holders]
    found += [(key, doc[index]) for index, key in anaphors.items()]
    for key, root in found:
        hung = _governing_verb(root)
        if hung is None:
            continue
        verb, via_funding = hung
        lemma = verb.lemma_.lower()
        as_subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in (root, *root.ancestors)
                         if t.i < verb.i and t.head == verb)
        if not (via_funding or lemma in instruments or (as_subject and lemma in givers)) \
                or blocked(verb):
            continue
        # the purpose hangs on the verb, on what it gives ("$2 billion available to
        # expand …") or on the money named ("funding to replant …")
        funding = _cue_set("funding_nouns")
        holders_of_purpose = [verb]
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "oprd"):
                holders_of_purpose.append(child)
                holders_of_purpose += [g for g in child.children if g.dep_ in ("amod", "acomp")]
        holders_of_purpose += [t for t in root.ancestors if t.lemma_.lower() in funding
                               and t.i > verb.i]
        purposes = [c for h in holders_of_purpose for c in h.children
                    if (c.dep_ in ("xcomp", "advcl", "acl") and c.pos_ in ("VERB", "AUX")
                        and any(a.lower_ in ("to", "order") for a in c.subtree if a.i < c.i))
                    or (c.dep_ == "prep" and c.lower_ == "to" and h.lemma_.lower() in funding)]
        mention = set(range(root.left_edge.i, root.right_edge.i + 1))
        tokens = [t for c in purposes for t in c.subtree if t.i not in mention]
        for issue in _issues_in(view, tokens):
            out.add(key, "concerns", issue, "agreement-purpose.v1", 0.65, view)


def rule_partnership_phrase(view: SentenceView, out: _Collector, context: Context) -> None:
    """cooperates_with: "X committed to work in close partnership with Y", "X acts in
    coordination with Y": a cooperation noun in a prepositional phrase of the verb joins
    the verb's subjects and the noun's "with" partners."""
    actors = _types("actor_types")
    cooperation = _cue_set("cooperation_nouns")
    for noun in view.span:
        if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "into") or not (
                noun.lemma_.lower() in cooperation or noun.lower_ in cooperation):
            continue
        verb = noun.head.head
        if verb.pos_ not in ("VERB", "AUX") or blocked(verb):
            continue
        partners = [k for t in prep_objects(noun, ("with",))
                    for k in anchors_for(view, t, context, actors)]
        subjects = [k for t in subjects_of(verb) for k in anchors_for(view, t, context, actors)]
        if partners and subjects:
            _pairs(view, subjects, partners, "cooperates_with", "partnership-phrase.v1", out)


def rule_event_agenda(views: list[SentenceView], out: _Collector, context: Context) -> None:
    """concerns: what a meeting took up. A sentence whose main verb is one of meeting
    ("met … for the Leaders' Summit", "ministers convened at the Summit") names the
    event; its purpose clause ("to discuss energy"), and the next sentence of the paragraph
    when its subject is the participants ("They announced initiatives on climate change"),
    hold the issues the event concerns. Both sentences are the evidence."""
    meeting = _cue_set("meeting_verbs")
    agenda = _cue_set("agenda_verbs")
    participants = _cue_set("participant_words")
    for position, view in enumerate(views):
        events = list(dict.fromkeys(a.key for a in view.entities if a.type == "Event"))
        root = view.span.root
        if not events or root.lemma_.lower() not in meeting or blocked(root):
            continue
        statements = [(_issues_in(view, (t for c in root.children if c.dep_ in ("xcomp", "advcl")
                                         and any(a.lower_ == "to" for a in c.children)
                                         for t in c.subtree)), [view])]
        after = views[position + 1] if position + 1 < len(views) else None
        if after is not None and after.paragraph is view.paragraph:
            verb = after.span.root
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if verb.lemma_.lower() in agenda and not blocked(verb) and subjects and all(
                    s.lower_ in participants for s in subjects):
                statements.append((_issues_in(after, after.span, exclude=subjects),
                                   [view, after]))
        for issues, evidence in statements:
            for issue in dict.fromkeys(issues):
                for event in events:
                    for where in evidence:
                        out.add(event, "concerns", issue, "event-agenda.v1", 0.65, where)


def rule_take_effect(view: SentenceView, out: _Collector, context: Context,
                     anaphors: dict[int, str]) -> None:
    """established: an agreement that takes effect or enters into force was brought about
    by its parties, as the report names them elsewhere (party_to)."""
    phrase = has_phrase(view.sentence.text, relation_cues()["take_effect_phrases"])
    if phrase is None:
        return
    doc = view.doc
    agreements = _types("agreement_types")
    holders = [(a.key, a.root(doc)) for a in view.entities if a.type in agreements]
    holders += [(key, doc[index]) for index, key in anaphors.items()]
    verb_lemmas = {"take", "go", "enter", "come"}
    parties: dict[str, list[str]] = {}
    for relation in out.relations.values():
        if relation.predicate == "party_to":
            parties.setdefault(relation.object, []).append(relation.subject)
    for key, root in holders:
        head = root.head
        subject = root.dep_ in ("nsubj",) and head.lemma_.lower() in verb_lemmas
        relative = any(c.dep_ in ("relcl", "acl") and c.i > root.i
                       and c.lemma_.lower() in verb_lemmas for c in root.children)
        if not (subject or relative) or (subject and blocked(head)):
            continue
        for party in parties.get(key, []):
            out.add(party, "established", key, "take-effect.v1", 0.6, view)


def agreement_anaphors(views: list[SentenceView]) -> dict[int, dict[int, str]]:
    """"The new agreement" / "the pact" → the agreement last named in the three sentences
    before it, by sentence index → {token index: entity key}."""
    words = _cue_set("agreement_anaphors")
    agreements = _types("agreement_types")
    recent: list[tuple[int, str]] = []  # (sentence position, key)
    found: dict[int, dict[int, str]] = {}
    for position, view in enumerate(views):
        for token in view.span:
            if token.lower_ in words and not view.anchors_at(token) and any(
                    c.lower_ in ("the", "this", "that") for c in token.children):
                candidates = [k for p, k in recent if position - p <= 3]
                if candidates:
                    found.setdefault(view.sentence.index, {})[token.i] = candidates[-1]
        for anchor in view.entities:
            if anchor.type in agreements:
                recent.append((position, anchor.key))
    return found


def place_body_anaphors(views: list[SentenceView]) -> None:
    """Anchor "the Administration", "the Department", "the Bureau" … on the body the
    three sentences before (or the sentence itself, earlier) name with that word, so
    that every rule sees it as that entity."""
    words = _cue_set("body_anaphor_nouns")
    recent: list[tuple[int, int, Anchor]] = []  # (sentence position, token index, anchor)
    for position, view in enumerate(views):
        placed: list[Anchor] = []
        for token in view.span:
            if token.lower_ not in words or view.anchors_at(token) or not any(
                    c.lower_ in ("the", "this") and c.dep_ == "det" for c in token.children):
                continue
            earlier = [a for p, i, a in recent if position - p <= 3]
            earlier += [a for a in view.entities if a.end <= token.i]
            named = [a for a in earlier
                     if token.lower_ in re.split(r"[\s-]+", a.key.split(":", 1)[1].lower())]
            if named:
                anchor = Anchor(named[-1].key, named[-1].type, token.i, token.i + 1, "anaphor")
                placed.append(anchor)
                view.by_token.setdefault(token.i, []).append(anchor)
        view.entities.extend(placed)
        recent.extend((position, a.start, a) for a in view.entities)


# ---------------------------------------------------------------- co-mentions

def co_mentions(views: Iterable[SentenceView]) -> list[CoMention]:
    """Entity–entity and entity–issue pairs named in the same sentences (issue–issue pairs
    are left out), weighted by the number of sentences. A sentence naming more entities
    than ``co_mention_max_entities`` (a cue) is an enumeration: it gives no entity pairs."""
    pairs: dict[tuple[str, str], list[int]] = {}
    most = relation_cues()["co_mention_max_entities"]
    for view in views:
        entities = sorted({a.key for a in view.entities})
        if len(entities) > most:
            # a list of many names ("Chile, Peru, Ecuador, … and Mexico") says nothing of
            # each pair; its names still meet the sentence's issues
            entities_for_pairs: list[str] = []
        else:
            entities_for_pairs = entities
        issues = sorted({a.key for a in view.issues})
        keys = [(a, b) for a, b in combinations(entities_for_pairs, 2)]
        keys += [tuple(sorted((e, i))) for e in entities for i in issues]
        for pair in keys:
            indexes = pairs.setdefault(pair, [])
            if view.sentence.index not in indexes:
                indexes.append(view.sentence.index)
    return [CoMention(first, second, indexes) for (first, second), indexes in sorted(pairs.items())]


# ---------------------------------------------------------------- entry point

def relations_of(report: Report) -> tuple[list[Relation], list[CoMention]]:
    """The typed relations and co-mentions of one report (pure: the report is unchanged).

    Titles run first over the whole report, so that a bare title later ("the Mexican
    president") joins the person named as leader elsewhere.
    """
    views = sentence_views(report)
    place_body_anaphors(views)
    context = report_context(report)
    out = _Collector()
    for view in views:
        rule_titles(view, out, context)
    for relation in out.relations.values():
        if relation.predicate == "leader_of":
            context.leaders.setdefault(relation.object, relation.subject)
    anaphors = agreement_anaphors(views)
    for view in views:
        rule_bare_titles(view, out, context)
        rule_party_lists(view, out, context)
        rule_verbs(view, out, context)
        rule_possessive_agencies(view, out, context)
        rule_successor(view, out, context)
        rule_concerns(view, out, context, anaphors.get(view.sentence.index, {}))
        rule_framework_action(view, out, context, anaphors.get(view.sentence.index, {}))
        rule_agreement_purpose(view, out, context, anaphors.get(view.sentence.index, {}))
        rule_partnership_phrase(view, out, context)
        rule_framework_members(view, out, context)
    rule_event_agenda(views, out, context)
    for view in views:  # after every party is known
        rule_take_effect(view, out, context, anaphors.get(view.sentence.index, {}))
    return out.finished(), co_mentions(views)


def extract_relations(reports: Iterable[Report]) -> None:
    """Fill ``report.relations`` and ``report.co_mentions`` of each report, in place.

    Needs the paragraphs' Docs (:func:`graphbuild.nlp.segment`), ``report.entities`` with
    their mentions and, for ``concerns``, ``report.issue_tags``. spaCy is not run again.

    Examples
    --------
    >>> extract_relations([report])                     # doctest: +SKIP
    >>> [(r.subject, r.predicate, r.object) for r in report.relations][:1]  # doctest: +SKIP
    [('Person:justin trudeau', 'leader_of', 'Country:canada')]
    """
    for report in reports:
        report.relations, report.co_mentions = relations_of(report)
