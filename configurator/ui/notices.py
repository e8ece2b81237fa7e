"""One line in the main window's status bar, for news that needs no answer (a change kept on
this computer until the store database can take it). A line longer than the room left of the
status bar's permanent labels is shortened with "…", and the status bar's tooltip gives it
whole while it is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSizeGrip, QStatusBar, QWidget

NOTICE_MS = 20_000
MARGIN_PX = 16  # the message's inset and the gap before the first permanent label
SHOWN = "notice_shown"  # the status bar property holding the line as shown


def show_notice(widget: QWidget | None, text: str) -> None:
    window = widget.window() if widget is not None else None
    if not text or not isinstance(window, QMainWindow):
        return
    bar = window.statusBar()
    shown = bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, message_room(bar))
    if bar.property(SHOWN) is None:
        bar.messageChanged.connect(lambda message: _drop_tooltip(bar, message))
    bar.setProperty(SHOWN, shown)
    bar.showMessage(shown, NOTICE_MS)
    bar.setToolTip(text if shown != text else "")


def message_room(bar: QStatusBar) -> int:
    """How wide a message can be without running under the permanent labels."""
    lefts = [child.x() for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if child.isVisible() and child.width() > 0 and not isinstance(child, QSizeGrip)]
    return max(min(lefts, default=bar.width()) - MARGIN_PX, 0)


def _drop_tooltip(bar: QStatusBar, message: str) -> None:
    """The whole text goes with the shortened line it explains."""
    if message != bar.property(SHOWN):
        bar.setToolTip("")
