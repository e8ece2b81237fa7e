"""The local copy of what the store shares, read without any database library.

Validation, estimates and browsing read prices and parts from files, never from the server,
so they work (and start fast) with the server out of reach:

- one machine: the price overrides file in the user data folder, rewritten from the SQLite
  store after every change;
- a chain: ``chain-cache/`` in the user data folder, holding the server's prices and parts as
  of the last sync, and ``sync.json`` saying when that was. The one-machine files are left
  alone, so switching to a server loses nothing.

A store's calibration runs are one file on either: the sync adds the chain's runs to it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from configurator import paths
from configurator.fileio import atomic_write_text
from configurator.store.config import load_config
from configurator.store.errors import StoreError

PRICES_FILE = "price_overrides.json"
SETTINGS_FILE = "quote-settings.json"
CHAIN_CACHE = "chain-cache"
SYNC_FILE = "sync.json"
LOCAL_PARTS = "parts"
ADOPTED_FILE = "adopted.json"
UNREACHABLE_FILE = "unreachable.json"
RETRY_AFTER_S = 60  # a database found out of reach is not tried again sooner for one change
RUNS_FILE = ("calibration", "runs.json")


@dataclass(frozen=True)
class PriceRow:
    amount: str
    currency: str
    as_of: dt.date


@dataclass(frozen=True)
class SyncInfo:
    synced_at: dt.datetime
    database: str


def chain_cache_dir() -> Path:
    return paths.user_data_dir() / CHAIN_CACHE


def uses_server() -> bool:
    """Whether a chain server is configured; unreadable settings count as no server here, so
    pricing a build never fails on them (the commands that use the database report them)."""
    try:
        return load_config().is_server
    except StoreError:
        return False


def prices_file() -> Path:
    folder = chain_cache_dir() if uses_server() else paths.user_data_dir()
    return folder / PRICES_FILE


def chain_parts_dir() -> Path | None:
    """The server's user parts as last synced, or None on a one-machine installation."""
    return chain_cache_dir() / "parts" if uses_server() else None


def local_parts_dir() -> Path:
    """The parts this machine's store added or corrected, and its confirmations."""
    return paths.user_data_dir() / LOCAL_PARTS


def local_runs_file() -> Path:
    return paths.user_data_dir().joinpath(*RUNS_FILE)


def read_runs_file() -> dict | None:
    """The calibration runs file (an empty one if there is none yet), or None if it is
    damaged, so nothing writes over it."""
    try:
        data = json.loads(local_runs_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": 1, "runs": []}
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        return None
    return data


def price_file_text(rows: Mapping[str, PriceRow]) -> str:
    payload = {
        "schema_version": 1,
        "prices": {part_id: {"amount": row.amount, "currency": row.currency,
                             "as_of": row.as_of.isoformat()}
                   for part_id, row in sorted(rows.items())},
    }
    return json.dumps(payload, indent=2) + "\n"


def write_price_file(path: Path, rows: Mapping[str, PriceRow]) -> None:
    atomic_write_text(path, price_file_text(rows))


def sync_info() -> SyncInfo | None:
    """When the chain cache was last filled from the server, or None if never."""
    try:
        raw = json.loads((chain_cache_dir() / SYNC_FILE).read_text(encoding="utf-8"))
        return SyncInfo(dt.datetime.fromisoformat(raw["synced_at"]), str(raw["database"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_sync_info(database: str, when: dt.datetime) -> None:
    atomic_write_text(chain_cache_dir() / SYNC_FILE,
                      json.dumps({"synced_at": when.isoformat(), "database": database}) + "\n")


def note_adopted(database: str) -> None:
    """This machine's files have been taken into ``database`` (see ``shared.sync``)."""
    atomic_write_text(paths.user_data_dir() / ADOPTED_FILE,
                      json.dumps({"database": database}) + "\n")


def needs_sync(database: str, is_server: bool, waiting: bool) -> bool:
    """Whether a sync has anything to do: always on a chain; on one machine, when changes wait
    (``waiting``) or files of an earlier version were never taken into ``database``."""
    if is_server or waiting:
        return True
    if not (local_parts_dir().is_dir() or local_runs_file().exists()):
        return False
    try:
        raw = json.loads((paths.user_data_dir() / ADOPTED_FILE).read_text(encoding="utf-8"))
        return raw.get("database") != database
    except (OSError, ValueError, AttributeError):
        return True


def note_unreachable(reason: str | None) -> None:
    """Remember that the store database was out of reach just now (``reason``), or, with None,
    that it answered; a change made meanwhile then waits without a connection attempt."""
    path = paths.user_data_dir() / UNREACHABLE_FILE
    if reason is None:
        path.unlink(missing_ok=True)
        return
    atomic_write_text(path, json.dumps({"at": dt.datetime.now(dt.UTC).isoformat(),
                                        "reason": reason}) + "\n")


def recently_unreachable() -> str | None:
    """Why the store database was out of reach, if that was found in the last minute."""
    try:
        raw = json.loads((paths.user_data_dir() / UNREACHABLE_FILE).read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(raw["at"])
        reason = str(raw["reason"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    age = (dt.datetime.now(dt.UTC) - at).total_seconds()
    return reason if 0 <= age < RETRY_AFTER_S else None
