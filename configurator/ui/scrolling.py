"""A frameless area that scrolls its content vertically and never sideways."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def vertical_scroll(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: a short dock scrolls it instead of squashing
    its fields, and its width follows the area so nothing hides off to the right."""
    # Laid out from the top left: growing or shrinking repaints only what it uncovers.
    content.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll
