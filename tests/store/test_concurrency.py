"""Numbering across a chain: two stores, four processes each, 25 quotes per process, all on one
PostgreSQL server; and a process killed mid-quote leaves nothing behind."""

from __future__ import annotations

import multiprocessing
import signal

import pytest
from sqlalchemy import text

from configurator.quote import QuoteRegister
from configurator.store.engine import open_store
from tests.issuing import Issuer, issue_many, issue_then_die

STORES, PROCESSES, QUOTES = ("NYC", "BOS"), 4, 25
pytestmark = pytest.mark.postgres


def test_two_stores_eight_processes_two_hundred_distinct_complete_numbers(pg_server):
    url = pg_server.new_database("configurator_chain")
    QuoteRegister(url=url)  # the schema, once
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=issue_many, args=(url, store, QUOTES, queue))
               for store in STORES for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    issued = [n for _ in workers for n in queue.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    total = len(STORES) * PROCESSES * QUOTES
    assert len(issued) == len(set(issued)) == total
    for store in STORES:
        expected = [f"Q-{store}-2026-{n:04d}" for n in range(1, PROCESSES * QUOTES + 1)]
        assert sorted(n for n in issued if f"-{store}-" in n) == expected
    with open_store(url).read() as conn:
        rows = conn.execute(text(
            "SELECT count(*) FROM quotes WHERE store <> '' AND consultant = 'Max' "
            "AND length(quote_json) > 100 AND length(build_json) > 100 "
            "AND length(data_sha256) = 64 AND length(build_sha256) = 64 "
            "AND issued_by <> '' AND issued_on <> '' AND issued_at IS NOT NULL")).scalar()
    assert rows == total


def test_a_process_killed_mid_quote_leaves_no_row_and_no_hole(pg_server):
    url = pg_server.new_database("configurator_killed")
    issuer = Issuer(url, "NYC")
    assert issuer.issue() == "Q-NYC-2026-0001"
    ctx = multiprocessing.get_context("fork")
    victim = ctx.Process(target=issue_then_die, args=(url, "NYC"))
    victim.start()
    victim.join(timeout=120)
    assert victim.exitcode == -signal.SIGKILL
    assert [e.number for e in issuer.register.entries()] == ["Q-NYC-2026-0001"]
    assert issuer.issue() == "Q-NYC-2026-0002"
