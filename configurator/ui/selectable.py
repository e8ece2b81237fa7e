"""Labels whose text can be selected with the mouse, at the cost of a plain label."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel


class _SelectableUnderPointer(QObject):
    def eventFilter(self, label, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Enter:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        elif event.type() == QEvent.Type.Leave and not label.hasSelectedText():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return False


def selectable_under_pointer(label: QLabel) -> None:
    """Text selectable by mouse while the pointer is over ``label`` (and while a selection is
    kept). A selectable label lays its text out as a document, again for each width a layout
    asks about, which slows every update of a long wrapped label; a plain one is measured
    far faster, and reads the same."""
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    watcher = _SelectableUnderPointer(label)
    label.installEventFilter(watcher)
