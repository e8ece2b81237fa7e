"""Taking a quote number while another machine holds its row lock (PostgreSQL): after a moment
the person is told the app is waiting for the register, and a wait that goes on too long ends
in one line, with nothing taken. Two connections, as two machines of the store."""

from __future__ import annotations

import threading
import time

import pytest

from configurator.store.engine import FIRST_TRY_S, Store
from configurator.store.errors import StoreLockedError
from configurator.store.numbering import take_number

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_machines(pg_server):
    url = pg_server.new_database("configurator_lock_waits")
    first, second = Store(url), Store(url)
    yield first, second
    first.dispose()
    second.dispose()


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


def test_a_free_row_is_taken_without_any_notice(two_machines):
    _, second = two_machines
    told = []
    with second.write(on_wait=lambda: told.append(True)) as conn:
        assert take_number(conn, "Q", 2026) == 1
    assert told == []


def test_the_quote_dialog_says_it_waits_for_the_register(pg_server, qtbot, catalog, example,
                                                          monkeypatch, tmp_path):
    import datetime as dt

    from configurator.build import load_build
    from configurator.ui.quote import QuoteDialog
    from configurator.ui.quote.register_faults import WAITING

    url = pg_server.new_database("configurator_dialog_lock_wait")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    holder = Store(url)
    holding, release_after_s = threading.Event(), 1.5

    def other_machine() -> None:
        with holder.write() as conn:
            take_number(conn, "Q", dt.date.today().year)
            holding.set()
            time.sleep(release_after_s)

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog)
    qtbot.addWidget(dialog)
    title = dialog.windowTitle()
    titles: list[str] = []
    dialog.windowTitleChanged.connect(titles.append)
    worker = threading.Thread(target=other_machine)
    worker.start()
    assert holding.wait(5)
    result = dialog.export_to(tmp_path / "q.pdf")
    worker.join(5)
    holder.dispose()
    assert f"{title}{WAITING}" in titles
    assert WAITING.strip().startswith("— waiting for the register")
    assert dialog.windowTitle() == title, "the notice goes when the wait is over"
    assert result.quote.full_number == f"Q-{dt.date.today().year}-0002"
