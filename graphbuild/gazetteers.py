"""Gazetteers: the shipped lists of known actors, places and agreements, and their patterns.

The lists live in ``graphbuild/data/gazetteers/*.jsonl``, one entry a line (see the README
beside them for the fields and each file's scope and sources). :func:`load_gazetteers`
reads them into :class:`GazetteerEntry` objects; :func:`ruler_patterns` turns entries into
token patterns for spaCy's ``SpanRuler``/``EntityRuler``, each pattern carrying the entry's
``id`` so a match names its canonical entity.

This module does not decide between entries that share a surface form ("Georgia" the
country and the US state) or read a form that needs context ("American"): such forms are
left out of the patterns by default and reported by :func:`ambiguous_forms`, for the
entity resolver to settle. People are never listed here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from .errors import InputError

#: The gazetteer files, in the order they are read (a name is the file name less ".jsonl").
GAZETTEER_NAMES: tuple[str, ...] = (
    "countries",
    "us_states",
    "mexican_states",
    "canadian_provinces",
    "regions",
    "us_federal_agencies",
    "mexican_government",
    "canadian_government",
    "international_organizations",
    "think_tanks",
    "indigenous_peoples",
    "agreements",
    "events",
)

#: Entity types an entry (or a hand annotation in tests/data) may have.
ENTITY_TYPES: frozenset[str] = frozenset({
    "Person", "Country", "SubnationalRegion", "Region", "GovernmentAgency", "Administration",
    "Legislature", "InternationalOrganization", "ThinkTank", "NGO", "University", "Company",
    "Group", "TradeAgreement", "Treaty", "ActionPlan", "Initiative", "Partnership", "Program",
    "DialogueMechanism", "Law", "Policy", "Event",
})

_FIELDS = {"id", "label", "type", "aliases", "demonyms", "ambiguous", "wikidata", "parent",
           "kind", "iso3166_1", "iso3166_2"}
# Words that may stand inside a name in lower case ("Department of State").
_FUNCTION_WORDS = {"of", "the", "and", "for", "on", "in", "to", "de", "del", "la", "las", "los",
                   "y", "et", "du", "des", "le", "&"}
_APOSTROPHES = ("'", "\u2019")
_DASHES = {"-", "\u2010", "\u2011", "\u2013", "\u2014"}


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity.

    Attributes
    ----------
    id : str
        Stable slug, unique across all gazetteers (``"united-states"``, ``"us-texas"``).
    label : str
        Preferred name.
    type : str
        One of :data:`ENTITY_TYPES`.
    aliases : tuple of str
        Other names: short forms, acronyms, official long forms, other languages.
    demonyms : tuple of str
        Adjectival or people forms ("Mexican"), places only.
    ambiguous : tuple of str
        Forms (label, alias or demonym) that name this entry only in some contexts.
    wikidata : str or None
        Wikidata item id ("Q96") where it has been checked.
    parent : str or None
        Id of the entry this one belongs to (an agency's department, a state's country).
    kind : str or None
        Finer kind within the type ("state", "territory", "province").
    iso3166_1, iso3166_2 : str or None
        ISO 3166 codes where the entry has one.
    gazetteer : str
        Name of the file the entry came from.
    """

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    wikidata: str | None = None
    parent: str | None = None
    kind: str | None = None
    iso3166_1: str | None = None
    iso3166_2: str | None = None
    gazetteer: str = ""

    # computed once per entry: the matchers and the resolver ask for them thousands of times
    @cached_property
    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases, without repeats."""
        return tuple(dict.fromkeys((self.label, *self.aliases)))

    @cached_property
    def surface_forms(self) -> tuple[str, ...]:
        """Every form the entry is written as: label, aliases, demonyms."""
        return tuple(dict.fromkeys((*self.names, *self.demonyms)))


def gazetteer_meta(name: str) -> dict:
    """The ``_meta`` header of one gazetteer file (scope, source, wikidata_source)."""
    first = _read(name).split("\n", 1)[0]
    return json.loads(first).get("_meta", {}) if first.strip() else {}


def load_gazetteers(names: list[str] | None = None) -> list[GazetteerEntry]:
    """Read the shipped gazetteers.

    Parameters
    ----------
    names : list of str, optional
        Which files to read (``["countries", "us_states"]``); all of
        :data:`GAZETTEER_NAMES` when omitted.

    Returns
    -------
    list of GazetteerEntry
        In file order.

    Raises
    ------
    InputError
        For an unknown gazetteer name, a line that is not JSON, an entry without id, label
        or a known type, an unknown field, or an id that two entries share.

    Examples
    --------
    >>> [e.label for e in load_gazetteers(["mexican_states"])][:2]
    ['Aguascalientes', 'Baja California']
    """
    return list(_load(tuple(GAZETTEER_NAMES if names is None else names)))


@lru_cache(maxsize=32)
def _load(names: tuple[str, ...]) -> tuple[GazetteerEntry, ...]:
    """The entries of the files named, read and checked once per set of names (entries
    are frozen, so callers share them)."""
    entries: list[GazetteerEntry] = []
    seen: dict[str, str] = {}
    for name in names:
        if name not in GAZETTEER_NAMES:
            raise InputError(f"gazetteers/{name}.jsonl", f"no gazetteer named {name!r}; "
                             f"known: {', '.join(GAZETTEER_NAMES)}")
        path = f"graphbuild/data/gazetteers/{name}.jsonl"
        for number, line in enumerate(_read(name).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"not JSON: {exc.msg}", number, exc.colno) from None
            if "_meta" in record:
                continue
            entry = _entry(record, name, path, number)
            if entry.id in seen:
                raise InputError(path, f"id {entry.id!r} already used in {seen[entry.id]}",
                                 number)
            seen[entry.id] = f"{name}.jsonl"
            entries.append(entry)
    return tuple(entries)


_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _tokens(text: str, tokenizer: Callable) -> list[str]:
    """The tokens of a form: plain words split at spaces (what the tokenizer would do, unless
    a word is one of its special cases, "cannot"), anything else through the tokenizer."""
    if _PLAIN.fullmatch(text):
        words = text.split(" ")
        rules = getattr(tokenizer, "rules", None)
        if rules is not None and not any(word in rules for word in words):
            return words
    return [t.text for t in tokenizer(text) if not t.is_space]


def ruler_patterns(entries: Iterable[GazetteerEntry], *, include_ambiguous: bool = False,
                   demonyms: bool = True, demonym_label: str | None = None,
                   tokenizer: Callable | None = None,
                   keep: Callable[[str], bool] | None = None) -> list[dict]:
    """Token patterns for spaCy's ``SpanRuler`` or ``EntityRuler``.

    Each surface form becomes ``{"label": entry.type, "pattern": [...], "id": entry.id}``.
    Tokens are matched exactly (``ORTH``), so acronyms stay case-sensitive ("US" is not
    "us"); small words inside a name ("of", "the") match in any case; a leading "the" in a
    form matches "The" too, and is dropped where the rest is itself a form of the entry, so
    spans do not start with an article; a hyphen may be left out or replaced by a space
    ("Inter-American" / "Inter American"); straight and curly apostrophes are equivalent;
    a form with accents also matches without them ("Nuevo Leon").

    Parameters
    ----------
    entries : iterable of GazetteerEntry
    include_ambiguous : bool
        Also emit forms the entry marks as ambiguous and forms that several entries share.
        Off by default: those need context.
    demonyms : bool
        Emit demonyms ("Mexican") as patterns of their place.
    demonym_label : str, optional
        Label for demonym patterns (for example ``"NORP"``); the entry's type by default.
    tokenizer : callable, optional
        Splits a form into tokens; a blank English tokenizer by default, which is the
        tokenizer of the English pipelines.
    keep : callable, optional
        Told each spelling of a form before it is tokenized; a spelling it refuses gives
        no pattern (a caller that knows which words its texts hold skips the rest).
        Shared forms are still judged among all the entries given.

    Returns
    -------
    list of dict
        Without duplicates, in entry order.
    """
    entries = list(entries)
    if tokenizer is None:
        import spacy

        tokenizer = spacy.blank("en").tokenizer
    # Shared forms are judged among the entries given: a subset may make a form unique.
    shared = set(ambiguous_forms(entries)) if not include_ambiguous else set()
    patterns: list[dict] = []
    seen: set[str] = set()
    for entry in entries:
        forms = [(form, entry.type) for form in entry.names]
        if demonyms:
            forms += [(form, demonym_label or entry.type) for form in entry.demonyms]
        own_forms = set(entry.surface_forms)
        for form, label in forms:
            if not include_ambiguous and (form in entry.ambiguous or form in shared):
                continue
            # "the Caribbean" adds nothing to "Caribbean" but an article inside the span.
            if form[:4].lower() == "the " and form[4:] in own_forms:
                continue
            for variant in _variants(form):
                if keep is not None and not keep(variant):
                    continue
                tokens = _tokens(variant, tokenizer)
                if not tokens:
                    continue
                pattern = {"label": label, "pattern": _token_pattern(tokens), "id": entry.id}
                key = json.dumps(pattern, sort_keys=True, ensure_ascii=False)
                if key not in seen:
                    seen.add(key)
                    patterns.append(pattern)
    return patterns


def ambiguous_forms(entries: Iterable[GazetteerEntry]) -> dict[str, list[str]]:
    """Surface forms that more than one entry uses, with the ids that use them.

    >>> sorted(ambiguous_forms(load_gazetteers(["countries", "us_states"]))["Georgia"])
    ['georgia', 'us-georgia']
    """
    return {form: list(ids) for form, ids in _ambiguous(tuple(entries))}


@lru_cache(maxsize=8)
def _ambiguous(entries: tuple[GazetteerEntry, ...]) -> tuple[tuple[str, list[str]], ...]:
    users: dict[str, dict[str, None]] = defaultdict(dict)
    for entry in entries:
        for form in entry.surface_forms:
            users[form][entry.id] = None
    return tuple((form, list(ids)) for form, ids in users.items() if len(ids) > 1)


def _read(name: str) -> str:
    return (resources.files("graphbuild").joinpath("data", "gazetteers", f"{name}.jsonl")
            .read_text("utf-8"))


def _entry(record: dict, name: str, path: str, number: int) -> GazetteerEntry:
    unknown = set(record) - _FIELDS
    if unknown:
        raise InputError(path, f"unknown field(s) {sorted(unknown)}", number)
    for field in ("id", "label", "type"):
        if not isinstance(record.get(field), str) or not record[field].strip():
            raise InputError(path, f"entry has no {field}: {record!r}", number)
    if record["type"] not in ENTITY_TYPES:
        raise InputError(path, f"entry {record['id']!r} has unknown type {record['type']!r}",
                         number)
    return GazetteerEntry(
        id=record["id"], label=record["label"], type=record["type"],
        aliases=tuple(record.get("aliases", ())), demonyms=tuple(record.get("demonyms", ())),
        ambiguous=tuple(record.get("ambiguous", ())), wikidata=record.get("wikidata"),
        parent=record.get("parent"), kind=record.get("kind"),
        iso3166_1=record.get("iso3166_1"), iso3166_2=record.get("iso3166_2"), gazetteer=name)


def _variants(form: str) -> list[str]:
    """The form, its other-apostrophe spelling and its accent-free spelling."""
    variants = [form]
    for old, new in (_APOSTROPHES, _APOSTROPHES[::-1]):
        if old in form:
            variants.append(form.replace(old, new))
    plain = "".join(c for c in unicodedata.normalize("NFKD", form)
                    if not unicodedata.combining(c))
    if plain != form:
        variants.append(plain)
    return list(dict.fromkeys(variants))


def _token_pattern(tokens: list[str]) -> list[dict]:
    pattern: list[dict] = []
    for index, token in enumerate(tokens):
        if token in _DASHES and 0 < index < len(tokens) - 1:
            pattern.append({"ORTH": {"IN": sorted(_DASHES)}, "OP": "?"})
        elif token.lower() in _FUNCTION_WORDS and (index > 0 or token.lower() == "the"):
            pattern.append({"LOWER": token.lower()})
        else:
            pattern.append({"ORTH": token})
    return pattern
