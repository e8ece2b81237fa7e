"""Layout of the findings panel: a count line and the findings as cards, grouped by severity."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from configurator.ui.scrolling import cache_scroll_bar
from configurator.ui.wrapped_label import WrappedLabel


class FindingsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.counts = WrappedLabel()
        self.counts.setObjectName("findingCounts")
        self.cards_widget = QWidget()
        self.cards_widget.setObjectName("findings")
        self.cards_widget.setAccessibleName("Findings")
        # Laid out from the top: resized to fit new cards, it repaints only what it uncovers.
        self.cards_widget.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.cards = QVBoxLayout(self.cards_widget)
        self.cards.setContentsMargins(0, 0, 4, 0)
        self.cards.setSpacing(6)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("findingsScroll")
        self.scroll.setWidget(self.cards_widget)
        # Sized by the panel to the height its wrapped text needs (see FindingsPanel._fit_cards).
        self.scroll.setWidgetResizable(False)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cache_scroll_bar(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.counts)
        layout.addWidget(self.scroll, 1)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 600)
