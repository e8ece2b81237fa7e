"""Import prices: show what a price list would change, apply it only when the person agrees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import EnvironmentProblemError, one_line, os_problem
from configurator.parts.prices import (
    PriceFileError,
    PriceImport,
    apply_price_import,
    read_price_csv,
)
from configurator.ui.document import BuildDocument


def report_text(result: PriceImport) -> str:
    lines = [f"Changed ({len(result.changed)}):"]
    lines += [f"  {c.part_id}: {c.old.amount:,.2f} {c.old.currency} → "
              f"{c.new.amount:,.2f} {c.new.currency} (as of {c.new.as_of})" for c in result.changed]
    lines.append(f"Unchanged: {len(result.unchanged)}")
    lines.append(f"Unknown parts ({len(result.unknown)}):")
    lines += [f"  line {n}: {part}" for n, part in result.unknown]
    lines.append(f"Rejected rows ({len(result.rejected)}):")
    lines += [f"  line {n}: {reason}" for n, reason in result.rejected]
    return "\n".join(lines)


class PriceImportDialog(QDialog):
    def __init__(self, path: Path, result: PriceImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import prices")
        self.result = result
        summary = QLabel(
            f"{path.name}: {len(result.changed)} price(s) change, {len(result.unknown)} unknown "
            f"part(s), {len(result.rejected)} rejected row(s). Apply the changes?"
        )
        summary.setWordWrap(True)
        details = QPlainTextEdit(report_text(result))
        details.setReadOnly(True)
        details.setMinimumSize(560, 280)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(bool(result.changed))
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(details, 1)
        layout.addWidget(buttons)


def import_prices(parent: QWidget, document: BuildDocument, path: Path | None = None) -> bool:
    """Ask for a CSV, show the report, apply on agreement; True when prices changed."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Import prices", str(Path.home()),
                                                "Price lists (*.csv *.tsv *.txt);;All files (*)")
        if not chosen:
            return False
        path = Path(chosen)
    try:
        result = read_price_csv(path, document.catalog)
    except PriceFileError as exc:
        QMessageBox.critical(parent, "Cannot import prices", str(exc))
        return False
    if PriceImportDialog(path, result, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        apply_price_import(result)
    except PriceFileError as exc:
        QMessageBox.critical(parent, "Cannot import prices", f"{exc}. Nothing was changed.")
        return False
    except EnvironmentProblemError as exc:
        QMessageBox.critical(parent, "Cannot import prices", one_line(exc))
        return False
    except OSError as exc:
        QMessageBox.critical(parent, "Cannot import prices",
                             f"{one_line(os_problem(exc, 'write'))}. Nothing was changed.")
        return False
    document.catalog = document.catalog.with_prices({c.part_id: c.new for c in result.changed})
    document.recompute()
    return True
