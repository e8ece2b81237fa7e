"""The store's seller profile (name, address, phone, e-mail, web site, tax id, logo) and
quote defaults (currency, terms, tax rate, paper, numbering prefix)."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from configurator.quote import QuoteSettings, save_settings
from configurator.quote.paper import PAPER_NAMES, locale_paper
from configurator.ui.number_units import CountSpinBox
from configurator.ui.quote.logo_chooser import LogoChooser

TEXT_FIELDS = (
    ("store_name", "Store name"), ("phone", "Phone"), ("email", "E-mail"),
    ("website", "Web site"), ("tax_id", "Tax ID"), ("currency", "Currency code"),
    ("payment_terms", "Payment terms"), ("lead_time", "Lead time"),
    ("default_tax_rate", "Default tax rate (%)"), ("number_prefix", "Quote number prefix"),
)


class SellerSettingsDialog(QDialog):
    def __init__(self, settings: QuoteSettings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Quote settings")
        self.settings = settings
        form = QFormLayout(self)
        self._edits: dict[str, QLineEdit] = {}
        for name, label in TEXT_FIELDS:
            edit = QLineEdit(str(getattr(settings, name)))
            self._edits[name] = edit
            form.addRow(label, edit)
        self.address = QPlainTextEdit(settings.address)
        self.address.setFixedHeight(60)
        form.insertRow(1, "Address", self.address)
        self.logo = LogoChooser(settings.logo_path)
        form.insertRow(form.getWidgetPosition(self._edits["tax_id"])[0] + 1, "Logo", self.logo)
        self.validity = CountSpinBox(1, 365, 1, " days")
        self.validity.setValue(settings.validity_days)
        form.addRow("Quotes valid for", self.validity)
        self.paper = QComboBox()
        self.paper.addItem(f"As the locale ({PAPER_NAMES[locale_paper()]})", None)
        for key, name in PAPER_NAMES.items():
            self.paper.addItem(name, key)
        self.paper.setCurrentIndex(self.paper.findData(settings.paper))
        form.addRow("Paper size", self.paper)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a1261b")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def edited(self) -> QuoteSettings:
        values = {name: edit.text().strip() for name, edit in self._edits.items()}
        values["address"] = self.address.toPlainText().strip()
        values["logo_path"] = self.logo.path
        values["validity_days"] = self.validity.value()
        values["paper"] = self.paper.currentData()
        return QuoteSettings.model_validate({**self.settings.model_dump(), **values})

    def save(self) -> None:
        try:
            self.settings = self.edited()
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            self.error.setText(f"{'.'.join(map(str, first['loc']))}: {first['msg']}")
            return
        save_settings(self.settings)
        self.accept()
