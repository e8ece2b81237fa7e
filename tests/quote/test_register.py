"""The register: gapless unique numbers across processes, crash safety, revisions, reopening,
status, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing
import os

import pytest

from configurator.quote import (
    QuoteRegister,
    RegisterError,
    issue_quote,
    reexport,
)
from configurator.quote.document import quote_json, sha256_hex
from configurator.quote.model import Customer
from tests.issuing import issue_many

ISSUERS, PER_ISSUER = 4, 8


def test_concurrent_processes_never_share_or_skip_a_number(db_url):
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=issue_many, args=(db_url, "", PER_ISSUER, queue))
               for _ in range(ISSUERS)]
    for worker in workers:
        worker.start()
    issued = [n for _ in workers for n in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert len(issued) == len(set(issued)) == ISSUERS * PER_ISSUER
    assert sorted(issued) == [f"Q-2026-{n:04d}" for n in range(1, ISSUERS * PER_ISSUER + 1)]


def _crash_mid_export(args) -> None:
    resolved, request, settings, pdf_path, register_path = args
    import configurator.quote.export as export

    real_stage = export._stage

    def stage_then_die(*stage_args):
        real_stage(*stage_args)
        os._exit(3)  # the process dies with files staged and the transaction open

    export._stage = stage_then_die
    issue_quote(resolved, request, settings, pdf_path, register=QuoteRegister(register_path),
                estimate=lambda _: None)


def test_crash_mid_export_leaves_no_file_and_no_hole(resolved, request_, settings, tmp_path):
    pdf_path = tmp_path / "out" / "quote.pdf"
    register_path = tmp_path / "register.sqlite3"
    ctx = multiprocessing.get_context("fork")
    worker = ctx.Process(target=_crash_mid_export,
                         args=((resolved, request_, settings, pdf_path, register_path),))
    worker.start()
    worker.join(timeout=120)
    assert worker.exitcode == 3
    assert not pdf_path.exists() and not pdf_path.with_suffix(".json").exists()
    register = QuoteRegister(register_path)
    assert register.entries() == []
    result = issue_quote(resolved, request_, settings, pdf_path, register=register,
                         estimate=lambda _: None)
    assert result.full_number == "Q-2026-0001"


def test_failed_render_takes_no_number(resolved, request_, settings, register, tmp_path,
                                       monkeypatch):
    import configurator.quote.export as export

    def broken_render(*_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "render_pdf", broken_render)
    with pytest.raises(RuntimeError):
        issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                    estimate=lambda _: None)
    monkeypatch.undo()
    assert list(tmp_path.glob("*.pdf")) == [] and register.entries() == []
    result = issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                         estimate=lambda _: None)
    assert result.full_number == "Q-2026-0001"


def test_unwritable_target_takes_no_number_and_leaves_nothing(resolved, request_, settings, register,
                                                              tmp_path):
    (tmp_path / "q.json").mkdir()  # the data file's name is taken by a folder
    with pytest.raises(IsADirectoryError):
        issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                    estimate=lambda _: None)
    assert register.entries() == []
    assert sorted(p.name for p in tmp_path.iterdir() if "register" not in p.name) == ["q.json"]
    result = issue_quote(resolved, request_, settings, tmp_path / "r.pdf", register=register,
                         estimate=lambda _: None)
    assert result.full_number == "Q-2026-0001"
    mode = result.pdf_path.stat().st_mode & 0o777
    assert mode & 0o044, "a quote is readable by others, like any document the user saves"


def test_revision_keeps_number_and_adds_suffix(resolved, request_, settings, register, tmp_path):
    first = issue_quote(resolved, request_, settings, tmp_path / "a.pdf", register=register,
                        estimate=lambda _: None)
    again = issue_quote(resolved, request_, settings, tmp_path / "b.pdf", register=register,
                        revision_of=first.quote.number, estimate=lambda _: None)
    new = issue_quote(resolved, request_, settings, tmp_path / "c.pdf", register=register,
                      estimate=lambda _: None)
    assert (first.full_number, again.full_number, new.full_number) == (
        "Q-2026-0001", "Q-2026-0001-R1", "Q-2026-0002")
    with pytest.raises(RegisterError):
        register.reserve_revision("Q-2026-0099").__enter__()


def test_reopened_quote_reexports_identically(resolved, request_, settings, register, tmp_path):
    first = issue_quote(resolved, request_, settings, tmp_path / "a.pdf", register=register)
    stored = register.get(first.full_number)
    again = reexport(stored, tmp_path / "again" / "a.pdf")
    assert again.pdf_path.read_bytes() == first.pdf_path.read_bytes()
    assert again.data_path.read_bytes() == first.data_path.read_bytes()
    assert stored.entry.data_sha256 == first.data_sha256 == sha256_hex(quote_json(stored.quote()))
    assert stored.build() == resolved.build
    assert stored.request() == request_
    assert stored.settings() == settings


def test_duplicate_from_stored_request(resolved, request_, settings, register, tmp_path):
    first = issue_quote(resolved, request_, settings, tmp_path / "a.pdf", register=register,
                        estimate=lambda _: None)
    stored = register.get(first.full_number)
    request = stored.request().model_copy(update={
        "issue_date": dt.date(2026, 4, 1), "customer": Customer(name="Second customer")})
    copy = issue_quote(resolved, request, stored.settings(), tmp_path / "b.pdf",
                       register=register, estimate=lambda _: None)
    assert copy.full_number == "Q-2026-0002"
    assert copy.quote.lines == first.quote.lines


def test_status_expiry_and_csv(resolved, request_, settings, register, tmp_path):
    hostile = request_.model_copy(update={"customer": Customer(name="=HYPERLINK(\"x\")",
                                                                company="Łódź & Co")})
    a = issue_quote(resolved, hostile, settings, tmp_path / "a.pdf", register=register,
                    estimate=lambda _: None)
    b = issue_quote(resolved, request_, settings, tmp_path / "b.pdf", register=register,
                    estimate=lambda _: None)
    register.set_status(b.full_number, "accepted")
    with pytest.raises(RegisterError):
        register.set_status(a.full_number, "lost")
    assert register.expire_overdue(a.quote.valid_until + dt.timedelta(days=1)) == 1
    assert [e.status for e in register.entries()] == ["expired", "accepted"]
    assert [e.number for e in register.entries("accepted")] == [b.full_number]
    rows = list(csv.DictReader(io.StringIO(register.csv_text())))
    assert rows[0]["customer"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["company"] == "Łódź & Co"
    assert rows[1]["total"] == f"{b.quote.totals.total:.2f}"
    register.export_csv(tmp_path / "register.csv")
    assert (tmp_path / "register.csv").read_text(encoding="utf-8") == register.csv_text()
