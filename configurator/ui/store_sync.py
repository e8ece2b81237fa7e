"""Syncing with the store database while the app is open: at start and every few minutes
(File › Store database sets how often), on a worker thread, so a slow or unreachable server
never holds up the window. A sync whose prices, parts or runs changed hands over a catalog
loaded on the worker; the open build is then priced and estimated from it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from configurator.errors import EnvironmentProblemError, log_failure, one_line
from configurator.store import cache, outbox
from configurator.store.config import load_config, redact
from configurator.store.errors import StoreUnreachableError
from configurator.ui.store_writes import store_writes

MINUTE_MS = 60_000
SHUTDOWN_WAIT_MS = 10_000


@dataclass(frozen=True)
class SyncOutcome:
    problem: str = ""  # one line; '' if the sync went through
    catalog: object | None = None  # a catalog loaded after the sync changed what it reads


def needs_sync() -> bool:
    try:
        config = load_config()
    except EnvironmentProblemError:
        return False
    return cache.needs_sync(redact(config.url), config.is_server, bool(outbox.pending()))


def run_sync() -> SyncOutcome:
    """One sync, on the worker thread; never raises."""
    try:
        from configurator.store.engine import open_store
        from configurator.store.shared import sync

        try:
            store = open_store()
        except StoreUnreachableError as exc:
            cache.note_unreachable(one_line(exc))
            raise
        result = sync(store)
        if not result.changed:
            return SyncOutcome()
        from configurator.parts import load_catalog

        return SyncOutcome(catalog=load_catalog())
    except (EnvironmentProblemError, OSError, ValueError) as exc:
        return SyncOutcome(problem=one_line(exc))
    except Exception as exc:  # noqa: BLE001 - the worker must report, never die silently
        log_failure(exc, "syncing with the store database")
        return SyncOutcome(problem=f"the sync failed unexpectedly ({type(exc).__name__})")


class StoreSync(QObject):
    """Starts syncs, one at a time; ``finished`` carries each one's SyncOutcome."""

    finished = Signal(object)
    _done = Signal(object)  # from the worker thread, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._done.connect(self._finish)
        self.problem = ""
        self._running = False
        self._pool = store_writes().pool  # one at a time with the changes being recorded
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.start)

    def schedule(self) -> None:
        """Sync as often as the settings say."""
        try:
            minutes = load_config().sync_minutes
        except EnvironmentProblemError:
            minutes = 0
        if minutes:
            self.timer.start(minutes * MINUTE_MS)
        else:
            self.timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> bool:
        """Start a sync unless one is running or there is nothing to do; never waits."""
        if self._running or not needs_sync():
            return False
        self._running = True
        self._pool.start(self._work)
        return True

    def _work(self) -> None:
        outcome = run_sync()
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._done.emit(outcome)

    def _finish(self, outcome: SyncOutcome) -> None:
        self._running = False
        self.problem = outcome.problem
        self.finished.emit(outcome)

    def shutdown(self) -> None:
        self.timer.stop()
        self._pool.waitForDone(SHUTDOWN_WAIT_MS)
