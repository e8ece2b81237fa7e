"""Snapshots of validated bundled data (the parts catalog, the model architectures), so a
start does not re-read ~150 TOML files.

Parsing and validating every file costs a cold ``configurator validate`` (and the app's start)
about 60 ms; reading a snapshot back costs a few. A snapshot is taken only of data that loaded
without problems, and is used only while every file still has the size and modification time
it had, and the code and pydantic that read them are the ones that wrote it; anything else (a
file edited, added or removed, an update) loads from the files again.

It is a pickle, kept in the user's own cache folder: like the ``.pyc`` files Python keeps
beside its modules, it is trusted only if the user owns it and nobody else can write it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

from configurator import paths
from configurator.fileio import atomic_write_bytes

FORMAT = 1


def fingerprint(root: Path, files: list[Path], code: str | None) -> str:
    """What a snapshot depends on: the files' names, sizes and times, the module that reads
    them (``code``, its ``__file__``) and the Python and pydantic that built the objects."""
    import pydantic

    h = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}|{pydantic.VERSION}|{root.resolve()}".encode())
    # A frozen app has no module files; its executable changes with every update instead.
    reader = Path(code) if code and Path(code).is_file() else Path(sys.executable)
    for path in (reader, *files):
        st = path.stat()
        h.update(f"|{path}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def snapshot_file(name: str, root: Path) -> Path:
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return paths.user_cache_dir() / f"{name}-{digest}.pickle"


def read(name: str, root: Path, key: str, kind: type):
    """The ``name`` snapshot of ``root`` taken under ``key`` if it holds a ``kind``; None if
    there is none to trust."""
    path = snapshot_file(name, root)
    try:
        with path.open("rb") as fh:
            if not _owned_and_private(os.fstat(fh.fileno())):
                return None
            stored_key, value = pickle.load(fh)
    except Exception:  # missing, unreadable, truncated or from another version: load the files
        return None
    return value if stored_key == key and isinstance(value, kind) else None


def write(name: str, root: Path, key: str, value) -> None:
    """Keep a snapshot; a cache folder that cannot be written only costs the next start time."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        path = snapshot_file(name, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        if os.name == "posix":
            os.chmod(path, 0o600)


def _owned_and_private(st: os.stat_result) -> bool:
    if os.name != "posix":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022
