"""Runs the recommender on a worker thread so the window keeps drawing while it searches.

The search is pure Python and holds the interpreter lock while it runs; the GUI thread takes
the lock back each time it runs Python (each chart paint, each slot), and by default waits up
to 5 ms for it every time. While a search runs the switch interval is therefore shortened to
``SEARCH_SWITCH_S``, which keeps a repaint within a frame at the cost of a little search speed.
Progress is sent at most every ``PROGRESS_MS``; the result arrives as one object the views only
read.
"""

from __future__ import annotations

import sys
import threading
import time

from PySide6.QtCore import QObject, QThread, Signal

from configurator.parts import Catalog
from configurator.recommend import recommend

PROGRESS_MS = 40
SEARCH_SWITCH_S = 0.0005


class _SearchThread(QThread):
    # Each signal names its thread: the receiver drops those of a search another replaced.
    progressed = Signal(object, int, int)
    succeeded = Signal(object, object)
    errored = Signal(object, str)

    def __init__(self, request, catalog: Catalog, parent: QObject | None = None):
        super().__init__(parent)
        self.request = request
        self.catalog = catalog
        self.stop = threading.Event()
        self._last_progress = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done >= total or (now - self._last_progress) * 1000 >= PROGRESS_MS:
            self._last_progress = now
            self.progressed.emit(self, done, total)

    def run(self) -> None:
        try:
            result = recommend(self.request, self.catalog, progress=self._progress,
                               cancelled=self.stop.is_set)
        except Exception as exc:  # noqa: BLE001 - shown to the person, never lost in the thread
            if not self.stop.is_set():
                self.errored.emit(self, str(exc) or type(exc).__name__)
            return
        self.succeeded.emit(self, result)


class Search(QObject):
    """One search at a time. Cancel asks the running search to stop and still delivers what it
    found (the result says it was cancelled); starting another search drops the running one's
    signals. Signals reach the GUI thread queued."""

    started = Signal()
    progressed = Signal(int, int)
    finished = Signal(object)  # the recommender's result
    failed = Signal(str)
    stopped = Signal()  # cancelled before it had anything to show

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: _SearchThread | None = None
        self._threads: list[_SearchThread] = []
        self._switch_interval = sys.getswitchinterval()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, request, catalog: Catalog) -> None:
        """Search ``catalog`` as it is now (with the prices imported in this session)."""
        if self._thread is not None:
            self._thread.stop.set()
        thread = _SearchThread(request, catalog, self)
        # Bound methods of this object, which lives in the GUI thread: the calls are queued there.
        thread.progressed.connect(self._on_progressed)
        thread.succeeded.connect(self._on_succeeded)
        thread.errored.connect(self._on_errored)
        thread.finished.connect(self._on_thread_done)
        self._thread = thread
        if not self._threads:
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(SEARCH_SWITCH_S)
        self._threads.append(thread)
        thread.start(QThread.Priority.LowPriority)
        self.started.emit()

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.stop.set()

    def shutdown(self) -> None:
        """Stop every search and wait for its thread: a running QThread must not be destroyed."""
        self._thread = None
        for thread in self._threads:
            thread.stop.set()
        for thread in self._threads:
            thread.wait()
        self._threads.clear()
        sys.setswitchinterval(self._switch_interval)

    def _on_progressed(self, thread: _SearchThread, done: int, total: int) -> None:
        if thread is self._thread:
            self.progressed.emit(done, total)

    def _on_succeeded(self, thread: _SearchThread, result) -> None:
        if thread is self._thread:
            self._thread = None
            self.finished.emit(result)

    def _on_errored(self, thread: _SearchThread, message: str) -> None:
        if thread is self._thread:
            self._thread = None
            self.failed.emit(message)

    def _on_thread_done(self) -> None:
        thread = self.sender()
        if thread not in self._threads:
            return
        self._threads.remove(thread)
        thread.deleteLater()
        if not self._threads:
            sys.setswitchinterval(self._switch_interval)
        if thread is self._thread:  # it ended without a result: cancelled before finding any
            self._thread = None
            self.stopped.emit()
