"""Shared fixtures: the real bundled catalog, example builds, and an isolated user data dir."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

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
