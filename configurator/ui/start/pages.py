"""The window's central area: the editor or the start screen, one at a time."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QWidget


class CentralPages(QStackedWidget):
    """Sized by the page showing only: a plain stack takes the largest minimum of all its pages,
    and the start screen's would keep the editor from narrowing with the window."""

    def __init__(self, *pages: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        for page in pages:
            self.addWidget(page)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page else QSize()

    def sizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.sizeHint() if page else QSize()
