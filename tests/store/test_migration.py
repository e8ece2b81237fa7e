"""An existing single-machine register is upgraded in place on first start, and moved to the
chain's server by ``configurator store migrate --to URL``: counts and hashes match, a second run
copies nothing, a clashing number is reported and never overwritten."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import text

from configurator.cli import main
from configurator.quote import QuoteRegister, RegisterError
from configurator.store.config import local_path
from configurator.store.engine import open_store
from tests.store.legacy import write_legacy_register

COUNT = 1000


def _hashes(register: QuoteRegister) -> dict[str, str]:
    return {e.number: e.data_sha256 for e in register.entries()}


def test_old_register_is_upgraded_in_place_on_first_start():
    hashes = write_legacy_register(local_path(), COUNT)
    register = QuoteRegister()
    assert _hashes(register) == hashes
    entry = next(e for e in register.entries() if e.number == "Q-2025-0004")
    assert (entry.consultant, entry.store, entry.status) == ("Consultant 0", "", "expired")
    tables = {row[0] for row in sqlite3.connect(local_path()).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"quotes", "number_counters", "price_overrides", "alembic_version"} <= tables
    with pytest.raises(RegisterError), register.reserve("Q", 2026) as slot:
        assert slot.number == f"Q-2026-{COUNT // 2 + 1:04d}", "numbering continues after the old"


@pytest.mark.postgres
def test_migrate_to_server_matches_counts_and_hashes_and_is_idempotent(pg_server, capsys):
    hashes = write_legacy_register(local_path(), COUNT)
    url = pg_server.new_database("configurator_migrate")
    assert main(["store", "migrate", "--to", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] and report["tables"]["quotes"]["copied"] == COUNT
    assert "@" not in report["target"] or ":" not in report["target"].split("@")[0][13:]
    server = QuoteRegister(url=url)
    assert _hashes(server) == hashes
    assert main(["store", "migrate", "--to", url, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["tables"]["quotes"]
    assert (again["copied"], again["already_there"]) == (0, COUNT)
    with open_store(url).write() as conn:
        conn.execute(text("UPDATE quotes SET data_sha256 = 'other', customer = 'Server' "
                          "WHERE number = 'Q-2026-0001'"))
    assert main(["store", "migrate", "--to", url]) == 1
    out = capsys.readouterr().out
    assert "conflict: quotes: Q-2026-0001 differs on the target" in out
    assert next(e for e in server.entries() if e.number == "Q-2026-0001").customer == "Server"


@pytest.mark.postgres
def test_migrated_numbers_continue_on_the_server(pg_server, capsys):
    write_legacy_register(local_path(), 20)
    url = pg_server.new_database("configurator_migrate_next")
    assert main(["store", "migrate", "--to", url]) == 0
    with pytest.raises(RegisterError), QuoteRegister(url=url).reserve("Q", 2026) as slot:
        assert slot.number == "Q-2026-0011"
