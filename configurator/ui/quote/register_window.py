"""The quote register window: every issued quote, filtered by store, consultant, status and
issue date, searched by customer, company, PO reference, number or build name; re-export, duplicate, mark
sent or accepted (the status's tooltip says who, on which machine and when), export as CSV.

The quotes are read once per refresh into a table model, newest first; filtering works on that
list (``RegisterFilter``, the same one ``configurator store quotes`` uses), so it is instant with
tens of thousands of quotes, and the view draws only the rows on screen.

The database is opened and read on the store reader thread (``store_reads``), and overdue quotes
are marked expired on the store worker, so a server out of reach never holds up the window: it
opens at once saying "Loading the register…", shows the newest quotes as soon as they are read
and the rest right after, and if the database cannot be read says so in one line with Retry,
keeping the quotes an earlier read showed. Re-export and Duplicate read their quote there too.
The app keeps no local copy of the register (the chain cache holds prices, parts and
settings), so a register never read since opening shows no rows while the server is away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer, Signal
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
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from configurator.errors import EnvironmentProblemError, log_failure, one_line, os_problem
from configurator.fileio import atomic_write_text
from configurator.parts import Catalog
from configurator.quote import (
    STATUSES,
    ExportResult,
    QuoteRegister,
    RegisterEntry,
    RegisterFilter,
    StoredQuote,
    reexport,
)
from configurator.quote.register import RegisterDamagedError, RegisterError, entries_csv
from configurator.ui.quote.dialog import QuoteDialog
from configurator.ui.quote.register_faults import offer_move_aside
from configurator.ui.store_writes import store_reads, store_writes

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
LOADING = "Loading the register…"
LOADING_SHOWN_AFTER_MS = 300  # a refresh over rows already shown says so only if it takes long
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


@dataclass(frozen=True)
class RegisterRead:
    register: QuoteRegister
    entries: list[RegisterEntry]


def read_register(register: QuoteRegister | None, limit: int | None) -> RegisterRead:
    """On the reader thread: the newest ``limit`` quotes (all with None). Without a register,
    this installation's is opened first, which reaches the database too."""
    register = register or QuoteRegister()
    return RegisterRead(register, register.entries(newest_first=True, limit=limit))


class StateLine(QLabel):
    """How reading the register goes, in one line that ends in "…" when the window is
    narrower; the tooltip has it whole. Hidden when there is nothing to say."""

    def __init__(self):
        super().__init__()
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hide()

    def say(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._fit()
        self.setVisible(bool(text))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                                   self.contentsRect().width()))


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
    """``register``: the one to show, else this installation's, opened on the reader thread."""

    loaded = Signal()  # a read ended: the rows are shown, or ``state`` says why not

    def __init__(self, catalog: Catalog, parent=None, *, register: QuoteRegister | None = None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle("Quote register")
        self.catalog = catalog
        self.register = register
        self.loading = False
        self.read_at: dt.datetime | None = None  # when the rows shown were read
        self._reads = 0  # counts refreshes; a read a later refresh replaced is dropped
        self._fitted = False  # the columns to the first rows read
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
        self.state = StateLine()
        self.retry = QPushButton("Retry", toolTip="Read the register again")
        self.retry.clicked.connect(lambda: self.refresh())
        self.retry.hide()
        self._say_loading = QTimer(self, singleShot=True, interval=LOADING_SHOWN_AFTER_MS)
        self._say_loading.timeout.connect(lambda: self.state.say(LOADING))
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
        self.state.setMinimumHeight(self.retry.sizeHint().height())  # Retry moves nothing
        self._offer(self.store_filter, ALL_STORES, [])  # sized to these before the rows come
        self._offer(self.consultant_filter, ALL_CONSULTANTS, [])
        state = QHBoxLayout()
        state.addWidget(self.state, 1)
        state.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(state)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.resize(1100, 520)
        self._fit_columns()  # to the headings, until there are rows
        self.refresh()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(BUILD_COLUMN, min(self.table.columnWidth(BUILD_COLUMN), BUILD_WIDTH))
        # Wide enough for every status, not only those of the first rows: marking a quote
        # accepted must not cut its label.
        widest = max(self.table.fontMetrics().horizontalAdvance(label) for label in STATUS_LABELS.values())
        self.table.setColumnWidth(STATUS_COLUMN, max(self.table.columnWidth(STATUS_COLUMN),
                                                     widest + STATUS_PADDING))

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

    def refresh(self, select: str | None = None) -> None:
        """Read the register again on the reader thread; never waits. The newest quotes come
        first, then the rest, and ``select`` is selected once all are in. Overdue quotes are
        then marked expired on the store worker, and read again if there were any."""
        self._reads += 1
        read = self._reads
        self.loading = True
        self.retry.hide()
        if self.model.all and not self.state.full_text:
            self._say_loading.start()
        else:
            self.state.say(LOADING)
        register = self.register
        store_reads().run(lambda: read_register(register, FIRST_ROWS),
                          lambda outcome: self._first_rows(read, outcome, select))

    def _current(self, read: int) -> bool:
        return isValid(self) and read == self._reads  # not closed, nor refreshed meanwhile

    def _first_rows(self, read: int, outcome: object, select: str | None) -> None:
        if not self._current(read):
            return
        if isinstance(outcome, Exception):
            self._failed(outcome)
            return
        self.register = outcome.register
        if len(outcome.entries) < FIRST_ROWS:  # the whole register
            self._all_rows(read, outcome, select)
        else:
            self._load(outcome.entries)
            register = self.register
            store_reads().run(lambda: read_register(register, None),
                              lambda rest: self._all_rows(read, rest, select))
        self._expire_overdue()

    def _all_rows(self, read: int, outcome: object, select: str | None) -> None:
        if not self._current(read):
            return
        if isinstance(outcome, Exception):
            self._failed(outcome)
            return
        self._load(outcome.entries)
        self.loading = False
        self._say_loading.stop()
        self.state.say("")
        if select:
            self.select_number(select)
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        self._say_loading.stop()
        if isinstance(exc, RegisterDamagedError) and offer_move_aside(self, exc):
            self.refresh()
            return
        if not isinstance(exc, EnvironmentProblemError):
            log_failure(exc, "reading the quote register")
        # What the person sees first, should the line end in "…": which quotes are shown.
        shown = f"Quotes as read at {self.read_at:%H:%M}; the register cannot be read now" \
            if self.model.all else "The register cannot be read"
        self.state.say(f"{shown}: {one_line(exc)}")
        self.retry.show()
        self.loaded.emit()

    def _expire_overdue(self) -> None:
        """A write: on the store worker, after the changes and syncs before it."""
        register = self.register
        store_writes().run(lambda: register.expire_overdue(dt.date.today()), self._expired)

    def _expired(self, outcome: object) -> None:
        if isinstance(outcome, Exception):
            if not isinstance(outcome, EnvironmentProblemError):
                log_failure(outcome, "marking overdue quotes expired")
            return  # tried again at the next refresh; the read says if the database is away
        if outcome and isValid(self):
            self.refresh()

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
        self.read_at = dt.datetime.now()
        if entries and not self._fitted:  # to the first rows read, once
            self._fit_columns()
            self._fitted = True

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
        self.refresh(select=number)

    def reexport_selected(self, pdf_path: Path | str) -> None:
        """Write the selected quote's PDF and JSON again; the quote is read and written on the
        reader thread, and a failure is one line in a message box."""
        entry = self.selected()
        if entry is None:
            return
        number, register = entry.number, self.register
        store_reads().run(lambda: reexport(register.get(number), pdf_path),
                          lambda outcome: self._reexported(number, outcome))

    def _reexported(self, number: str, outcome: ExportResult | Exception) -> None:
        if isinstance(outcome, Exception) and isValid(self):
            self._tell_failure("Quote not exported", f"{number} was not exported", outcome)

    def duplicate_selected(self) -> None:
        """Open a Quote dialog prefilled from the selected quote once it is read (on the reader
        thread); exporting it issues a new number at today's prices."""
        entry = self.selected()
        if entry is None:
            return
        number, register = entry.number, self.register
        store_reads().run(lambda: register.get(number),
                          lambda outcome: self._duplicate(number, outcome))

    def _duplicate(self, number: str, stored: StoredQuote | Exception) -> None:
        if not isValid(self):
            return
        if isinstance(stored, Exception):
            self._tell_failure("Quote not duplicated", f"{number} could not be read", stored)
            return
        dialog = QuoteDialog(stored.build(), self.catalog, self, register=self.register,
                             request=stored.request())
        dialog.quote_exported.connect(lambda _: self.refresh())
        dialog.show()

    def _tell_failure(self, title: str, what: str, exc: Exception) -> None:
        if not isinstance(exc, EnvironmentProblemError | OSError | RegisterError):
            log_failure(exc, what)
        reason = os_problem(exc, "write") if isinstance(exc, OSError) else one_line(exc)
        QMessageBox.warning(self, title, f"{what}: {reason}")

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
            self.reexport_selected(path)

    def _choose_and_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export register", "quotes.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                QMessageBox.warning(self, "Register not exported", str(exc))
