"""The Quote dialog and register window, driven through real widgets."""

from __future__ import annotations

import datetime as dt

import pytest

from configurator.build import load_build
from configurator.quote import QuoteRegister

pytestmark = pytest.mark.gui


@pytest.fixture
def gui_register(tmp_path):
    return QuoteRegister(tmp_path / "register.sqlite3")


def test_dialog_previews_totals_and_exports(qtbot, catalog, example, gui_register, tmp_path):
    from configurator.ui.quote import QuoteDialog

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog,
                         register=gui_register)
    qtbot.addWidget(dialog)
    dialog.customer_name.setText("Zoë Łukasiewicz, 株式会社テスト")
    dialog.tax_rate.setText("10")
    assert "Total" in dialog.preview.text() and "USD" in dialog.preview.text()
    dialog.discount.setText("150")
    assert not dialog.export_button.isEnabled()
    dialog.discount.setText("5")
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.quote_exported) as signal:
        dialog.export_to(tmp_path / "q.pdf", issue_date=dt.date(2026, 3, 5))
    result = signal.args[0]
    assert result.full_number == "Q-2026-0001" and result.pdf_path.is_file()
    assert result.quote.totals.tax_rate_pct == 10
    dialog.grab().save(str(tmp_path / "quote-dialog.png"))


def test_dialog_requires_override_reason_for_errors(qtbot, catalog, example, gui_register):
    from configurator.ui.quote import QuoteDialog

    dialog = QuoteDialog(load_build(example("mes2x-dual-rtx5090-nvme-m2d-sb")), catalog,
                         register=gui_register)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled()
    dialog.override_reason.setText("customer moves the SSD to M.2_1")
    assert dialog.export_button.isEnabled()


def test_register_window_lists_marks_reexports_duplicates(qtbot, catalog, example, gui_register,
                                                          tmp_path):
    from configurator.ui.quote import QuoteDialog, RegisterWindow

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog,
                         register=gui_register)
    qtbot.addWidget(dialog)
    dialog.company.setText("ACME & <Sons>")
    first = dialog.export_to(tmp_path / "a.pdf")
    window = RegisterWindow(catalog, register=gui_register)
    qtbot.addWidget(window)
    assert window.table.rowCount() == 1
    assert window.table.item(0, 4).text() == "ACME & <Sons>"
    window.select_number(first.full_number)
    window.mark_selected("accepted")
    assert window.table.item(0, 7).text() == "accepted"
    window.status_filter.setCurrentText("draft")
    assert window.table.rowCount() == 0
    window.status_filter.setCurrentText("All quotes")
    window.select_number(first.full_number)
    again = window.reexport_selected(tmp_path / "again.pdf")
    assert again.pdf_path.read_bytes() == first.pdf_path.read_bytes()
    copy_dialog = window.duplicate_selected()
    qtbot.addWidget(copy_dialog)
    assert copy_dialog.company.text() == "ACME & <Sons>"
    copy_dialog.export_to(tmp_path / "b.pdf")
    assert window.table.rowCount() == 2
    window.export_csv(tmp_path / "quotes.csv")
    assert "Q-2026-0002" in (tmp_path / "quotes.csv").read_text(encoding="utf-8")
