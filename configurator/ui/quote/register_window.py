"""The quote register window: every issued quote, filtered by status; re-export, duplicate,
mark sent or accepted, export as CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.parts import Catalog
from configurator.quote import STATUSES, ExportResult, QuoteRegister, RegisterEntry, reexport
from configurator.ui.quote.dialog import QuoteDialog

COLUMNS = ("Number", "Issued", "Valid until", "Customer", "Company", "PO reference", "Total",
           "Status")
ALL = "All quotes"


class RegisterWindow(QWidget):
    def __init__(self, catalog: Catalog, parent=None, *, register: QuoteRegister | None = None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle("Quote register")
        self.catalog = catalog
        self.register = register or QuoteRegister()
        self.entries: list[RegisterEntry] = []
        self.status_filter = QComboBox()
        self.status_filter.addItems([ALL, *STATUSES])
        self.status_filter.currentTextChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status_filter)
        actions.addStretch()
        for label, slot in (("Re-export…", self._choose_and_reexport),
                            ("Duplicate…", self.duplicate_selected),
                            ("Mark sent", lambda: self.mark_selected("sent")),
                            ("Mark accepted", lambda: self.mark_selected("accepted")),
                            ("Export CSV…", self._choose_and_export_csv)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        self.register.expire_overdue(dt.date.today())
        status = self.status_filter.currentText()
        self.entries = self.register.entries(None if status == ALL else status)
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            values = (e.number, e.issue_date.isoformat(), e.valid_until.isoformat(), e.customer,
                      e.company, e.po_reference, f"{e.total:,.2f} {e.currency}", e.status)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 6:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def selected(self) -> RegisterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def select_number(self, number: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.number == number:
                self.table.selectRow(row)

    def mark_selected(self, status: str) -> None:
        entry = self.selected()
        if entry is not None:
            self.register.set_status(entry.number, status)
            self.refresh()
            self.select_number(entry.number)

    def reexport_selected(self, pdf_path: Path | str) -> ExportResult | None:
        entry = self.selected()
        return reexport(self.register.get(entry.number), pdf_path) if entry else None

    def duplicate_selected(self) -> QuoteDialog | None:
        """Open a Quote dialog prefilled from the selected quote; exporting it issues a new
        number at today's prices."""
        entry = self.selected()
        if entry is None:
            return None
        stored = self.register.get(entry.number)
        dialog = QuoteDialog(stored.build(), self.catalog, self, register=self.register,
                             request=stored.request())
        dialog.quote_exported.connect(lambda _: self.refresh())
        dialog.show()
        return dialog

    def export_csv(self, path: Path | str) -> None:
        status = self.status_filter.currentText()
        self.register.export_csv(path, None if status == ALL else status)

    def _choose_and_reexport(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Re-export quote", f"{entry.number}.pdf",
                                              "PDF (*.pdf)")
        if path:
            try:
                self.reexport_selected(path)
            except OSError as exc:
                QMessageBox.warning(self, "Quote not exported", str(exc))

    def _choose_and_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export register", "quotes.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                QMessageBox.warning(self, "Register not exported", str(exc))
