"""One line in the main window's status bar, for news that needs no answer (a change kept on
this computer until the store database can take it)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

NOTICE_MS = 20_000


def show_notice(widget: QWidget | None, text: str) -> None:
    window = widget.window() if widget is not None else None
    if text and isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, NOTICE_MS)
