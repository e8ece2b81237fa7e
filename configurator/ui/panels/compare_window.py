"""Two builds side by side (the open one and a second file), with the differences highlighted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.build import Build, Workload
from configurator.ui.document import BuildDocument
from configurator.ui.panels.compare_rows import compare_rows
from configurator.ui.state import BuildChanges, compute_state
from configurator.ui.theme import is_dark

DIFF_LIGHT, DIFF_DARK = "#fff1c2", "#5a4a12"


def workload_words(workload: Workload, models: dict[str, str]) -> str:
    name = models.get(workload.model, workload.model)
    if workload.task == "finetune":
        return f"fine-tuning {name}"
    return (f"{name}, {workload.weights.upper()}, {workload.context:,}-token context, "
            f"{workload.concurrency:,} users")


class CompareWindow(QDialog):
    """Non-modal: the left column follows the open build as it is edited."""

    def __init__(self, document: BuildDocument, other: Build, other_path: Path | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle("Compare builds")
        self._document = document
        self._other_build = other
        self._other_name = other_path.name if other_path else other.name
        # Both builds are estimated on the one workload chosen here, so their numbers compare.
        self.workload_choice = QComboBox()
        self.workload_choice.setAccessibleName("Workload both builds are estimated on")
        self.workload_choice.activated.connect(lambda _n: self._recompute())
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Estimate both on:"))
        choose.addWidget(self.workload_choice, 1)
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
        # A long build name ends in … with the whole name on hover, never cut at both ends.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.resize(1100, 760)
        document.changed.connect(self._on_document_changed)
        self._fill_choices()
        self._recompute()

    def workload(self) -> Workload | None:
        return self.workload_choice.currentData()

    def choose_workload(self, workload: Workload | None) -> None:
        for n in range(self.workload_choice.count()):
            if self.workload_choice.itemData(n) == workload:
                self.workload_choice.setCurrentIndex(n)
        self._recompute()

    def _fill_choices(self) -> None:
        models = self._document.estimator.models if self._document.estimator else {}
        current = self.workload()
        self.workload_choice.clear()
        seen = []
        for whose, workload in (("this build's", self._document.build.workload),
                                (f"{self._other_build.name}'s", self._other_build.workload)):
            if workload is not None and workload not in seen:
                seen.append(workload)
                self.workload_choice.addItem(f"{workload_words(workload, models)} ({whose} workload)",
                                             workload)
        self.workload_choice.addItem("No workload", None)
        if current in seen:
            self.workload_choice.setCurrentIndex(seen.index(current))

    def _recompute(self) -> None:
        """Both sides on the open build's site and the chosen workload."""
        workload = self.workload()
        build = self._document.build
        self.left = self._document.state if build.workload == workload else compute_state(
            build.model_copy(update={"workload": workload}), self._document.catalog,
            self._document.estimator)
        self.other = compute_state(
            self._other_build.model_copy(update={"site": build.site, "workload": workload}),
            self._document.catalog, self._document.estimator)
        self.refresh()

    def differing_rows(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())
                if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)]

    def _on_document_changed(self, _changes: BuildChanges) -> None:
        self._fill_choices()
        self._recompute()

    def refresh(self) -> None:
        left = self.left
        for column, name in enumerate(("", left.build.name, self.other.build.name)):
            item = QTableWidgetItem(name)
            item.setToolTip(name)
            self.table.setHorizontalHeaderItem(column, item)
        rows = compare_rows(left, self.other)
        self.table.setRowCount(len(rows))
        diff = QBrush(QColor(DIFF_DARK if is_dark(self.palette()) else DIFF_LIGHT))
        bold = QFont()
        bold.setBold(True)
        for r, (label, a, b) in enumerate(rows):
            differs = a != b
            for c, text in enumerate((label, a, b)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if differs:
                    item.setBackground(diff)
                if c == 0:
                    item.setFont(bold)
                    item.setData(Qt.ItemDataRole.UserRole, differs)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
