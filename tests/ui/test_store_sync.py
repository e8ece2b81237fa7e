"""The app syncs with the store database by itself: at start and every few minutes, on a
worker thread, so an unreachable server never holds up the window; the status bar tells."""

from __future__ import annotations

import threading

import pytest

from configurator.store import outbox
from configurator.store.config import load_config, make_config, save_config
from configurator.store.errors import StoreConfigError
from configurator.ui.store_sync import SyncOutcome

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
    assert window.quotes.sync_label.text() == "1 change waiting to be sent"
    qtbot.wait(100)  # the window keeps handling events while the sync waits
    assert not window.quotes.sync.start(), "one sync at a time"
    with qtbot.waitSignal(window.quotes.sync.finished, timeout=5000):
        release.set()
    assert window.quotes.sync_label.text() == "last sync failed · 1 change waiting to be sent"
    assert "cannot be reached" in window.quotes.sync_label.toolTip()


def test_an_unreachable_server_is_one_line_and_keeps_the_change(make_window, qtbot, monkeypatch):
    _wait_change(monkeypatch)
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    window = make_window()
    qtbot.waitUntil(lambda: window.quotes.sync.problem != "", timeout=15_000)
    assert "cannot be reached" in window.quotes.sync.problem
    assert "\n" not in window.quotes.sync.problem
    assert len(outbox.pending()) == 1
    assert window.quotes.sync_label.text().endswith("last sync failed · 1 change waiting to be sent")


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


def test_a_confirmation_made_offline_says_so_in_the_status_bar(window, monkeypatch, capsys):
    import json

    from configurator import paths
    from configurator.cli import main
    from configurator.ui.dialogs.confirm_value import store_confirmation

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json",
                                  ask=False)
    card = window.findings.card("LANE-SLOT-DISABLED")
    rule = next(u for u in card.finding.unconfirmed if u.field.startswith("sharing."))
    assert store_confirmation(window.document, rule, "Anna Berg", "manual p. 1-7", window.findings)
    message = window.statusBar().currentMessage()
    assert message.startswith("The confirmation is kept on this computer and sent at the next "
                              "sync: the store database postgresql://consultant@127.0.0.1:9/store")
    assert rule.field not in {u.field for u in
                              window.findings.card("LANE-SLOT-DISABLED").finding.unconfirmed}
    main(["store", "status", "--json"])
    assert json.loads(capsys.readouterr().out)["waiting"] == 1
