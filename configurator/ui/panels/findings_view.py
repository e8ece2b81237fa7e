"""Layout of the findings panel: the list, and the selected finding's chain and fixes."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)


class FindingsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.counts = QLabel()
        self.counts.setObjectName("findingCounts")
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setAccessibleName("Findings")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(140)
        self.chain = QLabel()
        self.chain.setObjectName("chain")
        self.chain.setWordWrap(True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fixes = QVBoxLayout()
        self.fixes.setContentsMargins(0, 0, 0, 0)
        fixes_box = QWidget()
        fixes_box.setLayout(self.fixes)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.counts)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.chain)
        layout.addWidget(fixes_box)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 600)
