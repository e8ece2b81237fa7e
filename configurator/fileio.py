"""Atomic file writes: a crash mid-save never leaves a half-written file under the final name."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def _final_mode(path: Path) -> int:
    """The file keeps its permissions when replaced; a new one gets the usual ones (umask)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_temp_beside(path: Path, data: bytes) -> str:
    """Write ``data`` to a hidden temporary file in ``path``'s folder, flushed to disk and with
    the permissions the final file should have; return its name for ``os.replace``."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder has that name", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp, _final_mode(path))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    path = Path(path)
    tmp = write_temp_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
