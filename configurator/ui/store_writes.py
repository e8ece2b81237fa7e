"""Changes the app records in the store database (a confirmed value, a saved part, measured
runs, a quote's status) are written on a worker thread: a server out of reach may take the
whole connection timeout to say so, and the window must keep answering meanwhile. The change
is already in the local files and the outbox when the worker starts, so nothing waits on it;
the status bar says it is being recorded, then whether the database has it or it waits for the
next sync.

One worker thread for the app, shared with the background sync, so the two never race for the
database or the outbox. The quote register window reads (and opens the database) on a second
one, ``store_reads``, the same way."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from configurator.errors import log_failure
from configurator.store.outbox import KeptChange
from configurator.ui.notices import show_notice


class StoreWrites(QObject):
    """Runs store work one job at a time off the GUI thread; each job's ``then`` gets its
    result (or the exception it raised) on the GUI thread. ``done`` follows every job."""

    done = Signal()
    _finished = Signal(int, object)  # from the worker thread, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._then: dict[int, Callable[[object], None]] = {}
        self._ids = count()
        self._finished.connect(self._finish)

    @property
    def busy(self) -> bool:
        return bool(self._then)

    def run(self, work: Callable[[], object], then: Callable[[object], None]) -> None:
        job = next(self._ids)
        self._then[job] = then
        self.pool.start(lambda: self._work(job, work))

    def _work(self, job: int, work: Callable[[], object]) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to ``then``, which says what failed
            result = exc
        with contextlib.suppress(RuntimeError):  # the app is closing
            self._finished.emit(job, result)

    def _finish(self, job: int, result: object) -> None:
        self._then.pop(job)(result)
        self.done.emit()


_writes: StoreWrites | None = None
_reads: StoreWrites | None = None


def store_writes() -> StoreWrites:
    """The app's one store worker."""
    global _writes
    if _writes is None or not isValid(_writes):
        _writes = StoreWrites(QApplication.instance())
    return _writes


def store_reads() -> StoreWrites:
    """The worker that reads the quote register for its window. It is not the writer: each
    job takes its own connection from the engine's pool, so a read never waits behind a change
    or a sync stuck on a server out of reach, nor they behind it."""
    global _reads
    if _reads is None or not isValid(_reads):
        _reads = StoreWrites(QApplication.instance())
    return _reads


def send_in_background(widget: QWidget | None, change: KeptChange) -> None:
    """Record a change kept in the outbox in the store database on the worker thread; the
    status bar of ``widget``'s main window says so now and tells the outcome when it ends."""
    window = widget.window() if widget is not None else None
    show_notice(window, f"{change.what} being recorded in the store database…")

    def report(outcome: object) -> None:
        if isinstance(outcome, Exception):
            log_failure(outcome, "recording a change in the store database")
            outcome = (f"{change.what} kept on this computer and sent at the next sync "
                       f"(recording failed unexpectedly: {type(outcome).__name__})")
        if window is not None and isValid(window):
            show_notice(window, outcome or f"{change.what} recorded in the store database")

    store_writes().run(change.send, report)
