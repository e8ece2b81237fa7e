"""The Quote dialog: customer, services, discount, tax and validity, a live preview of the
totals, and Export… which issues the quote through the core.

The quote is issued on a worker thread: taking its number may wait for another computer of the
store issuing a quote (up to the register's lock timeout) or for a slow server. The dialog keeps
answering meanwhile; its body says what it waits for, and Cancel ends the wait with no number
taken and everything typed still in place."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QEventLoop, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from configurator.build import Build, resolve
from configurator.errors import EnvironmentProblemError, one_line
from configurator.parts import Catalog
from configurator.quote import (
    Customer,
    ExportResult,
    MoneyError,
    QuoteError,
    QuoteRegister,
    QuoteRequest,
    RegisterDamagedError,
    ServiceRequest,
    SettingsError,
    data_path_for,
    format_amount,
    format_pct,
    issue_quote,
    load_settings,
    percentage,
    preview_totals,
)
from configurator.quote.money import cents, parse_decimal
from configurator.quote.settings import QuoteSettings
from configurator.rules import validate
from configurator.store.errors import WriteCancelledError
from configurator.ui.number_units import CountSpinBox
from configurator.ui.quote.register_faults import offer_move_aside
from configurator.ui.quote.settings_dialog import SellerSettingsDialog

ERROR_STYLE = "color: #a1261b"
ISSUING = "Issuing the quote…"
WAITING = "Waiting for the register (another quote is being issued)…"
CANCELLING = "Cancelling…"
CANCELLED = "Cancelled: no quote number was taken. Everything you typed is still here."
BUSY_SHOWN_AFTER_MS = 300  # a quick export does not flash the panel


class _ExportJob(QObject):
    """One export on a worker thread; its signals reach the dialog on the GUI thread."""

    waiting = Signal()
    finished = Signal(object)  # the ExportResult, or the exception the export raised

    def __init__(self, work):
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            outcome = self._work(self.waiting.emit)
        except Exception as exc:  # noqa: BLE001 - raised again on the GUI thread
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the dialog is gone
            self.finished.emit(outcome)


class QuoteDialog(QDialog):
    """Emits ``quote_exported`` with the ExportResult after a successful export, and
    ``waiting_for_register`` when an export starts waiting for another quote being issued."""

    quote_exported = Signal(object)
    waiting_for_register = Signal()

    def __init__(self, build: Build, catalog: Catalog, parent=None, *,
                 register: QuoteRegister | None = None, request: QuoteRequest | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Quote: {build.name}")
        self.resolved = resolve(build, catalog)
        self.report = validate(self.resolved)
        self.register = register
        try:
            self.settings = load_settings()
        except SettingsError:
            self.settings = QuoteSettings()
        layout = QVBoxLayout(self)
        self.customer_box = self._customer_box()
        layout.addWidget(self.customer_box)
        self.services_box = QGroupBox("Services")
        layout.addWidget(self.services_box)
        self.terms_box = self._terms_box()
        layout.addWidget(self.terms_box)
        self.preview = QLabel()
        self.preview.setObjectName("totals_preview")
        layout.addWidget(self.preview)
        layout.addWidget(self._busy_panel())
        buttons = QHBoxLayout()
        settings_button = QPushButton("Seller settings…")
        settings_button.clicked.connect(self._edit_settings)
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._choose_and_export)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        self.settings_button = settings_button
        buttons.addWidget(settings_button)
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._build_services()
        if request is not None:
            self.set_request(request)
        for edit in (self.discount, self.tax_rate, self.override_reason):
            edit.textChanged.connect(self._update_preview)
        self._update_preview()

    # --- layout ---------------------------------------------------------------------------

    def _customer_box(self) -> QGroupBox:
        box = QGroupBox("Customer")
        form = QFormLayout(box)
        self.customer_name, self.company, self.email = QLineEdit(), QLineEdit(), QLineEdit()
        self.po_reference, self.consultant = QLineEdit(), QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        for label, widget in (("Name", self.customer_name), ("Company", self.company),
                              ("Address", self.address), ("E-mail", self.email),
                              ("PO reference", self.po_reference), ("Consultant", self.consultant)):
            form.addRow(label, widget)
        return box

    def _terms_box(self) -> QGroupBox:
        box = QGroupBox("Pricing")
        form = QFormLayout(box)
        self.discount = QLineEdit("0")
        self.tax_rate = QLineEdit()
        self.validity = CountSpinBox(1, 365, 1, " days")
        self.override_reason = QLineEdit()
        form.addRow("Discount on quote (%)", self.discount)
        form.addRow("Tax rate (%)", self.tax_rate)
        form.addRow("Valid for", self.validity)
        if not self.report.ok:
            errors = ", ".join(f.code for f in self.report.findings if f.severity == "error")
            warning = QLabel(f"This build has errors ({errors}). It can be quoted only with "
                             "a reason, printed on the quote.")
            warning.setWordWrap(True)
            warning.setStyleSheet(ERROR_STYLE)
            form.addRow(warning)
            form.addRow("Override reason", self.override_reason)
        self._apply_settings_defaults()
        return box

    def _busy_panel(self) -> QFrame:
        """What the export is doing, with Cancel; shown only while it takes a moment."""
        self.busy_panel = QFrame()
        self.busy_panel.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.busy_panel)
        self.busy_text = QLabel()
        self.busy_text.setObjectName("export_progress")
        self.busy_text.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop waiting; no quote number is taken")
        self.cancel_button.clicked.connect(self.cancel_export)
        row.addWidget(self.busy_text, 1)
        row.addWidget(self.cancel_button)
        self.busy_panel.hide()
        self._cancellation = None  # the running export's, if one runs
        self._outcome: list = []
        self._show_busy = QTimer(self, singleShot=True, interval=BUSY_SHOWN_AFTER_MS)
        self._show_busy.timeout.connect(lambda: self._say(ISSUING, cancel=True))
        return self.busy_panel

    def _build_services(self) -> None:
        grid = self.services_box.layout() or QGridLayout(self.services_box)
        while grid.count():
            grid.takeAt(0).widget().deleteLater()
        self.service_rows: list[tuple[str, QCheckBox, QLineEdit]] = []
        for row, offer in enumerate(self.settings.services):
            check = QCheckBox(offer.description)
            check.setChecked(offer.default)
            price = QLineEdit(f"{offer.price:.2f}")
            price.setMaximumWidth(90)
            check.toggled.connect(self._update_preview)
            price.textChanged.connect(self._update_preview)
            grid.addWidget(check, row, 0)
            grid.addWidget(price, row, 1)
            grid.addWidget(QLabel(self.settings.currency), row, 2)
            self.service_rows.append((offer.key, check, price))

    def _apply_settings_defaults(self) -> None:
        self.tax_rate.setText(f"{self.settings.default_tax_rate.normalize():f}")
        self.validity.setValue(self.settings.validity_days)

    # --- model ----------------------------------------------------------------------------

    def request(self, issue_date: dt.date | None = None) -> QuoteRequest:
        """The request the widgets describe; raises MoneyError or ValidationError."""
        services = []
        for key, check, price in self.service_rows:
            if check.isChecked():
                services.append(ServiceRequest(
                    key=key, description=check.text(),
                    unit_price=cents(parse_decimal(price.text(), check.text()))))
        customer = Customer(
            name=self.customer_name.text().strip(), company=self.company.text().strip(),
            address=self.address.toPlainText().strip(), email=self.email.text().strip(),
            po_reference=self.po_reference.text().strip())
        return QuoteRequest(
            customer=customer, consultant=self.consultant.text().strip(),
            services=tuple(services),
            discount_pct=percentage(self.discount.text() or "0", "Discount"),
            tax_rate_pct=percentage(self.tax_rate.text() or "0", "Tax rate"),
            validity_days=self.validity.value(),
            override_reason=self.override_reason.text().strip(),
            issue_date=issue_date or dt.date.today(),
        )

    def set_request(self, request: QuoteRequest) -> None:
        c = request.customer
        self.customer_name.setText(c.name)
        self.company.setText(c.company)
        self.address.setPlainText(c.address)
        self.email.setText(c.email)
        self.po_reference.setText(c.po_reference)
        self.consultant.setText(request.consultant)
        self.discount.setText(f"{request.discount_pct.normalize():f}")
        self.tax_rate.setText(f"{request.tax_rate_pct.normalize():f}")
        self.validity.setValue(request.validity_days)
        self.override_reason.setText(request.override_reason)
        chosen = {s.key: s for s in request.services}
        for key, check, price in self.service_rows:
            check.setChecked(key in chosen)
            if key in chosen:
                price.setText(f"{chosen[key].unit_price:.2f}")

    def _update_preview(self) -> None:
        try:
            totals = preview_totals(self.resolved, self.request())
        except (MoneyError, ValidationError) as exc:
            self.preview.setStyleSheet(ERROR_STYLE)
            self.preview.setText(str(exc).splitlines()[0])
            self.export_button.setEnabled(False)
            return
        cur = self.settings.currency
        self.preview.setStyleSheet("")
        self.preview.setText(
            f"Subtotal {format_amount(totals.subtotal, cur)}   "
            f"Discount −{format_amount(totals.discount, cur)}   "
            f"Tax ({format_pct(totals.tax_rate_pct)}) {format_amount(totals.tax, cur)}   "
            f"<b>Total {format_amount(totals.total, cur)}</b>")
        blocked = not self.report.ok and not self.override_reason.text().strip()
        self.export_button.setEnabled(not blocked)

    # --- actions --------------------------------------------------------------------------

    @property
    def exporting(self) -> bool:
        return self._cancellation is not None

    def export_to(self, pdf_path: Path | str, issue_date: dt.date | None = None) -> ExportResult:
        """Issue the quote on a worker thread, the dialog answering meanwhile (a local event
        loop runs until it ends); raises what the export raised, WriteCancelledError if
        Cancel was pressed before the number was taken."""
        from configurator.store.engine import Cancellation

        request = self.request(issue_date)
        register, resolved, settings, report = self.register, self.resolved, self.settings, self.report
        cancellation = Cancellation()

        def work(on_wait) -> ExportResult:
            return issue_quote(resolved, request, settings, pdf_path,
                               register=register or QuoteRegister(), report=report,
                               on_wait=on_wait, cancellation=cancellation)

        job = _ExportJob(work)
        job.waiting.connect(self._waiting)
        job.finished.connect(self._finished)
        loop = QEventLoop()
        job.finished.connect(loop.quit)
        self._cancellation, self._outcome = cancellation, []
        self._set_inputs_enabled(False)
        self.busy_panel.hide()
        self._show_busy.start()
        QThreadPool.globalInstance().start(job.run)
        loop.exec()
        outcome = self._outcome[0]
        self._cancellation = None
        self._show_busy.stop()
        self._set_inputs_enabled(True)
        if isinstance(outcome, WriteCancelledError):
            self._say(CANCELLED, cancel=False)
        else:
            self.busy_panel.hide()
        if isinstance(outcome, Exception):
            raise outcome
        self.quote_exported.emit(outcome)
        return outcome

    def _finished(self, outcome) -> None:
        self._outcome.append(outcome)

    def _waiting(self) -> None:
        if self.exporting and not self._cancellation.cancelled:
            self._say(WAITING, cancel=True)
            self.waiting_for_register.emit()

    def cancel_export(self) -> None:
        """Stop the export before its number is taken; what is typed stays."""
        if self.exporting:
            self._cancellation.cancel()
            self._say(CANCELLING, cancel=False)

    def _say(self, text: str, *, cancel: bool) -> None:
        self._show_busy.stop()
        self.busy_text.setText(text)
        self.cancel_button.setVisible(cancel)
        self.busy_panel.show()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.customer_box, self.services_box, self.terms_box,
                       self.settings_button, self.close_button):
            widget.setEnabled(enabled)
        if enabled:
            self._update_preview()
        else:
            self.export_button.setEnabled(False)

    def reject(self) -> None:
        """Escape or the window's close button cancel a running export instead of closing."""
        if self.exporting:
            self.cancel_export()
            return
        super().reject()

    def confirm_replace(self, pdf_path: Path) -> bool:
        """Ask before an existing PDF or its JSON is replaced; True to go ahead."""
        existing = [p for p in (pdf_path, data_path_for(pdf_path)) if p.exists()]
        if not existing:
            return True
        names = " and ".join(p.name for p in existing)
        answer = QMessageBox.question(
            self, "Replace quote files?", f"{names} already exist{'s' if len(existing) == 1 else ''} "
            f"in {pdf_path.parent}. Replace {'it' if len(existing) == 1 else 'them'}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _choose_and_export(self) -> None:
        # Asked below for the PDF and its JSON together, not by the file dialog for the PDF alone.
        path, _ = QFileDialog.getSaveFileName(self, "Export quote", "quote.pdf", "PDF (*.pdf)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if not self.confirm_replace(Path(path)):
            return
        try:
            result = self.export_to(path)
        except RegisterDamagedError as exc:
            offer_move_aside(self, exc)
            return
        except WriteCancelledError:
            return  # the dialog body says so
        except (QuoteError, MoneyError, ValidationError, OSError, EnvironmentProblemError) as exc:
            QMessageBox.warning(self, "Quote not exported", one_line(exc))
            return
        QMessageBox.information(self, "Quote exported",
                                f"{result.full_number} written to {result.pdf_path}\n"
                                f"with its data file {result.data_path.name}.")

    def _edit_settings(self) -> None:
        dialog = SellerSettingsDialog(self.settings, self)
        if dialog.exec():
            self.settings = dialog.settings
            self._build_services()
            self._apply_settings_defaults()
            self._update_preview()
