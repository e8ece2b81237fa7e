"""Quoting against the store database: per-store prefixes, a quote whose files cannot be moved
into place is recorded void, and an unreachable or failing server takes no number, writes no
file and says so in one line."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text

from configurator.build import load_build, resolve
from configurator.cli import main
from configurator.quote import (
    QuoteError,
    QuoteRegister,
    QuoteSettings,
    default_request,
    issue_quote,
)
from configurator.store.config import make_config, save_config
from configurator.store.errors import StoreUnreachableError


@pytest.fixture
def quoting(catalog, example):
    resolved = resolve(load_build(example("es620-dual-rtx5090")), catalog)
    settings = QuoteSettings()
    import datetime as dt

    request = default_request(settings, issue_date=dt.date(2026, 3, 5))
    return resolved, request, settings


def test_store_codes_prefix_numbers_and_no_code_is_the_plain_prefix(db_url, quoting, tmp_path):
    resolved, request, settings = quoting
    issued = []
    for n, store in enumerate(("NYC", "", "NYC", "BOS")):
        register = QuoteRegister(url=db_url, store=store)
        issued.append(issue_quote(resolved, request, settings, tmp_path / f"{n}.pdf",
                                  register=register, estimate=lambda _: None).full_number)
    assert issued == ["Q-NYC-2026-0001", "Q-2026-0001", "Q-NYC-2026-0002", "Q-BOS-2026-0001"]
    entries = QuoteRegister(url=db_url).entries()
    assert {e.number: e.store for e in entries}["Q-BOS-2026-0001"] == "BOS"
    again = issue_quote(resolved, request, settings, tmp_path / "r.pdf",
                        register=QuoteRegister(url=db_url, store="BOS"),
                        revision_of="Q-NYC-2026-0001", estimate=lambda _: None)
    assert again.full_number == "Q-NYC-2026-0001-R1", "a revision keeps the original's number"


def test_files_that_cannot_be_moved_into_place_leave_the_quote_void(db_url, quoting, tmp_path,
                                                                    monkeypatch):
    resolved, request, settings = quoting
    register = QuoteRegister(url=db_url)
    real_replace = os.replace

    def refuse_pdf(src, dst):
        if str(dst).endswith(".pdf"):
            raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_pdf)
    with pytest.raises(QuoteError, match="Q-2026-0001 is recorded as void"):
        issue_quote(resolved, request, settings, tmp_path / "q.pdf", register=register,
                    estimate=lambda _: None)
    monkeypatch.undo()
    assert [(e.number, e.status) for e in register.entries()] == [("Q-2026-0001", "void")]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))
    result = issue_quote(resolved, request, settings, tmp_path / "q.pdf", register=register,
                         estimate=lambda _: None)
    assert result.full_number == "Q-2026-0002", "a void number is never handed out again"


@pytest.mark.postgres
def test_a_server_dropping_the_connection_mid_quote_takes_no_number(pg_server, quoting, tmp_path,
                                                                    monkeypatch):
    import configurator.quote.export as export

    resolved, request, settings = quoting
    url = pg_server.new_database("configurator_drop_quote")
    register = QuoteRegister(url=url)
    real_stage = export._stage

    def stage_then_lose_the_server(*args):
        staged = real_stage(*args)
        with register._db.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                              "datname = current_database() AND pid <> pg_backend_pid()"))
            conn.commit()
        return staged

    monkeypatch.setattr(export, "_stage", stage_then_lose_the_server)
    with pytest.raises(StoreUnreachableError) as err:
        issue_quote(resolved, request, settings, tmp_path / "q.pdf", register=register,
                    estimate=lambda _: None)
    message = str(err.value)
    assert "no quote number was taken and no file was written" in message
    assert "\n" not in message and pg_server.url.password not in message
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert register.entries() == []
    result = issue_quote(resolved, request, settings, tmp_path / "q.pdf", register=register,
                         estimate=lambda _: None)
    assert result.full_number == "Q-2026-0001"


def test_an_unreachable_register_is_one_line_and_takes_no_number(example, tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL",
                       "postgresql://clerk:s3cret@127.0.0.1:1/store")
    code = main(["quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                 "--override-reason", "test"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and "cannot be reached" in err and "s3cret" not in err
    assert list(tmp_path.iterdir()) == []
    assert main(["validate", str(example("es620-dual-rtx5090"))]) in (0, 1), \
        "validation needs no database"


def test_a_malformed_url_is_bad_input(example, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", "postgresql://clerk:s3cret@db:port/store")
    code = main(["quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "s3cret" not in err
    assert "is not a database URL" in err


def test_the_saved_url_and_store_code_are_used(example, tmp_path, capsys):
    save_config(make_config("NYC", f"sqlite:///{tmp_path / 'chain.sqlite3'}"))
    assert main(["quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                 "--override-reason", "test", "--json"]) == 0
    assert '"number": "Q-NYC-' in capsys.readouterr().out
    assert (tmp_path / "chain.sqlite3").is_file()


def test_the_register_is_unaffected_by_a_concurrent_reader(db_url, quoting, tmp_path):
    resolved, request, settings = quoting
    register = QuoteRegister(url=db_url)
    done = threading.Event()

    def read_all_the_time():
        while not done.is_set():
            register.entries()

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        numbers = [issue_quote(resolved, request, settings, tmp_path / f"{n}.pdf",
                               register=register, estimate=lambda _: None).full_number
                   for n in range(3)]
    finally:
        done.set()
        reader.join()
    assert numbers == ["Q-2026-0001", "Q-2026-0002", "Q-2026-0003"]


@pytest.mark.postgres
def test_a_number_held_too_long_elsewhere_is_one_line_not_a_hang(pg_server):
    from configurator.store.errors import StoreLockedError
    from configurator.store.numbering import take_number

    url = pg_server.new_database("configurator_held")
    holder = QuoteRegister(url=url)
    waiting = QuoteRegister(url=url, lock_timeout=0.5)
    with holder._db.write() as conn:
        take_number(conn, "Q", 2026)  # the counter row stays locked until this block ends
        with pytest.raises(StoreLockedError) as err, waiting.reserve("Q", 2026):
            pass
    assert "locked by another computer of the store" in str(err.value) and "\n" not in str(err.value)
    assert pg_server.url.password not in str(err.value)
