"""The quote register window: every issued quote, filtered by store, consultant, status and
issue date, searched by customer, company, PO reference, number or build name; re-export, duplicate, mark
sent or accepted (the status's tooltip says who, on which machine and when), export as CSV.

The quotes are read once per refresh into a table model, newest first; filtering works on that
list (``RegisterFilter``, the same one ``configurator store quotes`` uses), so it is instant with
tens of thousands of quotes, and the view draws only the rows on screen. On opening, the newest
quotes are shown at once and the rest are read right after.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from configurator.errors import EnvironmentProblemError, log_failure, one_line
from configurator.fileio import atomic_write_text
from configurator.parts import Catalog
from configurator.quote import (
    STATUSES,
    ExportResult,
    QuoteRegister,
    RegisterEntry,
    RegisterFilter,
    reexport,
)
from configurator.quote.register import RegisterError, entries_csv
from configurator.ui.quote.dialog import QuoteDialog
from configurator.ui.store_writes import store_writes

COLUMNS = ("Number", "Issued", "Valid until", "Build", "Customer", "Company", "PO reference",
           "Total", "Status", "Store", "Consultant")
TOTAL_COLUMN = 7
BUILD_COLUMN = 3
STATUS_COLUMN = 8
BUILD_WIDTH = 320  # px at most, so a long build name leaves the other columns in view
STATUS_PADDING = 16  # px around a status label: the cell's margins and the grid line
ALL = "All quotes"
ALL_STORES = "All stores"
ALL_CONSULTANTS = "All consultants"
NO_STORE = "(no store)"
ANY_DATE = QDate(2000, 1, 1)
FIRST_ROWS = 200  # shown before the whole register is read
NO_PARENT = QModelIndex()
# What the window shows for each status; the register, its filter and the CSV keep the keys.
STATUS_LABELS = {"issued": "Issued", "sent": "Sent", "accepted": "Accepted", "expired": "Expired",
                 "void": "Void"}


def status_label(status: str) -> str:
    """'sent' -> 'Sent'; a status this version does not know (a newer one's) reads capitalised."""
    return STATUS_LABELS.get(status, status.capitalize())


def _cells(e: RegisterEntry) -> tuple[str, ...]:
    return (e.number, e.issue_date.isoformat(), e.valid_until.isoformat(), e.build_name,
            e.customer, e.company, e.po_reference, f"{e.total:,.2f} {e.currency}",
            status_label(e.status), e.store, e.consultant)


def _status_tip(e: RegisterEntry) -> str:
    """Who set the status, where and when: 'Marked sent by anna on SHOP-PC2, 2026-12-03 14:02'."""
    change = e.last_change
    if change is None:
        return "Issued; no status change since"
    note = f" ({change.note})" if change.note else ""
    return f"Marked {change.describe()}{note}; was {change.old_status}"


class RegisterModel(QAbstractTableModel):
    """The register's quotes as table rows, with a filter applied."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.all: list[RegisterEntry] = []
        self.rows: list[RegisterEntry] = []
        self.filter = RegisterFilter()

    def show(self, entries: list[RegisterEntry], wanted: RegisterFilter) -> None:
        self.beginResetModel()
        self.all = entries
        self.filter = wanted
        self.rows = wanted.apply(entries)
        self.endResetModel()

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole or (
                role == Qt.ItemDataRole.ToolTipRole and index.column() == BUILD_COLUMN):
            return _cells(self.rows[index.row()])[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == STATUS_COLUMN:
            return _status_tip(self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == TOTAL_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class RegisterWindow(QWidget):
    def __init__(self, catalog: Catalog, parent=None, *, register: QuoteRegister | None = None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle("Quote register")
        self.catalog = catalog
        self.register = register or QuoteRegister()
        self.model = RegisterModel(self)
        self.status_filter = QComboBox()
        self.status_filter.addItem(ALL, None)
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.store_filter = QComboBox()
        self.consultant_filter = QComboBox()
        self.since = self._date_edit("Issued from")
        self.until = self._date_edit("Issued until")
        self.search = QLineEdit(placeholderText="Search customer, company, PO reference, number, build",
                                clearButtonEnabled=True)
        for combo in (self.status_filter, self.store_filter, self.consultant_filter):
            combo.currentTextChanged.connect(self.apply_filter)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths from the first rows only: measuring every row is slow on a long register.
        self.table.horizontalHeader().setResizeContentsPrecision(20)
        self.count = QLabel()
        filters = QHBoxLayout()
        for widget in (self.search, self.store_filter, self.consultant_filter, self.status_filter,
                       QLabel("from"), self.since, QLabel("until"), self.until):
            filters.addWidget(widget)
        filters.setStretch(0, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count)
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
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.resize(1100, 520)
        self.register.expire_overdue(dt.date.today())
        self._load(self.register.entries(newest_first=True, limit=FIRST_ROWS))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(BUILD_COLUMN, min(self.table.columnWidth(BUILD_COLUMN), BUILD_WIDTH))
        # Wide enough for every status, not only those of the first rows: marking a quote
        # accepted must not cut its label.
        widest = max(self.table.fontMetrics().horizontalAdvance(label) for label in STATUS_LABELS.values())
        self.table.setColumnWidth(STATUS_COLUMN, max(self.table.columnWidth(STATUS_COLUMN),
                                                     widest + STATUS_PADDING))
        QTimer.singleShot(0, self.refresh)

    @staticmethod
    def _date_edit(tip: str) -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", toolTip=tip)
        edit.setMinimumDate(ANY_DATE)
        edit.setSpecialValueText("any")  # shown at the minimum date: no limit
        edit.setDate(ANY_DATE)
        return edit

    @property
    def entries(self) -> list[RegisterEntry]:
        """The quotes the table shows, in order."""
        return self.model.rows

    def refresh(self) -> None:
        self.register.expire_overdue(dt.date.today())
        self._load(self.register.entries(newest_first=True))

    @staticmethod
    def _offer(combo: QComboBox, everything: str, choices: list[str]) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([everything, *choices])
        combo.setCurrentText(current if current in choices else everything)
        combo.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        store = self.store_filter.currentText()
        consultant = self.consultant_filter.currentText()
        return RegisterFilter(
            store=None if store in (ALL_STORES, "") else ("" if store == NO_STORE else store),
            consultant=None if consultant in (ALL_CONSULTANTS, "") else consultant,
            status=self.status_filter.currentData(),
            since=self._day(self.since), until=self._day(self.until),
            search=self.search.text())

    @staticmethod
    def _day(edit: QDateEdit) -> dt.date | None:
        date = edit.date()
        return None if date == ANY_DATE else dt.date(date.year(), date.month(), date.day())

    def apply_filter(self) -> None:
        self._show(self.model.all)

    def _load(self, entries: list[RegisterEntry]) -> None:
        self._offer(self.store_filter, ALL_STORES, sorted({e.store or NO_STORE for e in entries}))
        self._offer(self.consultant_filter, ALL_CONSULTANTS,
                    sorted({e.consultant for e in entries if e.consultant}))
        self._show(entries)

    def _show(self, entries: list[RegisterEntry]) -> None:
        self.model.show(entries, self.current_filter())
        shown, total = len(self.model.rows), len(self.model.all)
        quotes = "quote" if total == 1 else "quotes"
        self.count.setText(f"{shown:,} of {total:,} {quotes}" if shown != total else f"{total:,} {quotes}")

    def selected(self) -> RegisterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_number(self, number: str) -> None:
        for row, entry in enumerate(self.model.rows):
            if entry.number == number:
                self.table.selectRow(row)

    def mark_selected(self, status: str) -> None:
        """Set the selected quote's status on the store worker, so a server out of reach never
        freezes the window; the table shows the new status once the register has it."""
        entry = self.selected()
        if entry is None:
            return
        number = entry.number
        store_writes().run(lambda: self.register.set_status(number, status),
                           lambda outcome: self._marked(number, status, outcome))

    def _marked(self, number: str, status: str, outcome: object) -> None:
        if not isValid(self):  # closed meanwhile
            return
        if isinstance(outcome, Exception):
            if not isinstance(outcome, RegisterError | EnvironmentProblemError):
                log_failure(outcome, f"marking {number} {status}")
            QMessageBox.warning(self, "Status not changed",
                                f"{number} was not marked {status}: {one_line(outcome)}")
            return
        self.refresh()
        self.select_number(number)

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
        """The quotes shown, as filtered."""
        atomic_write_text(path, entries_csv(self.model.rows))

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
