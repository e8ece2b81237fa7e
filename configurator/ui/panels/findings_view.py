"""Layout of the findings panel: the list, and the selected finding's chain and fixes."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
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
        self.list.setMinimumHeight(90)
        self.chain = QLabel()
        self.chain.setObjectName("chain")
        self.chain.setWordWrap(True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fixes = QVBoxLayout()
        self.fixes.setContentsMargins(0, 0, 0, 0)
        # The selected finding's chain and fixes scroll on their own, so a short dock never
        # draws them over the list.
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.chain)
        detail_layout.addLayout(self.fixes)
        detail_layout.addStretch(1)
        self.detail = QScrollArea()
        self.detail.setObjectName("findingDetail")
        self.detail.setWidget(detail)
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail.setMinimumHeight(60)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 600)
