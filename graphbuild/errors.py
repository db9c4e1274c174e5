"""The one exception family of graphbuild, and the warnings it collects.

Stages raise these; only the command line turns them into an ``Error: …`` line and an exit
code. Messages name the file and, where known, the 1-based line and column, in the form
``data/raw/report.txt:212:5: endnote 14 appears twice``.
"""

from __future__ import annotations


class GraphbuildError(Exception):
    """Base class of every error graphbuild raises on purpose."""


class InputError(GraphbuildError):
    """An input file that cannot be read as a report.

    Parameters
    ----------
    path : str
        The file as the user named it.
    message : str
        What is wrong, with the bad value.
    line, column : int, optional
        1-based position of the problem, where there is one.
    """

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.reason = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class SettingsError(GraphbuildError):
    """A setting with a value graphbuild cannot use (a model that is not installed, ...)."""


class StrictModeError(GraphbuildError):
    """A warning raised as an error because ``--strict`` was given.

    ``hints`` holds the likely causes the build saw (lines such as ``path: …``).
    """

    hints: list[str] = []
