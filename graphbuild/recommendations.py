"""Recommendations: what the author tells actors to do, as nodes with evidence.

:func:`extract_recommendations` finds these kinds of statement:

* the items of lists in a section whose heading holds a recommendations cue
  ("Recommendations", "What should be done", "Matter for Congressional Consideration",
  "What the Administration Should Do" …) and in the list-only sub-sections under it;
* body sentences that prescribe: a prescriptive modal ("should", "must", "ought to") or
  "need(s) to" / "have to" on a verb whose subject is an actor (or "the three
  governments", "they", "the leaders" resolved from the report; an office such as "the
  Secretary of State"), a plan or agenda, or a passive prescription ("should be
  continued"). Forecasts such as "should help" or "should open the door" are told apart
  by the verb (a shipped list);
* sentences that recommend in so many words: a verb of recommending in the present with
  the author or an actor as subject ("We recommend that the Secretary of State direct …",
  "GAO recommends that Congress consider …", "The authors call on Canada to …"), and the
  operative paragraphs of a resolution ("Calls upon Member States to …", "Requests the
  Secretary-General to …"). They are addressed to the one who should act: the subject of
  the that-clause or the verb's object, never the recommender.

A prescription inside a cited title (capitalised mid-sentence, quoted, in italics or named
by "titled") is none. A bullet that restates a body sentence (most of its content words
appear there) is one recommendation with both places as evidence. Each recommendation
carries the actors it is addressed to (entity keys): a list item's own agent, else that of
the body sentence restating it, else that of the sentence introducing the list ("we
recommend that the Secretary of State take the following actions:"), else the actor its
heading names ("Recommendations for Congress"); an imperative item with none of these is
addressed to no one in particular. It also carries what it concerns (issues tagged in its sentences and
agreements, forums and places named there) and a horizon from a closed list, read from cue
phrases. Cue words ship in ``graphbuild/data/recommendation_cues.json``; the entity types
they name are those of ``graphbuild/data/relation_cues.json``.

This module does not judge how strong a recommendation is, nor split one sentence holding
several recommendations, nor tell the author's present-tense recommending from another
actor's ("the IMF recommends that …" counts as a recommendation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Recommendation, Report
from .relations import (Context, SentenceView, anchors_for, conjuncts, prep_objects,
                        relation_cues, report_context, sentence_views, subjects_of)

HORIZONS = ("short term", "medium term", "long term", "unspecified")
_STOP_POS = {"DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON", "AUX", "SPACE", "NUM"}


@lru_cache(maxsize=1)
def recommendation_cues() -> dict[str, Any]:
    """The shipped cue words (``graphbuild/data/recommendation_cues.json``), comments dropped."""
    data = resources.files("graphbuild").joinpath("data/recommendation_cues.json").read_text(
        "utf-8")
    return {k: v for k, v in json.loads(data).items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _cues(name: str) -> frozenset[str]:
    return frozenset(recommendation_cues()[name])


@lru_cache(maxsize=None)
def _actor_types() -> frozenset[str]:
    return frozenset(relation_cues()["actor_types"])


def is_recommendation_heading(title: str | None) -> bool:
    """Whether a section heading announces recommendations (shipped cue words)."""
    if not title:
        return False
    lower = title.lower()
    return any(pattern.search(lower) for pattern in _heading_patterns())


@lru_cache(maxsize=1)
def _heading_patterns() -> list[re.Pattern]:
    cues = recommendation_cues()
    return ([re.compile(r"(?<![\w])" + re.escape(cue) + r"(?![\w])")
             for cue in cues["recommendation_headings"]]
            + [re.compile(pattern) for pattern in cues["recommendation_heading_patterns"]])


_HEADING_WORD = re.compile(r"\w[\w.'\u2019-]*")
_MAX_NAME_WORDS = 6


def actor_forms(report: Report) -> dict[str, str]:
    """Every lower-case surface form of the report's actors (label, aliases, mentions,
    without a leading "the"), mapped to the actor's key."""
    forms: dict[str, str] = {}
    types = _actor_types()
    for entity in report.entities:
        if entity.type not in types:
            continue
        for form in [entity.label, *entity.aliases, *(m.text for m in entity.mentions)]:
            lower = form.strip().lower()
            lower = lower[4:] if lower.startswith("the ") else lower
            forms.setdefault(lower, entity.key)
    return forms


def heading_addressees(title: str | None, forms: dict[str, str]) -> list[str]:
    """The actors a recommendations heading names as the ones to act: the name after
    "for" or "to" ("Recommendations for Congress", "… to the Government of Peru"), or
    between "what" and its modal ("What Congress Should Do").

    ``forms`` maps lower-case surface forms to actor keys (:func:`actor_forms`).

    >>> heading_addressees("Recommendations for Congress", {"congress": "Legislature:congress"})
    ['Legislature:congress']
    >>> heading_addressees("Congress: Recommendations", {"congress": "Legislature:congress"})
    []
    """
    if not title:
        return []
    words = []
    for word in _HEADING_WORD.findall(title):
        word = word.rstrip(":").lower()
        # a full stop ends the heading, not an abbreviation ("U.S.")
        words.append(word[:-1] if word.endswith(".") and word.count(".") == 1 else word)
    openers = _cues("heading_addressee_words") | {"what"}
    adjectives = recommendation_cues()["heading_addressee_adjectives"]
    governments = frozenset(relation_cues()["government_nouns"])
    keys: list[str] = []
    for at, word in enumerate(words):
        if word not in openers:
            continue
        start = at + 1
        if start < len(words) and words[start] == "the":
            start += 1
        if start + 2 < len(words) and words[start] in governments and words[start + 1] == "of":
            start += 2  # "the Government of Peru": the country acts
        for end in range(min(len(words), start + _MAX_NAME_WORDS), start, -1):
            key = forms.get(" ".join(words[start:end]))
            if key is None and end == start + 1 and words[start] in adjectives:
                key = forms.get(adjectives[words[start]])  # "Congressional"
            if key is not None:
                keys.append(key)
                break
    return list(dict.fromkeys(keys))


def horizon_of(text: str) -> str:
    """The horizon named by the earliest cue phrase in ``text``, else "unspecified".

    >>> horizon_of("In the short-term, agendas should include recovery.")
    'short term'
    >>> horizon_of("The medium- and longer-term agendas should include training.")
    'medium term'
    """
    lower = text.lower()
    best: tuple[int, str] | None = None
    for horizon, pattern in _horizon_patterns():
        match = pattern.search(lower)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), horizon)
    return best[1] if best else "unspecified"


@lru_cache(maxsize=1)
def _horizon_patterns() -> list[tuple[str, re.Pattern]]:
    """Each horizon cue as a compiled pattern, in the order the cue file lists them."""
    return [(horizon, re.compile(r"(?<![\w-])" + re.escape(cue)
                                 + (r"(?![\w])" if cue[-1].isalnum() else "")))
            for horizon, cues in recommendation_cues()["horizon_cues"].items() for cue in cues]


def prescriptive_verb(view: SentenceView, text: str | None = None) -> Any | None:
    """The verb a prescriptive modal or "need to" governs in the sentence, if any.

    A cue inside a cited title (:func:`in_title`) prescribes nothing; ``text``, the
    report's original text, lets italics count as a title.
    """
    modals = _cues("prescriptive_modals")
    needs = _cues("prescriptive_need_verbs")
    for token in view.span:
        verb = None
        if token.tag_ == "MD" and token.lower_ in modals and token.dep_ == "aux":
            verb = token.head
        elif token.lemma_.lower() in needs and token.pos_ in ("VERB", "AUX"):
            xcomps = [c for c in token.children if c.dep_ == "xcomp"
                      and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children)]
            if xcomps and not any(c.dep_ == "aux" and c.lower_ in ("will", "would")
                                  for c in token.children):
                verb = xcomps[0]
        if verb is not None and not in_title(view, token, text):
            return verb
    return None


# an emphasis run of Markdown that opens or closes italics (not a bullet's "* ")
_EMPHASIS = re.compile(r"(?<!\\)(?:(?<=\S)(?:\*{1,3}|_{2,3})|(?:\*{1,3}|_{2,3})(?=\S))")
_OPENING_QUOTES = {"\u201c": 1, "\u2018": 1, "\u201d": -1, "\u2019": -1}


def in_title(view: SentenceView, cue: Any, text: str | None = None) -> bool:
    """Whether a cue word stands in a cited title rather than in the author's voice.

    It does when it is capitalised inside the sentence ("… Tribal Areas Need to Be
    Improved"), inside quotation marks, under a verb of titling ("a report titled
    Agencies need to …") or, given the report's original ``text``, in italics.
    """
    before = view.doc[view.span.start:cue.i]
    if cue.text[:1].isupper() and any(t.is_alpha for t in before):
        return True
    depth, straight = 0, 0
    for token in before:
        if token.text in _OPENING_QUOTES:
            depth = max(0, depth + _OPENING_QUOTES[token.text])
        else:
            straight += token.text.count('"')
    if depth or straight % 2:
        return True
    titles = _cues("title_verbs")
    head = cue
    for _ in range(8):
        if head.lemma_.lower() in titles:
            return True
        if head.head is head:
            break
        head = head.head
    if text is not None and view.paragraph.offsets:
        start = view.sentence.spans[0].start
        at = view.paragraph.offsets[min(cue.idx, len(view.paragraph.offsets) - 1)]
        if start < at and len(_EMPHASIS.findall(text, start, at)) % 2:
            return True
    return False


def _agent_tokens(verb: Any) -> list[Any]:
    subjects = subjects_of(verb)
    if subjects:
        return subjects
    # "X need to …": the subject sits on "need", the verb is its xcomp
    if verb.dep_ == "xcomp":
        return [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def actor_keys(view: SentenceView, token: Any, context: Context) -> list[str]:
    """The actors a noun phrase stands for: its own entity, a collective, or, for an office
    the entity stage did not name, the body in its of-phrase ("the Administrator of USAID"
    → USAID)."""
    actors = _actor_types()
    found = anchors_for(view, token, context, actors, owners=False)
    if not found and token.lemma_.lower() in _cues("office_titles"):
        for owner in prep_objects(token, ("of",)):
            found += anchors_for(view, owner, context, actors, owners=False)
    return list(dict.fromkeys(found))


def addressees(view: SentenceView, verb: Any, context: Context,
               previous: list[str]) -> tuple[list[str], bool]:
    """The actors a prescriptive verb is addressed to, and whether the sentence prescribes.

    "they" stands for the actors addressed in the previous sentence.
    """
    cues = recommendation_cues()
    plan_nouns = _cues("plan_nouns")
    non_agents = _cues("non_agent_pronouns")
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    keys: list[str] = []
    plan = False
    for token in _agent_tokens(verb):
        if token.lower_ in ("they", "we") and previous:
            keys.extend(previous)
            continue
        found = actor_keys(view, token, context)
        keys.extend(found)
        if not found and any(t.lemma_.lower() in plan_nouns or t.lower_ in plan_nouns
                             for t in conjuncts(token)):
            plan = True
        if token.lower_ in non_agents and not found:
            return [], False
    keys = list(dict.fromkeys(keys))
    if verb.lemma_.lower() in cues["predictive_verbs"] and not (keys and verb.lemma_ != "be"):
        # "should help", "should open the door"; "be" only with an actor ("X must be ready")
        return [], False
    return keys, bool(keys) or plan or passive


def recommending_verb(view: SentenceView, context: Context) -> Any | None:
    """A verb by which the sentence recommends: an operative verb opening it ("Calls upon
    Member States to …", "Also requests the Secretary-General to …") or a verb of
    recommending in the present whose subject is the author or an actor ("We recommend
    that …", "GAO urges Congress to …", "The authors call on Canada to …", "It is
    recommended that …").

    Past tenses report someone's recommendation, not the author's, and are left out, as
    are negated verbs and verbs lacking the complement they recommend with.
    """
    operative = _operative_verb(view)
    if operative is not None:
        return operative
    strong = _cues("recommending_verbs")
    weak = _cues("recommending_verbs_of_the_author")
    for token in view.span:
        lemma = token.lemma_.lower()
        if (lemma in strong or lemma in weak) and token.pos_ == "VERB" \
                and _recommends(view, token, lemma in weak, context):
            return token
    return None


def _operative_verb(view: SentenceView) -> Any | None:
    leads = _cues("operative_lead_words")
    for token in view.span:
        if token.is_punct or token.like_num or token.is_space or token.lower_ in leads:
            continue
        if token.lower_ in _cues("operative_verbs") \
                and token.dep_ not in ("nsubj", "nsubjpass", "compound"):
            return token
        return None
    return None


def _recommends(view: SentenceView, verb: Any, author_only: bool, context: Context) -> bool:
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    passive = any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in children)
    auxiliaries = [c.lower_ for c in children if c.dep_ == "aux"]
    # "we would recommend", "we do urge"; a main verb with a subject and no auxiliary
    # tagged as a base form ("We, the Heads of State, call upon …") is a present too
    present = verb.tag_ in ("VBZ", "VBP") or passive or verb.tag_ == "VB" and (
        any(a in ("would", "do") for a in auxiliaries)
        or verb.dep_ == "ROOT" and not auxiliaries
        and any(c.dep_ == "nsubj" for c in children))
    if not present:
        return False
    clauses = [c for c in children if c.dep_ == "ccomp" and not _asks(c)]
    needed = recommendation_cues()["recommending_verb_preps"].get(verb.lemma_.lower())
    if needed is not None:
        if not any(c.dep_ == "prep" and c.lower_ in needed for c in children):
            return False
    elif not clauses and not any(c.dep_ in ("xcomp", "dobj") for c in children):
        return False
    if passive:
        return bool(clauses)
    subjects = [c for c in children if c.dep_ == "nsubj"]
    authors = _cues("author_subjects")
    for subject in subjects:
        if subject.lower_ in authors or subject.lemma_.lower() in authors:
            return True
        if not author_only and actor_keys(view, subject, context):
            return True
    return False


def _asks(clause: Any) -> bool:
    """Whether a clause is an indirect question ("we ask whether …"), not a request."""
    return any(c.lower_ in ("whether", "if") or c.tag_ in ("WDT", "WP", "WRB")
               for c in clause.children)


def recommended_addressees(view: SentenceView, verb: Any, context: Context) -> list[str]:
    """The actors a verb of recommending addresses: the subject of its that-clause ("that
    the Secretary of State direct …"), its object ("urge the Administration to …") or
    the object of "on"/"upon"/"to" ("call on Canada to …") — never its own subject."""
    preps = _cues("addressee_preps")
    tokens: list[Any] = []
    for child in verb.children:
        if child.dep_ == "ccomp" and not _asks(child):
            tokens += [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
        elif child.dep_ == "dobj":
            tokens.append(child)
        elif child.dep_ == "prep" and child.lower_ in preps:
            tokens += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "xcomp":
            tokens += [c for c in child.children if c.dep_ == "nsubj"]
    keys: list[str] = []
    for token in tokens:
        keys += actor_keys(view, token, context)
    return list(dict.fromkeys(keys))


def prescription(view: SentenceView, context: Context, previous: list[str],
                 text: str | None = None) -> tuple[list[str], bool]:
    """Whether a sentence recommends, by a verb of recommending (:func:`recommending_verb`)
    or a prescriptive modal (:func:`prescriptive_verb`), and the actors it addresses.

    ``previous`` are the actors addressed just before ("they"); ``text`` is the report's
    original text (italic titles).
    """
    verb = recommending_verb(view, context)
    if verb is not None:
        keys = recommended_addressees(view, verb, context)
        if not keys:
            # "We recommend that more be done; Congress should …": a modal's agent
            modal = prescriptive_verb(view, text)
            if modal is not None:
                keys = addressees(view, modal, context, [])[0]
        return keys, True
    modal = prescriptive_verb(view, text)
    if modal is None:
        return [], False
    return addressees(view, modal, context, previous)


def _content_words(view_or_doc: Any) -> set[str]:
    return {t.lemma_.lower() for t in view_or_doc if t.pos_ not in _STOP_POS and not t.is_stop
            and any(ch.isalnum() for ch in t.text)}


def _concerns(views: list[SentenceView]) -> list[str]:
    cues = relation_cues()
    kinds = set(cues["agreement_types"]) | set(cues["forum_types"]) | {"Region", "Country"}
    found: list[str] = []
    for view in views:
        for anchor in view.issues:
            found.append(anchor.key)
        for anchor in view.entities:
            if anchor.type in kinds:
                found.append(anchor.key)
    return list(dict.fromkeys(found))


def _ends_with_heading(section: Any) -> bool:
    """Whether a section's last paragraph is a recommendations heading that the structure
    read as a short paragraph (a heading followed straight by a sub-heading)."""
    if not section.paragraphs:
        return False
    last = section.paragraphs[-1]
    text = last.text.strip()
    return (last.kind == "body" and len(text.split()) <= 8 and text[-1:] not in ".!?"
            and is_recommendation_heading(text))


def _restatement(words: set[str], views: list[SentenceView], threshold: float,
                 used: set[int], content: dict[int, set[str]]) -> list[list[SentenceView]]:
    """The body sentences (alone, or two in a row of one paragraph) that hold at least
    ``threshold`` of a bullet's content words.

    ``content`` holds each view's content words by sentence index, filled as they are
    first needed: every bullet is compared with the same sentences.
    """
    if not words:
        return []

    def content_words(view: SentenceView) -> set[str]:
        found = content.get(view.sentence.index)
        if found is None:
            found = content[view.sentence.index] = _content_words(view.span)
        return found

    found: list[list[SentenceView]] = []
    taken: set[int] = set(used)
    singles = [[v] for v in views]
    pairs = [[v, w] for v, w in zip(views, views[1:]) if w.paragraph is v.paragraph]
    # a single sentence first; two sentences in a row only for a bullet no sentence holds
    for windows in (singles, pairs):
        for window in windows:
            if any(v.sentence.index in taken for v in window):
                continue
            held = content_words(window[0])
            if len(window) > 1:
                held = held | content_words(window[1])
            if len(words & held) / len(words) >= threshold:
                found.append(window)
                taken.update(v.sentence.index for v in window)
        if found:
            break
    return found


def recommendations_of(report: Report) -> list[Recommendation]:
    """The recommendations of one report (pure: the report is unchanged)."""
    views = sentence_views(report)
    context = report_context(report)
    by_paragraph: dict[int, list[SentenceView]] = {}
    for view in views:
        by_paragraph.setdefault(view.paragraph.index, []).append(view)
    # leaders named in the report resolve "the leaders"
    for relation in report.relations:
        if relation.predicate == "leader_of":
            context.leaders.setdefault(relation.object, relation.subject)

    # each bullet of a recommendations block, with the actors its heading names
    forms = actor_forms(report)
    bullets: list[tuple[str, list[SentenceView], list[str]]] = []
    in_block = False
    block_keys: list[str] = []
    heading_keys: list[str] = []
    for section in report.sections:
        kinds = {p.kind for p in section.paragraphs} - {"pull_quote"}
        if is_recommendation_heading(section.title):
            in_block = True
            block_keys = heading_keys = heading_addressees(section.title, forms)
        elif in_block and section.title and kinds == {"bullet"}:
            # sub-headings holding only lists ("For Congress") continue the block
            heading_keys = heading_addressees(section.title, forms) or block_keys
        else:
            in_block = False
        if not in_block:
            in_block = _ends_with_heading(section)
            if in_block:
                block_keys = heading_addressees(section.paragraphs[-1].text, forms)
            continue
        lead: SentenceView | None = None
        for paragraph in section.paragraphs:
            if paragraph.kind == "bullet" and paragraph.index in by_paragraph:
                bullets.append((paragraph.text, by_paragraph[paragraph.index], heading_keys,
                                lead))
            elif paragraph.kind != "bullet":
                # "we recommend that the Secretary … take the following actions:"
                views_here = by_paragraph.get(paragraph.index)
                lead = views_here[-1] if views_here and paragraph.text.rstrip().endswith(
                    ":") else None
    bullet_ids = {id(v) for _, vs, _, _ in bullets for v in vs}

    body: list[tuple[SentenceView, list[str]]] = []
    previous: list[str] = []
    paragraph = None
    actors = _actor_types()
    for view in views:
        if id(view) in bullet_ids:
            continue
        if view.paragraph is not paragraph:
            paragraph, previous = view.paragraph, []
        keys, prescribes = prescription(view, context, previous, report.text)
        if prescribes:
            body.append((view, keys))
        subjects = [k for t in view.span if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
                    for k in anchors_for(view, t, context, actors, owners=False)]
        previous = keys or subjects or previous

    threshold = recommendation_cues()["restatement_overlap"]
    items: list[tuple[str, list[SentenceView], list[str]]] = []
    used: set[int] = set()
    candidates = [v for v in views if id(v) not in bullet_ids]
    content: dict[int, set[str]] = {}
    body_keys = {id(view): keys for view, keys in body}
    for text, bullet_views, heading_keys, lead in bullets:
        words = set().union(*(_content_words(v.span) for v in bullet_views))
        places = list(bullet_views)
        # the item's own agent ("Congress should …") first, then a restatement's, then that
        # of the sentence introducing the list, then the heading's ("… for Congress")
        own: list[str] = []
        for view in bullet_views:
            own += prescription(view, context, [], report.text)[0]
        restated: list[str] = []
        for window in _restatement(words, candidates, threshold, used, content):
            for view in window:
                places.append(view)
                used.add(view.sentence.index)
                restated.extend(body_keys.get(id(view), []))
        introduced = body_keys.get(id(lead), []) if lead is not None else []
        addressed = own or restated or introduced or heading_keys
        items.append((text, places, list(dict.fromkeys(addressed))))
    for view, keys in body:
        if view.sentence.index not in used:
            items.append((view.sentence.text, [view], keys))

    items.sort(key=lambda item: min(v.sentence.index for v in item[1]))
    recommendations = []
    for number, (text, places, addressed) in enumerate(items):
        places = sorted(places, key=lambda v: v.sentence.index)
        horizon = "unspecified"
        for view in places:
            horizon = horizon_of(view.sentence.text)
            if horizon != "unspecified":
                break
        recommendations.append(Recommendation(
            index=number, text=text, evidence=[v.evidence() for v in places],
            addressed_to=addressed,
            concerns=[k for k in _concerns(places) if k not in addressed], horizon=horizon))
    return recommendations


def extract_recommendations(reports: Iterable[Report]) -> None:
    """Fill ``report.recommendations`` of each report, in place.

    Run after entity extraction, issue tagging and :func:`graphbuild.relations.extract_relations`
    (its leaders resolve "the leaders"). spaCy is not run again.
    """
    for report in reports:
        report.recommendations = recommendations_of(report)
