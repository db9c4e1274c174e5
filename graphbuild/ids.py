"""Identifiers: the IRI scheme every stage uses.

Under a base IRI (a setting, default :data:`graphbuild.settings.DEFAULT_BASE_IRI`):

=====================  =======================================================
what                   IRI
=====================  =======================================================
report                 ``{base}report/{stem}``
section                ``{base}report/{stem}/section/{n}``
paragraph              ``{base}report/{stem}/paragraph/{n}``
sentence               ``{base}report/{stem}/sentence/{n}``
a span of it           ``{base}report/{stem}/sentence/{n}/span/{k}``
marker                 ``{base}report/{stem}/marker/{n}``
mention                ``{base}report/{stem}/mention/{n}``
relation statement     ``{base}report/{stem}/statement/{hash of its three parts}``
recommendation         ``{base}report/{stem}/recommendation/{n}``
endnote                ``{base}report/{stem}/note/{number}``
entity (any report)    ``{base}entity/{type}/{name}``
work (any report)      ``{base}work/{key}``
build                  ``{base}build/{digest}``
=====================  =======================================================

``{stem}``, ``{type}`` and ``{name}`` are slugs: accents folded, lower case, runs of other
characters turned into ``-``. Entities are keyed by type and normalised name only, so the
same country or agency met in two reports is one node. Positions (``{n}``) count from 0 in
reading order; endnotes keep their printed number. Everything is deterministic: the same
input always gives the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .settings import DEFAULT_BASE_IRI


def slug(text: str) -> str:
    """A readable, IRI-safe key: ``"Nuevo León"`` → ``"nuevo-leon"``, ``"U.S."`` → ``"u-s"``.

    An empty result (a name of punctuation only) becomes a short hash so it is still unique.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = folded.replace("&", " and ").replace("'", "").replace("’", "")
    key = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return key or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def normalise_name(name: str) -> str:
    """The comparable form of a name: whitespace collapsed, curly quotes straightened."""
    name = name.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", name).strip()


class Ids:
    """Makes the IRIs of one build.

    Parameters
    ----------
    base_iri : str
        Base of every data IRI; ends with ``/`` or ``#``.
    """

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.base = base_iri
        self._made: dict[str, URIRef] = {}

    def _iri(self, text: str) -> URIRef:
        # One object per IRI, however often it is asked for: the graph's indexes then find
        # a node they already hold by identity, without comparing strings in Python.
        iri = self._made.get(text)
        if iri is None:
            iri = self._made[text] = URIRef(text)
        return iri

    def report(self, stem: str) -> URIRef:
        return self._iri(f"{self.base}report/{slug(stem)}")

    def section(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/section/{index}")

    def paragraph(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/paragraph/{index}")

    def sentence(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/sentence/{index}")

    def span(self, owner: URIRef, index: int) -> URIRef:
        return self._iri(f"{owner}/span/{index}")

    def marker(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/marker/{index}")

    def note(self, report: URIRef, number: int) -> URIRef:
        return self._iri(f"{report}/note/{number}")

    def mention(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/mention/{index}")

    def statement(self, report: URIRef, subject: str, predicate: str, obj: str) -> URIRef:
        """A relation's statement node: keyed by its three parts, so it is stable."""
        key = hashlib.sha1(f"{subject}\n{predicate}\n{obj}".encode("utf-8")).hexdigest()[:16]
        return self._iri(f"{report}/statement/{key}")

    def recommendation(self, report: URIRef, index: int) -> URIRef:
        return self._iri(f"{report}/recommendation/{index}")

    def entity(self, type_name: str, name: str) -> URIRef:
        """An entity shared across reports: by type and normalised name."""
        return self._iri(f"{self.base}entity/{slug(type_name)}/{slug(normalise_name(name))}")

    def work(self, key: str) -> URIRef:
        """A cited work, keyed by its identity (see :func:`graphbuild.references.work_key`)."""
        return self._iri(f"{self.base}work/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}")

    def container(self, name: str) -> URIRef:
        return self._iri(f"{self.base}container/{slug(normalise_name(name))}")

    def build(self, input_digests: list[str]) -> URIRef:
        digest = hashlib.sha256("\n".join(sorted(input_digests)).encode("ascii")).hexdigest()
        return self._iri(f"{self.base}build/{digest[:16]}")

    def graph(self, report: URIRef) -> URIRef:
        """The named graph holding one report's triples in a multi-report dataset."""
        return self._iri(f"{report}/graph")
