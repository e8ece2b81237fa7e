"""Store fixtures: a database of its own per test (a SQLite file, or a new PostgreSQL database),
and an in-memory system keyring."""

from __future__ import annotations

import itertools

import keyring
import pytest
from keyring.backend import KeyringBackend

_names = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def own_db_url(request, tmp_path) -> str:
    """A new, empty database that the test may change in any way."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'own.sqlite3'}"
    return request.getfixturevalue("pg_server").new_database(f"configurator_own_{next(_names)}")


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
