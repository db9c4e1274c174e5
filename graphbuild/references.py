"""Endnote references: one note's raw text → bibliographic records (:class:`Work`).

This module owns the reading of citations inside endnotes. It understands the forms that
policy reports print in practice:

- APA-like: ``Author (date). Title. Container. Retrieved from: <url>``
- organisation author-year: ``OECD (2019), Title, OECD Publishing, Paris, <url>``
- MLA-like: ``Author. "Title." *Container*, Publisher, date, url.``
- Chicago notes: ``Author, "Title," Outlet, Month D, YYYY.``, bibliography names
  (``Hemmings, John, and Lynn Kuok``), books
  ``Author, Title (City: Publisher, 2019), 45.`` and journals ``Journal 16, no. 1 (1992)``
- comma-separated government and parliamentary notes (``Agency, Title, Series No. 5, date``)
- reports cited by their number (``CRS Report R44981, Title, by …``; ``GAO, Title, GAO-13-771
  (Washington, D.C.: Jan. 30, 2013)``; ``European Commission, Title, COM(2021) 66 final``), the
  number kept as the container
- U.S. legal citations (``Pub. L. No. 111-73, 123 Stat. 2060 (2009)``, ``42 U.S.C. § 1983``,
  ``H.R. 1234, 117th Cong. (2021)``) and statutes by title and year (``Privacy Act 1988``)
- interviews and personal communications (``Author interviews with officials, Mexico City,
  March 2019.``): type ``interview``, the place left out rather than taken for a publisher
- bare URLs, ``Ibid.``/``Id.``, ``op. cit.`` and short forms (``Author, Short Title.``,
  ``Brown and Irwin, "Short Title," 130.``)
- several references in one note (``;``, a new line, or "See also …"), commentary around a
  citation ("For a discussion, see …") and purely explanatory notes (no Work at all).

Scholarly reference-list entries (``Authors. Year. Title. Journal 12(3): 45–67.``, Vancouver
``Family IN`` names, ``City: Publisher``) are read too, since reports cite them. A DOI printed
without a URL (``doi:10.1234/xyz``, ``DOI 10.1234/xyz``) is kept as its ``https://doi.org/`` URL.

A note may come wrapped over several lines, as PDF exports print it: a line break inside a
reference reads as a space (no space where a word or a URL was broken), and only a break
between two whole references separates them.

It does not look anything up (no network, no Wikidata), does not resolve a URL or DOI, and
does not read the report: :func:`cite_works` links notes to earlier notes only by their text.
It does not support ``supra note N`` cross-references, BibTeX/RIS input, or month names in
languages other than English. Cue words, month names, organisation words, work-type rules and a
list of well-known news outlets ship as data under ``graphbuild/data/references/`` and are read
once, on first use.

Dates are kept at the precision printed (``2020-11``, never a filled-in day) and are never
completed from today's date.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal
from urllib.parse import urlsplit

from nameparser import HumanName

from graphbuild.model import Agent, Diagnostic, Endnote, Work

__all__ = [
    "parse_endnote",
    "cite_works",
    "url_identity",
    "work_key",
    "merge_groups",
    "find_report_date",
    "latest_cited_date",
    "parse_date",
    "clean_url",
    "load_cues",
]

DATA_DIR = Path(__file__).parent / "data" / "references"

Precision = Literal["day", "month", "year"]


# --------------------------------------------------------------------------- data loading


@lru_cache(maxsize=None)
def _load_json(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def _load_lines(name: str) -> tuple[str, ...]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))


def load_cues() -> dict:
    """The shipped cue words of ``data/references/cues.json``.

    Returns
    -------
    dict
        Lead-in phrases ("See also", "For a discussion, see"), retrieval phrases, the forms
        of Ibid./op. cit./et al., honorifics and name suffixes, as regular-expression text.
    """
    return _load_json("cues.json")


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    return {k: v for k, v in _load_json("months.json").items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _outlets() -> frozenset[str]:
    return frozenset(_norm_name(line) for line in _load_lines("news_outlets.txt"))


@lru_cache(maxsize=None)
def _org_word_re() -> re.Pattern[str]:
    words = sorted(_load_lines("organisation_words.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


@lru_cache(maxsize=None)
def _type_rules() -> tuple[tuple[str, str, re.Pattern[str] | None], ...]:
    rules = []
    for rule in _load_json("work_types.json")["rules"]:
        pattern = re.compile(rule["pattern"], re.I) if rule["pattern"] else None
        rules.append((rule["type"], rule["where"], pattern))
    return tuple(rules)


@lru_cache(maxsize=None)
def _cue_re(key: str) -> re.Pattern[str]:
    value = load_cues()[key]
    if isinstance(value, list):
        value = "|".join(f"(?:{v})" for v in value)
    return re.compile(value, re.I)


@lru_cache(maxsize=None)
def _cue_exact_re(key: str) -> re.Pattern[str]:
    """A cue whose capitals matter (report numbers, legal citation forms), as one pattern."""
    return re.compile("|".join(f"(?:{v})" for v in load_cues()[key]))


@lru_cache(maxsize=None)
def _lead_in_re() -> re.Pattern[str]:
    options = "|".join(f"(?:{v})" for v in load_cues()["lead_in"])
    return re.compile(rf"^(?:{options})\s+", re.I)


@lru_cache(maxsize=None)
def _retrieval_re() -> re.Pattern[str]:
    options = "|".join(f"(?:{v})" for v in load_cues()["retrieval"])
    # a retrieval phrase counts only right before a URL placeholder
    return re.compile(rf"(?:\b(?:{options})\s*)(?=\x00)", re.I)


@lru_cache(maxsize=None)
def _honorific_re() -> re.Pattern[str]:
    options = "|".join(load_cues()["honorifics"])
    return re.compile(rf"^(?:(?:{options})(?:\s+|$))+", re.I)


@lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern[str]:
    options = "|".join(load_cues()["name_suffixes"])
    return re.compile(rf"(?:,?\s+(?:{options}))+\s*$", re.I)


@lru_cache(maxsize=None)
def _date_words_re() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(load_cues()["date_words"]) + r")\b:?", re.I)


@lru_cache(maxsize=None)
def _non_name_words() -> frozenset[str]:
    return frozenset(load_cues()["non_name_words"])


@lru_cache(maxsize=None)
def _prose_words() -> frozenset[str]:
    return frozenset(load_cues()["prose_words"])


# --------------------------------------------------------------------------- small helpers

_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}
_FUNCTION_WORDS = frozenset(
    "a an and the of for in on at to by with from de del la las los le du des van von y et "
    "&amp; & or vs. vs about into over under".split()
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nos vol vols vs inc jr sr co corp ltd dept gov sen rep gen col lt "
    "prof p pp ed eds rev ft mt jan feb mar apr jun jul aug sep sept oct nov dec cf e.g i.e intl natl univ "
    "etc fig op cit ibid id approx est".split()
)
_PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
_SPACES_RE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def _norm_name(text: str) -> str:
    """Casefolded, accent- and punctuation-light form used to compare names."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = text.casefold().strip(" .,;:*\"'“”")
    text = re.sub(r"^the\s+", "", text)
    return _collapse(text)


def _strip_quotes(text: str) -> str:
    text = text.strip()
    for _ in range(2):
        if len(text) >= 2 and text[0] in _QUOTE_PAIRS and text[-1] == _QUOTE_PAIRS[text[0]]:
            text = text[1:-1].strip()
        text = text.strip("*").strip()
    return text


def _clean_field(text: str | None) -> str | None:
    """Trim punctuation and Markdown left around a title or container."""
    if text is None:
        return None
    text = _collapse(text.replace("*", " ").replace("_", " ") if "*" in text else text)
    text = text.strip(" ,;:")
    text = _strip_quotes(text)
    # a closing period is punctuation of the citation, not of the title (unless an
    # abbreviation such as "U.S." ends the title)
    while text.endswith((".", ",", ";", ":")) and not re.search(r"\b(?:[A-Z]\.){2,}$", text):
        text = text[:-1].rstrip()
    text = _strip_quotes(text).strip(" ,;:")
    return text or None


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.\-]{1,9}", text.strip()))


def _has_org_word(text: str) -> bool:
    return bool(_org_word_re().search(text))


def _is_outlet(text: str) -> bool:
    return _norm_name(text) in _outlets()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.&-]+", text)


def _is_name_like(text: str, *, max_words: int = 10) -> bool:
    """Whether ``text`` reads like a proper name (an outlet, a publisher), not a sentence."""
    text = _collapse(text.strip(" .,*"))
    if not text or len(text) > 120:
        return False
    if _is_outlet(text) or _is_acronym(text):
        return True
    words = _words(text)
    if not words or len(words) > max_words or not (text[0].isupper() or text[0].isdigit()):
        return False
    for word in words:
        bare = word.strip(".,'’")
        if not bare:
            continue
        if bare.casefold() in _FUNCTION_WORDS or bare[0].isupper() or bare[0].isdigit():
            continue
        if bare in {"Inc", "LLC", "Ltd"}:
            continue
        return False
    return True


def _looks_like_title(text: str) -> bool:
    """Whether a leading segment is a work's title rather than an author's name."""
    text = _collapse(text.strip(" .,"))
    words = _words(text)
    if ":" in text or "?" in text:
        return True
    if words and words[0][0].isdigit():
        return True
    lower = [w for w in words if w[0].islower() and w.casefold() not in _FUNCTION_WORDS]
    return bool(lower) or len(words) > 8


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class _Date:
    iso: str
    precision: Precision
    start: int
    end: int


def _year(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        # two-digit years: 00–49 are this century, 50–99 the last one
        value += 2000 if value < 50 else 1900
    return value


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not (1 <= month <= 12 and 1000 <= year <= 2999):
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


@lru_cache(maxsize=None)
def _date_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    names = sorted(_months(), key=len, reverse=True)
    # month names are matched capitalised only, so the verb "may" is never a month
    month = "(?P<mon>" + "|".join(n.capitalize() for n in names) + r")\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year4 = r"(?P<year>\d{4})"
    return (
        ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b(?![\d/-])")),
        ("mdy_num", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")),
        ("my_num", re.compile(r"(?<![\d/.])(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")),
        # "18.2.2021": the dotted form is day first wherever it is printed
        ("dmy_dots", re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.]|\.\d)")),
        ("d_mon_y", re.compile(rf"(?<![\w]){day}(?:\s*[–-]\s*\d{{1,2}})?\s+{month},?\s+{year4}\b")),
        ("mon_d_y", re.compile(rf"\b{month}\s+{day}(?:\s*[–-]\s*\d{{1,2}})?,?\s+{year4}\b")),
        ("mon_mon_y", re.compile(rf"\b{month}\s*[/–-]\s*{month.replace('mon', 'mon2')},?\s+{year4}\b")),
        ("mon_y", re.compile(rf"\b{month},?\s+{year4}\b")),
        ("y_mon_d", re.compile(rf"\b{year4},?\s+{month}\s+{day}\b")),
        ("y_mon", re.compile(rf"\b{year4},?\s+{month}(?!\s*\d)")),
        ("year", re.compile(r"(?<![\w/.-])(?P<year>1[5-9]\d{2}|20\d{2})(?![\w/])(?!\s*[–-]\s*\d)")),
    )


def _dates_in(text: str, month_first: bool) -> list[_Date]:
    """Every date printed in ``text``, at its precision, in order of position."""
    found: list[_Date] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern in _date_patterns():
        pos = 0
        while True:
            m = pattern.search(text, pos)
            if m is None:
                break
            pos = m.end()
            if not free(m.start(), m.end()):
                continue
            date = _date_from_match(kind, m, month_first)
            if date is None:
                pos = m.start() + 1  # "37-26 June 2014": try again from the next character
                continue
            if kind == "year" and re.search(r"\d{4}\s*[–-]\s*$", text[: m.start()]):
                continue  # the end of a range such as "2001-2002"
            found.append(_Date(date[0], date[1], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _date_from_match(kind: str, m: re.Match[str], month_first: bool) -> tuple[str, Precision] | None:
    months = _months()
    if kind == "iso":
        year, month = int(m["year"]), int(m["m"])
        day = int(m["d"]) if m["d"] else None
        if not _valid(year, month, day):
            return None
        return (f"{year:04d}-{month:02d}-{day:02d}", "day") if day else (f"{year:04d}-{month:02d}", "month")
    if kind == "mdy_num":
        a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
        month, day = (a, b) if month_first else (b, a)
        if not _valid(year, month, day):
            month, day = day, month  # the other order is the only one that makes a date
            if not _valid(year, month, day):
                return None
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if kind == "dmy_dots":
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if not _valid(year, month, day):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if kind == "my_num":
        month, year = int(m["m"]), _year(m["y"])
        if not _valid(year, month):
            return None
        return f"{year:04d}-{month:02d}", "month"
    if kind in ("d_mon_y", "mon_d_y", "y_mon_d"):
        month, day, year = months[m["mon"].lower()], int(m["day"]), int(m["year"])
        if not _valid(year, month, day):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if kind in ("mon_y", "y_mon"):
        month, year = months[m["mon"].lower()], int(m["year"])
        if not _valid(year, month):
            return None
        return f"{year:04d}-{month:02d}", "month"
    year = int(m["year"])
    # a plain year, or a double issue ("March/April 2019") known only to the year
    return (f"{year:04d}", "year") if 1500 <= year <= 2999 else None


def parse_date(text: str, *, month_first: bool = True) -> tuple[str, Precision] | None:
    """The first date printed in ``text`` as ``(iso, precision)``, or None.

    Only the parts printed are returned: ``"Nov. 2020"`` → ``("2020-11", "month")``. Nothing
    is taken from today's date. Two-digit years 00–49 are read as 20xx, 50–99 as 19xx.

    Parameters
    ----------
    text
        Any text; the first date found in it is read.
    month_first
        Read ``03/04/19`` as March 4 (True) or 3 April (False). When only the other order
        makes a valid date (``25/12/19``), that order is used.

    Returns
    -------
    tuple of (str, {"day", "month", "year"}) or None

    Examples
    --------
    >>> parse_date("(11/12/20)")
    ('2020-11-12', 'day')
    >>> parse_date("(01/17)")
    ('2017-01', 'month')
    >>> parse_date("12 Nov. 2020")
    ('2020-11-12', 'day')
    """
    dates = _dates_in(text, month_first)
    return (dates[0].iso, dates[0].precision) if dates else None


def _date_bounds(iso: str) -> tuple[_dt.date, _dt.date]:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return _dt.date(parts[0], 1, 1), _dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return _dt.date(parts[0], parts[1], 1), _dt.date(parts[0], parts[1], last)
    day = _dt.date(parts[0], parts[1], parts[2])
    return day, day


def _is_later(date: str, reference: str) -> bool:
    """True when every day ``date`` may stand for falls after every day of ``reference``."""
    try:
        return _date_bounds(date)[0] > _date_bounds(reference)[1]
    except ValueError:
        return False


# --------------------------------------------------------------------------- URLs

_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_ANGLE_URL_RE = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>", re.I)
_BARE_URL_RE = re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"“”]+", re.I)
_DOMAIN_URL_RE = re.compile(
    r"(?<![\w@/.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|gov|net|edu|int|mil|info|news|io|[a-z]{2})"
    r"/[^\s<>\"“”]*"
)
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


def clean_url(url: str) -> str:
    """A printed URL made usable: Markdown and escapes removed, scheme added.

    The fragment is kept; closing punctuation of the sentence is dropped. A bare
    ``www.…`` or ``domain.tld/path`` gets ``https://``.

    Parameters
    ----------
    url
        The URL as printed: ``<…>``, ``[label](target)``, with backslash escapes or not.

    Returns
    -------
    str

    Examples
    --------
    >>> clean_url("<https://example.org/a\\\\(b\\\\)>.")
    'https://example.org/a(b)'
    >>> clean_url("www.example.org/page")
    'https://www.example.org/page'
    """
    url = url.strip()
    link = _MD_LINK_RE.fullmatch(url)
    if link:
        url = link.group(2)
    url = _ESCAPE_RE.sub(r"\1", url).strip().strip("<>").strip()
    while url and url[-1] in ".,;:'\"”’*>]":
        url = url[:-1]
    # a closing parenthesis belongs to the URL only when it has its opening one
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        url = "https://" + url
    return url


def url_identity(url: str) -> str:
    """The part of a URL that names a resource: no scheme, fragment, ``www.`` or final slash.

    Parameters
    ----------
    url
        A URL, cleaned or as printed.

    Returns
    -------
    str
        Lower-cased host (without ``www.``), path without its final slash, and the query.

    Examples
    --------
    >>> url_identity("https://www.Example.org/a/#top")
    'example.org/a'
    """
    url = clean_url(url)
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def _extract_urls(text: str) -> tuple[str, list[str]]:
    """Replace every URL by a placeholder ``\\x00i\\x00``; return the text and the URLs."""
    urls: list[str] = []

    def keep(url: str) -> str:
        urls.append(clean_url(url))
        return f" \x00{len(urls) - 1}\x00 "

    def md(m: re.Match[str]) -> str:
        target = m.group(2)
        label = _ESCAPE_RE.sub(r"\1", m.group(1)).strip()
        if re.match(r"^(?:https?://|www\.|mailto:)", target, re.I) or "." in target:
            return keep(target)
        return label

    text = _MD_LINK_RE.sub(md, text)
    text = _ANGLE_URL_RE.sub(lambda m: keep(m.group(1)), text)

    def bare(m: re.Match[str]) -> str:
        raw = m.group(0)
        trimmed = _trim_url_end(raw)
        while trimmed.endswith("]") and trimmed.count("[") < trimmed.count("]"):
            trimmed = trimmed[:-1]  # "[hyperlink, http://…]": the bracket closes around the URL
        return keep(trimmed) + raw[len(trimmed) :]

    def doi(m: re.Match[str]) -> str:
        # "doi:10.1177/0020702021" or "DOI 10.1234/xyz": a DOI is kept as its resolver URL
        name = _trim_url_end(m.group(1))
        return keep("https://doi.org/" + name) + m.group(1)[len(name) :]

    text = _BARE_URL_RE.sub(bare, text)
    text = _DOI_RE.sub(doi, text)
    text = _DOMAIN_URL_RE.sub(bare, text)
    return text, urls


_DOI_RE = re.compile(r"(?<![\w/.])doi\s*:?\s*(10\.\d{4,9}/[^\s<>\"“”]+)", re.I)


def _trim_url_end(url: str) -> str:
    """A URL without the sentence's closing punctuation (and unbalanced parentheses)."""
    while url and url[-1] in ".,;:'\"”’*":
        url = url[:-1]
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


# --------------------------------------------------------------------------- wrapped text

_URL_TAIL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]*$", re.I)
_URL_GO_ON_RE = re.compile(r"[\w\-./?=&%#~+:@!$]+")
_SPACED_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]*(?=[ \t]+\S)", re.I)
_ANGLE_WRAPPED_RE = re.compile(r"<((?:https?://|www\.)[^<>]*\s[^<>]*)>", re.I)


def _continues_url(before: str, after: str) -> bool:
    """Whether ``after`` goes on with a URL that ``before`` ends with, broken by a wrap.

    A URL broken after ``/``, ``-``, ``=`` and the like goes on with the next word unless
    that reads as a word of the sentence; a URL broken mid-word goes on only with a word
    that itself reads as a piece of a URL ("ico-politics-idUSKBN2AV2XY").
    """
    tail = _URL_TAIL_RE.search(before)
    token = _URL_GO_ON_RE.match(after)
    if tail is None or token is None:
        return False
    word = _trim_url_end(token.group(0))
    if not word or not word[0].isalnum():
        return False
    url = tail.group(0)
    pathlike = bool(re.search(r"[\w][/\-_=?&%#.][\w]", word)) or any(ch.isdigit() for ch in word)
    if url.endswith(("-", "_", "=", "?", "&", "%", "#", "~")):
        return True
    if url.endswith("/"):
        if re.fullmatch(r"[A-Z][a-z]+", word) or word.casefold() in _FUNCTION_WORDS:
            return False
        return pathlike or word[0].islower()
    return url[-1].isalnum() and (word[0].islower() or word[0].isdigit()) and pathlike


def _closes_reference(line: str) -> bool:
    """Whether a line ends the way a whole reference ends (not after "M." or "No.")."""
    line = line.rstrip()
    if not line:
        return False
    if _URL_TAIL_RE.search(line) or line.endswith(">"):
        return True
    if line[-1] not in ".!?)]”\"’*»":
        return False
    last = line.split()[-1].lstrip("(“\"‘*")
    if re.fullmatch(r"(?:[A-ZÀ-Þ]\.)+", last):
        return False  # an initial, "U.S." or "D.C.": the name or the place goes on
    word = last.rstrip(".").casefold()
    return not (last.endswith(".") and word in _ABBREVIATIONS and word not in {"ibid", "id", "cit", "etc"})


def _opens_reference(line: str) -> bool:
    return bool(re.match(r"[A-ZÀ-Þ0-9“\"‘'«*\[<]", line))


_QUOTED_SPAN_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_APA_DATE_RE = re.compile(r"\((?:[^()]*\d{4}[a-z]?|n\.\s?d\.)\)\s*[.:]")
_IMPRINT_RE = re.compile(r"\([^()]*:[^()]*\d{4}\)")


def _stands_alone(text: str, *, before_break: bool) -> bool:
    """Whether text on one side of a line break reads as a whole reference.

    Before the break: a URL, an Ibid., an APA date, an imprint, a report number, or a
    quoted or italic title with a date outside it. After it: the same but a URL alone or an
    italic run is not enough ("Retrieved from: <url>" and "*Journal*, 4(2)" go on with the
    reference above).
    """
    text = text.strip()
    if _cue_re("ibid").match(text):
        return True
    if _APA_DATE_RE.search(text) or _IMPRINT_RE.search(text):
        return True
    if _cue_exact_re("document_numbers").search(text):
        return True
    has_url = bool(_BARE_URL_RE.search(text) or _DOI_RE.search(text) or _DOMAIN_URL_RE.search(text))
    if before_break and has_url:
        return True
    quoted = bool(_QUOTED_SPAN_RE.search(text)) or (before_break and bool(re.search(r"\*[^*]+\*", text)))
    # a date inside the title ("Trade, December 2020") is not the reference's own
    return quoted and (bool(_dates_in(_QUOTED_SPAN_RE.sub(" ", text), True)) or has_url)


def _unwrap(text: str) -> str:
    """One note's text with its wraps mended: the lines of one reference joined by a space
    (a word broken after a hyphen and a URL broken anywhere joined without one), a line
    break kept only where one whole reference ends and another begins.

    The structure stage hands a note's lines joined by line breaks, and PDF exports wrap
    within a reference as often as between references; a wrapped note must read the same
    as the note on one line.
    """
    text = _ANGLE_WRAPPED_RE.sub(lambda m: "<" + re.sub(r"\s+", "", m.group(1)) + ">", text)
    if "\n" in text:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        out = lines[0]
        for index, line in enumerate(lines[1:], start=1):
            current = out.rsplit("\n", 1)[-1]
            if _continues_url(out, line) or (re.search(r"[^\W\d_]{2}-$", out) and line[:1].isalpha()):
                out += line
            elif (
                _closes_reference(current)
                and _opens_reference(line)
                and _stands_alone(current, before_break=True)
                and _stands_alone(" ".join(lines[index:]), before_break=False)
            ):
                out += "\n" + line
            else:
                out += " " + line
        text = out
    if " " in text and ("://" in text or "www." in text):
        # a URL the stage joined across lines with a space
        for _ in range(4):
            pieces, last = [], 0
            for m in _SPACED_URL_RE.finditer(text):
                gap = re.match(r"[ \t]+", text[m.end():])
                if _continues_url(m.group(0), text[m.end() + gap.end():]):
                    pieces.append(text[last:m.end()])
                    last = m.end() + gap.end()
            if not pieces:
                break
            text = "".join(pieces) + text[last:]
    return text


# --------------------------------------------------------------------------- names


def _strip_person_decorations(text: str) -> str:
    text = _collapse(text.strip(" ,.;"))
    text = _honorific_re().sub("", text)
    text = _suffix_re().sub("", text)
    text = re.sub(r"\s*\((?:ret\.?|retired)\)", "", text, flags=re.I)
    return _collapse(text.strip(" ,;"))


def _person_from_natural(text: str) -> Agent | None:
    """A person from "Given Family" order, or None when it does not read as a name."""
    text = _strip_person_decorations(text)
    words = text.split()
    if not 2 <= len(words) <= 5 or _has_org_word(text) or _is_outlet(text):
        return None
    if re.search(r"[:;?!()\[\]\"“”]", text) or words[0] in {"The", "A", "An"}:
        return None
    if any(w.strip(".,") in _non_name_words() for w in re.split(r"[\s-]+", text)):
        return None
    for word in words:
        if not (
            word[0].isupper()
            or word.casefold() in {"de", "del", "la", "van", "von", "der", "da", "di", "le", "du", "dos", "y"}
        ):
            return None
        if any(ch.isdigit() for ch in word):
            return None
    last, given = _name_parts(text)
    return Agent(name=text, kind="person", family=last or words[-1], given=given or None)


@lru_cache(maxsize=8192)
def _name_parts(text: str) -> tuple[str, str]:
    """Family name and given names of a name in natural order; nameparser is slow and a
    report repeats its authors, so each form is parsed once."""
    name = HumanName(text)
    return name.last, " ".join(p for p in (name.first, name.middle) if p)


def _person_from_inverted(family: str, given: str | None) -> Agent:
    family = _collapse(family.strip(" ,."))
    given = _collapse(given.strip(" ,")) if given else None
    if given and re.fullmatch(r"(?:[A-ZÀ-Þ]\.\s?-?)*[A-ZÀ-Þ]", given):
        given += "."  # the closing period of "J.J." was taken as the sentence's
    display = f"{given} {family}" if given else family
    return Agent(name=display, kind="person", family=family, given=given or None)


def _organisation(text: str) -> Agent:
    text = _collapse(text.strip(" ,;*"))
    text = re.sub(r"\.$", "", text) if not re.search(r"\b(?:Inc|Ltd|Co|Corp)\.$", text) else text
    # "Australian National Audit Office (ANAO)": the acronym repeats the name
    text = re.sub(r"\s*\([A-Z][A-Za-z&.]{1,9}\)$", "", text)
    return Agent(name=text, kind="organization")


_PARTICLES = (
    r"(?:(?:de|del|della|de la|de los|van|van der|van den|von|da|di|du|dos|das|le|la|st\.|mac|O['’])\s*)"
)
_FAMILY = rf"(?:{_PARTICLES}*[A-ZÀ-ÖØ-Þ][\w'’\-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’\-]+)?)"
_INITIALS = r"(?:[A-ZÀ-ÖØ-Þ][a-zA-Z]?(?:\.|$)\s?-?\s?){1,4}"
_INITIALS_AUTHOR_RE = re.compile(rf"\s*(?P<family>{_FAMILY})\s*[,.]\s*(?P<given>{_INITIALS})")
_NATURAL_INITIALS_RE = re.compile(
    rf"\s*(?P<given>(?:[A-ZÀ-ÖØ-Þ][a-z]?\.\s?-?\s?){{1,4}})\s*(?P<family>{_FAMILY})(?=[\s,.;(]|$)"
)
_AUTHOR_JOIN_RE = re.compile(r"\s*(?:[,;]\s*(?:&|and)?|&|\band\b)\s*", re.I)


def _initials_authors(text: str) -> tuple[list[Agent], bool, int] | None:
    """Read ``Family, I. I., Family, I. & Family, I., et al.`` from the start of ``text``.

    Returns the persons, whether "et al." followed, and where the author list ends.
    """
    agents: list[Agent] = []
    et_al = False
    pos = 0
    et_al_re = _cue_re("et_al")
    while True:
        m = _INITIALS_AUTHOR_RE.match(text, pos)
        if not m and agents:
            # "Mayle, B. A., A. J. Peace, and R. M. A. Gill": later names given first
            m = _NATURAL_INITIALS_RE.match(text, pos)
        if not m:
            break
        agents.append(_person_from_inverted(m["family"], m["given"].strip()))
        pos = m.end()
        tail = et_al_re.match(text, pos)
        if tail:
            et_al, pos = True, tail.end()
            break
        join = _AUTHOR_JOIN_RE.match(text, pos)
        if not join or not (
            _INITIALS_AUTHOR_RE.match(text, join.end()) or _NATURAL_INITIALS_RE.match(text, join.end())
        ):
            break
        pos = join.end()
    if not agents:
        return None
    return agents, et_al, pos


def _split_natural_names(text: str) -> list[str]:
    parts = re.split(r",\s*(?:and|&)\s+|\s+(?:and|&)\s+|,\s*", text)
    return [p for p in (s.strip() for s in parts) if p]


def _parse_authors(text: str) -> tuple[list[Agent], bool]:
    """Authors from an author segment of any style; organisations kept whole."""
    text = _collapse(text.strip(" ,.;:*"))
    if not text:
        return [], False
    et_al = False
    m = _cue_re("et_al").search(text)
    if m and m.end() >= len(text.rstrip(" .")) - 1:
        et_al, text = True, _collapse(text[: m.start()].strip(" ,."))
    initials = _initials_authors(text)
    if initials and initials[2] >= len(text.rstrip(" .")) - 1:
        return initials[0], et_al or initials[1]
    # "Minister for Defence, the Hon Stephen Smith MP": a role, then the person
    hon = re.search(r"\b(?:the\s+)?Hon\.?\s+(.+)$", text)
    if hon:
        person = _person_from_natural(hon.group(1))
        if person:
            return [person], et_al
    if _has_org_word(text) or _is_outlet(text) or _is_acronym(text) or text.startswith("The "):
        return [_organisation(text)], et_al
    chicago = _chicago_names(text)
    if chicago:
        return chicago, et_al
    # "Family, Given Names" (MLA) — one comma, no conjunction
    if text.count(",") == 1 and not re.search(r"\b(?:and)\b|&", text):
        family, given = (s.strip() for s in text.split(","))
        if family and given and len(family.split()) <= 3 and len(given.split()) <= 3 and given[0].isupper():
            if not _person_from_natural(given + " " + family) is None:
                return [_person_from_inverted(family, given)], et_al
    names = _split_natural_names(text)
    persons = [_person_from_natural(n) for n in names]
    if names and all(persons):
        return [p for p in persons if p], et_al
    # "Justin Trudeau, Prime Minister of Canada": a person followed by a role
    first = _person_from_natural(names[0]) if names else None
    if (
        first
        and len(names) > 1
        and re.search(
            r"\b(?:Minister|President|Secretary|Ambassador|Director|Chair|Commissioner|Governor|Senator)\b",
            text,
        )
    ):
        return [first], et_al
    return [_organisation(text)], et_al


def _chicago_names(text: str) -> list[Agent] | None:
    """Persons of a bibliography's name list, the first one inverted and the others not:
    "Hemmings, John, and Lynn Kuok", "Brown, Chad P., and Douglas A. Irwin"."""
    family, _, rest = text.partition(",")
    if not rest or not re.search(r"\s(?:and|&)\s", rest):
        return None
    names = _split_natural_names(rest)
    if len(names) < 2 or not _is_family_like(family) or not _is_given_like(names[0]):
        return None
    if _person_from_natural(family):
        return None  # "Eric Bradner, Elise Labott, and Dana Bash": every name in natural order
    others = [_person_from_natural(name) for name in names[1:]]
    if not all(others):
        return None
    return [_person_from_inverted(family, names[0]), *others]


def _author_like(text: str) -> bool:
    """Whether a leading comma-part names an author (a person or an organisation)."""
    stripped = _collapse(text.strip(" ,.;"))
    if not stripped or any(ch.isdigit() for ch in stripped):
        return False
    if re.search(r"\bHon\b", stripped):
        return True
    names = _split_natural_names(stripped)
    if names and all(_person_from_natural(n) for n in names):
        return True
    if _is_acronym(stripped):
        return True
    if _has_org_word(stripped) and _is_name_like(re.sub(r"\([^)]*\)", "", stripped), max_words=14):
        return True
    return False


# --------------------------------------------------------------------------- segmentation


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside parentheses, brackets and double quotes."""
    parts: list[str] = []
    depth = 0
    in_quote = False
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "“":
            in_quote = True
        elif ch == "”":
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif ch in separators and depth == 0 and not in_quote:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_SENTENCE_END_RE = re.compile(r"([.?!])(\s+)(?=[\"“‘'*(\x00]|[A-ZÀ-Þ0-9])")


def _split_sentences(text: str) -> list[str]:
    """Split at sentence ends, not after initials, "U.S." or common abbreviations.

    An italic run (``*The Wall Street Journal*``) always starts a new piece, since
    publishers italicise the outlet's name.
    """
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        before = text[start : m.start()]
        last_word = before.split()[-1] if before.split() else ""
        following = text[m.end() : m.end() + 1]
        if m.group(1) == "." and following != "*":
            bare = last_word.strip("(\"“'‘*").lower()
            if re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare) or bare.rstrip(".") in _ABBREVIATIONS:
                continue
            following_word = text[m.end() :].split(" ", 1)[0]
            if re.fullmatch(r"[A-Z][a-z]{0,3}", last_word.rstrip(".")) and re.fullmatch(
                r"[A-Z][a-z]{0,6}\.,?", following_word
            ):
                continue  # "J. Cell. Sci.": an abbreviated journal name, not two sentences
        pieces.append(text[start : m.start() + 1])
        start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


_SEE_ALSO_RE = re.compile(r"(?<=[.”\"])\s+(?=(?:See also|See, e\.g\.|Also see|Cf\.|See)\s)")


def _segments(text: str) -> list[str]:
    """The separate references of one note: lines, top-level ``;`` and "See also" sentences."""
    segments: list[str] = []
    for line in re.split(r"\n+", text):
        line = line.strip()
        if not line:
            continue
        pieces = _split_top_level(line, ";")
        merged: list[str] = []
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            # "pp. 4; 7" continues a reference; "Krezel, A.; Bal, W." is one author list
            if merged and (
                (len(_words(piece)) < 3 and not _PLACEHOLDER_RE.search(piece))
                or not _could_be_reference(merged[-1])
            ):
                merged[-1] += "; " + piece
                continue
            merged.append(piece)
        for piece in merged:
            segments.extend(s.strip() for s in _SEE_ALSO_RE.split(piece) if s.strip())
    # a leading "and" joins a second reference to the first ("…, 1991); and Dan Reiter …")
    return [re.sub(r"^(?:and|also)\s+", "", s, flags=re.I) for s in segments]


def _could_be_reference(piece: str) -> bool:
    """Whether text before a ``;`` can stand as a reference of its own."""
    if _PLACEHOLDER_RE.search(piece) or re.search(r"[“”\"]", piece) or _dates_in(piece, True):
        return True
    if _cue_exact_re("legal_citations").search(piece):
        return True  # "42 U.S.C. § 1983; 42 U.S.C. § 1985": two sections cited
    if re.search(rf"{_FAMILY},\s*(?:{_INITIALS}|[A-ZÀ-Þ][\w'’.-]+(?:\s[A-ZÀ-Þ][\w'’.-]*)?)\s*$", piece):
        return False  # "Wang, S.; Kawahara, F.; …" and "Ameel, Eef; Storms, Gert; …": one author list
    return len(_words(piece)) >= 5


def _strip_lead_in(segment: str) -> str:
    for _ in range(2):
        m = _lead_in_re().match(segment)
        if not m or not segment[m.end() :].strip():
            break
        segment = segment[m.end() :]
    return segment.strip()


def _is_prose(segment: str) -> bool:
    """Whether a segment explains rather than cites (no URL, no quoted title, verbs)."""
    if _PLACEHOLDER_RE.search(segment) or re.search(r"[“”\"]|\*[^*]+\*", segment):
        return False
    if _BOOK_RE.search(segment) or re.search(r"\((?:1[5-9]|20)\d{2}[a-z]?\)", segment):
        return False
    words = [w.strip(".,;:()") for w in segment.split()]
    if len(words) < 6:
        return False
    if _initials_authors(segment):
        return False
    first = _split_sentences(segment)[0]
    if first != segment and _scholarly_authors(first):
        return False  # "Ann Lee and Raj Patel. Why ports should …": authors, then a title
    prose = _prose_words()
    return any(w in prose for w in words if w and w[0].islower())


# --------------------------------------------------------------------------- one reference


@dataclass
class _Draft:
    """A reference while it is being read; becomes a :class:`Work`."""

    raw: str
    authors: list[Agent] = field(default_factory=list)
    et_al: bool = False
    date: tuple[str, Precision] | None = None
    title: str | None = None
    container: str | None = None
    url: str | None = None
    shape: str | None = None  # "journal", "book", "chapter", "report" when the form says so
    type_hint: str | None = None


_DATE_GROUP_RE = re.compile(r"\(([^()]{1,40})\)")
_BOOK_RE = re.compile(
    r"\((?P<place>[^():]{2,60}):\s*(?P<publisher>[^()]+?),\s*(?P<date>(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?\d{4})\)"
)
_JOURNAL_RE = re.compile(
    r"^(?P<journal>[A-Z][^,\d]*?)\s+(?P<volume>\d+)(?:[.:]\d+)?(?:,?\s*no\.\s*\d+)?(?:\s*\((?P<date>[^)]*\d{4}[^)]*)\))?(?:[:,]\s*[\d–-]+)?$"
)
_PAGE_RE = re.compile(
    r"^(?:pp?\.?\s*[\divxlc][\w–\-, ]*|\d+(?:[–-]\d+)?|s{1,2}\.\s*\S+.*|para(?:s|graph)?\.?\s*\S+|at \d+.*)$",
    re.I,
)
_SERIES_RE = re.compile(
    r"\b(?:No\.?\s*\d|Nos?\.\s*\d|[SA]/RES/|Vol\.\s*\d|Series\b|[A-Z]{2,}[-/]\d)|^[A-Z]{1,4}[-/ ]?\d{3,}[\w/.-]*$",
    re.I,
)
_GENRE_RE = re.compile(
    r"^(?:transcript|media release|press release|news release|speech|interview|fact sheet|report|"
    r"working paper|policy brief|testimony|letter|memorandum|statement|video|podcast|webcast)"
    r"(?:\s+(?:no\.\s*)?[\d/]+)?$",
    re.I,
)
_TESTIMONY_RE = re.compile(
    r"^(?P<lead>(?:(?:Prepared\s+)?(?:Testimony|Statement|Remarks))\s+(?:of|by)\s+)(?P<name>.+?)"
    r"\s+(?:\(ret\.?\)\s+)?(?:before|to|at)\s+(?P<venue>.+)$",
    re.I,
)
_BY_RE = re.compile(
    r"^(?P<title>.+?)\s+by\s+(?P<name>(?:(?:Mr|Mrs|Ms|Dr|Hon|the Hon)\.?\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})$"
)
_LEGAL_TITLE_RE = re.compile(
    r"^(?P<title>[A-Z][^;()]*?\b(?:Act|Rules?|Regulations?|Ordinance|Code|Constitution)(?: of)? (?P<year>\d{4}))\b"
)


def _strip_access_notes(segment: str, urls: list[str]) -> str:
    segment = _cue_re("access_note").sub(" ", segment)

    def read_on(m: re.Match[str]) -> str:
        # a DOI names the work itself: "doi:10.1212/… (2005)" is when it appeared
        return m.group(0) if urls[int(m.group(2))].startswith("https://doi.org/") else m.group(1)

    # "<url> (1 July 2005)": a bare date in parentheses right after a URL is when it was read
    return re.sub(r"(\x00(\d+)\x00)\s*\((?:[^()]*\d{4})\)", read_on, segment)


def _take_urls(segment: str, urls: list[str]) -> tuple[str, str | None]:
    found = [int(i) for i in _PLACEHOLDER_RE.findall(segment)]
    segment = _retrieval_re().sub(" ", segment)
    segment = _PLACEHOLDER_RE.sub(" ", segment)
    segment = re.sub(
        r"\b(?:Retrieved from|Available at|Accessed at)\s*[:,]?\s*$", "", _collapse(segment), flags=re.I
    )
    url = urls[found[0]] if found else None
    return _collapse(segment), url


def _finish_container(draft: _Draft, candidates: Iterable[str]) -> None:
    """Take the first candidate as container; a repeated publisher is dropped."""
    names = [c for c in (_clean_field(c) for c in candidates) if c]
    if names and draft.container is None:
        draft.container = names[0]


def _parse_apa(segment: str, urls: list[str], month_first: bool, italics: set[str]) -> _Draft | None:
    """``Author (date). Title. Container. Retrieved from: <url>`` and its variants."""
    quote_at = min([i for i in (segment.find("“"), segment.find('"')) if i >= 0], default=len(segment))
    for m in _DATE_GROUP_RE.finditer(segment):
        if m.start() > quote_at:
            break
        inner = re.sub(r"(?<=\d{4})[a-z]$", "", m.group(1).strip())
        before = segment[: m.start()].strip()
        comma_form = bool(re.match(r"\s*,\s*\S", segment[m.end() :])) and _author_year_author(before)
        if not re.match(r"\s*[.:]\s*\S", segment[m.end() :]) and not comma_form:
            continue  # "(1990) adopted …" or a closing "(11 September 2001)": not an APA date
        dates = _dates_in(inner, month_first)
        is_nd = re.fullmatch(r"n\.\s?d\.?", inner, re.I)
        if not is_nd and not (
            dates and _collapse(inner[: dates[0].start] + inner[dates[0].end :]).strip(" .,") == ""
        ):
            continue
        before = segment[: m.start()].strip().rstrip(".").strip()
        after = segment[m.end() :].strip().lstrip(".").strip()
        draft = _Draft(raw="", date=(dates[0].iso, dates[0].precision) if dates else None)
        after, draft.url = _take_urls(after, urls)
        if comma_form:
            # "OECD (2019), Title, OECD Publishing, Paris, <url>": the parts follow the date
            draft.authors, draft.et_al = _parse_authors(before)
            parts = _split_top_level(after.strip(" ,."), ",")
            draft.title = parts[0]
            date = draft.date
            _read_parts(draft, parts[1:], month_first, italics)
            draft.date = date or draft.date
            if draft.shape is None and all(a.kind == "organization" for a in draft.authors):
                draft.shape = "report"  # an organisation's own publication
            return draft
        quoted = _QUOTED_RE.match(after)
        if quoted and after[quoted.end() :].strip(" .,"):
            # "(2003). “Title”, Journal of X, Vol. 18 (3), 403–418."
            draft.title = next(g for g in quoted.groups() if g is not None)
            after = after[quoted.end() :]
            pieces = []
        else:
            pieces = _split_sentences(after)
        title_first = False
        testimony = _TESTIMONY_RE.match(before)
        initials = _initials_authors(before)
        if not before:
            pass
        elif initials and initials[2] >= len(before.rstrip(" .,")) - 1:
            draft.authors, draft.et_al = initials[0], initials[1]
        elif testimony:
            person = _person_from_natural(testimony["name"])
            draft.authors = [person] if person else []
            draft.type_hint = "testimony"
        elif (
            (_has_org_word(before) or _is_outlet(before)) and len(_words(before)) <= 10 and ":" not in before
        ):
            draft.authors, draft.et_al = _parse_authors(before)
        elif _looks_like_title(before):
            title_first = True
            draft.title = before
        else:
            draft.authors, draft.et_al = _parse_authors(before)
        if title_first:
            _finish_container(draft, pieces[:1])
            return draft
        if draft.title and not pieces:
            date = draft.date
            _read_parts(draft, _split_top_level(after.strip(" .,"), ","), month_first, italics)
            draft.date = date or draft.date
            return draft
        _assign_title_container(draft, pieces, italics)
        return draft
    return None


def _author_year_author(text: str) -> bool:
    """Whether text before "(2019)," names the authors of an author-year citation whose
    parts are separated by commas ("OECD (2019), Title, OECD Publishing, Paris")."""
    text = text.strip(" ,.")
    if not text or re.search(r"[“”\"]", text):
        return False
    initials = _initials_authors(text)
    return bool(initials and initials[2] >= len(text) - 1) or _author_like(text)


def _assign_title_container(draft: _Draft, pieces: list[str], italics: set[str]) -> None:
    """Pieces after the author and date: title first, a trailing name is the container."""
    if not pieces:
        return
    for index, piece in enumerate(pieces[1:], start=1):
        if re.match(r"^In:?\s+[A-Z]", piece):
            # "Title. In Proceedings of X, pp. 3-9.": the book or proceedings holds the work
            draft.title = " ".join(pieces[:index])
            host = re.sub(r"^In:?\s+", "", piece)
            if re.search(r"\((?:eds?|hrsg|dir|coord)\.?\)", " ".join(pieces[index:]), re.I):
                # "In R. Campbell & P. Smith (eds.), Book Title (215–236)."
                rest_text = " ".join(pieces[index:])
                host = re.split(r"\((?:eds?|hrsg|dir|coord)\.?\),?\s*", rest_text, maxsplit=1, flags=re.I)[-1]
                host = re.split(r"\s*\((?=\d|pp?\.)|\.\s+(?=[A-Z][\w ]+:)", host, maxsplit=1)[0]
            host = re.split(r",\s*(?=pp?\.|pages?\b|vol\.|\d)|\s+\(\s*(?=pp?\.|\d)", host, maxsplit=1)[0]
            draft.container = host
            draft.shape = draft.shape or "chapter"
            return
    container_parts: list[str] = []
    last = len(pieces) - 1
    if (
        len(pieces) > 2
        and re.search(r"\d+\s*\(\d+\)|\d+\s*[:,]\s*\d+\s*[–-]\s*\d+", pieces[-2])
        and not _is_name_like(pieces[-1].strip(" .,*"))
    ):
        last = len(pieces) - 2  # "Journal, 29(8), 703-710. Impact factor: 4.2": a remark after the journal
    if len(pieces) > 1:
        trimmed = _VOLUME_TAIL_RE.sub("", pieces[last].rstrip(" ."))
        if trimmed != pieces[last].rstrip(" .") and trimmed.strip(" ,.*") and not _dates_in(trimmed, True):
            # "Trends in Cell Biology, 24(8), 464-471": a journal, whatever its capitals;
            # "Hum. Brain Mapp. 28": abbreviated words before it belong to it
            head = pieces[:last]
            while len(head) > 1 and re.fullmatch(r"[A-Z][a-z]{0,5}\.", head[-1].strip()):
                trimmed = head[-1].strip() + " " + trimmed
                head = head[:-1]
            draft.title = " ".join(head)
            draft.container = trimmed
            draft.shape = "journal"
            return
    while len(pieces) > 1 and len(container_parts) < 2:
        tail = pieces[-1]
        bare = tail.strip(" .,")
        if bare.strip("*") in italics or _is_outlet(bare.strip("*")) or _is_name_like(bare.strip("*")):
            container_parts.insert(0, bare)
            pieces = pieces[:-1]
            continue
        break
    draft.title = " ".join(pieces)
    if container_parts:
        # "Metro Section. The Daily Planet.": a section, then its publication, which names it
        draft.container = (
            container_parts[-1]
            if len(container_parts) > 1 and _is_outlet(container_parts[-1])
            else container_parts[0]
        )


_QUOTED_RE = re.compile(
    r"(?:“(?P<a>[^”]{2,}?)”|\"(?P<b>[^\"]{2,}?)\""
    r"|(?:(?<=^)|(?<=[\s(,]))‘(?P<c>.{2,}?)’(?=[,.;:]?(?:\s|$))"
    r"|(?:(?<=^)|(?<=[\s(,]))'(?P<d>[^']{2,}?)'(?=[,.;:]?(?:\s|$)))"
)


def _parse_quoted(
    segment: str, urls: list[str], month_first: bool, italics: set[str], previous: _Draft | None
) -> _Draft | None:
    """``Author, "Title," Container, date, url.`` (Chicago) and ``Author. "Title." *Container*, date`` (MLA)."""
    m = _QUOTED_RE.search(segment)
    if not m:
        return None
    title = next(g for g in m.groups() if g is not None)
    before = segment[: m.start()].strip().rstrip(",.:").strip()
    after = segment[m.end() :].strip()
    draft = _Draft(raw="", title=title)
    year = re.search(r"[.,]?\s*\(?((?:1[5-9]|20)\d{2})[a-z]?\)?$", before)
    if year and before[: year.start()].strip():
        # "Tallman, Ellis W and Jon R Moen. 1999. “Title.”": the year stands after the authors
        draft.date = (year.group(1), "year")
        before = before[: year.start()].strip(" .,")
    if re.match(_cue_re("idem").pattern + "$", before + " ", re.I) or before.lower() in {"idem", "id"}:
        if previous:
            draft.authors, draft.et_al = list(previous.authors), previous.et_al
    elif before:
        authors, et_al = _parse_authors(before)
        if len(_words(before)) > 14 and not all(a.kind == "person" for a in authors):
            return None  # a long run before the quotes is prose, not an author list
        draft.authors, draft.et_al = authors, et_al
    after, draft.url = _take_urls(after, urls)
    if draft.date is None:
        after = _take_date(draft, after, month_first)
    _read_parts(draft, _split_top_level(after.strip(" .,"), ","), month_first, italics)
    return draft


def _take_date(draft: _Draft, text: str, month_first: bool) -> str:
    """Record the first date of ``text`` (one with a month first) and return the rest."""
    dates = _dates_in(text, month_first)
    if not dates:
        return text
    precise = [d for d in dates if d.precision != "year"]
    date = precise[0] if precise else dates[0]
    if precise and date is not dates[0] and _JOURNAL_RE.match(text[: dates[0].start].strip(" ,(")):
        date = dates[0]
    draft.date = (date.iso, date.precision)
    return re.sub(r"\(\s*\)", "", text[: date.start] + text[date.end :])


def _read_parts(draft: _Draft, parts: list[str], month_first: bool, italics: set[str]) -> None:
    """Read comma-separated parts that follow a title: container, date, pages, series."""
    containers: list[str] = []
    for raw_part in parts:
        part = _collapse(raw_part.strip(" .,"))
        if not part:
            continue
        plain = part.strip("*")
        journal = _JOURNAL_RE.match(plain)
        dates = _dates_in(part, month_first)
        if journal and not containers and not _dates_in(journal["journal"], month_first):
            containers.append(journal["journal"])
            draft.shape = draft.shape or "journal"
            if journal["date"] and not draft.date:
                jd = _dates_in(journal["date"], month_first)
                if jd:
                    draft.date = (jd[0].iso, jd[0].precision)
            continue
        if re.match(r"^no\.\s*\d+", plain, re.I):
            draft.shape = draft.shape or "journal"
            if dates and not draft.date:
                draft.date = (dates[0].iso, dates[0].precision)
            continue
        if dates and _collapse(part[: dates[0].start] + part[dates[0].end :]).strip(" .,()") == "":
            draft.date = draft.date or (dates[0].iso, dates[0].precision)
            continue
        if _PAGE_RE.match(plain):
            continue
        if _GENRE_RE.match(plain):
            genre = plain.lower()
            if "release" in genre:
                draft.type_hint = draft.type_hint or "press release"
            continue
        if _SERIES_RE.search(plain):
            if dates and not draft.date:
                draft.date = (dates[0].iso, dates[0].precision)
            continue
        if dates and not draft.date:
            draft.date = (dates[0].iso, dates[0].precision)
        containers.append(part)
    if containers:
        first = _clean_field(containers[0])
        if first and (first in italics or _is_name_like(first, max_words=14) or _is_outlet(first)):
            draft.container = first


def _parse_book(
    segment: str, urls: list[str], month_first: bool, italics: set[str], previous: _Draft | None
) -> _Draft | None:
    """``Author, Title (City: Publisher, 2019), 45.`` — a book, or a chapter "in" one."""
    m = _BOOK_RE.search(segment)
    if not m:
        return None
    before = segment[: m.start()].strip().rstrip(",").strip()
    draft = _Draft(raw="", container=_clean_field(m["publisher"]), shape="book")
    dates = _dates_in(m["date"], month_first)
    if dates:
        draft.date = (dates[0].iso, dates[0].precision)
    _, draft.url = _take_urls(segment[m.end() :], urls)
    parts = _split_top_level(before, ",")
    if parts and parts[0].strip().lower() in {"idem", "id"} and previous:
        draft.authors, draft.et_al = list(previous.authors), previous.et_al
        parts = parts[1:]
    else:
        author_count = _leading_author_parts(parts)
        if author_count:
            draft.authors, draft.et_al = _parse_authors(", ".join(parts[:author_count]))
            parts = parts[author_count:]
    if draft.authors and all(a.kind == "organization" for a in draft.authors):
        draft.shape, draft.type_hint = None, "report"  # an organisation's own imprint: a report
    rest = ", ".join(p.strip() for p in parts)
    rest = re.sub(r",\s*[A-Z]{2,}[-/ ]?\d[\w/.-]*$", "", rest)  # "…, GAO-19-123": the report number
    chapter = re.match(r"^(?P<chapter>.+?),?\s+in\s+(?P<book>.+)$", rest)
    if chapter and _QUOTED_RE.search(chapter["chapter"]):
        draft.shape = "chapter"
        draft.title = chapter["chapter"]
    else:
        draft.title = re.sub(r",?\s*(?:\d+(?:st|nd|rd|th)\s+ed\.?|rev\.\s*ed\.?)$", "", rest)
    return draft


@lru_cache(maxsize=None)
def _interview_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = load_cues()["interview"]
    by_author = r"(?:by|with)\s+(?:the\s+|this\s+)?(?:authors?|writers?)\b"
    return (
        # "Author interviews with officials", "Interview by the author with a diplomat"
        re.compile(rf"^(?:(?:the\s+)?authors?(?:['’]s?)?\s+)?{words}\s+(?:with|by|between|among)\b", re.I),
        # "Maria Lopez, interview by author": the person interviewed, then the interview
        re.compile(rf"(?:^|(?<=,\s)){words}\s+{by_author}", re.I),
    )


def _parse_interview(segment: str, urls: list[str], month_first: bool) -> _Draft | None:
    """An interview or personal communication the report's authors held: its description is
    the title, a date its date; the place it took place is no publisher and is left out."""
    opening, by_author = _interview_res()
    if not (opening.match(segment) or (by_author.search(segment) and "," in segment)):
        return None
    if re.search(r"[“”\"*]", segment):
        return None  # a quoted or italic title: a published interview or its transcript
    text, url = _take_urls(segment, urls)
    text = text.strip(" .")
    protected = text
    for date in reversed(_dates_in(text, month_first)):
        span = text[date.start : date.end]
        protected = protected[: date.start] + span.replace(",", "\x01") + protected[date.end :]
    parts = [_collapse(p.replace("\x01", ",")) for p in _split_top_level(protected, ",") if p.strip()]
    draft = _Draft(raw="", url=url, type_hint="interview")
    if parts and opening.match(parts[0]):
        draft.title, rest = parts[0], parts[1:]
    elif len(parts) > 1 and by_author.match(parts[1]) and _person_from_natural(parts[0]):
        draft.authors, draft.title, rest = [_person_from_natural(parts[0])], parts[1], parts[2:]
    else:
        return None
    for part in rest:
        dates = _dates_in(part, month_first)
        if dates:
            draft.date = (dates[0].iso, dates[0].precision)
            break
    return draft


_ACT_NAME_RE = re.compile(r"\b(?:Act|Resolution|Code|Order|Amendments?)(?: of \d{4})?$")


def _parse_us_legal(segment: str, urls: list[str], month_first: bool) -> _Draft | None:
    """U.S. legal citations: ``Pub. L. No. 111-73, 123 Stat. 2060 (2009)``, ``42 U.S.C. §
    1983``, ``H.R. 1234, 117th Cong. (2021)``, ``Exec. Order No. 13,985``.

    The title is the act's name where the note prints one (before or after the numbers),
    else the first citation as printed; the date is the one in parentheses (or the act's
    year), never a page or section number.
    """
    legal, pin = _cue_exact_re("legal_citations"), _cue_exact_re("legal_pin_cites")
    if not legal.search(segment):
        return None
    text, url = _take_urls(segment, urls)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "\x01", text.strip(" .;"))  # "No. 13,985": one number
    parts = [p.strip() for p in _split_top_level(text, ",") if p.strip()]
    cores = [re.sub(r"(?:\s*\([^()]*\))+$", "", p).strip() for p in parts]
    if not parts or not (
        legal.fullmatch(cores[0])
        or (len(parts) > 1 and _ACT_NAME_RE.search(cores[0]) and legal.fullmatch(cores[1]))
    ):
        return None
    names: list[str] = []  # the act's name, its commas kept: "Border Protection, …, and … Act of 2005"
    citations: list[str] = []
    dates: list[_Date] = []
    last = None
    for part, core in zip(parts, cores):
        for inner in re.findall(r"\(([^()]*)\)", part[len(core):]):
            dates.extend(_dates_in(inner, month_first))
        if legal.fullmatch(core):
            citations.append(core)
            last = "citation"
        elif last == "name" and (re.fullmatch(r"(?:1[89]|20)\d{2}", core) or not (
            pin.fullmatch(core) or _PAGE_RE.match(core)
        )):
            names[-1] += ", " + core  # "… Act, 2020" and "…, and Illegal … Act of 2005" alike
        elif pin.fullmatch(core) or _PAGE_RE.match(core):
            last = "pin"
        elif core[:1].isupper():
            names.append(core)
            last = "name"
    title = names[0] if names else citations[0]
    title = title.replace("\x01", ",")
    draft = _Draft(raw="", title=title, url=url, shape="legal")
    if dates:
        best = max(dates, key=lambda d: ("year", "month", "day").index(d.precision))
        draft.date = (best.iso, best.precision)
    else:
        year = re.search(r"(?:\bof |, )((?:1[89]|20)\d{2})$", title)
        if year:
            draft.date = (year.group(1), "year")
    return draft


def _parse_legal(segment: str, urls: list[str]) -> _Draft | None:
    """A statute or rule cited by its title and year: ``Privacy Act 1988, s. 6``."""
    text, url = _take_urls(segment, urls)
    legal = _LEGAL_TITLE_RE.match(text)
    if not legal:
        return None
    return _Draft(raw="", title=legal["title"], date=(legal["year"], "year"), url=url)


def _document_number(text: str) -> str | None:
    """The text as a report or document number ("GAO-13-771", "CRS Report R44981",
    "COM(2021) 66 final"), or None when it is something else."""
    text = _collapse(text.strip(" ,.;*"))
    return text if _cue_exact_re("document_numbers").fullmatch(text) else None


_BY_NAMES_RE = re.compile(r",?\s+by\s+(?=[A-ZÀ-Þ])")


def _parse_numbered_report(segment: str, urls: list[str], month_first: bool) -> _Draft | None:
    """``CRS Report R44981, Title, by Name and Name[, date]`` — a report cited by its number.

    The number is the work's container, everything between it and "by" the title (commas
    and all), the names after "by" its authors.
    """
    if not _cue_exact_re("document_numbers").match(segment):
        return None
    text, url = _take_urls(segment, urls)
    number = _cue_exact_re("document_numbers").match(text)
    if number is None or not text[number.end():].lstrip().startswith(","):
        return None
    rest = text[number.end():].strip(" ,.")
    draft = _Draft(raw="", container=_collapse(number.group(0)), url=url, shape="report")
    draft.title, tail = rest, ""
    by = list(_BY_NAMES_RE.finditer(rest))
    names: list[str] = []
    if by:
        after_by = _split_top_level(rest[by[-1].end():], ",")
        for part in (p.strip() for p in after_by):
            # "by A, B, and C, updated March 4, 2021": names up to the first part that is none
            if not part or re.search(r"\d", part) or _date_words_re().match(part):
                break
            person = _person_from_natural(re.sub(r"^(?:and|&)\s+", "", part))
            if not (person or re.search(r"\s(?:and|&)\s", part)):
                break
            names.append(part)
    if names:
        draft.title = rest[: by[-1].start()]
        draft.authors, draft.et_al = _parse_authors(", ".join(names))
        tail = ", ".join(after_by[len(names):])
    else:
        dates = _dates_in(rest, month_first)
        if dates and not rest[dates[-1].end:].strip(" .,"):
            # "CRS Report R45772, Title, 2020": a closing date is not part of the title
            draft.title = _date_words_re().sub("", rest[: dates[-1].start]).rstrip(" ,")
            tail = rest[dates[-1].start:]
    dates = _dates_in(tail, month_first)
    if dates:
        draft.date = (dates[0].iso, dates[0].precision)
    return draft if draft.title else None


_PLACE_DATE_RE = re.compile(r"\((?P<place>[^():\d]{2,60}):\s*(?P<date>[^():]{3,40})\)")


def _parse_place_dated(segment: str, urls: list[str], month_first: bool) -> _Draft | None:
    """``Agency, Title, GAO-13-771 (Washington, D.C.: Jan. 30, 2013).`` — an imprint that
    names a place and a date but no publisher: the issuing body publishes its own report.
    A report number before it is the work's container."""
    imprint, date = None, None
    for m in _PLACE_DATE_RE.finditer(segment):
        dates = _dates_in(m["date"], month_first)
        if dates and not _collapse(m["date"][: dates[0].start] + m["date"][dates[0].end :]).strip(" .,"):
            imprint, date = m, dates[0]  # nothing but a date after the colon
            break
    if imprint is None or date is None:
        return None
    before, url = _take_urls(segment[: imprint.start()], urls)
    if url is None:
        _, url = _take_urls(segment[imprint.end():], urls)
    before = re.sub(r"\[\s*(?:hyperlink)?[\s,]*\]", " ", before)  # "[hyperlink, <url>]" emptied
    parts = [p.strip() for p in _split_top_level(before.strip(" ,."), ",") if p.strip()]
    draft = _Draft(raw="", date=(date.iso, date.precision), url=url)
    author_count = _leading_author_parts(parts)
    if author_count:
        draft.authors, draft.et_al = _parse_authors(", ".join(parts[:author_count]))
        parts = parts[author_count:]
    while parts and (_document_number(parts[-1]) or _SERIES_RE.search(parts[-1])):
        draft.container = draft.container or _document_number(parts[-1])
        parts = parts[:-1]
    if not parts:
        return None
    draft.title = ", ".join(parts)
    if draft.authors and all(a.kind == "organization" for a in draft.authors):
        draft.shape = "report"  # an organisation's own imprint
    return draft


def _leading_author_parts(parts: list[str]) -> int:
    """How many leading comma-parts name authors: "A", or "A, B, and C" before a title."""
    if (
        len(parts) >= 3
        and _is_family_like(parts[0])
        and len(parts[0].split()) == 1
        and _is_given_like(parts[1])
    ):
        return 2  # "Wilhelm, Kurt, Title (Place: Publisher, 1999)"
    if len(parts) < 2 or not _author_like(parts[0]):
        return 0
    count = 1
    # "Eric Bradner, Elise Labott, and Dana Bash, Title": a list closed by "and Name"
    for j in range(1, len(parts) - 1):
        part = parts[j].strip()
        if part.lower().startswith(("and ", "& ")):
            if _person_from_natural(part.split(None, 1)[1]):
                count = j + 1
            break
        if not _person_from_natural(part):
            break
    names = _split_natural_names(parts[0])
    return count if count > 1 or names else 1


_CITATION_NUMBER_RE = re.compile(
    r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}\.|\d{1,3}(?=\s+[A-ZÀ-Þ][\w'’-]+,\s))\s+(?=\S)"
)
_VOLUME_TAIL_RE = re.compile(
    r"(?:,|\.)?\s*(?:vol\.\s*)?(?<!\d\.)(?<!\d)\d+\s*(?:\([^)]*\))?\s*(?:[,:]\s*(?:pp?\.\s*)?[\d–\-\s]+)?\.?\s*$", re.I
)
_YEAR_LEAD_RE = re.compile(r"^[,.]?\s*\(?(?P<year>(?:1[5-9]|20)\d{2})[a-z]?\)?\s*[.,:]\s*")
_PUBLISHER_RE = re.compile(
    r"^(?:In:?\s+)?(?P<place>[A-Z][\w .,'’-]{1,40}?):\s*(?P<publisher>[^,.:;]+?)(?:,|\.|$)"
)


_FAMILY_ONE = rf"(?:{_PARTICLES}*[A-ZÀ-ÖØ-Þ][\w'’]+(?:-[A-ZÀ-ÖØ-Þ][\w'’]+)?)"
_INVERTED_FULL_RE = re.compile(
    rf"^(?P<family>{_FAMILY_ONE}),\s+(?P<given>[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s+[A-ZÀ-Þ][a-zà-ÿ'’-]+)?(?:\s+[A-ZÀ-Þ]\.)*)"
    r"(?:,?\s+(?:and|&)\s+(?P<rest>[^.]+?))?(?:(?<=\.)\s+|\.\s+|\s+(?=\((?:1[5-9]|20)\d{2}))"
)


_PUBLISHER_LATE_RE = re.compile(
    r"(?P<place>[A-Z][\w.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?):\s*(?P<publisher>[^,:;]+?),\s*(?:[A-Z][a-z]+\.?\s+)?\d{4}"
)
_PUBLISHER_END_RE = re.compile(
    r"(?:^|\.\s+)(?P<place>[A-Z][\w.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?):\s*(?P<publisher>[A-Z][^,:;]+?)\.?$"
)
_VANCOUVER_RE = re.compile(
    rf"^(?P<block>{_FAMILY} [A-Z]{{1,3}}(?:,\s*{_FAMILY} [A-Z]{{1,3}})*)(?P<etal>,?\s*et al)?\.\s+"
)


_INVERTED_COMMA_RE = re.compile(
    rf"^(?P<family>{_FAMILY_ONE}),\s+(?P<given>[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s+[A-ZÀ-Þ][a-zà-ÿ'’-]+)?(?:\s+[A-ZÀ-Þ]\.)*),\s+(?=[A-ZÀ-Þ\d«“\"])"
)


def _comma_scholarly(draft: _Draft, rest: str, month_first: bool) -> _Draft:
    """The fields of ``, Title, Container, volume, pages, year`` after an author list."""
    rest = _take_date(draft, rest.strip(" ,."), month_first)
    parts = [p.strip() for p in _split_top_level(rest, ",") if p.strip(" .")]
    if parts and re.fullmatch(r"\(?\s*\)?", parts[0]):
        parts = parts[1:]
    if not parts:
        return draft
    draft.title = parts[0]
    for part in parts[1:]:
        plain = part.strip(" .")
        if (
            _PAGE_RE.match(plain)
            or re.match(r"^(?:vol|no|v|n)\.?\s*\d", plain, re.I)
            or not re.search(r"[A-Za-z]", plain)
        ):
            continue
        if re.match(r"^(?:at|in)\s", plain):
            plain = re.sub(r"^(?:at|in)\s+", "", plain)
        trimmed = _VOLUME_TAIL_RE.sub("", plain)
        draft.container = trimmed or plain
        if trimmed != plain:
            draft.shape = "journal"
        break
    return draft


def _is_given_like(text: str) -> bool:
    text = text.strip()
    return bool(
        re.fullmatch(r"(?:[A-ZÀ-Þ][a-z]?\.?\s*-?\s*){1,4}", text)
        or re.fullmatch(r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]*\.?){0,2}", text)
    )


def _is_family_like(text: str) -> bool:
    text = text.strip()
    return bool(re.fullmatch(rf"{_FAMILY}(?:\s*-\s*[A-ZÀ-Þ][\w'’-]+)?", text)) and not re.search(
        r"\b[A-Z]\.", text
    )


def _scholarly_authors(block: str) -> tuple[list[Agent], bool] | None:
    """Authors of a scholarly reference list, all persons, or None when it is not one."""
    block = _collapse(block.strip(" .,;:"))
    et_al = False
    m = _cue_re("et_al").search(block)
    if m:
        et_al, block = True, _collapse(block[: m.start()].strip(" ,."))
    if not block or _has_org_word(block) or re.search(r"[:?!\d\"“”]", block):
        return None
    initials = _initials_authors(block)
    if initials and initials[2] >= len(block) - 1:
        return initials[0], et_al or initials[1]
    if ";" in block:
        items = [re.sub(r"^(?:&|and)\s+", "", i.strip()) for i in block.split(";") if i.strip()]
        agents = []
        for item in items:
            if "," in item:
                family, given = item.split(",", 1)
                agents.append(_person_from_inverted(family, given))
            else:
                person = _person_from_natural(item)
                if not person:
                    return None
                agents.append(person)
        return agents, et_al
    pieces = [p.strip() for p in re.split(r",\s*(?:&|and)\s+|\s+(?:&|and)\s+|,\s*", block) if p.strip()]
    agents = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if (
            i + 1 < len(pieces)
            and _is_family_like(piece)
            and _is_given_like(pieces[i + 1])
            and len(piece.split()) <= 3
        ):
            given = pieces[i + 1]
            initials_only = re.fullmatch(r"(?:[A-ZÀ-Þ][a-z]?\.?\s*-?\s*){1,4}", given)
            if len(given.split()) <= 3 and (
                len(piece.split()) == 1 or initials_only or re.match(_PARTICLES, piece)
            ):
                agents.append(_person_from_inverted(piece, pieces[i + 1]))
                i += 2
                continue
        person = _person_from_natural(piece)
        if not person:
            return None
        agents.append(person)
        i += 1
    return (agents, et_al) if agents else None


def _parse_scholarly(segment: str, urls: list[str], month_first: bool, italics: set[str]) -> _Draft | None:
    """``Authors. Title. Container, volume, pages, year.`` and ``Authors. Year. Title. Publisher.``"""
    text, url = _take_urls(segment, urls)
    repeated = re.match(r"^[-–—_]{3,}\s*[.,]?\s*", text.strip())
    text = text.strip()[repeated.end() :] if repeated else text.strip()  # "———." repeats the author
    initials = _initials_authors(text)
    vancouver = _VANCOUVER_RE.match(text)
    if vancouver and "," not in vancouver["block"] and not re.search(r" [A-Z]{2,3}$", vancouver["block"]):
        vancouver = None  # "Stephen H. Kellert": a given name and an initial, not "Family IN"
    year_lead = re.match(
        r"^(?P<block>[^()\d]{3,250}?)[.,]?\s*\(?(?P<year>(?:1[5-9]|20)\d{2})[a-z]?\)?\s*[.,:]\s+", text
    )
    inverted = _INVERTED_FULL_RE.match(text)
    inverted_comma = _INVERTED_COMMA_RE.match(text)
    parsed_block = _scholarly_authors(year_lead["block"]) if year_lead else None
    if repeated:
        authors, et_al, rest = [], False, text
    elif vancouver:
        authors = []
        for item in vancouver["block"].split(","):
            family, _, given = item.strip().rpartition(" ")
            authors.append(_person_from_inverted(family, given))
        et_al, rest = bool(vancouver["etal"]), text[vancouver.end() :]
    elif initials and initials[2] < len(text) and re.match(r"\s*(?:[.,(]|\d|[A-Z“\"])", text[initials[2] :]):
        authors, et_al, end = initials
        rest = text[end:]
    elif parsed_block:
        authors, et_al = parsed_block
        rest = text[
            year_lead.start("year")
            - (1 if text[year_lead.start("year") - 1 : year_lead.start("year")] == "(" else 0) :
        ]
    elif inverted_comma and not inverted:
        authors, et_al = [_person_from_inverted(inverted_comma["family"], inverted_comma["given"])], False
        rest = text[inverted_comma.end() - 1 :]
        parts = _split_top_level(rest.lstrip(" ,"), ",")
        while len(parts) > 2 and _person_from_natural(parts[0]):
            authors.append(_person_from_natural(parts[0]))  # "Droettboom, Michael, Ichiro Fujinaga, 2001, …"
            parts = parts[1:]
        rest = ", " + ", ".join(parts)
    elif inverted:
        authors, et_al = [_person_from_inverted(inverted["family"], inverted["given"])], False
        if inverted["rest"]:
            more = _scholarly_authors(inverted["rest"])
            if more:
                authors += more[0]
        rest = text[inverted.end() :]
    else:
        sentences = _split_sentences(text)
        if len(sentences) < 2:
            return None
        parsed = _scholarly_authors(sentences[0])
        if not parsed:
            return None
        authors, et_al = parsed
        rest = text[len(sentences[0]) :] if text.startswith(sentences[0]) else " ".join(sentences[1:])
    draft = _Draft(raw="", authors=authors, et_al=et_al, url=url)
    if rest.lstrip().startswith(","):
        rest = rest.lstrip()[1:]
        first = _split_sentences(rest.strip())[0] if rest.strip() else ""
        if (
            re.search(r",\s*(?:vol\.|v\.|no\.|pp?\.|\d)", first, re.I)
            or len(_split_sentences(rest.strip())) < 2
        ):
            # "Jeffay, K., Stone, D. L., Title, Journal, Vol. 15, pp. 388-395." — comma-separated
            return _comma_scholarly(draft, rest, month_first)
    rest = rest.strip()
    lead = _YEAR_LEAD_RE.match(rest)
    if lead:
        draft.date = (lead["year"], "year")
        rest = rest[lead.end() :]
    rest = rest.strip(" .,")
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        draft.title = next(g for g in quoted.groups() if g is not None)
        remainder = rest[quoted.end() :]
    else:
        pieces = _split_sentences(rest)
        if not pieces:
            return None
        draft.title = pieces[0]
        remainder = rest[len(pieces[0]) :] if rest.startswith(pieces[0]) else " ".join(pieces[1:])
    remainder = remainder.strip(" .,")
    if draft.date is None:
        dates = _dates_in(remainder, month_first)
        if dates:
            draft.date = (dates[0].iso, dates[0].precision)
    publisher = (
        _PUBLISHER_RE.match(remainder)
        or _PUBLISHER_LATE_RE.search(remainder)
        or _PUBLISHER_END_RE.search(remainder)
    )
    if publisher and not re.search(r"\d", publisher["place"]):
        draft.container = publisher["publisher"]
        draft.shape = "book"
        return draft
    remainder = re.sub(r"^(?:In:?|in:?)\s+", "", remainder)
    container = re.split(
        r",\s*(?=\d|vol|pp|pages?\b|v\.|no\.|doi\b|[A-Z][a-z]+\.? \d|[a-zé]+\.?\s+\d{4})"
        r"|\s+(?=\d+(?:[,:(;.]|\s*$|\s+\d))|\s*\((?=\d)|\.\s+(?=[A-Z][a-z]{3,})",
        remainder,
        maxsplit=1,
    )[0]
    container = container.strip(" .,")
    if container and not _dates_in(container, month_first):
        draft.container = container
        if re.search(r"\d+\s*\(\d+\)|\d+\s*[:,]\s*\d+\s*[–-]\s*\d+", remainder):
            draft.shape = "journal"
    return draft


def _parse_generic(segment: str, urls: list[str], month_first: bool, italics: set[str]) -> _Draft:
    """Comma-separated notes (``Agency, Title, Series No. 5, date, url``) and sentences."""
    draft = _Draft(raw="")
    text, draft.url = _take_urls(segment, urls)
    text = text.strip(" .")
    initials = _initials_authors(text)
    if initials and initials[2] < len(text):
        draft.authors, draft.et_al = initials[0], initials[1]
        rest = text[initials[2] :].strip(" .,")
        dates = _dates_in(rest, month_first)
        _assign_title_container(draft, _split_sentences(rest), italics)
        if dates:
            draft.date = (dates[0].iso, dates[0].precision)
        return draft
    # "June 2, 2020" must survive the split on commas
    protected = text
    for date in reversed(_dates_in(text, month_first)):
        span = text[date.start : date.end]
        protected = protected[: date.start] + span.replace(",", "\x01") + protected[date.end :]
    parts = [_collapse(p.replace("\x01", ",")) for p in _split_top_level(protected, ",") if p.strip()]
    # a part starting in lower case continues the one before it
    joined: list[str] = []
    for part in parts:
        if (
            joined
            and part[:1].islower()
            and not _PAGE_RE.match(part)
            and not re.match(r"^no\.", part, re.I)
            and not (len(joined) == 1 and _author_like(joined[0]))
            and not _date_words_re().match(part)
        ):
            joined[-1] += ", " + part
        else:
            joined.append(part)
    parts = joined
    sentences = _split_sentences(text)
    if len(parts) <= 1 and len(sentences) > 1:
        # "The Obama White House. U.S. Strategy for Engagement. Retrieved from: …"
        first = sentences[0].rstrip(".")
        if _author_like(first) and not _looks_like_title(first):
            draft.authors, draft.et_al = _parse_authors(first)
            sentences = sentences[1:]
        _assign_title_container(draft, sentences, italics)
        dates = _dates_in(text, month_first)
        if dates:
            draft.date = (dates[0].iso, dates[0].precision)
        return draft
    text_parts: list[str] = []
    date_sources: list[str] = []
    series_sources: list[str] = []
    document: str | None = None
    document_at = 0
    for part in parts:
        plain = part.strip("*")
        if not plain:
            continue
        dates = _dates_in(plain, month_first)
        remainder = _collapse(plain[: dates[0].start] + plain[dates[0].end :]) if dates else plain
        remainder = _date_words_re().sub("", remainder)
        if dates and remainder.strip(" .,()") == "":
            date_sources.append(plain)
            continue
        if _PAGE_RE.match(plain):
            continue
        if _GENRE_RE.match(plain):
            if "release" in plain.lower():
                draft.type_hint = "press release"
            continue
        if text_parts and document is None and _document_number(plain):
            # "Agency, Title, with commas, COM(2021) 66 final, Brussels, date": the number
            # ends the title; what follows it besides the date is the place of issue
            document, document_at = _document_number(plain), len(text_parts)
            draft.shape = "report"
            continue
        if _SERIES_RE.search(plain) and text_parts:
            if re.match(r"^[A-Z]{1,4}[-/ ]?\d{3,}", plain) or re.search(r"\bReport No\b", plain, re.I):
                draft.type_hint = draft.type_hint or "report"  # "R42917", "GAO-19-123"
            series_sources.append(plain)
            continue
        text_parts.append(part)
    if document:
        text_parts = text_parts[:document_at]
    if len(text_parts) >= 2 and _author_like(text_parts[0]) and not _BY_RE.match(text_parts[0]):
        if (
            len(text_parts) >= 3
            and re.search(r"\bHon\b", text_parts[1])
            and not re.search(r"\bHon\b", text_parts[0])
        ):
            text_parts = text_parts[1:]  # a role ("Minister for Defence") before the person
        draft.authors, draft.et_al = _parse_authors(text_parts[0])
        text_parts = text_parts[1:]
    if text_parts:
        title_part = text_parts[0]
        by = _BY_RE.match(title_part)
        if by and not draft.authors:
            person = _person_from_natural(by["name"])
            if person:
                draft.authors = [person]
                title_part = by["title"]
        title = re.sub(r"(?:\s*\([^()]*\)|\s*\[\d{4}\][^,()]*)+$", "", title_part)
        draft.title = title
        if document:
            draft.title = title = ", ".join([title_part, *text_parts[1:]])
            draft.container = document
        elif len(text_parts) > 1 and _is_name_like(text_parts[1], max_words=14):
            draft.container = text_parts[1]
        if len(text_parts) == 1 and (_is_outlet(title) or _names_news(title)) and not draft.authors:
            draft.container, draft.title = title, None
        if not draft.authors and draft.container and _is_acronym(draft.container):
            # "Title, Media Release 77/2002, DIMIA, date": the agency issued it
            draft.authors, draft.container = [_organisation(draft.container)], None
    for source in date_sources:
        dates = _dates_in(source, month_first)
        if dates:
            draft.date = (dates[0].iso, dates[0].precision)
            break
    if draft.date is None:
        # "S/RES/661 (1990)" beside "Resolution 661 … adopted on 6 August 1990": the most
        # precise date wins, a series part's on a tie (a title's year may be its subject)
        candidates = [(d, 1) for source in series_sources for d in _dates_in(source, month_first)]
        if draft.title:
            candidates += [(d, 0) for d in _dates_in(title_part, month_first)]
        if candidates:
            best = max(candidates, key=lambda c: (("year", "month", "day").index(c[0].precision), c[1]))[0]
            draft.date = (best.iso, best.precision)
    return draft


def _names_news(text: str) -> bool:
    rule = next((p for t, w, p in _type_rules() if t == "news article" and w == "names"), None)
    return bool(rule and rule.search(text))


# --------------------------------------------------------------------------- work types


def _work_type(draft: _Draft, text: str) -> str:
    """The work's type from the shipped cue rules (first match wins)."""
    url = (draft.url or "").lower()
    url_bare = re.sub(r"^[a-z]+://", "", url)
    host = urlsplit(draft.url).netloc.lower() if draft.url else ""
    names = " ".join([a.name for a in draft.authors] + [draft.container or ""])
    fields = {
        "url": url_bare,
        "host": host,
        "text": _PLACEHOLDER_RE.sub(" ", text),
        "title": draft.title or "",
        "container": draft.container or "",
        "names": names,
    }
    if draft.type_hint in ("testimony", "press release", "interview"):
        return draft.type_hint
    hinted = draft.type_hint
    for work_type, where, pattern in _type_rules():
        if where == "shape":
            if draft.shape and pattern and pattern.pattern == draft.shape:
                return work_type
            continue
        if where == "outlet":
            if any(
                _is_outlet(n)
                for n in [draft.container or ""] + [a.name for a in draft.authors if a.kind == "organization"]
            ):
                return work_type
            continue
        if pattern and fields.get(where) and pattern.search(fields[where]):
            return work_type
    if hinted:
        return hinted
    data = _load_json("work_types.json")
    return data["default_with_url"] if draft.url else data["default_without_url"]


# --------------------------------------------------------------------------- public API


def _prepare(text: str) -> tuple[str, list[str], set[str]]:
    text = _unwrap(unicodedata.normalize("NFC", text or ""))
    text, urls = _extract_urls(text)
    text = _ESCAPE_RE.sub(r"\1", text)
    text = re.sub(r"</?(?:i|em|italic)>", "*", text, flags=re.I)
    text = re.sub(r"``(.+?)''", r"“\1”", text)  # TeX quotes
    italics = {_collapse(m.group(1)).strip(" .,") for m in re.finditer(r"(?<!\*)\*([^*\n]+)\*(?!\*)", text)}
    text = re.sub(r"(?<!\*)\*([^*\n]+)\*(?!\*)", r"*\1*", text)
    text = text.replace("\u00a0", " ").replace("\u2011", "-")
    return text, urls, italics


def _draft_to_work(draft: _Draft, raw: str, text: str) -> Work:
    title = _clean_field(draft.title)
    container = draft.container
    if container and not _document_number(container):  # "GAO-13-771" is a name, not a volume
        container = re.sub(r",?\s*\bdoi\b\s*:?\s*\S+.*$", "", container, flags=re.I)
        trimmed = _VOLUME_TAIL_RE.sub("", container)
        if trimmed != container and len(re.findall(r"[^\W\d_]", trimmed)) >= 3:
            # "Journal of X, 33(2), 87-93": volume, issue and pages are not the journal's name
            container = trimmed
            draft.shape = draft.shape or "journal"
    if container and not _document_number(container):
        # "New York, NY: Springer-Verlag": the place of publication is not the publisher's name
        place = re.match(
            r"^(?:(?:[A-Z][\w.'’-]*|and|&)\s?){1,5}(?:,\s*[A-Z][\w.'’ -]*)?\s?:\s*(?=\S)", container
        )
        if place and not re.search(r"\d", place.group(0)):
            container = container[place.end() :]
            draft.shape = draft.shape or "book"
    container = _clean_field(container)
    authors = draft.authors
    if container and any(_norm_name(a.name) == _norm_name(container) for a in authors):
        container = None  # the author is also the publisher
    if container and title and _norm_name(container) == _norm_name(title):
        container = None
    draft.title, draft.container = title, container
    work_type = _work_type(draft, text)
    # "GAO-13-771", "CRS Report R44981": the number names this one work, not an outlet
    identifier = _document_number(container) if container else None
    if identifier:
        container = None
    elif title and _document_number(title):
        identifier, title = title, None  # "See GAO-13-771.": the number alone names the work
    return Work(
        raw=raw,
        authors=authors,
        et_al=draft.et_al,
        date=draft.date[0] if draft.date else None,
        date_precision=draft.date[1] if draft.date else None,
        title=title,
        container=container,
        url=draft.url,
        work_type=work_type,
        identifier=identifier,
    )


def _restore(segment: str, urls: list[str]) -> str:
    return _collapse(_PLACEHOLDER_RE.sub(lambda m: urls[int(m.group(1))], segment))


def parse_endnote(text: str, *, month_first: bool = True) -> list[Work]:
    """Read one endnote's text into the works it cites.

    Parameters
    ----------
    text
        The note's text without its number; Markdown (``<url>``, ``[text](url)``,
        ``*italics*``, backslash escapes) is understood.
    month_first
        Read ``01/02/20`` as January 2 (U.S. order) when True, as 1 February when False.

    Returns
    -------
    list of Work
        One Work per reference, in order; empty for a purely explanatory note. ``Ibid.``,
        ``Id.`` and ``op. cit.`` come back as Works holding only ``raw`` (and the author for
        ``op. cit.``): :func:`cite_works` links them to the note they repeat. A reference that
        cannot be read is kept as a Work with its ``raw`` text only.

    Never raises: any input, however odd, gives a list.

    Examples
    --------
    >>> work, = parse_endnote('Doe, J. (03/04/19). A Title. The Daily Planet.')
    >>> work.date, work.title, work.container
    ('2019-03-04', 'A Title', 'The Daily Planet')
    """
    try:
        return _parse_endnote(text, month_first)
    except Exception:  # noqa: BLE001 — a stage must not stop a build over one odd note
        raw = _collapse(text or "")
        return [Work(raw=raw, work_type="other")] if raw else []


def _parse_endnote(text: str, month_first: bool) -> list[Work]:
    prepared, urls, italics = _prepare(text)
    works: list[Work] = []
    previous: _Draft | None = None
    for segment in _segments(prepared):
        raw = _restore(segment, urls)
        body = _strip_access_notes(segment, urls)
        body = _CITATION_NUMBER_RE.sub("", _strip_lead_in(_collapse(body)))
        # commentary before the citation: drop leading sentences that explain
        sentences = _split_sentences(body)
        while (
            len(sentences) > 1
            and _is_prose(sentences[0])
            and not re.search(r"[:?]", sentences[0])
            and not sentences[1].startswith("(")  # "Title. (2021). Publisher." is APA, not prose
        ):
            sentences = sentences[1:]
        body = " ".join(sentences)
        if not body.strip(" .,;"):
            continue
        if _cue_re("ibid").match(body):
            works.append(Work(raw=raw))
            continue
        op_cit = _cue_re("op_cit").search(body)
        if op_cit:
            authors, et_al = _parse_authors(body[: op_cit.start()])
            works.append(Work(raw=raw, authors=authors, et_al=et_al))
            continue
        derived = _derived_data(body, raw)
        if derived:
            works.extend(derived)
            continue
        if _is_prose(body):
            continue
        stripped = _PLACEHOLDER_RE.sub(" ", _retrieval_re().sub(" ", body)).strip(" .,;:")
        if not stripped and _PLACEHOLDER_RE.search(body):
            draft = _Draft(raw=raw)
            _, draft.url = _take_urls(body, urls)
        else:
            draft = (
                _parse_interview(body, urls, month_first)
                or _parse_numbered_report(body, urls, month_first)
                or _parse_us_legal(body, urls, month_first)
                or _parse_legal(body, urls)
                or _parse_apa(body, urls, month_first, italics)
                or _parse_place_dated(body, urls, month_first)
                or _parse_book(body, urls, month_first, italics, previous)
                or _parse_quoted(body, urls, month_first, italics, previous)
                or _parse_scholarly(body, urls, month_first, italics)
                or _parse_generic(body, urls, month_first, italics)
            )
        draft.raw = raw
        if _reads_as_remark(draft, body):
            continue
        previous = draft
        works.append(_draft_to_work(draft, raw, body))
    return works


_DATA_SOURCE_RE = re.compile(r"(?:the\s+)?(?P<name>[A-Z][^,;]*?)(?:,?\s*\(?(?P<year>(?:1[89]|20)\d{2})\)?)?")


def _derived_data(body: str, raw: str) -> list[Work]:
    """The data sources of a note such as "Authors' calculations based on World Bank, 2019
    and OECD, 2020": one dataset per source, its publisher as author. Empty when the note
    is not of that shape or a source does not read as "Name[, year]"."""
    cue = _cue_re("derived_data").search(body)
    if cue is None:
        return []
    rest = body[cue.end():].strip(" .")
    parts = [p for p in re.split(r"\s*;\s*|,?\s+and\s+(?=(?:the\s+)?[A-Z])", rest) if p.strip()]
    works: list[Work] = []
    for part in parts:
        match = _DATA_SOURCE_RE.fullmatch(part.strip(" ."))
        if match is None or not _is_name_like(match["name"]):
            return []
        name = match["name"].strip()
        year = match["year"]
        works.append(Work(raw=raw, authors=[_organisation(name)], date=year,
                          date_precision="year" if year else None, title=name,
                          work_type="dataset"))
    return works


def _reads_as_remark(draft: _Draft, body: str) -> bool:
    """A short remark ("These figures exclude seasonal workers.") that names no source."""
    if draft.authors or draft.url or draft.date or draft.container or not draft.title:
        return False
    if re.search(r"[“”\"*]", body):
        return False
    if re.match(r"^[A-ZÀ-Þ][\w'’-]+,\s", body):
        return False  # "Lee, Rivers of trade, 50.": a short form, kept for cite_works
    words = re.findall(r"[^\W\d_][\w'’-]*", body)
    content = [w for w in words if w.casefold() not in _FUNCTION_WORDS]
    lower = [w for w in content if w[0].islower()]
    return len(words) >= 4 and len(lower) * 2 > len(content)


def _is_ibid(work: Work) -> bool:
    return bool(_cue_re("ibid").match(work.raw.strip())) and not work.title


def _is_op_cit(work: Work) -> bool:
    return bool(_cue_re("op_cit").search(work.raw)) and not work.title


def _title_words(title: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", _norm_name(title or "")) if w not in _FUNCTION_WORDS}


def _family_keys(work: Work) -> set[str]:
    return {_norm_name(a.family or a.name) for a in work.authors}


_SURNAME = r"[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+)?"
_SHORT_FORM_RE = re.compile(
    rf"^(?P<family>{_SURNAME}(?:(?:,\s*{_SURNAME})*,?\s+(?:and|&)\s+{_SURNAME})?),\s*"
    r"(?P<title>.+?)(?:,\s*(?:pp?\.\s*)?[\divxlc–-]+)?\.?$"
)


def _short_form_target(work: Work, earlier: list[tuple[int, Work]]) -> tuple[int, Work] | None:
    """The latest earlier work this short form or ``op. cit.`` repeats, if any.

    The earlier work must have every author named (by family name) and hold every word of
    the short title. The authors are read two ways: as parsed, and as the surnames a short
    form prints before its first comma ("Lee, Rivers of Trade", "Brown and Irwin, “Trump’s
    Assault,” 130"), where a lone family name or a surname list reads as a title at first.
    """
    readings = [(_family_keys(work), _title_words(work.title))]
    short = _SHORT_FORM_RE.match(_strip_lead_in(work.raw.strip()))
    if short:
        surnames = {_norm_name(n) for n in _split_natural_names(short["family"])}
        quoted = work.title and _QUOTED_RE.search(short["title"])
        title = work.title if quoted else _cue_re("op_cit").sub(" ", short["title"])
        readings.append((surnames, _title_words(title)))
    for families, words in readings:
        if not families:
            continue
        for number, candidate in reversed(earlier):
            if candidate is work or not families <= _family_keys(candidate):
                continue
            if not words or words <= _title_words(candidate.title):
                return number, candidate
    return None


def _resolved(target: Work, raw: str, number: int) -> Work:
    return replace(target, raw=raw, same_as_note=target.same_as_note or number)


def _diagnostic(code: str, message: str, note: Endnote) -> Diagnostic:
    # the note number lets the caller add the note's line and column
    return Diagnostic(code, message, note=note.number)


def cite_works(
    endnotes: list[Endnote], *, month_first: bool = True, report_date: str | None = None
) -> list[Diagnostic]:
    """Fill every ``endnote.works`` in place and link repeated citations.

    ``Ibid.``/``Id.`` take the previous note's (last) work; ``op. cit.`` and short forms
    (``Author, Short Title.``, ``Brown and Irwin, "Short Title," 130.``: authors and a title
    but no date or URL) take the latest earlier work by the same authors (every surname the
    short form names) whose title holds the short title's words. Either
    way the Work copies the earlier record and ``same_as_note`` names the note that printed it
    in full.

    Parameters
    ----------
    endnotes
        The report's notes in order; their ``works`` are replaced.
    month_first
        Passed to :func:`parse_endnote`.
    report_date
        The report's own date (ISO, any precision). When None, :func:`latest_cited_date`
        stands in for it.

    Returns
    -------
    list of Diagnostic
        ``unparsed-reference`` for a reference kept with its raw text only,
        ``unresolved-repeat`` for an Ibid./op. cit. with nothing to point to, and
        ``date-after-report`` for a date later than the report's (kept as printed).
    """
    diagnostics: list[Diagnostic] = []
    for note in endnotes:
        note.works = parse_endnote(note.text, month_first=month_first)
    reference_date = report_date or latest_cited_date(endnotes)
    earlier: list[tuple[int, Work]] = []
    previous_note: Endnote | None = None
    for note in endnotes:
        for index, work in enumerate(note.works):
            if _is_ibid(work):
                if previous_note and previous_note.works:
                    note.works[index] = _resolved(previous_note.works[-1], work.raw, previous_note.number)
                else:
                    diagnostics.append(
                        _diagnostic(
                            "unresolved-repeat",
                            f"endnote {note.number}: {work.raw!r} has no previous note to repeat",
                            note,
                        )
                    )
                continue
            if not (work.url or work.date):
                target = _short_form_target(work, earlier)
                if target:
                    note.works[index] = _resolved(target[1], work.raw, target[0])
                    continue
                if _is_op_cit(work):
                    diagnostics.append(
                        _diagnostic(
                            "unresolved-repeat",
                            f"endnote {note.number}: no earlier work for {work.raw!r}",
                            note,
                        )
                    )
                    continue
            if not (work.title or work.url or work.container):
                diagnostics.append(
                    _diagnostic(
                        "unparsed-reference",
                        f"endnote {note.number}: could not read a reference in {work.raw!r}; kept as raw text",
                        note,
                    )
                )
        for work in note.works:
            if work.same_as_note is None:
                earlier.append((note.number, work))
            if (
                reference_date
                and work.date
                and work.same_as_note is None
                and _is_later(work.date, reference_date)
            ):
                diagnostics.append(
                    _diagnostic(
                        "date-after-report",
                        f"endnote {note.number}: date {work.date} is later than the report's date {reference_date}; kept as printed",
                        note,
                    )
                )
        previous_note = note
    return diagnostics


def work_key(work: Work) -> str:
    """A key shared by records of the same work: URL identity, else title + container.

    Parameters
    ----------
    work
        A parsed work.

    Returns
    -------
    str
        ``"url:<identity>"`` when the work has a URL, else ``"number:<number>"`` when it has
        a report or document number, else ``"title:<title>|<container>"`` with both
        normalised (case, punctuation, a leading "The"); the first author stands in for a
        missing container.

    Examples
    --------
    >>> work_key(Work(raw="", url="http://www.example.org/a/"))
    'url:example.org/a'
    """
    if work.url:
        return "url:" + url_identity(work.url)
    if work.identifier:
        return "number:" + " ".join(re.findall(r"\w+", work.identifier.lower()))
    title = " ".join(re.findall(r"\w+", _norm_name(work.title or "")))
    container = " ".join(re.findall(r"\w+", _norm_name(work.container or "")))
    if not container and work.authors:
        container = " ".join(re.findall(r"\w+", _norm_name(work.authors[0].family or work.authors[0].name)))
    return f"title:{title}|{container}"


def merge_groups(endnotes: list[Endnote]) -> list[list[int]]:
    """Note numbers that cite the same work, one sorted list per work cited by two or more notes.

    Works linked by ``same_as_note`` join the group of the note they repeat.

    Parameters
    ----------
    endnotes
        Notes whose ``works`` are filled (by :func:`cite_works`).

    Returns
    -------
    list of list of int
        Sorted groups, each sorted; notes citing a work no other note cites are left out.
    """
    key_of_note_work: dict[int, list[str]] = {}
    groups: dict[str, set[int]] = {}
    for note in endnotes:
        for work in note.works:
            if not (work.url or work.title):
                continue
            key = work_key(work)
            key_of_note_work.setdefault(note.number, []).append(key)
            groups.setdefault(key, set()).add(note.number)
    for note in endnotes:
        for work in note.works:
            if work.same_as_note is not None:
                for key in key_of_note_work.get(work.same_as_note, []):
                    groups.setdefault(key, set()).add(note.number)
    result = sorted(sorted(numbers) for numbers in groups.values() if len(numbers) > 1)
    unique: list[list[int]] = []
    for group in result:
        if group not in unique:
            unique.append(group)
    return unique


def find_report_date(text: str, *, lines: int = 40) -> str | None:
    """The report's own date where its title block prints one, ISO at the precision given.

    Only the first ``lines`` non-empty lines are read, only short lines (a title block's),
    and only dates with a written month ("January 2021", "March 3, 2021", "3 March 2021"),
    since bare numbers near a title are more often series numbers than dates.

    Parameters
    ----------
    text
        The report's text.
    lines
        How many non-empty lines from the top to read.

    Returns
    -------
    str or None
        ``"2021-01"`` or ``"2021-03-03"``; None when the top of the report gives no date.

    Examples
    --------
    >>> find_report_date("A Title\\n\\nBy Someone\\n\\nJanuary 2021\\n\\nText …")
    '2021-01'
    """
    head = [line for line in (text or "").splitlines() if line.strip()][:lines]
    for line in head:
        if len(line.strip()) > 80:
            continue  # a title block's lines are short; a dated sentence is not the report's date
        for date in _dates_in(line, True):
            if date.precision in ("day", "month") and re.search(r"[A-Za-z]", line[date.start : date.end]):
                return date.iso
    return None


def latest_cited_date(endnotes: list[Endnote]) -> str | None:
    """The latest date among the notes' works, skipping a lone outlier.

    A date more than a year after every other cited date, when those hold together, is more
    likely a misprint ("08/27/28" for 2018) than evidence of when the report was written, so
    it is passed over for the next one.

    Parameters
    ----------
    endnotes
        Notes whose ``works`` are filled.

    Returns
    -------
    str or None
        An ISO date at its printed precision; None when no work has a date.
    """
    dates = sorted(
        {w.date for n in endnotes for w in n.works if w.date},
        key=lambda d: (*_date_bounds(d), d),  # a total order: the result must not depend on hashing
    )
    if not dates:
        return None

    def gap(i: int) -> int:
        return (_date_bounds(dates[i])[0] - _date_bounds(dates[i - 1])[0]).days

    latest = len(dates) - 1
    # skip the latest date only when the dates below it hold together, so it stands alone
    if latest >= 2 and gap(latest) > 366 and gap(latest - 1) <= 366:
        return dates[latest - 1]
    return dates[latest]
