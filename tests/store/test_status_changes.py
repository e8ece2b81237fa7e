"""Each status change of a quote records who made it (login name), on which machine and when:
kept in the register on SQLite and PostgreSQL, shown in the register window's status tooltip
and in ``configurator store quotes --json``."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest

from configurator.build import load_build, resolve
from configurator.cli import main
from configurator.quote import QuoteRegister, QuoteSettings, default_request, issue_quote


@pytest.fixture
def issued(db_url, catalog, example, tmp_path) -> tuple[QuoteRegister, str]:
    resolved = resolve(load_build(example("es620-dual-rtx5090")), catalog)
    settings = QuoteSettings()
    request = default_request(settings, issue_date=dt.date.today())
    register = QuoteRegister(url=db_url)
    number = issue_quote(resolved, request, settings, tmp_path / "q.pdf", register=register,
                         estimate=lambda _: None).full_number
    return register, number


def test_each_status_change_says_who_where_and_when(issued, monkeypatch):
    register, number = issued
    assert register.entries()[0].last_change is None
    monkeypatch.setattr("configurator.store.engine.actor", lambda: ("anna", "SHOP-PC2"))
    before = dt.datetime.now(dt.UTC)
    register.set_status(number, "sent")
    monkeypatch.setattr("configurator.store.engine.actor", lambda: ("max", "SHOP-PC1"))
    register.set_status(number, "accepted")
    history = register.status_history(number)
    assert [(c.old_status, c.status, c.by, c.on) for c in history] == [
        ("issued", "sent", "anna", "SHOP-PC2"), ("sent", "accepted", "max", "SHOP-PC1")]
    assert all(before - dt.timedelta(seconds=5) <= c.at <= dt.datetime.now(dt.UTC)
               for c in history)
    last = register.entries()[0].last_change
    assert (last.status, last.by, last.on) == ("accepted", "max", "SHOP-PC1")
    assert last.describe().startswith("accepted by max on SHOP-PC1, ")


def test_expiry_and_void_are_status_changes_too(issued, monkeypatch):
    register, number = issued
    assert register.expire_overdue(dt.date.today() + dt.timedelta(days=400)) == 1
    register.void(number, "PDF could not be written")
    history = register.status_history(number)
    assert [(c.status, c.note) for c in history] == [
        ("expired", "validity ended"), ("void", "PDF could not be written")]
    assert history[0].on == socket.gethostname()
    assert register.expire_overdue(dt.date.today() + dt.timedelta(days=400)) == 0


def test_the_cli_lists_the_latest_change(issued, db_url, monkeypatch, capsys):
    register, number = issued
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    assert main(["store", "quotes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status_changed"] is None
    monkeypatch.setattr("configurator.store.engine.actor", lambda: ("anna", "SHOP-PC2"))
    register.set_status(number, "sent")
    assert main(["store", "quotes", "--json"]) == 0
    change = json.loads(capsys.readouterr().out)[0]["status_changed"]
    assert {k: change[k] for k in ("status", "old_status", "by", "on")} == {
        "status": "sent", "old_status": "issued", "by": "anna", "on": "SHOP-PC2"}
    assert dt.datetime.fromisoformat(change["at"]).tzinfo is not None


def test_the_register_window_shows_who_set_the_status(issued, qtbot, catalog, monkeypatch):
    from PySide6.QtCore import Qt

    from configurator.ui.quote.register_window import STATUS_COLUMN
    from tests.register_window import open_register_window, wait_settled

    register, number = issued
    window = open_register_window(qtbot, catalog, register)
    tip = window.model.data(window.model.index(0, STATUS_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Issued; no status change since"
    monkeypatch.setattr("configurator.store.engine.actor", lambda: ("anna", "SHOP-PC2"))
    window.select_number(number)
    window.mark_selected("sent")
    wait_settled(qtbot, window)
    tip = window.model.data(window.model.index(0, STATUS_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Marked sent by anna on SHOP-PC2, ") and tip.endswith("; was issued")


def test_marking_a_quote_waits_for_a_locked_register_without_holding_up_the_window(
        catalog, example, tmp_path, qtbot, monkeypatch, start_ticks):
    import sqlite3
    import time

    from PySide6.QtWidgets import QMessageBox

    from configurator.ui.store_writes import store_writes
    from tests.register_window import open_register_window, wait_settled

    path = tmp_path / "register.sqlite3"
    register = QuoteRegister(path, lock_timeout=1.5)
    settings = QuoteSettings()
    number = issue_quote(resolve(load_build(example("es620-dual-rtx5090")), catalog),
                         default_request(settings, issue_date=dt.date.today()), settings,
                         tmp_path / "q.pdf", register=register,
                         estimate=lambda _: None).full_number
    window = open_register_window(qtbot, catalog, register)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    ticks = start_ticks()
    other_program = sqlite3.connect(path, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")
    window.select_number(number)
    started = time.monotonic()
    window.mark_selected("sent")
    assert time.monotonic() - started < 0.5, "the window waited for the lock"
    qtbot.wait(800)
    assert store_writes().busy and len(ticks) >= 15, f"{len(ticks)} ticks while waiting"
    qtbot.waitUntil(lambda: not store_writes().busy, timeout=5000)
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert warnings[0].startswith(f"{number} was not marked sent: the quote register")
    assert "nothing was changed" in warnings[0]
    assert window.entries[0].status == "issued"
    other_program.rollback()
    other_program.close()
    window.mark_selected("sent")
    wait_settled(qtbot, window)
    ticks.stop()
    assert window.entries[0].status == "sent" and len(warnings) == 1


def test_the_cli_marks_a_quote_as_the_register_window_does(issued, db_url, monkeypatch, capsys):
    register, number = issued
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    monkeypatch.setattr("configurator.store.engine.actor", lambda: ("anna", "SHOP-PC2"))
    assert main(["store", "status", number, "sent"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{number}: issued → sent by anna on SHOP-PC2, ") and out.count("\n") == 1
    assert main(["store", "status", number, "accepted", "--note", "signed PO-7781",
                 "--json"]) == 0
    change = json.loads(capsys.readouterr().out)
    assert {k: change[k] for k in ("number", "status", "old_status", "by", "on", "note")} == {
        "number": number, "status": "accepted", "old_status": "sent", "by": "anna",
        "on": "SHOP-PC2", "note": "signed PO-7781"}
    assert dt.datetime.fromisoformat(change["at"]).tzinfo is not None
    history = register.status_history(number)
    assert [(c.old_status, c.status, c.by, c.note) for c in history] == [
        ("issued", "sent", "anna", ""), ("sent", "accepted", "anna", "signed PO-7781")]
    assert register.entries()[0].status == "accepted"


@pytest.mark.parametrize(("argv", "says"), [
    (["Q-2026-9999", "sent"], "no quote Q-2026-9999 in the register; nothing was changed"),
    (["{number}", "sent"], "{number} is accepted and cannot be marked sent; it can only be "
                           "marked void; nothing was changed"),
    (["{number}", "accepted"], "{number} is already accepted; nothing was changed"),
    (["{number}", "issued"], "'issued' is not a status to set; one of sent, accepted, expired, "
                             "void"),
    (["{number}", "lost"], "'lost' is not a status to set"),
    (["{number}"], "give a quote number and the status to set"),
])
def test_a_change_the_cli_cannot_make_is_one_line_and_exit_2(issued, db_url, monkeypatch,
                                                             capsys, argv, says):
    register, number = issued
    register.set_status(number, "accepted")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    capsys.readouterr()
    assert main(["store", "status", *(a.format(number=number) for a in argv)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"configurator: {says.format(number=number)}") and err.count("\n") == 1
    assert [c.status for c in register.status_history(number)] == ["accepted"]


def test_void_is_final(issued, db_url, monkeypatch, capsys):
    register, number = issued
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    assert main(["store", "status", number, "void", "--note", "customer withdrew"]) == 0
    assert main(["store", "status", number, "accepted"]) == 2
    assert capsys.readouterr().err.startswith(
        f"configurator: {number} is void and cannot be marked accepted; that is final")


def test_an_unreachable_server_changes_nothing_and_exits_3(issued, monkeypatch, capsys):
    register, number = issued
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", "postgresql://clerk:s3cret@127.0.0.1:9/store")
    assert main(["store", "status", number, "sent"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("configurator: the store database postgresql://clerk@127.0.0.1:9/store "
                          "cannot be reached")
    assert err.rstrip().endswith(f"; {number} was not changed") and err.count("\n") == 1
    assert "s3cret" not in err
    assert register.entries()[0].status == "issued" and register.status_history(number) == []
