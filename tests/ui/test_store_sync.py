"""The app syncs with the store database by itself: at start and every few minutes, on a
worker thread, so an unreachable server never holds up the window; the status bar tells."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from configurator.store import outbox
from configurator.store.config import load_config, make_config, save_config
from configurator.store.errors import StoreConfigError
from configurator.ui.store_sync import SyncOutcome
from configurator.ui.store_writes import store_writes

UNREACHABLE = "postgresql://consultant@127.0.0.1:9/store"


def _wait_change(monkeypatch) -> None:
    """A confirmation recorded while the database was out of reach."""
    from configurator.store.outbox import share

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    assert share("confirmation", [{"part": "nvidia-rtx-5090-fe", "field": "tdp_w", "by": "Anna",
                                   "ref": "p. 3", "on": "2026-12-01"}], "It is")
    monkeypatch.delenv("CONFIGURATOR_DATABASE_URL")


def test_a_change_kept_on_this_computer_is_sent_at_start(make_window, qtbot, monkeypatch):
    from sqlalchemy import func, select

    from configurator.store.engine import open_store
    from configurator.store.models import ConfirmedValue

    _wait_change(monkeypatch)
    window = make_window()
    qtbot.waitUntil(lambda: not outbox.pending() and not window.quotes.sync.running, timeout=10_000)
    with open_store().read() as conn:
        assert conn.execute(select(func.count()).select_from(ConfirmedValue)).scalar() == 1
    assert window.quotes.sync_label.text() == ""


def test_nothing_to_sync_starts_no_sync(make_window):
    window = make_window()
    assert not window.quotes.sync.start()


def test_a_slow_server_never_holds_up_the_window(make_window, qtbot, monkeypatch):
    release = threading.Event()

    def slow_sync() -> SyncOutcome:
        release.wait(10)
        return SyncOutcome(problem="the store database db.example cannot be reached (timeout)")

    monkeypatch.setattr("configurator.ui.store_sync.run_sync", slow_sync)
    _wait_change(monkeypatch)
    window = make_window()
    qtbot.waitUntil(lambda: window.quotes.sync.running, timeout=2000)
    assert window.quotes.sync_label.text() == "1 change waiting"
    qtbot.wait(100)  # the window keeps handling events while the sync waits
    assert not window.quotes.sync.start(), "one sync at a time"
    with qtbot.waitSignal(window.quotes.sync.finished, timeout=5000):
        release.set()
    assert window.quotes.sync_label.text() == "last sync failed · 1 change waiting"
    assert "cannot be reached" in window.quotes.sync_label.toolTip()


def test_an_unreachable_server_is_one_line_and_keeps_the_change(make_window, qtbot, monkeypatch):
    _wait_change(monkeypatch)
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    window = make_window()
    qtbot.waitUntil(lambda: window.quotes.sync.problem != "", timeout=15_000)
    assert "cannot be reached" in window.quotes.sync.problem
    assert "\n" not in window.quotes.sync.problem
    assert len(outbox.pending()) == 1
    assert window.quotes.sync_label.text().endswith("last sync failed · 1 change waiting")


def test_the_app_syncs_as_often_as_the_settings_say(make_window, qtbot):
    save_config(make_config("", "", 2))
    window = make_window()
    assert window.quotes.sync.timer.isActive()
    assert window.quotes.sync.timer.interval() == 2 * 60_000
    save_config(make_config("", "", 0))
    window.quotes.sync.schedule()
    assert not window.quotes.sync.timer.isActive()
    with pytest.raises(StoreConfigError, match="whole number from 0"):
        make_config("", "", -1)
    assert load_config().sync_minutes == 0


@pytest.mark.postgres
def test_a_periodic_sync_brings_another_machines_price_into_the_open_build(
        make_window, qtbot, pg_server, monkeypatch):
    import datetime as dt

    from configurator import paths
    from configurator.store.cache import PriceRow
    from configurator.store.engine import open_store
    from configurator.store.shared import write_prices

    url = pg_server.new_database("configurator_periodic_sync")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    window = make_window()
    qtbot.waitUntil(lambda: window.quotes.sync_label.text().startswith("Prices and parts as of"),
                    timeout=15_000)
    qtbot.waitUntil(lambda: not window.quotes.sync.running, timeout=5000)
    window.files.open_path(paths.examples_dir() / "es620-dual-rtx5090.json", ask=False)
    with open_store(url).write() as conn:
        write_prices(conn, {"nvidia-rtx-5090-fe": PriceRow("1500.00", "USD", dt.date(2026, 11, 1))})
    with qtbot.waitSignal(window.quotes.sync.finished, timeout=15_000) as done:
        window.quotes.sync.timer.timeout.emit()
    assert done.args[0].problem == "" and done.args[0].catalog is not None
    assert window.document.catalog["nvidia-rtx-5090-fe"].price.amount == 1500


def _confirm_on_open_build(window):
    """Confirm a sharing value on an example build the way the findings panel does."""
    from configurator import paths
    from configurator.ui.dialogs.confirm_value import store_confirmation

    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json",
                                  ask=False)
    card = window.findings.card("LANE-SLOT-DISABLED")
    rule = next(u for u in card.finding.unconfirmed if u.field.startswith("sharing."))
    assert store_confirmation(window.document, rule, "Anna Berg", "manual p. 1-7", window.findings)
    return rule


def test_a_confirmation_made_offline_says_so_in_the_status_bar(window, qtbot, monkeypatch,
                                                               capsys):
    import json

    from configurator.cli import main

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    rule = _confirm_on_open_build(window)
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=10_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("The confirmation is kept on this computer and sent at the next "
                              "sync: the store database postgresql://consultant@127.0.0.1:9/store")
    assert rule.field not in {u.field for u in
                              window.findings.card("LANE-SLOT-DISABLED").finding.unconfirmed}
    assert window.quotes.sync_label.text().endswith("1 change waiting")
    main(["store", "status", "--json"])
    assert json.loads(capsys.readouterr().out)["waiting"] == 1


class SilentServer:
    """A TCP port on 127.0.0.1 that accepts connections and never answers, like a server
    behind a network that swallows packets; ``hang_up`` closes them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"postgresql://consultant@127.0.0.1:{self.listener.getsockname()[1]}/store"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.listener.accept()[0])

    def hang_up(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.hang_up()


def test_recording_a_change_never_holds_up_the_window(window, qtbot, monkeypatch,
                                                      silent_server, start_ticks):

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", silent_server.url)
    ticks = start_ticks()
    started = time.monotonic()
    _confirm_on_open_build(window)
    assert time.monotonic() - started < 2, "the confirmation waited for the server"
    assert len(outbox.pending()) == 1, "kept on this computer before the server is tried"
    assert window.statusBar().currentMessage() == (
        "The confirmation is being recorded in the store database…")
    qtbot.waitUntil(lambda: bool(silent_server.accepted), timeout=5000)
    ticks.clear()
    qtbot.wait(1000)
    assert store_writes().busy, "the server has not answered yet"
    assert len(ticks) >= 20, f"the event loop stalled: {len(ticks)} ticks in a second"
    silent_server.hang_up()
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=10_000)
    ticks.stop()
    assert window.statusBar().currentMessage().startswith(
        f"The confirmation is kept on this computer and sent at the next sync: the store "
        f"database {silent_server.url} cannot be reached")
    assert len(outbox.pending()) == 1


def test_a_change_the_database_takes_is_reported_and_leaves_the_outbox(window, qtbot):
    from sqlalchemy import func, select

    from configurator.store.engine import open_store
    from configurator.store.models import ConfirmedValue

    _confirm_on_open_build(window)
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "The confirmation is recorded in the store database")
    assert outbox.pending() == []
    with open_store().read() as conn:
        assert conn.execute(select(func.count()).select_from(ConfirmedValue)).scalar() == 1


def test_a_long_notice_stays_readable_beside_the_sync_label_at_1280(window, qtbot, monkeypatch):
    from configurator.ui.notices import show_notice

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL",
                       "postgresql://consultant@store-db.chain.example:5432/store")
    _wait_change(monkeypatch)
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL",
                       "postgresql://consultant@store-db.chain.example:5432/store")
    problem = ("the store database postgresql://consultant@store-db.chain.example:5432/store "
               "cannot be reached (connection timeout expired)")
    window.quotes._synced(SyncOutcome(problem=problem))
    label = window.quotes.sync_label
    assert label.text() == "Not synced yet · last sync failed · 1 change waiting"
    assert label.toolTip().splitlines() == [
        "Prices and parts: not synced with the store database yet",
        f"Last sync failed: {problem}",
        "1 change waiting to be sent (kept on this computer until the store database takes them)"]
    notice = f"The confirmation is kept on this computer and sent at the next sync: {problem}"
    bar = window.statusBar()
    for width, height in ((1280, 800), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: bar.width() == w, timeout=2000)
        show_notice(window, notice)
        shown = bar.currentMessage()
        assert bar.fontMetrics().horizontalAdvance(shown) < label.x(), "under the sync label"
        if shown == notice:
            assert bar.toolTip() == ""
        else:
            assert shown.endswith("…") and notice.startswith(shown[:-1]) and len(shown) > 90
            assert bar.toolTip() == notice, "the whole line in the tooltip"
    assert bar.currentMessage() == notice, "whole at 1600 px"
    bar.showMessage("Saved", 2000)
    assert bar.toolTip() == "", "the tooltip goes with the notice it explains"


def test_a_saved_part_and_imported_runs_never_wait_for_the_server(window, qtbot, monkeypatch,
                                                                  silent_server, message_boxes,
                                                                  tmp_path):
    from configurator import paths
    from configurator.parts import editing
    from configurator.ui.dialogs.part_editor import PartEditorDialog
    from configurator.ui.dialogs.run_import import import_measured_runs
    from tests.ui.test_run_import import _result

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", silent_server.url)
    part = window.document.catalog["nvidia-rtx-5090-fe"]
    dialog = PartEditorDialog(window.document.catalog, part.kind,
                              editing.like(part, "store-rtx-5090"), window)
    qtbot.addWidget(dialog)
    started = time.monotonic()
    assert dialog.save()
    assert time.monotonic() - started < 2, "the part editor waited for the server"
    assert window.statusBar().currentMessage() == (
        "The part store-rtx-5090 is being recorded in the store database…")
    window.files.open_path(paths.examples_dir() / "es620-dual-pro6000.json", ask=False)
    started = time.monotonic()
    assert import_measured_runs(window, window.document, [
        _result(tmp_path, "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic", 300.0)])
    assert time.monotonic() - started < 2, "the import waited for the server"
    assert [e["kind"] for e in outbox.pending()] == ["user_part", "calibration_run"]
    qtbot.waitUntil(lambda: bool(silent_server.accepted), timeout=5000)
    silent_server.hang_up()
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=10_000)
    assert window.statusBar().currentMessage().startswith(
        "The measured runs are kept on this computer and sent at the next sync")
    assert len(outbox.pending()) == 2


def test_the_register_window_opens_at_once_with_a_server_that_never_answers(
        window, qtbot, monkeypatch, silent_server, tmp_path, start_ticks):
    from PySide6.QtCore import Qt

    from configurator.store.config import local_url
    from configurator.ui import quote  # noqa: F401 - imported at first use, not timed here
    from tests.store.legacy import write_legacy_register

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", silent_server.url)
    ticks = start_ticks()
    started = time.monotonic()
    window.quotes.open_register()
    register = window.quotes.register_window
    assert time.monotonic() - started < 0.5, "the register window waited for the server"
    qtbot.addWidget(register)  # a window of its own: closed after the test
    assert register.isVisible() and register.loading
    assert register.state.isVisible() and register.state.text() == "Loading the register…"
    assert not register.retry.isVisible() and register.model.rowCount() == 0
    qtbot.waitUntil(lambda: bool(silent_server.accepted), timeout=5000)
    ticks.clear()
    qtbot.wait(1000)
    assert register.loading, "the server has not answered yet"
    assert len(ticks) >= 20, f"the event loop stalled: {len(ticks)} ticks in a second"
    silent_server.hang_up()
    qtbot.waitUntil(lambda: not register.loading, timeout=10_000)
    ticks.stop()
    line = register.state.full_text
    assert line.startswith(f"The register cannot be read: the store database "
                           f"{silent_server.url} cannot be reached")
    assert "\n" not in line and "as read at" not in line
    assert register.retry.isVisible() and register.model.rowCount() == 0
    assert register.count.text() == ""

    write_legacy_register(tmp_path / "old.sqlite3", 5)
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", local_url(tmp_path / "old.sqlite3"))
    qtbot.mouseClick(register.retry, Qt.MouseButton.LeftButton)
    assert register.state.text() == "Loading the register…" and not register.retry.isVisible()
    qtbot.waitUntil(lambda: not register.loading and not store_writes().busy, timeout=10_000)
    assert register.model.rowCount() == 5 and register.count.text() == "5 quotes"
    assert not register.state.isVisible() and not register.retry.isVisible()
