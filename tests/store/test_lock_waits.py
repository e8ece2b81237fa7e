"""Taking a quote number while another machine holds its row lock (PostgreSQL; two
connections, as two machines of the store) or another program the local register: after a
moment the person is told the app is waiting for the register, in the quote dialog's body with
a Cancel button, while the dialog keeps answering; Cancel and a wait that goes on too long end
in one line, with nothing taken."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from PySide6.QtCore import Qt

from configurator.store.engine import FIRST_TRY_S, Cancellation, Store
from configurator.store.errors import StoreLockedError, WriteCancelledError
from configurator.store.numbering import take_number


@pytest.fixture
def two_machines(pg_server):
    url = pg_server.new_database("configurator_lock_waits")
    first, second = Store(url), Store(url)
    yield first, second
    first.dispose()
    second.dispose()


@pytest.mark.postgres
def test_the_second_machine_is_told_it_waits_and_then_takes_the_next_number(two_machines):
    first, second = two_machines
    told: list[float] = []
    taken: dict[str, object] = {}

    def take() -> None:
        try:
            with second.write(on_wait=lambda: told.append(time.monotonic()),
                              lock_timeout_s=10) as conn:
                taken["seq"] = take_number(conn, "Q-NYC", 2026)
        except Exception as exc:  # noqa: BLE001 - reported below
            taken["error"] = exc

    with first.write() as conn:
        assert take_number(conn, "Q-NYC", 2026) == 1
        started = time.monotonic()
        worker = threading.Thread(target=take)
        worker.start()
        deadline = started + 5
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        assert told, "the waiting machine was not told"
        assert told[0] - started < FIRST_TRY_S + 1.5
        time.sleep(0.3)
        assert "seq" not in taken, "the number is still held by the first machine"
    worker.join(10)
    assert taken == {"seq": 2} and len(told) == 1


@pytest.mark.postgres
def test_a_wait_that_goes_on_too_long_ends_in_one_line_and_takes_nothing(two_machines,
                                                                          pg_server):
    first, second = two_machines
    told = []
    with first.write() as conn:
        take_number(conn, "Q", 2026)
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as err, \
                second.write(on_wait=lambda: told.append(True), lock_timeout_s=2) as other:
            take_number(other, "Q", 2026)
        waited = time.monotonic() - started
    assert told == [True]
    assert 1.5 < waited < 5, "bounded by the lock timeout"
    message = str(err.value)
    assert "\n" not in message and pg_server.url.password not in message
    assert message.startswith(f"the quote register {second.display} is locked by another "
                              "computer of the store")
    assert "stayed locked for 2 s; nothing was changed, try again" in message
    with second.write() as conn:
        assert take_number(conn, "Q", 2026) == 2, "the timed-out wait took no number"


@pytest.mark.postgres
def test_a_free_row_is_taken_without_any_notice(two_machines):
    _, second = two_machines
    told = []
    with second.write(on_wait=lambda: told.append(True)) as conn:
        assert take_number(conn, "Q", 2026) == 1
    assert told == []


@pytest.mark.postgres
def test_a_cancelled_wait_ends_at_once_and_takes_nothing(two_machines):
    first, second = two_machines
    cancellation = Cancellation()
    with first.write() as conn:
        take_number(conn, "Q", 2026)
        started = time.monotonic()
        with pytest.raises(WriteCancelledError, match="cancelled; nothing was changed"), \
                second.write(on_wait=cancellation.cancel, lock_timeout_s=10,
                             cancellation=cancellation) as other:
            take_number(other, "Q", 2026)
        assert time.monotonic() - started < FIRST_TRY_S + 1.5, "not the lock timeout"
    with second.write() as conn:
        assert take_number(conn, "Q", 2026) == 2, "the cancelled write took no number"


def _holding_the_register(hold):
    """Another computer (or program) holds the register until the returned event is set."""
    holding, release = threading.Event(), threading.Event()

    def other_machine() -> None:
        with hold():
            holding.set()
            release.wait(15)

    worker = threading.Thread(target=other_machine)
    worker.start()
    assert holding.wait(5)
    return release, worker


def _export_and_cancel(dialog, qtbot, pdf_path):
    """Export; once the dialog says it waits, check it answers and press Cancel."""
    from PySide6.QtCore import QTimer

    from configurator.ui.quote.dialog import WAITING

    seen: dict[str, object] = {}

    def when_waiting() -> None:
        seen["text"] = dialog.busy_text.text()
        seen["shown"] = dialog.busy_panel.isVisible() and dialog.cancel_button.isVisible()
        ticks: list[int] = []
        timer = QTimer(dialog, interval=20)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()

        def cancel() -> None:
            seen["ticks"] = len(ticks)
            timer.stop()
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(500, cancel)

    dialog.waiting_for_register.connect(when_waiting)
    started = time.monotonic()
    with pytest.raises(WriteCancelledError):
        dialog.export_to(pdf_path)
    seen["seconds"] = time.monotonic() - started
    assert seen["text"] == WAITING
    return seen


def _dialog(qtbot, catalog, example, **kwargs):
    from configurator.build import load_build
    from configurator.ui.quote import QuoteDialog

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.customer_name.setText("Dana Whitfield")
    dialog.po_reference.setText("PO-7781")
    return dialog


@pytest.mark.postgres
def test_the_quote_dialog_waits_in_its_body_and_cancel_takes_no_number(
        pg_server, qtbot, catalog, example, monkeypatch, tmp_path):
    import datetime as dt

    from configurator.ui.quote.dialog import CANCELLED

    url = pg_server.new_database("configurator_dialog_lock_wait")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    holder = Store(url)
    year = dt.date.today().year

    @contextlib.contextmanager
    def hold():
        with holder.write() as conn:
            take_number(conn, "Q", year)
            yield

    dialog = _dialog(qtbot, catalog, example)
    release, worker = _holding_the_register(hold)
    seen = _export_and_cancel(dialog, qtbot, tmp_path / "q.pdf")
    assert seen["shown"], "the waiting line and Cancel are in the dialog"
    assert seen["ticks"] >= 10, "the dialog kept answering while it waited"
    assert seen["seconds"] < 5, "Cancel ended the wait, not the lock timeout"
    assert dialog.busy_text.text() == CANCELLED and not dialog.cancel_button.isVisible()
    assert (dialog.customer_name.text(), dialog.po_reference.text()) == ("Dana Whitfield",
                                                                          "PO-7781")
    assert dialog.customer_box.isEnabled() and dialog.export_button.isEnabled()
    assert not (tmp_path / "q.pdf").exists()
    release.set()
    worker.join(5)
    holder.dispose()
    result = dialog.export_to(tmp_path / "q.pdf")
    assert result.quote.full_number == f"Q-{year}-0002", "the cancelled export took no number"
    assert result.quote.customer.name == "Dana Whitfield"
    assert not dialog.busy_panel.isVisible()


def test_the_quote_dialog_cancels_a_wait_for_a_local_register_too(
        qtbot, catalog, example, tmp_path):
    import sqlite3

    from configurator.quote import QuoteRegister

    path = tmp_path / "register.sqlite3"
    register = QuoteRegister(path)

    @contextlib.contextmanager
    def hold():
        other_program = sqlite3.connect(path, isolation_level=None)
        other_program.execute("BEGIN IMMEDIATE")
        yield
        other_program.rollback()
        other_program.close()

    dialog = _dialog(qtbot, catalog, example, register=register)
    release, worker = _holding_the_register(hold)
    seen = _export_and_cancel(dialog, qtbot, tmp_path / "q.pdf")
    assert seen["shown"] and seen["ticks"] >= 10 and seen["seconds"] < 5
    release.set()
    worker.join(5)
    assert register.entries() == []
    assert dialog.export_to(tmp_path / "q.pdf").quote.full_number.endswith("-0001")
