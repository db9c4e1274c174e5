"""Accuracy of the endnote reference parser against hand annotations.

Prints per-field accuracy (authors, date, title, container, identifier, URL, type) and whole-record
accuracy over the annotated sets under ``tests/data/`` (the bundled report's notes, notes of
other reports, and notes written in government and legal citation styles: CRS and GAO
reports, U.S. statutes, bills and code sections, EU COM documents, author-year
organisation citations, interviews), and authors/title/date/container accuracy over the
AnyStyle gold set when it is present.

    python benchmarks/references.py
    python benchmarks/references.py --anystyle PATH --errors

Scoring: a record's field is right when the normalised strings match (case, quotes, a
leading "The" and closing punctuation ignored). Authors are right when every gold family
name (persons) or name (organisations) is found among the parsed authors, and none are
parsed where the gold has none. Gold and parsed works of a note are paired in order; a
missing work counts wrong on every field. A purely explanatory note counts as one record,
right when nothing is parsed from it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphbuild.model import Endnote, Span, Work  # noqa: E402
from graphbuild.references import cite_works, parse_endnote  # noqa: E402

FIELDS = ("authors", "date", "title", "container", "identifier", "url", "work_type")
BUNDLED = ROOT / "tests" / "data" / "references_bundled.jsonl"
OTHER = ROOT / "tests" / "data" / "references_other.jsonl"
GOVERNMENT = ROOT / "tests" / "data" / "references_government.jsonl"
ANYSTYLE = ROOT.parent / "shared" / "anystyle" / "anystyle-gold.jsonl"


def norm(value: str | None) -> str:
    """Normalised form for comparison."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFKC", value)
    value = value.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    value = value.replace("–", "-").replace("—", "-")
    value = value.casefold().strip()
    value = value.strip(" .,;:\"'*")
    value = re.sub(r"^the\s+", "", value)
    return re.sub(r"\s+", " ", value)


def norm_url(value: str | None) -> str:
    return (value or "").strip().rstrip("/")


def authors_right(gold: list[dict], parsed: Work | None) -> bool:
    found = set()
    if parsed is not None:
        for agent in parsed.authors:
            found.add(norm(agent.family or agent.name))
            found.add(norm(agent.name))
    if not gold:
        return parsed is not None and not parsed.authors
    wanted = [norm(a.get("family") or a.get("name")) for a in gold]
    return all(w in found for w in wanted)


def field_right(name: str, gold: dict, parsed: Work | None) -> bool:
    if name == "authors":
        return authors_right(gold["authors"], parsed)
    value = getattr(parsed, name) if parsed is not None else None
    if name == "url":
        return norm_url(gold["url"]) == norm_url(value)
    return norm(gold.get(name)) == norm(value)  # a field the set does not record is None


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse_records(records: list[dict]) -> list[list[Work]]:
    """Parse annotated notes through cite_works, one run per source document, in file order."""
    by_source: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for index, record in enumerate(records):
        by_source[record.get("source", "")].append((index, record))
    parsed: list[list[Work]] = [[] for _ in records]
    for items in by_source.values():
        notes = [Endnote(number=i + 1, text=r["raw"], span=Span(0, 0)) for i, (_, r) in enumerate(items)]
        cite_works(notes)
        for (index, _), note in zip(items, notes):
            parsed[index] = note.works
    return parsed


def score(records: list[dict], parsed_notes: list[list[Work]], show_errors: bool = False) -> dict[str, float]:
    right = dict.fromkeys(FIELDS, 0)
    total = 0
    whole_right = 0
    whole_total = 0
    for record, parsed in zip(records, parsed_notes):
        gold_works = record["works"]
        if not gold_works:
            whole_total += 1
            whole_right += not parsed
            if parsed and show_errors:
                print(f"  note {record['note']}: explanatory, parsed {len(parsed)} work(s)")
            continue
        for i, gold in enumerate(gold_works):
            work = parsed[i] if i < len(parsed) else None
            total += 1
            whole_total += 1
            wrong = [f for f in FIELDS if not field_right(f, gold, work)]
            for f in FIELDS:
                right[f] += f not in wrong
            whole_right += not wrong and len(parsed) == len(gold_works)
            if wrong and show_errors:
                for f in wrong:
                    got = (
                        None
                        if work is None
                        else (
                            [a.family or a.name for a in work.authors] if f == "authors" else getattr(work, f)
                        )
                    )
                    want = (
                        [a.get("family") or a.get("name") for a in gold["authors"]]
                        if f == "authors"
                        else gold[f]
                    )
                    print(f"  note {record['note']} [{f}] want {want!r} got {got!r}")
    result = {f: right[f] / total if total else 0.0 for f in FIELDS}
    result["record"] = whole_right / whole_total if whole_total else 0.0
    result["n_works"] = total
    result["n_records"] = whole_total
    return result


def annotated(path: Path, show_errors: bool = False) -> dict[str, float]:
    records = load(path)
    return score(records, parse_records(records), show_errors)


def anystyle_scores(path: Path, show_errors: bool = False) -> dict[str, float]:
    """Authors, title, date (year) and container accuracy on the AnyStyle gold strings."""
    right = dict.fromkeys(("authors", "title", "date", "container"), 0)
    counted = dict.fromkeys(right, 0)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            works = parse_endnote(item["raw"])
            work = works[0] if works else None
            if item.get("authors_raw"):
                counted["authors"] += 1
                tokens = author_tokens(item["authors_raw"])
                got = set()
                if work is not None:
                    for agent in work.authors:
                        got.update(
                            author_tokens(" ".join(filter(None, [agent.name, agent.family, agent.given])))
                        )
                ok = bool(tokens) and tokens <= got
                right["authors"] += ok
            if item.get("title"):
                counted["title"] += 1
                ok = work is not None and norm(item["title"]) == norm(work.title)
                right["title"] += ok
                if not ok and show_errors:
                    print(f"  [title] want {item['title']!r} got {work.title if work else None!r}")
            if item.get("year"):
                counted["date"] += 1
                right["date"] += work is not None and bool(work.date) and work.date[:4] == item["year"]
            if item.get("container"):
                counted["container"] += 1
                right["container"] += work is not None and norm(item["container"]) == norm(work.container)
    return {k: right[k] / counted[k] if counted[k] else 0.0 for k in right} | {"n": counted["title"]}


def author_tokens(text: str) -> set[str]:
    """Name words of an author string: initials, "and", "et al." and punctuation left out."""
    words = re.findall(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", unicodedata.normalize("NFKC", text))
    stop = {"and", "et", "al", "eds", "ed", "editor", "editors", "with", "by", "und", "y"}
    return {w.casefold() for w in words if len(w) > 1 and w.casefold() not in stop}


def show(name: str, result: dict[str, float], fields: tuple[str, ...]) -> None:
    cells = "  ".join(f"{f}={result[f]:.3f}" for f in fields)
    print(f"{name}: {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anystyle", type=Path, default=ANYSTYLE, help="AnyStyle gold JSONL (read in place)")
    parser.add_argument("--errors", action="store_true", help="print every wrong field")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for name, path in (("bundled", BUNDLED), ("other", OTHER), ("government and legal", GOVERNMENT)):
        result = annotated(path, args.errors)
        show(
            f"{name} ({result['n_works']} works, {result['n_records']} records)", result, FIELDS + ("record",)
        )
    if args.anystyle.exists():
        result = anystyle_scores(args.anystyle, args.errors)
        show(f"anystyle ({result['n']} references)", result, ("authors", "title", "date", "container"))
    else:
        print(f"anystyle: skipped, {args.anystyle} not found")
    print(f"time: {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
