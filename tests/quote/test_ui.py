"""The Quote dialog and register window, driven through real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from configurator.build import load_build
from configurator.quote import QuoteRegister, QuoteSettings
from configurator.ui.store_writes import store_writes

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
    from configurator.ui.quote.register_window import COLUMNS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog,
                         register=gui_register)
    qtbot.addWidget(dialog)
    dialog.company.setText("ACME & <Sons>")
    first = dialog.export_to(tmp_path / "a.pdf")
    window = RegisterWindow(catalog, register=gui_register)
    qtbot.addWidget(window)
    cell = window.model.index
    assert window.model.rowCount() == 1
    column = COLUMNS.index
    assert cell(0, column("Company")).data() == "ACME & <Sons>"
    assert cell(0, column("Status")).data() == "Issued"
    assert cell(0, column("Build")).data() == first.quote.build.name
    window.select_number(first.full_number)
    window.mark_selected("accepted")
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=5000)
    assert cell(0, column("Status")).data() == "Accepted"
    window.status_filter.setCurrentText("Issued")
    assert window.model.rowCount() == 0
    window.status_filter.setCurrentText("All quotes")
    window.select_number(first.full_number)
    again = window.reexport_selected(tmp_path / "again.pdf")
    assert again.pdf_path.read_bytes() == first.pdf_path.read_bytes()
    copy_dialog = window.duplicate_selected()
    qtbot.addWidget(copy_dialog)
    assert copy_dialog.company.text() == "ACME & <Sons>"
    copy_dialog.export_to(tmp_path / "b.pdf")
    assert window.model.rowCount() == 2
    window.export_csv(tmp_path / "quotes.csv")
    assert "Q-2026-0002" in (tmp_path / "quotes.csv").read_text(encoding="utf-8")


def test_register_window_filters_by_store_consultant_status_date_and_search(qtbot, catalog,
                                                                            tmp_path):
    import datetime as dt

    from PySide6.QtCore import QDate

    from configurator.ui.quote import RegisterWindow
    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 40)
    window = RegisterWindow(catalog, register=QuoteRegister(tmp_path / "old.sqlite3"))
    qtbot.addWidget(window)
    assert window.model.rowCount() == 40 and window.count.text() == "40 quotes"
    window.consultant_filter.setCurrentText("Consultant 1")
    assert {e.consultant for e in window.entries} == {"Consultant 1"}
    window.consultant_filter.setCurrentText("All consultants")
    window.search.setText("po-00017")
    assert [e.customer for e in window.entries] == ["Customer 17"]
    window.search.setText("company 3")
    assert {e.company for e in window.entries} == {"Company 3"}
    window.search.clear()
    window.since.setDate(QDate(2026, 1, 1))
    assert {e.issue_date for e in window.entries} == {dt.date(2026, 3, 5)}
    assert window.count.text() == "20 of 40 quotes"
    window.status_filter.setCurrentText("Expired")
    assert window.entries and {e.status for e in window.entries} == {"expired"}
    window.store_filter.setCurrentText("(no store)")
    assert window.entries
    window.status_filter.setCurrentText("All quotes")
    window.until.setDate(QDate(2025, 12, 31))
    assert window.entries == []


def test_register_window_exports_the_quotes_it_shows(qtbot, catalog, tmp_path):
    import csv

    from configurator.ui.quote import RegisterWindow
    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 20)
    window = RegisterWindow(catalog, register=QuoteRegister(tmp_path / "old.sqlite3"))
    qtbot.addWidget(window)
    window.search.setText("Customer 1")
    window.export_csv(tmp_path / "shown.csv")
    rows = list(csv.DictReader((tmp_path / "shown.csv").open(encoding="utf-8")))
    assert sorted(r["customer"] for r in rows) == sorted(e.customer for e in window.entries)
    assert len(rows) == 11  # Customer 1 and Customer 10 to 19


def test_settings_dialog_sets_the_paper_or_leaves_it_to_the_locale(qtbot):
    from configurator.ui.quote.settings_dialog import SellerSettingsDialog

    dialog = SellerSettingsDialog(QuoteSettings())
    qtbot.addWidget(dialog)
    assert dialog.paper.currentData() is None and dialog.edited().paper is None
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    assert dialog.edited().paper == "letter"
    again = SellerSettingsDialog(dialog.edited())
    qtbot.addWidget(again)
    assert again.paper.currentText() == "Letter"


def test_register_window_shows_status_and_build_name_in_view(qtbot, catalog, example, gui_register,
                                                            tmp_path):
    from configurator.ui.quote import QuoteDialog, RegisterWindow
    from configurator.ui.quote.register_window import COLUMNS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog, register=gui_register)
    qtbot.addWidget(dialog)
    dialog.company.setText("Acme Research")
    exported = dialog.export_to(tmp_path / "a.pdf")
    window = RegisterWindow(catalog, register=gui_register)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.refresh()
    qtbot.waitExposed(window)
    window.search.setText(exported.quote.build.name[-12:])
    assert window.model.rowCount() == 1
    viewport = window.table.viewport().width()
    header = window.table.horizontalHeader()
    for name in ("Build", "Status"):
        column = COLUMNS.index(name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport
    status = COLUMNS.index("Status")
    assert header.sectionSize(status) >= window.table.sizeHintForColumn(status)
    build = window.model.index(0, COLUMNS.index("Build"))
    assert build.data(Qt.ItemDataRole.ToolTipRole) == exported.quote.build.name


def test_register_window_shows_status_labels_and_keeps_the_keys(qtbot, catalog, example,
                                                                gui_register, tmp_path):
    import csv

    from configurator.quote import STATUSES
    from configurator.ui.quote import QuoteDialog, RegisterWindow
    from configurator.ui.quote.register_window import COLUMNS, STATUS_LABELS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog, register=gui_register)
    qtbot.addWidget(dialog)
    number = dialog.export_to(tmp_path / "a.pdf").full_number
    window = RegisterWindow(catalog, register=gui_register)
    qtbot.addWidget(window)
    assert set(STATUS_LABELS) == set(STATUSES)
    offered = [window.status_filter.itemText(n) for n in range(window.status_filter.count())]
    assert offered == ["All quotes", "Issued", "Sent", "Accepted", "Expired", "Void"]
    status = window.model.index(0, COLUMNS.index("Status"))
    assert status.data() == "Issued" and window.count.text() == "1 quote"
    window.select_number(number)
    window.mark_selected("sent")
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=5000)
    assert window.model.index(0, COLUMNS.index("Status")).data() == "Sent"
    window.mark_selected("accepted")
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=5000)
    accepted = window.model.index(0, COLUMNS.index("Status"))
    assert accepted.data() == "Accepted"
    assert window.table.columnWidth(accepted.column()) >= window.table.sizeHintForIndex(accepted).width()
    assert [e.status for e in gui_register.entries("accepted")] == ["accepted"]  # the key
    window.status_filter.setCurrentText("Accepted")
    assert [e.number for e in window.entries] == [number]
    window.status_filter.setCurrentText("Sent")
    assert window.entries == []
    window.status_filter.setCurrentText("Accepted")
    window.export_csv(tmp_path / "accepted.csv")
    rows = list(csv.DictReader((tmp_path / "accepted.csv").open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["accepted"]
