"""Writers: put a build's outputs on disk, all of them or none.

Every file is first written to a temporary file in the target folder and flushed to disk;
only when all of them are written are they renamed over their targets. A write that fails
(a full disk, a target that is a folder) removes every temporary file, so a failed run
leaves nothing half-written behind and a reader never sees a half-written file.

Not supported: a rollback of renames already made when a later rename fails (a rename in
one folder fails only in the rarest cases once every file has been written).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import GraphbuildError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Raises
    ------
    GraphbuildError
        When the folder cannot be made or the file cannot be written.
    """
    write_outputs({path.name: data}, path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def prepare_folder(folder: Path) -> list[Path]:
    """Make sure outputs can be written into ``folder``, creating it if need be.

    Returns the folders created (the deepest last), so that a caller whose run then fails
    can remove them again with :func:`remove_folders`.

    Raises
    ------
    GraphbuildError
        When the path is a file, a folder on the way cannot be created, or the folder does
        not accept new files.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise GraphbuildError(f"{folder}: the output path is a file, not a folder")
    missing = [p for p in [folder, *folder.parents] if not p.exists()][::-1]
    created: list[Path] = []
    try:
        for path in missing:
            path.mkdir()
            created.append(path)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".graphbuild-", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        remove_folders(created)
        raise GraphbuildError(f"{folder}: cannot write outputs there: {_reason(exc)}") from None
    return created


def remove_folders(folders: list[Path]) -> None:
    """Remove folders made by :func:`prepare_folder`, deepest first, if they are empty."""
    for path in reversed(folders):
        try:
            path.rmdir()
        except OSError:
            break  # not empty (or gone): leave it and its parents


def write_outputs(outputs: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every named output into ``folder``, all or none; return the paths, sorted.

    All outputs are produced in memory before this is called, so a failure while building
    writes nothing at all; a failure while writing leaves no file behind either.

    Raises
    ------
    GraphbuildError
        Naming the file that could not be written and why.
    """
    folder = Path(folder)
    created = prepare_folder(folder)
    targets = [folder / name for name in sorted(outputs)]
    for target in targets:
        if target.is_dir():
            remove_folders(created)
            raise GraphbuildError(f"{target}: cannot write the output: a folder is in the way")
    temporaries: dict[Path, str] = {}
    target = targets[0] if targets else folder
    try:
        for target in targets:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                                 suffix=".tmp")
            temporaries[target] = temporary
            with os.fdopen(handle, "wb") as stream:
                stream.write(outputs[target.name])
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
        for target in targets:
            os.replace(temporaries.pop(target), target)
    except OSError as exc:
        for temporary in temporaries.values():
            Path(temporary).unlink(missing_ok=True)
        remove_folders(created)
        raise GraphbuildError(f"{target}: cannot write the output: {_reason(exc)}") from None
    except BaseException:
        for temporary in temporaries.values():
            Path(temporary).unlink(missing_ok=True)
        remove_folders(created)
        raise
    return targets
