"""The frame a panel sits in, inside a dock or the summary toolbar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QWidget


class PanelFrame(QWidget):
    """Holds one panel at the frame's own size, and tells the dock or toolbar about the
    panel's sizes only when they bind.

    When a label inside a panel gets new text, Qt lays the panel out again, then its dock,
    then the whole main window (every dock, toolbar and the centre), although only the panel's
    inside moved. The frame has no layout: the panel fills it, and the frame asks to be laid
    out again only when a size binds: the panel's smallest size grew past the frame, or shrank
    while the frame sat at it (the dock may now go smaller), or its largest size changed. Any
    other change, such as a new figure one pixel wider, is answered from the frame's sizes at
    the next layout."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = panel
        panel.setParent(self)
        self.setSizePolicy(panel.sizePolicy())
        self.setFocusProxy(panel)
        self._sizes = self._panel_sizes()

    def _panel_sizes(self) -> tuple[QSize, QSize, QSize]:
        panel = self.panel
        return panel.sizeHint(), panel.minimumSizeHint().expandedTo(panel.minimumSize()), panel.maximumSize()

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._sizes[0]

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._sizes[1]

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            before, self._sizes = self._sizes, self._panel_sizes()
            _hint, smallest, largest = self._sizes
            size = self.size()
            if largest != before[2] or _binds(smallest, before[1], largest, size):
                self.setMaximumSize(largest)
                self.updateGeometry()
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.panel.setGeometry(self.rect())


def _binds(smallest: QSize, before: QSize, largest: QSize, size: QSize) -> bool:
    """Whether the panel's new smallest size (``before`` it was the old one) constrains a frame
    of ``size``, or frees one that the old smallest size held."""
    return (smallest.width() > size.width() or smallest.height() > size.height()
            or largest.width() < size.width() or largest.height() < size.height()
            or (smallest.width() < before.width() and size.width() <= before.width())
            or (smallest.height() < before.height() and size.height() <= before.height()))
