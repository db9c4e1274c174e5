"""Recommendations: what the author tells actors to do, as nodes with evidence.

:func:`extract_recommendations` finds two kinds of statement:

* the items of bullet lists in a section whose heading holds a recommendations cue
  ("Recommendations", "What should be done", "Policy options" …);
* body sentences that prescribe: a prescriptive modal ("should", "must", "ought to") or
  "need(s) to" / "have to" on a verb whose subject is an actor (or "the three
  governments", "they", "the leaders" resolved from the report), a plan or agenda, or a
  passive prescription ("should be continued"). Forecasts such as "should help" or
  "should open the door" are told apart by the verb (a shipped list).

A bullet that restates a body sentence (most of its content words appear there) is one
recommendation with both places as evidence. Each recommendation carries the actors it
is addressed to (entity keys; a bullet alone is addressed to no one in particular), what it
concerns (issues tagged in its sentences and agreements, forums and places named there) and
a horizon from a closed list, read from cue phrases. Cue words ship in
``graphbuild/data/recommendation_cues.json``; the entity types they name are those of
``graphbuild/data/relation_cues.json``.

This module does not judge how strong a recommendation is, nor split one sentence holding
several recommendations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Recommendation, Report
from .relations import (Context, SentenceView, anchors_for, conjuncts, relation_cues,
                        report_context, sentence_views, subjects_of)

HORIZONS = ("short term", "medium term", "long term", "unspecified")
_STOP_POS = {"DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON", "AUX", "SPACE", "NUM"}


@lru_cache(maxsize=1)
def recommendation_cues() -> dict[str, Any]:
    """The shipped cue words (``graphbuild/data/recommendation_cues.json``), comments dropped."""
    data = resources.files("graphbuild").joinpath("data/recommendation_cues.json").read_text(
        "utf-8")
    return {k: v for k, v in json.loads(data).items() if not k.startswith("_")}


def is_recommendation_heading(title: str | None) -> bool:
    """Whether a section heading announces recommendations (shipped cue words)."""
    if not title:
        return False
    lower = title.lower()
    return any(pattern.search(lower) for pattern in _heading_patterns())


@lru_cache(maxsize=1)
def _heading_patterns() -> list[re.Pattern]:
    return [re.compile(r"(?<![\w])" + re.escape(cue) + r"(?![\w])")
            for cue in recommendation_cues()["recommendation_headings"]]


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


def prescriptive_verb(view: SentenceView) -> Any | None:
    """The verb a prescriptive modal or "need to" governs in the sentence, if any."""
    cues = recommendation_cues()
    modals = set(cues["prescriptive_modals"])
    needs = set(cues["prescriptive_need_verbs"])
    for token in view.span:
        if token.tag_ == "MD" and token.lower_ in modals and token.dep_ == "aux":
            return token.head
        if token.lemma_.lower() in needs and token.pos_ in ("VERB", "AUX"):
            xcomps = [c for c in token.children if c.dep_ == "xcomp"
                      and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children)]
            if xcomps and not any(c.dep_ == "aux" and c.lower_ in ("will", "would")
                                  for c in token.children):
                return xcomps[0]
    return None


def _agent_tokens(verb: Any) -> list[Any]:
    subjects = subjects_of(verb)
    if subjects:
        return subjects
    # "X need to …": the subject sits on "need", the verb is its xcomp
    if verb.dep_ == "xcomp":
        return [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def addressees(view: SentenceView, verb: Any, context: Context,
               previous: list[str]) -> tuple[list[str], bool]:
    """The actors a prescriptive verb is addressed to, and whether the sentence prescribes.

    "they" stands for the actors addressed in the previous sentence.
    """
    cues = recommendation_cues()
    actors = set(relation_cues()["actor_types"])
    plan_nouns = set(cues["plan_nouns"])
    non_agents = set(cues["non_agent_pronouns"])
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    keys: list[str] = []
    plan = False
    for token in _agent_tokens(verb):
        if token.lower_ in ("they", "we") and previous:
            keys.extend(previous)
            continue
        found = anchors_for(view, token, context, actors, owners=False)
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

    bullets: list[tuple[str, list[SentenceView]]] = []
    in_block = False
    for section in report.sections:
        kinds = {p.kind for p in section.paragraphs} - {"pull_quote"}
        if is_recommendation_heading(section.title):
            in_block = True
        elif not (in_block and section.title and kinds == {"bullet"}):
            # sub-headings holding only lists ("For Congress") continue the block
            in_block = False
        if not in_block:
            in_block = _ends_with_heading(section)
            continue
        for paragraph in section.paragraphs:
            if paragraph.kind == "bullet" and paragraph.index in by_paragraph:
                bullets.append((paragraph.text, by_paragraph[paragraph.index]))
    bullet_ids = {id(v) for _, vs in bullets for v in vs}

    body: list[tuple[SentenceView, list[str]]] = []
    previous: list[str] = []
    paragraph = None
    for view in views:
        if id(view) in bullet_ids:
            continue
        if view.paragraph is not paragraph:
            paragraph, previous = view.paragraph, []
        verb = prescriptive_verb(view)
        keys: list[str] = []
        if verb is not None:
            keys, prescribes = addressees(view, verb, context, previous)
            if prescribes:
                body.append((view, keys))
        subjects = [k for t in view.span if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
                    for k in anchors_for(view, t, context, relation_cues()["actor_types"],
                                         owners=False)]
        previous = keys or subjects or previous

    threshold = recommendation_cues()["restatement_overlap"]
    items: list[tuple[str, list[SentenceView], list[str]]] = []
    used: set[int] = set()
    candidates = [v for v in views if id(v) not in bullet_ids]
    content: dict[int, set[str]] = {}
    for text, bullet_views in bullets:
        words = set().union(*(_content_words(v.span) for v in bullet_views))
        places = list(bullet_views)
        addressed: list[str] = []
        for window in _restatement(words, candidates, threshold, used, content):
            for view in window:
                places.append(view)
                used.add(view.sentence.index)
                for body_view, keys in body:
                    if body_view is view:
                        addressed.extend(keys)
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
