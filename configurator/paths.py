"""The one place that locates bundled data (parts_db/, resources/, examples) and user data.

Works from a source checkout, an installed wheel next to a checkout, and a frozen bundle
(PyInstaller sets ``sys._MEIPASS``). Imports nothing from the project.
"""

from __future__ import annotations

import os
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

APP_NAME = "ai-workstation-configurator"
APP_AUTHOR = "configurator"


def bundle_root() -> Path:
    """Folder that holds parts_db/ and resources/."""
    override = os.environ.get("CONFIGURATOR_DATA_ROOT")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def parts_db_dir() -> Path:
    return bundle_root() / "parts_db"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def examples_dir() -> Path:
    return bundle_root() / "parts_db" / "examples"


def user_data_dir() -> Path:
    """Per-user data (price overrides, quote register, autosave). Not created here: reading
    works without it, and whatever writes creates it (``ensure_user_data_dir``)."""
    override = os.environ.get("CONFIGURATOR_USER_DATA")
    if override:
        return Path(override)
    return _platform_user_data(*(os.environ.get(name) for name in _PLATFORM_VARIABLES))


# What platformdirs' answer depends on; the estimator asks for the folder on every change.
_PLATFORM_VARIABLES = ("XDG_DATA_HOME", "HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA")


@lru_cache(maxsize=8)
def _platform_user_data(*_variables: str | None) -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def user_cache_dir() -> Path:
    """Per-user files the app can always rebuild (the catalog snapshot); beside the user data
    when that folder is overridden, so a test or a portable install keeps everything together."""
    override = os.environ.get("CONFIGURATOR_USER_DATA")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, APP_AUTHOR)


def ensure_user_data_dir() -> Path:
    """The user data folder, created if missing; OSError if it cannot be (a file has its name,
    no permission)."""
    path = user_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_version() -> str:
    """Version from pyproject.toml, the single place it is set."""
    pyproject = bundle_root() / "pyproject.toml"
    try:
        with pyproject.open("rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"
