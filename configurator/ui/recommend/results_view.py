"""Layout of the search results: the ranked list on top; the frontier chart and a preview of one
build below it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.charts.frontier_chart import FrontierChart
from configurator.ui.recommend.rows_model import RowsModel
from configurator.ui.scrolling import vertical_scroll

COLUMNS = ("#", "Build", "Price", "Tokens/s per user", "All users", "Wall power", "Warnings")


def _label(bold: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if bold:
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        label.setFont(font)
    return label


def _table(model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    model.setParent(table)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


class PreviewView(QFrame):
    """One build: what it is, why it ranks there, its figures, warnings and parts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("buildPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = _label(bold=True)
        self.title.setObjectName("previewTitle")
        self.why = _label()
        self.figures = _label()
        self.figures.setObjectName("previewFigures")
        self.estimate = _label()
        self.warnings = _label()
        self.warnings.setObjectName("previewWarnings")
        self.parts = _table(RowsModel(("Qty", "Part", "Price"), right=(0, 2)))
        self.parts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.parts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.parts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.open_button = QPushButton("Open in the editor")
        self.open_button.setObjectName("openRecommendation")
        self.parts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.parts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(10, 8, 10, 8)
        for widget in (self.title, self.why, self.figures, self.estimate, self.warnings, self.parts):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = vertical_scroll(content)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(10, 0, 10, 8)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def fit_parts(self) -> None:
        """The parts table as tall as its rows: the preview scrolls as a whole, not the table."""
        rows = self.parts.model().rowCount()
        height = self.parts.horizontalHeader().height() + 2 * self.parts.frameWidth()
        height += sum(self.parts.rowHeight(n) for n in range(rows))
        self.parts.setFixedHeight(height)


class ResultsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.headline = _label(bold=True)
        self.headline.setObjectName("resultsHeadline")
        self.detail = _label()
        self.table = _table(RowsModel(COLUMNS, right=(0, 2, 3, 4, 5)))
        self.table.setObjectName("recommendations")
        self.table.setAccessibleName("Recommended builds")
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.chart = FrontierChart()
        self.preview = PreviewView()

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setChildrenCollapsible(False)
        lower.addWidget(self.chart)
        lower.addWidget(self.preview)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.empty = QLabel()
        self.empty.setObjectName("resultsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setMargin(40)
        found = QWidget()
        found_layout = QVBoxLayout(found)
        found_layout.setContentsMargins(0, 0, 0, 0)
        found_layout.addWidget(self.headline)
        found_layout.addWidget(self.detail)
        found_layout.addWidget(self.splitter, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(found)
        self.found = found
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
