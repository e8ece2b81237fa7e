"""Shared fixtures: the real bundled catalog, example builds, and an isolated user data dir."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from configurator import paths  # noqa: E402
from configurator.parts import load_catalog  # noqa: E402

EXAMPLES = paths.examples_dir()


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's price overrides, quotes or autosaves."""
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(tmp_path_factory.mktemp("user-data")))


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(with_user_prices=False)


@pytest.fixture
def example() -> Callable[[str], Path]:
    def path(name: str) -> Path:
        return EXAMPLES / f"{name}.json"

    return path


PG_ENV = "CONFIGURATOR_TEST_DATABASE_URL"
STORE_TABLES = ("quotes", "number_counters", "price_overrides", "price_changes", "user_parts",
                "confirmed_values", "calibration_runs", "store_settings", "quote_status_changes")


class PgServer:
    """The PostgreSQL server the tests may use; each database it makes is new and empty."""

    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.url = make_url(url).set(drivername="postgresql")

    def new_database(self, name: str) -> str:
        import psycopg

        dsn = self.url.set(database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests")
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (.ci/run starts one)")
    return PgServer(url)


@pytest.fixture(scope="session")
def _pg_shared_url(pg_server) -> str:
    return pg_server.new_database(f"configurator_test_{os.getpid()}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A new, empty store database: a SQLite file, then the PostgreSQL test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    url = request.getfixturevalue("_pg_shared_url")
    from sqlalchemy import text

    from configurator.store.engine import open_store

    with open_store(url).write() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(STORE_TABLES)}"))
    return url


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class Ticks(list):
    """The times a 20 ms timer fired; ``stop()`` stops counting."""

    def __init__(self, timer):
        super().__init__()
        self._timer = timer

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def start_ticks(qtbot):
    """Starts a 20 ms timer and returns the times it fires: a test that work ran off the GUI
    thread counts them, since a blocked event loop fires none."""
    from PySide6.QtCore import QTimer

    timer = QTimer(interval=20)
    ticks = Ticks(timer)

    def start() -> Ticks:
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()
        return ticks

    yield start
    timer.stop()
