"""Atomic file writes and bounded reads.

A crash mid-save never leaves a half-written file under the final name; its temporary file
(``.<name>.<pid>.<random>.tmp`` beside it) is removed by ``remove_stale_temps`` at the next
start. Reads of files a person hands us take only regular files up to a size limit, so a FIFO,
a device or a huge file is refused instead of hanging or exhausting memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
STALE_TEMP_AGE_S = 3600.0
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


class InputFileError(ValueError):
    """A file we were asked to read is not a regular file, too large or unreadable."""


def read_limited(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, refused (InputFileError) if it is anything else
    or larger than ``limit`` bytes. Never blocks on a FIFO or reads a device."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputFileError(f"{what} not found: {path}") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{path} is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"{path} is not a regular file (a device, pipe or socket)")
    if info.st_size > limit:
        raise InputFileError(f"{path.name} is {info.st_size / MB:.1f} MB; a {what} is at most "
                             f"{limit / MB:.0f} MB")
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise InputFileError(f"{path} is not a regular file (a device, pipe or socket)")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputFileError(f"{path.name} is larger than {limit / MB:.0f} MB, the limit for a {what}")
    return data


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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
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


def remove_stale_temps(folder: Path, depth: int = 2) -> int:
    """Remove temporary files that killed saves left in ``folder`` (and its subfolders down to
    ``depth``); those of a process still running are kept. Returns how many went."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if depth > 0:
                    removed += remove_stale_temps(Path(entry.path), depth - 1)
            elif entry.is_file(follow_symlinks=False) and _is_stale_temp(entry):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _is_stale_temp(entry: os.DirEntry) -> bool:
    match = _TEMP_NAME.match(entry.name)
    if not match:
        return False
    pid = int(match["pid"])
    if os.name == "posix" and pid != os.getpid():
        return not _running(pid)
    return time.time() - entry.stat().st_mtime > STALE_TEMP_AGE_S


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
