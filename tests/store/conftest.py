"""Store fixtures: a database of its own per test (a SQLite file, or a new PostgreSQL database),
and an in-memory system keyring."""

from __future__ import annotations

import itertools

import pytest

_names = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def own_db_url(request, tmp_path) -> str:
    """A new, empty database that the test may change in any way."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'own.sqlite3'}"
    return request.getfixturevalue("pg_server").new_database(f"configurator_own_{next(_names)}")
