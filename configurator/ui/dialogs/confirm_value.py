"""Recording that a consultant confirmed a catalog value from the manual in hand.

The confirmation is stored in the user's parts folder with the person's name and the date,
and in the store database for the other machines of the store; the open build is checked again
at once, so the finding stops saying "unconfirmed".
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from configurator.parts.catalog import user_parts_dir
from configurator.parts.provenance import record_confirmation, share_confirmation
from configurator.rules import Unconfirmed
from configurator.ui.store_writes import send_in_background


class ConfirmValueDialog(QDialog):
    def __init__(self, item: Unconfirmed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Confirm a value from the manual")
        form = QFormLayout(self)
        what = QLabel(item.text.removesuffix(": unconfirmed"))
        what.setWordWrap(True)
        form.addRow("Value", what)
        self.by = QLineEdit()
        self.by.setPlaceholderText("your name")
        self.ref = QLineEdit()
        self.ref.setPlaceholderText("e.g. manual rev. 1.1, p. 1-7: \"PCIEX4 is unavailable when…\"")
        form.addRow("Confirmed by", self.by)
        form.addRow("Where in the manual", self.ref)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.by.textChanged.connect(self._update)
        self.ref.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.by.text().strip() and self.ref.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)


def confirm_value(document, item: Unconfirmed, parent: QWidget | None = None) -> bool:
    """Ask, store and re-check; False if cancelled or the value could not be stored."""
    dialog = ConfirmValueDialog(item, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return store_confirmation(document, item, dialog.by.text(), dialog.ref.text(), parent)


def store_confirmation(document, item: Unconfirmed, by: str, ref: str, parent: QWidget | None = None) -> bool:
    part = document.catalog.get(item.part)
    if part is None:
        return False
    try:
        source = record_confirmation(user_parts_dir(), part, item.field, by=by, ref=ref)
    except (OSError, ValueError) as exc:
        QMessageBox.critical(parent, "Cannot store the confirmation", f"{exc}. Nothing was changed.")
        return False
    send_in_background(parent, share_confirmation(part, item.field, source))
    confirmed = part.model_copy(update={"provenance": {**part.provenance, item.field: source}})
    document.catalog = document.catalog.with_part(confirmed)
    document.recompute()
    return True
