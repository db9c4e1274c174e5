"""Accuracy and cost of entity extraction and issue tagging against the hand annotations.

Run: ``python benchmarks/entities.py``. Entities are compared at entity level after alias
resolution: an extracted entity matches a gold one when its label or any alias equals the
gold label or any gold alias (folded, a leading title dropped). Only entities with a mention in the annotated lines
count; the figures per type also ask that the types agree. Issues: a predicted concept is
right when the gold concepts or their broader concepts hold it; recall is over the gold
concepts. Every ``tests/data/entities_*.json`` is scored, the texts the rules were tuned on
first, then the held-out ones, which no rule was written against.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graphbuild.entities import extract_entities, fold  # noqa: E402
from graphbuild.issues import broader_closure, tag_issues  # noqa: E402

ACTORS = {"Person", "Country", "SubnationalRegion", "Region", "GovernmentAgency", "Administration",
          "Legislature", "InternationalOrganization", "ThinkTank", "NGO", "University",
          "Company", "Group"}
AGREEMENTS = {"TradeAgreement", "Treaty", "ActionPlan", "Initiative", "Partnership", "Program",
              "DialogueMechanism", "Law", "Policy", "Event"}


def forms_of(label: str, aliases) -> set[str]:
    """An entity's names, folded, each also without a leading title: the text's
    "President Biden" and the extracted "Biden" are one name."""
    from graphbuild.entities import entity_cues

    titles = sorted((fold(t) for t in entity_cues()["titles"]), key=len, reverse=True)
    found = set()
    for name in (label, *aliases):
        name = fold(name)
        found.add(name)
        for title in titles:
            rest = name[len(title) + 1:]
            if name.startswith(title + " ") and rest.split(" ", 1)[0] not in ("of", "for", "the"):
                found.add(rest)  # "President Biden" → "biden", not "Secretary of State" → "of state"
                break
    return found


def load(nlp, gold_path: Path):
    from graphbuild.nlp import segment
    from graphbuild.structure import structure

    gold = json.loads(gold_path.read_text("utf-8"))
    source = REPO / gold.get("report", "") if "report" in gold else REPO / gold["passage"]
    text = source.read_text("utf-8")
    report = structure(text, source.name, "0" * 64)
    segment([report], nlp)
    return gold, report


def in_lines(report, gold, mention) -> bool:
    for section in gold["sections"]:
        for span in mention.spans:
            line, _ = report.line_col(span.start)
            if section["first_line"] <= line <= section["last_line"] \
                    and line not in section.get("excluded_lines", []):
                return True
    return False


def score(gold, report) -> dict:
    predicted = []
    for entity in report.entities:
        if any(in_lines(report, gold, m) for m in entity.mentions):
            predicted.append(entity)
    results = {}
    matched_gold = set()
    typed_gold: set[int] = set()
    right = defaultdict(int)
    total_pred = defaultdict(int)
    wrong_merges = []
    for entity in predicted:
        names = forms_of(entity.label, entity.aliases)
        hits = [i for i, g in enumerate(gold["entities"])
                if names & forms_of(g["label"], g["aliases"])]
        group = "actors" if entity.type in ACTORS else "agreements"
        total_pred[group] += 1
        total_pred[entity.type] += 1
        if len({gold["entities"][i]["label"] for i in hits}) > 1:
            wrong_merges.append((entity.label, [gold["entities"][i]["label"] for i in hits]))
        if hits:
            right[group] += 1
            matched_gold.update(hits)
            # per type, a match counts only when the types agree too
            same = [i for i in hits if gold["entities"][i]["type"] == entity.type]
            right[entity.type] += bool(same)
            typed_gold.update(same)
        else:
            results.setdefault("false_positives", []).append(f"{entity.type}:{entity.label}")
    gold_count = defaultdict(int)
    found = defaultdict(int)
    for i, g in enumerate(gold["entities"]):
        group = "actors" if g["type"] in ACTORS else "agreements"
        gold_count[group] += 1
        gold_count[g["type"]] += 1
        if i in matched_gold:
            found[group] += 1
            found[g["type"]] += i in typed_gold
        else:
            results.setdefault("missed", []).append(f"{g['type']}:{g['label']}")
    split = []
    for g in gold["entities"]:
        forms = forms_of(g["label"], g["aliases"])
        owners = {e.key for e in predicted if forms & forms_of(e.label, e.aliases)}
        if len(owners) > 1:
            split.append((g["label"], sorted(owners)))
    for name in sorted(set(gold_count) | set(total_pred)):
        p = right[name] / total_pred[name] if total_pred[name] else 0.0
        r = found[name] / gold_count[name] if gold_count[name] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        results[name] = (round(p, 3), round(r, 3), round(f, 3))
    results["wrong_merges"] = wrong_merges
    results["split_groups"] = split
    # issues
    predicted_issues = set()
    paragraphs = {p.index: p for p in report.paragraphs}
    sentence_para = {s.index: p for p in report.paragraphs for s in p.sentences}
    for tag in report.issue_tags:
        paragraph = sentence_para[tag.sentence_index]
        from graphbuild.model import map_spans, Mention
        spans = map_spans(paragraph, tag.start, tag.end)
        if any(in_lines(report, gold, Mention("", "", 0, 0, 0, 0, [s])) for s in spans):
            predicted_issues.add(tag.concept)
    gold_issues = set(gold["issues"])
    allowed = set(broader_closure(gold_issues))
    p = len(predicted_issues & allowed) / len(predicted_issues) if predicted_issues else 0.0
    r = len(predicted_issues & gold_issues) / len(gold_issues)
    results["issues"] = (round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0, 3))
    results["issues_wrong"] = sorted(predicted_issues - allowed)
    results["issues_missed"] = sorted(gold_issues - predicted_issues)
    return results


def annotations() -> list[tuple[str, str]]:
    """Every entity annotation in tests/data/ as (file name, role): the texts the rules
    were tuned on first, then the held-out ones (see each file's ``role_note``)."""
    found = []
    for path in sorted((REPO / "tests" / "data").glob("entities_*.json")):
        role = json.loads(path.read_text("utf-8")).get("role", "tuning")
        found.append((path.name, role))
    order = {"entities_bundled.json": 0, "entities_other.json": 1}
    return sorted(found, key=lambda item: (item[1] == "held-out", order.get(item[0], 2), item[0]))


def main() -> None:
    from graphbuild.gazetteers import GAZETTEER_NAMES, load_gazetteers
    from graphbuild.nlp import load_pipeline
    from graphbuild.settings import Settings

    nlp = load_pipeline(Settings())
    for name, role in annotations():
        gold, report = load(nlp, REPO / "tests" / "data" / name)
        t0 = time.perf_counter()
        extract_entities([report], nlp)  # the first call builds the matchers, once per pipeline
        tag_issues([report])
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        texts = [p.text for p in report.paragraphs]
        list(nlp.pipe(texts))
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        extract_entities([report], nlp)
        tag_issues([report])
        added = time.perf_counter() - t0
        results = score(gold, report)
        print(f"== {name} ({role} text)")
        for key in ("actors", "agreements", "issues"):
            print(f"  {key:12} P/R/F1 {results.get(key)}")
        for key, value in sorted(results.items()):
            if isinstance(value, tuple) and key not in ("actors", "agreements", "issues"):
                print(f"    {key:28} {value}")
        for key in ("missed", "false_positives", "wrong_merges", "split_groups",
                    "issues_wrong", "issues_missed"):
            print(f"  {key}: {results.get(key, [])}")
        print(f"  spaCy over the text {bare:.2f}s; extraction + issues over the Docs {added:.2f}s "
              f"({added / bare:.0%}); first call, building the matchers, {first:.2f}s")
        if name == "entities_bundled.json":
            text = fold(" ".join(p.text for p in report.paragraphs))
            for gaz in GAZETTEER_NAMES:
                entries = load_gazetteers([gaz])
                present = sum(any(f" {fold(f)} " in f" {text} " for f in e.names) for e in entries)
                print(f"  gazetteer {gaz:28} {present}/{len(entries)} entries occur")
            with_qid = [e for e in report.entities if e.gazetteer_id]
            print(f"  wikidata: {sum(bool(e.wikidata) for e in report.entities)} of "
                  f"{len(report.entities)} entities ({sum(bool(e.wikidata) for e in with_qid)} of "
                  f"{len(with_qid)} gazetteer entities)")


if __name__ == "__main__":
    main()
