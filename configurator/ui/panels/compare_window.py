"""Two builds side by side (the open one and a second file), with the differences highlighted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.build import Build
from configurator.ui.document import BuildDocument
from configurator.ui.panels.compare_rows import compare_rows
from configurator.ui.state import BuildChanges, BuildState, compute_state
from configurator.ui.theme import is_dark

DIFF_LIGHT, DIFF_DARK = "#fff1c2", "#5a4a12"


class CompareWindow(QDialog):
    """Non-modal: the left column follows the open build as it is edited."""

    def __init__(self, document: BuildDocument, other: Build, other_path: Path | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle("Compare builds")
        self._document = document
        self.other: BuildState = self._on_site(other)
        self._other_name = other_path.name if other_path else other.name
        self.caption = QLabel("Rows that differ are highlighted.")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("comparison")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.resize(1100, 760)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def differing_rows(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())
                if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)]

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.circuit:
            self.other = self._on_site(self.other.build)
        self.refresh()

    def _on_site(self, other: Build) -> BuildState:
        """The other build checked on the open build's site: both are for the same customer."""
        return compute_state(other.model_copy(update={"site": self._document.build.site}),
                             self._document.catalog, self._document.estimator)

    def refresh(self) -> None:
        left = self._document.state
        self.table.setHorizontalHeaderLabels(["", left.build.name, self.other.build.name])
        rows = compare_rows(left, self.other)
        self.table.setRowCount(len(rows))
        diff = QBrush(QColor(DIFF_DARK if is_dark(self.palette()) else DIFF_LIGHT))
        bold = QFont()
        bold.setBold(True)
        for r, (label, a, b) in enumerate(rows):
            differs = a != b
            for c, text in enumerate((label, a, b)):
                item = QTableWidgetItem(text)
                if differs:
                    item.setBackground(diff)
                if c == 0:
                    item.setFont(bold)
                    item.setData(Qt.ItemDataRole.UserRole, differs)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
