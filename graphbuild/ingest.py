"""Ingest: the one place a report file is read.

Bytes become text here: UTF-8 with or without a byte-order mark. Anything else — an empty
file, a binary file, another encoding — is refused with an :class:`InputError` naming the
file and what is wrong. Offsets everywhere else are code points of the text returned here
(the BOM excluded).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import line_starts

_BOM = b"\xef\xbb\xbf"
# Control characters that never occur in a text report; their presence means binary data.
# (Tab, line feed, form feed, carriage return and escape may.)
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Lines end at \n, \r\n or a lone \r (old Mac files), in bytes as in text.
_LINE_BREAK_BYTES = re.compile(rb"\r\n?|\n")


@dataclass(frozen=True)
class Source:
    """A report file's decoded text and identity."""

    file_name: str
    text: str
    sha256: str
    display_path: str  # how the user named it, for messages


def decode_report(data: bytes, path: str) -> str:
    """Decode a report's bytes, refusing anything that is not UTF-8 text.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str
        The file's name as the user gave it, for messages.

    Returns
    -------
    str
        The text, without a byte-order mark.

    Raises
    ------
    InputError
        For an empty file, binary data or bytes that are not UTF-8.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if not data.strip():
        raise InputError(path, "the file is empty" if not data else "the file holds only whitespace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "the file is UTF-16; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_bytes(data, nul)
        raise InputError(path, "binary data (a NUL byte), not a text report", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_bytes(data, exc.start)
        raise InputError(
            path, f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
            "(convert the file to UTF-8)", line, col) from None
    control = _BINARY_CONTROL.search(text)
    if control:
        index = control.start()
        starts = line_starts(text[:index])
        raise InputError(path, f"binary data (control character U+{ord(text[index]):04X}), "
                         "not a text report", len(starts), index - starts[-1] + 1)
    return text


def read_report(path: str | Path) -> Source:
    """Read one report file.

    Parameters
    ----------
    path : str or Path
        A UTF-8 text file.

    Returns
    -------
    Source
        The file name (never the path), the decoded text and the SHA-256 of the bytes.

    Raises
    ------
    InputError
        When the file cannot be read or is not UTF-8 text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    text = decode_report(data, str(path))
    return Source(path.name, text, hashlib.sha256(data).hexdigest(), str(path))


def _line_col_bytes(data: bytes, index: int) -> tuple[int, int]:
    line, start = 1, 0
    for line, match in enumerate(_LINE_BREAK_BYTES.finditer(data, 0, index), start=2):
        start = match.end()
    column = len(data[start:index].decode("utf-8", errors="replace")) + 1
    return line, column
