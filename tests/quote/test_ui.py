"""The Quote dialog and register window, driven through real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from configurator.build import load_build
from configurator.quote import QuoteRegister, QuoteSettings
from tests.register_window import open_register_window, wait_settled

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
    from configurator.ui.quote import QuoteDialog
    from configurator.ui.quote.register_window import COLUMNS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog,
                         register=gui_register)
    qtbot.addWidget(dialog)
    dialog.company.setText("ACME & <Sons>")
    first = dialog.export_to(tmp_path / "a.pdf")
    window = open_register_window(qtbot, catalog, gui_register)
    cell = window.model.index
    assert window.model.rowCount() == 1
    column = COLUMNS.index
    assert cell(0, column("Company")).data() == "ACME & <Sons>"
    assert cell(0, column("Status")).data() == "Issued"
    assert cell(0, column("Build")).data() == first.quote.build.name
    window.select_number(first.full_number)
    window.mark_selected("accepted")
    wait_settled(qtbot, window)
    assert cell(0, column("Status")).data() == "Accepted"
    window.status_filter.setCurrentText("Issued")
    assert window.model.rowCount() == 0
    window.status_filter.setCurrentText("All quotes")
    window.select_number(first.full_number)
    window.reexport_selected(tmp_path / "again.pdf")
    wait_settled(qtbot, window)
    assert (tmp_path / "again.pdf").read_bytes() == first.pdf_path.read_bytes()
    window.duplicate_selected()
    wait_settled(qtbot, window)
    copy_dialog = window.findChild(QuoteDialog)
    qtbot.addWidget(copy_dialog)
    assert copy_dialog.company.text() == "ACME & <Sons>"
    copy_dialog.export_to(tmp_path / "b.pdf")
    wait_settled(qtbot, window)
    assert window.model.rowCount() == 2
    window.export_csv(tmp_path / "quotes.csv")
    assert "Q-2026-0002" in (tmp_path / "quotes.csv").read_text(encoding="utf-8")


def test_register_window_filters_by_store_consultant_status_date_and_search(qtbot, catalog,
                                                                            tmp_path):
    import datetime as dt

    from PySide6.QtCore import QDate

    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 40)
    window = open_register_window(qtbot, catalog, QuoteRegister(tmp_path / "old.sqlite3"))
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

    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 20)
    window = open_register_window(qtbot, catalog, QuoteRegister(tmp_path / "old.sqlite3"))
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
    from configurator.ui.quote import QuoteDialog
    from configurator.ui.quote.register_window import COLUMNS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog, register=gui_register)
    qtbot.addWidget(dialog)
    dialog.company.setText("Acme Research")
    exported = dialog.export_to(tmp_path / "a.pdf")
    window = open_register_window(qtbot, catalog, gui_register)
    window.resize(1280, 800)
    window.show()
    window.refresh()
    qtbot.waitExposed(window)
    wait_settled(qtbot, window)
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
    from configurator.ui.quote import QuoteDialog
    from configurator.ui.quote.register_window import COLUMNS, STATUS_LABELS

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog, register=gui_register)
    qtbot.addWidget(dialog)
    number = dialog.export_to(tmp_path / "a.pdf").full_number
    window = open_register_window(qtbot, catalog, gui_register)
    assert set(STATUS_LABELS) == set(STATUSES)
    offered = [window.status_filter.itemText(n) for n in range(window.status_filter.count())]
    assert offered == ["All quotes", "Issued", "Sent", "Accepted", "Expired", "Void"]
    status = window.model.index(0, COLUMNS.index("Status"))
    assert status.data() == "Issued" and window.count.text() == "1 quote"
    window.select_number(number)
    window.mark_selected("sent")
    wait_settled(qtbot, window)
    assert window.model.index(0, COLUMNS.index("Status")).data() == "Sent"
    window.mark_selected("accepted")
    wait_settled(qtbot, window)
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


def test_register_window_marks_overdue_quotes_expired_on_the_store_worker(qtbot, catalog,
                                                                        tmp_path, monkeypatch,
                                                                        start_ticks):
    import threading
    import time

    from configurator.ui.quote import RegisterWindow
    from configurator.ui.store_writes import store_writes
    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 40)
    register = QuoteRegister(tmp_path / "old.sqlite3")
    expire = register.expire_overdue
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_expiry(today):
        threads.append(threading.current_thread())
        release.wait(10)  # a write queued behind a sync, say
        return expire(today)

    monkeypatch.setattr(register, "expire_overdue", slow_expiry)
    ticks = start_ticks()
    started = time.monotonic()
    window = RegisterWindow(catalog, register=register)
    qtbot.addWidget(window)
    assert time.monotonic() - started < 0.5
    qtbot.waitUntil(lambda: window.model.rowCount() == 40 and not window.loading, timeout=5000)
    assert window.count.text() == "40 quotes" and not window.state.isVisible()
    assert sum(e.status == "expired" for e in window.entries) == 10, "not expired yet"
    ticks.clear()
    qtbot.wait(500)
    assert store_writes().busy and len(ticks) >= 10, f"{len(ticks)} ticks while expiring"
    assert threads and threads[0] is not threading.main_thread()
    release.set()
    wait_settled(qtbot, window)
    ticks.stop()
    assert sum(e.status == "expired" for e in window.entries) == 30, "read again once expired"


def test_register_window_keeps_the_rows_read_when_the_database_cannot_be_read(qtbot, catalog,
                                                                       tmp_path, monkeypatch):
    import time

    from PySide6.QtWidgets import QMessageBox

    from configurator.store.errors import StoreUnreachableError
    from configurator.ui.quote import QuoteDialog
    from tests.store.legacy import write_legacy_register

    write_legacy_register(tmp_path / "old.sqlite3", 12)
    register = QuoteRegister(tmp_path / "old.sqlite3")
    window = open_register_window(qtbot, catalog, register)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    read = register.entries

    def out_of_reach(*_args, **_kwargs):
        time.sleep(0.6)  # the connection timeout, shortened
        raise StoreUnreachableError("the store database postgresql://db.example/store cannot be "
                                    "reached (connection timeout expired)")

    monkeypatch.setattr(register, "entries", out_of_reach)
    window.search.setText("Customer 1")
    window.refresh()
    assert window.loading and not window.state.isVisible(), "a quick refresh does not flicker"
    qtbot.waitUntil(lambda: window.state.text() == "Loading the register…", timeout=1000)
    wait_settled(qtbot, window)
    line = window.state.full_text
    assert line.startswith(f"Quotes as read at {window.read_at:%H:%M}; the register cannot be "
                           "read now: the store database postgresql://db.example/store cannot "
                           "be reached")
    assert window.state.isVisible() and window.retry.isVisible()
    assert window.state.text() == line, "one whole line at 1280 px"
    assert window.count.text() == "3 of 12 quotes", "the rows read before, still filtered"
    window.search.clear()
    assert window.model.rowCount() == 12

    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text: warnings.append((title, text)))
    monkeypatch.setattr(register, "get", out_of_reach)
    number = window.entries[0].number
    window.select_number(number)
    started = time.monotonic()
    window.duplicate_selected()
    window.reexport_selected(tmp_path / "again.pdf")
    assert time.monotonic() - started < 0.3, "the window waited for the database"
    wait_settled(qtbot, window)
    assert warnings == [
        ("Quote not duplicated", f"{number} could not be read: the store database "
                                 "postgresql://db.example/store cannot be reached (connection "
                                 "timeout expired)"),
        ("Quote not exported", f"{number} was not exported: the store database "
                               "postgresql://db.example/store cannot be reached (connection "
                               "timeout expired)")]
    assert window.findChild(QuoteDialog) is None and not (tmp_path / "again.pdf").exists()
    monkeypatch.setattr(register, "entries", read)
    qtbot.mouseClick(window.retry, Qt.MouseButton.LeftButton)
    wait_settled(qtbot, window)
    assert not window.state.isVisible() and not window.retry.isVisible()
    assert window.model.rowCount() == 12
