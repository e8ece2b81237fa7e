"""Opening the quote register window in tests: it reads the register on a worker thread, and
marks overdue quotes expired on the store worker, so a test waits for both before looking."""

from __future__ import annotations

READ_TIMEOUT_MS = 10_000


def settled(window) -> bool:
    """The window's read and the store workers' jobs are done."""
    from configurator.ui.store_writes import store_reads, store_writes

    return not window.loading and not store_reads().busy and not store_writes().busy


def wait_settled(qtbot, window) -> None:
    qtbot.waitUntil(lambda: settled(window), timeout=READ_TIMEOUT_MS)


def open_register_window(qtbot, catalog, register):
    """A register window on ``register`` with its quotes read."""
    from configurator.ui.quote import RegisterWindow

    window = RegisterWindow(catalog, register=register)
    qtbot.addWidget(window)
    wait_settled(qtbot, window)
    return window
