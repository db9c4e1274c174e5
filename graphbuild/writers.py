"""Writers: put a build's outputs on disk atomically.

Every file is written to a temporary file in the target folder, flushed to disk and then
renamed over the target, so a run that fails half-way never leaves a half-written Turtle
file and a reader never sees one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import GraphbuildError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_outputs(outputs: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every named output into ``folder``; return the paths written, sorted.

    All outputs are produced in memory before this is called, so a failure while building
    writes nothing at all.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise GraphbuildError(f"{folder}: the output path is a file, not a folder")
    written = []
    for name in sorted(outputs):
        target = folder / name
        write_atomic(target, outputs[name])
        written.append(target)
    return written
