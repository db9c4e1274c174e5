"""Accuracy of relation and recommendation extraction against the hand annotations.

Prints precision and recall per predicate and overall for every annotated text in
tests/data/ (``relations_<name>.json`` beside ``entities_<name>.json``): first the texts the
rules were written against ("tuning", the bundled report's annotated sections among them),
then the held-out texts, annotated before the rules ever ran on them and never tuned on
(each file's ``role`` and ``role_note`` say which is which), each group also summed; then
the recall of the annotated recommendations.

Relations are compared as triples (subject, predicate, object), symmetric predicates in
either order; a triple counts as extracted when one of its evidence sentences lies in the
annotated lines. Subject and object match when the annotated entity's label or one of
its annotated aliases (tests/data/entities_*.json), normalised, is the extracted entity's
label or one of its aliases; issues by concept id, an annotated issue implying its broader
concepts.

Entities come from ``graphbuild.entities`` and issues from ``graphbuild.issues`` when those
modules exist (``--entities pipeline``, the default then); ``--entities gold`` places the
annotated entities (labels and aliases of tests/data/entities_*.json) and the labels
of the issues annotated there on the text instead, which measures the relation rules alone.

Usage::

    python benchmarks/relations.py [--entities gold|pipeline] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO / "tests" / "data"

from graphbuild.model import Entity, IssueTag, Mention, Report  # noqa: E402
from graphbuild.relations import PREDICATES, SYMMETRIC  # noqa: E402


def normalise(label: str) -> str:
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# ---------------------------------------------------------------- gold placement

def gold_entities(report: Report, annotation: dict) -> None:
    """Place the annotated entities on the text by their labels and aliases."""
    entities = []
    for record in annotation["entities"]:
        key = f"{record['type']}:{normalise(record['label'])}"
        entity = Entity(key, record["type"], record["label"], list(record["aliases"]))
        forms = sorted({record["label"], *record["aliases"]}, key=len, reverse=True)
        for paragraph in report.paragraphs:
            taken: list[tuple[int, int]] = []
            for sentence in paragraph.sentences:
                for form in forms:
                    pattern = r"(?<![\w])" + re.escape(form).replace("'", "['\u2019]") + r"(?![\w])"
                    for match in re.finditer(pattern, sentence.text):
                        start = sentence.start + match.start()
                        end = sentence.start + match.end()
                        if any(a < end and start < b for a, b in taken):
                            continue
                        taken.append((start, end))
                        entity.mentions.append(Mention(form, record["type"], paragraph.index,
                                                       sentence.index, start, end,
                                                       source="gold", entity_key=key))
        entities.append(entity)
    report.entities = entities


def gold_issues(report: Report, concepts: list[str] | None = None) -> None:
    """Tag issues by the scheme's labels (lower-case, whole words, longest first), only
    the ``concepts`` annotated as discussed in the text when given."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph().parse(REPO / "graphbuild" / "data" / "issues.ttl")
    labels: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for concept, label in graph.subject_objects(predicate):
            concept_id = str(concept).rsplit("/", 1)[-1]
            if concepts is None or concept_id in concepts:
                labels.setdefault(str(label).lower(), concept_id)
    tags = []
    for paragraph in report.paragraphs:
        for sentence in paragraph.sentences:
            lower = sentence.text.lower()
            taken: list[tuple[int, int]] = []
            for label in sorted(labels, key=len, reverse=True):
                for match in re.finditer(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", lower):
                    if any(a < match.end() and match.start() < b for a, b in taken):
                        continue
                    taken.append(match.span())
                    tags.append(IssueTag(labels[label], sentence.index, label,
                                         sentence.start + match.start(),
                                         sentence.start + match.end()))
    report.issue_tags = tags


# ---------------------------------------------------------------- scoring

def lines_of(report: Report, sentence_index: int) -> set[int]:
    sentence = report.sentences[sentence_index]
    lines = set()
    for span in sentence.spans:
        first = report.line_col(span.start)[0]
        last = report.line_col(max(span.start, span.end - 1))[0]
        lines.update(range(first, last + 1))
    return lines


def annotated_lines(annotation: dict) -> set[int]:
    lines: set[int] = set()
    for section in annotation["sections"]:
        if "recommendations only" in section.get("note", ""):
            continue
        lines.update(range(section["first_line"], section["last_line"] + 1))
        lines.difference_update(section.get("excluded_lines", []))
    return lines


def names_of(report: Report) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for entity in report.entities:
        forms = {entity.label, *entity.aliases, *(m.text for m in entity.mentions)}
        names[entity.key] = {normalise(f) for f in forms}
    return names


_BROADER: dict[str, set[str]] = {}


def broader(concept: str) -> set[str]:
    """The concept and every concept above it in the shipped issue scheme."""
    if not _BROADER:
        from rdflib import Graph
        from rdflib.namespace import SKOS

        graph = Graph().parse(REPO / "graphbuild" / "data" / "issues.ttl")
        for narrow, broad in graph.subject_objects(SKOS.broader):
            _BROADER.setdefault(str(narrow).rsplit("/", 1)[-1], set()).add(
                str(broad).rsplit("/", 1)[-1])
    found, stack = {concept}, [concept]
    while stack:
        for parent in _BROADER.get(stack.pop(), ()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


#: annotated label (normalised) → its normalised label and aliases, from entities_*.json
GOLD_NAMES: dict[str, set[str]] = {}


def load_gold_names(annotation: dict) -> None:
    GOLD_NAMES.clear()
    for record in annotation["entities"]:
        forms = {normalise(record["label"])} | {normalise(a) for a in record["aliases"]}
        GOLD_NAMES[normalise(record["label"])] = forms


def matches(key: str, label: str, names: dict[str, set[str]]) -> bool:
    """Whether an extracted key names an annotated entity: the annotated label, or one of
    the annotated aliases, is among the extracted entity's label and aliases. An annotated
    issue implies its broader concepts (as the entity annotations' guidelines say)."""
    if key.startswith("issue:"):
        return key[len("issue:"):] in broader(label)
    wanted = GOLD_NAMES.get(normalise(label), {normalise(label)})
    return bool(wanted & names.get(key, set()))


def score_relations(report: Report, annotation: dict, show: bool = False) -> dict:
    lines = annotated_lines(annotation)
    names = names_of(report)
    gold: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for record in annotation["relations"]:
        triple = (record["subject"], record["predicate"], record["object"])
        if record["predicate"] in SYMMETRIC:
            triple = (min(triple[0], triple[2]), triple[1], max(triple[0], triple[2]))
        gold[triple].append(record["line"])
    extracted = [r for r in report.relations
                 if any(lines_of(report, e.sentence_index) & lines for e in r.evidence)]
    found_gold: set[tuple[str, str, str]] = set()
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "gold": 0, "found": 0})
    for triple in gold:
        per[triple[1]]["gold"] += 1
    wrong = []
    for relation in extracted:
        hit = None
        for triple in gold:
            if triple[1] != relation.predicate:
                continue
            direct = matches(relation.subject, triple[0], names) and matches(
                relation.object, triple[2], names)
            swapped = relation.predicate in SYMMETRIC and matches(
                relation.subject, triple[2], names) and matches(relation.object, triple[0], names)
            if direct or swapped:
                hit = triple
                break
        if hit is None:
            per[relation.predicate]["fp"] += 1
            wrong.append(relation)
        else:
            per[relation.predicate]["tp"] += 1
            found_gold.add(hit)
    for triple in found_gold:
        per[triple[1]]["found"] += 1
    if show:
        for relation in wrong:
            where = sorted({min(lines_of(report, e.sentence_index)) for e in relation.evidence})
            print(f"    extra: {relation.subject} {relation.predicate} {relation.object} "
                  f"[{relation.rule}] lines {where}")
        for triple in gold:
            if triple not in found_gold:
                print(f"    missed: {triple} lines {gold[triple]}")
    return dict(per)


def score_recommendations(report: Report, annotation: dict,
                          show: bool = False) -> tuple[int, int, int, int]:
    """Annotated recommendations found (an extracted one has evidence on one of their
    lines), their number, and among the found ones how many have exactly the annotated
    addressees and horizon."""
    names = names_of(report)
    found = addressed = horizons = 0
    for record in annotation["recommendations"]:
        wanted = set(record.get("lines", [record["line"]]))
        hits = [r for r in report.recommendations
                if any(lines_of(report, e.sentence_index) & wanted for e in r.evidence)]
        found += bool(hits)
        if show and not hits:
            print(f"    missed recommendation line {record['line']}: {record['text'][:70]}")
        if not hits:
            continue
        words = set(normalise(record["text"]).split())
        best = max(hits, key=lambda r: len(words & set(normalise(r.text).split())))
        same = len(best.addressed_to) == len(record["addressed_to"]) and all(
            any(matches(key, label, names) for key in best.addressed_to)
            for label in record["addressed_to"])
        addressed += same
        horizons += best.horizon == record["horizon"]
        if show and not same:
            print(f"    addressees line {record['line']}: {best.addressed_to} "
                  f"(annotated {record['addressed_to']})")
        if show and best.horizon != record["horizon"]:
            print(f"    horizon line {record['line']}: {best.horizon} "
                  f"(annotated {record['horizon']})")
    return found, len(annotation["recommendations"]), addressed, horizons


def print_table(title: str, per: dict) -> tuple[int, int, int, int]:
    print(title)
    print(f"  {'predicate':<16} {'precision':>9} {'recall':>7}   tp  fp  gold")
    totals = [0, 0, 0, 0]
    for predicate in PREDICATES:
        row = per.get(predicate)
        if not row:
            continue
        tp, fp, gold, found = row["tp"], row["fp"], row["gold"], row["found"]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = found / gold if gold else float("nan")
        print(f"  {predicate:<16} {precision:>9.2f} {recall:>7.2f}  {tp:>3} {fp:>3} {gold:>5}")
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + gold, totals[3] + found]
    tp, fp, gold, found = totals
    print(f"  {'overall':<16} {tp / max(tp + fp, 1):>9.2f} {found / max(gold, 1):>7.2f}  "
          f"{tp:>3} {fp:>3} {gold:>5}")
    return tp, fp, gold, found


# ---------------------------------------------------------------- running

def build(path: Path, entity_annotation: Path, mode: str, nlp) -> Report:
    from graphbuild.nlp import segment
    from graphbuild.recommendations import extract_recommendations
    from graphbuild.relations import extract_relations
    from graphbuild.structure import structure

    text = path.read_text("utf-8")
    report = structure(text, path.name, "0" * 64)
    segment([report], nlp)
    if mode == "gold":
        annotation = json.loads(entity_annotation.read_text("utf-8"))
        gold_entities(report, annotation)
        gold_issues(report, annotation.get("issues"))
    else:
        from graphbuild.entities import extract_entities
        extract_entities([report], nlp)
        try:
            from graphbuild.issues import tag_issues
        except ImportError:
            gold_issues(report)
        else:
            tag_issues([report])
    extract_relations([report])
    extract_recommendations([report])
    return report


def annotated_texts() -> list[tuple[str, str, Path, Path, Path]]:
    """(name, role, text, entity annotation, relation annotation) for every
    ``relations_<name>.json``: the tuning texts first (the bundled report, then the other
    passage), then the held-out ones."""
    found = []
    for relations in sorted(DATA.glob("relations_*.json")):
        name = relations.stem[len("relations_"):]
        annotation = json.loads(relations.read_text("utf-8"))
        text = REPO / (annotation.get("report") or annotation["passage"])
        found.append((name, annotation.get("role", "tuning"), text,
                      DATA / f"entities_{name}.json", relations))
    order = {"bundled": 0, "other": 1}
    return sorted(found, key=lambda t: (t[1] == "held-out", order.get(t[0], 2), t[0]))


def measure(mode: str, show: bool = False, nlp=None) -> dict:
    """Run every annotated text; return the figures by text name (also used by the
    tests), each with its role."""
    if nlp is None:
        from graphbuild.nlp import load_pipeline
        from graphbuild.settings import Settings

        nlp = load_pipeline(Settings())
    figures = {}
    for name, role, path, entities, relations in annotated_texts():
        report = build(path, entities, mode, nlp)
        load_gold_names(json.loads(entities.read_text("utf-8")))
        annotation = json.loads(relations.read_text("utf-8"))
        if show:
            print(f"== {name} ({role})")
        per = score_relations(report, annotation, show)
        recs = score_recommendations(report, annotation, show)
        figures[name] = {"per": per, "recommendations": recs, "role": role}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    try:
        import graphbuild.entities  # noqa: F401
        default = "pipeline"
    except ImportError:
        default = "gold"
    parser.add_argument("--entities", choices=("gold", "pipeline"), default=default)
    parser.add_argument("--show", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    figures = measure(args.entities, args.show)
    print(f"entities: {args.entities}")
    for role in ("tuning", "held-out"):
        sums = [0, 0, 0, 0]
        names = [name for name, data in figures.items() if data["role"] == role]
        for name in names:
            row = print_table(f"relations, {name} ({role})", figures[name]["per"])
            sums = [a + b for a, b in zip(sums, row)]
        if names:
            tp, fp, gold, found = sums
            print(f"relations, all {role} texts ({', '.join(names)}): precision "
                  f"{tp / max(tp + fp, 1):.2f} recall {found / max(gold, 1):.2f}")
    for name, data in figures.items():
        hit, total, addressed, horizons = data["recommendations"]
        if total:
            print(f"recommendations, {name}: recall {hit / total:.2f} ({hit}/{total}); "
                  f"of those found, addressees right {addressed}/{hit}, "
                  f"horizon right {horizons}/{hit}")


if __name__ == "__main__":
    main()
