"""Work around a PySide6 6.12 reference-count bug on CPython 3.11.

PySide6 6.12 returns ``None`` from every void method, and ``True`` from ``Signal.emit()``,
without taking the reference the caller will drop. From Python 3.12 on these objects are
immortal and nothing happens; on 3.11 their counts fall by one per call until the interpreter
aborts with "none_dealloc" or "bool_dealloc", typically at exit. Giving them a huge count makes
them immortal the way 3.12 does; they are never freed in a running interpreter anyway.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

_HEADROOM = 1 << 40


def affected(pyside_version: str = PySide6.__version__, python=sys.version_info) -> bool:
    return python < (3, 12) and pyside_version.startswith("6.12.")


def protect_singletons() -> None:
    if not affected():
        return
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < _HEADROOM:
            ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
