"""``configurator --self-test`` checks the configured store database: reachable, and a schema
this version can use, in one line that never shows the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from configurator.selftest import Context, StepError, step_store_database
from configurator.store.config import make_config, save_config
from configurator.store.engine import Store


def _step() -> str:
    user_data = Path(os.environ["CONFIGURATOR_USER_DATA"])
    return step_store_database(Context(user_data / "work", user_data))


def test_no_server_configured_is_fine():
    assert _step() == "this computer's own register (no server configured)"


def test_an_unreachable_server_fails_in_one_line_without_the_password(monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", "postgresql://clerk:s3cret@127.0.0.1:9/store")
    proc = subprocess.run([sys.executable, "-m", "configurator", "--self-test"],
                          capture_output=True, text=True, timeout=120, env=os.environ.copy())
    line = next(line for line in proc.stdout.splitlines() if "store database:" in line)
    assert line.startswith("FAIL store database: the store database "
                           "postgresql://clerk@127.0.0.1:9/store cannot be reached")
    assert "s3cret" not in proc.stdout + proc.stderr
    assert proc.returncode == 1


def test_a_configured_database_with_this_apps_schema_is_ok(own_db_url, monkeypatch):
    Store(own_db_url).dispose()
    if own_db_url.startswith("sqlite"):
        save_config(make_config("", own_db_url))  # a saved URL counts as configured
    else:
        monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", own_db_url)
    assert _step().endswith("as this app's")


def test_a_newer_schema_fails_with_the_version_that_made_it(own_db_url, monkeypatch):
    store = Store(own_db_url)
    with store.write() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(text("UPDATE store_info SET value = '0.9.1' WHERE key = 'app_version'"))
    store.dispose()
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", own_db_url)
    with pytest.raises(StepError, match=r"was upgraded by version 0\.9\.1; update the app"):
        _step()


def test_an_old_schema_is_reported_as_upgraded_at_first_use(own_db_url, monkeypatch):
    store = Store(own_db_url)
    with store.write() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    store.dispose()
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", own_db_url)
    assert "schema 0002, upgraded to " in _step()

