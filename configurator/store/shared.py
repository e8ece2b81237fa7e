"""Reading and writing what the store shares besides quotes: prices, user parts, confirmed
values, calibration runs and each store's settings. ``sync`` sends what waits in the outbox,
takes in local files the database does not have yet, and on a chain fills the local cache from
the server (``sync_to_cache``).

Rows carry plain values (decimal text, dates, TOML text, JSON text); the parts and quote
packages turn them into their own models. Every change records who made it, where and when.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

import tomli_w
from sqlalchemy import Connection, select, text, update

from configurator.fileio import atomic_write_text
from configurator.store import cache, outbox
from configurator.store.cache import PriceRow, SyncInfo
from configurator.store.config import load_config
from configurator.store.engine import Store, actor, now, wait_for_lock
from configurator.store.errors import StoreUnreachableError
from configurator.store.models import (
    CalibrationRun,
    ConfirmedValue,
    PriceChange,
    PriceOverride,
    StoreInfo,
    StoreSettings,
    UserPart,
)

PRICES_LOCK = 0x9_21C3  # serialises price changes chain-wide on PostgreSQL


def lock_prices(conn: Connection) -> None:
    """Price changes one at a time (SQLite's write lock already does this)."""
    if conn.dialect.name == "postgresql":
        wait_for_lock(conn, lambda: conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                                 {"key": PRICES_LOCK}))


def read_prices(conn: Connection) -> dict[str, PriceRow]:
    rows = conn.execute(select(PriceOverride.part_id, PriceOverride.amount,
                               PriceOverride.currency, PriceOverride.as_of))
    return {part_id: PriceRow(amount, currency, as_of)
            for part_id, amount, currency, as_of in rows}


def write_prices(conn: Connection, prices: Mapping[str, PriceRow]) -> int:
    """Upsert ``prices``, logging each real change with the price it replaced; returns how
    many changed."""
    if not prices:
        return 0
    user, machine = actor()
    stamp = {"changed_by": user, "changed_on": machine, "changed_at": now()}
    current = {part_id: row for part_id, row in read_prices(conn).items() if part_id in prices}
    changed = 0
    for part_id, new in sorted(prices.items()):
        old = current.get(part_id)
        if old == new:
            continue
        values = {"amount": new.amount, "currency": new.currency, "as_of": new.as_of, **stamp}
        if old is None:
            conn.execute(PriceOverride.__table__.insert().values(part_id=part_id, **values))
        else:
            conn.execute(update(PriceOverride).where(PriceOverride.part_id == part_id)
                         .values(**values))
        conn.execute(PriceChange.__table__.insert().values(
            part_id=part_id, old_amount=old.amount if old else "",
            old_currency=old.currency if old else "", **values))
        changed += 1
    return changed


def get_info(conn: Connection, key: str) -> str | None:
    return conn.execute(select(StoreInfo.value).where(StoreInfo.key == key)).scalar()


def set_info(conn: Connection, key: str, value: str) -> None:
    if not conn.execute(update(StoreInfo).where(StoreInfo.key == key)
                        .values(value=value)).rowcount:
        conn.execute(StoreInfo.__table__.insert().values(key=key, value=value))


def read_user_parts(conn: Connection) -> dict[str, str]:
    """``kind/file.toml`` -> the file's text."""
    return dict(conn.execute(select(UserPart.path, UserPart.text)).all())


def read_store_settings(conn: Connection, store: str) -> str | None:
    return conn.execute(select(StoreSettings.settings_json)
                        .where(StoreSettings.store == store)).scalar()


def write_store_settings(conn: Connection, store: str, settings_json: str) -> None:
    user, machine = actor()
    values = {"settings_json": settings_json, "changed_by": user, "changed_on": machine,
              "changed_at": now()}
    if not conn.execute(update(StoreSettings).where(StoreSettings.store == store)
                        .values(**values)).rowcount:
        conn.execute(StoreSettings.__table__.insert().values(store=store, **values))


# The chain's confirmations in the layout of the user parts folder's confirmations.toml
# (configurator.parts.provenance reads both).
CONFIRMATIONS_FILE = "confirmations.toml"


def _confirmations_toml(rows) -> str:
    entries = []
    for part_id, field, value_json in rows:
        value = json.loads(value_json)
        entry = {"part": part_id, "field": field, "by": value.get("by", ""),
                 "ref": value.get("ref", "")}
        if value.get("on"):
            entry["on"] = dt.date.fromisoformat(value["on"])
        entries.append(entry)
    return tomli_w.dumps({"confirmation": entries})


_PART_PATH = re.compile(r"^[a-z0-9_-]+/[A-Za-z0-9._-]+\.toml$")


def sync_to_cache(store: Store) -> SyncInfo:
    """Copy the server's prices, user parts, confirmed values and this store's quote settings
    into the chain cache, add this store's calibration runs that this machine lacks to its
    runs file, and note when."""
    return _fill_cache(store)[0]


def _write_changed(path, body: str) -> bool:
    """Write ``body`` unless the file already holds it; True if written."""
    try:
        if path.read_text(encoding="utf-8") == body:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(path, body)
    return True


def _fill_cache(store: Store) -> tuple[SyncInfo, bool]:
    """``sync_to_cache``, and whether anything this machine uses changed."""
    code = load_config().store
    with store.read() as conn:
        lock_prices(conn)
        prices = read_prices(conn)
        parts = {path: body for path, body in read_user_parts(conn).items()
                 if _PART_PATH.match(path)}
        settings = read_store_settings(conn, code)
        confirmations = conn.execute(select(ConfirmedValue.part_id, ConfirmedValue.field,
                                            ConfirmedValue.value_json)).all()
        runs = conn.execute(select(CalibrationRun.run_json).where(CalibrationRun.store == code)
                            .order_by(CalibrationRun.id)).scalars().all()
    folder = cache.chain_cache_dir() / "parts"
    changed = False
    for path, body in parts.items():
        changed |= _write_changed(folder / path, body)
    if folder.is_dir():
        for stale in folder.glob("*/*.toml"):
            if stale.relative_to(folder).as_posix() not in parts:
                stale.unlink()
                changed = True
    changed |= _write_changed(cache.chain_cache_dir() / cache.PRICES_FILE,
                              cache.price_file_text(prices))
    if settings is not None:
        changed |= _write_changed(cache.chain_cache_dir() / cache.SETTINGS_FILE, settings)
    changed |= _write_changed(folder / CONFIRMATIONS_FILE, _confirmations_toml(confirmations))
    changed |= merge_runs([json.loads(run) for run in runs]) > 0
    when = now()
    cache.write_sync_info(store.display, when)
    return cache.SyncInfo(when, store.display), changed


# What a consultant records, one entry at a time (see ``outbox``) -----------------------------


def confirmation_json(by: str, ref: str, on: str | None) -> str:
    return json.dumps({"by": by, "ref": ref, "on": on}, sort_keys=True)


def run_digest(run: Mapping) -> str:
    """A calibration run's identity on every machine: its content without the local number."""
    body = {key: value for key, value in run.items() if key != "id"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _naive(when: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive UTC timestamps, PostgreSQL aware ones.
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when and when.tzinfo else when


def _put(conn: Connection, model, keys: dict, values: dict) -> bool:
    """Insert, or update a row changed before ``values['changed_at']``: a change that waited
    offline never overwrites a later one from another machine. True if written."""
    table = model.__table__
    where = [table.c[k] == v for k, v in keys.items()]
    row = conn.execute(select(table.c.changed_at).where(*where)).first()
    if row is None:
        conn.execute(table.insert().values(**keys, **values))
        return True
    if row[0] is not None and _naive(row[0]) > _naive(values["changed_at"]):
        return False
    conn.execute(update(table).where(*where).values(**values))
    return True


def apply_entry(conn: Connection, entry: Mapping) -> bool:
    """Write one recorded change with the stamp it was made with; True if it changed a row."""
    data = entry["data"]
    stamp = {"changed_by": str(entry.get("by", "")), "changed_on": str(entry.get("on", "")),
             "changed_at": dt.datetime.fromisoformat(entry["at"])}
    if entry["kind"] == "confirmation":
        return _put(conn, ConfirmedValue, {"part_id": str(data["part"]), "field": str(data["field"])},
                    {"value_json": confirmation_json(str(data.get("by", "")),
                                                     str(data.get("ref", "")), data.get("on")),
                     "source": str(data.get("ref", "")), **stamp})
    if entry["kind"] == "user_part":
        path, body = str(data["path"]), str(data["text"])
        if not _PART_PATH.match(path):
            return False
        return _put(conn, UserPart, {"path": path},
                    {"text": body, "sha256": hashlib.sha256(body.encode()).hexdigest(), **stamp})
    run = data["run"]
    digest = run_digest(run)
    if conn.execute(select(CalibrationRun.id).where(CalibrationRun.sha256 == digest)).first():
        return False
    conn.execute(CalibrationRun.__table__.insert().values(
        store=str(entry.get("store", "")), sha256=digest,
        run_json=json.dumps(run, sort_keys=True, default=str), **stamp))
    return True


# This machine's own files, taken in once ----------------------------------------------------


@dataclass(frozen=True)
class LocalFiles:
    parts: dict[str, str]
    confirmations: list[dict]
    runs: list[dict]


def local_files() -> LocalFiles:
    """The user parts, confirmations and calibration runs kept in the user data folder; a file
    that cannot be read is left out here (the catalog and calibration report name it)."""
    root = cache.local_parts_dir()
    parts = {}
    for path in sorted(root.glob("*/*.toml")) if root.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            if _PART_PATH.match(rel):
                parts[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    try:
        raw = tomllib.loads((root / CONFIRMATIONS_FILE).read_text(encoding="utf-8"))
        confirmations = [c for c in raw.get("confirmation", []) if isinstance(c, dict)
                         and c.get("part") and c.get("field")]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        confirmations = []
    runs = cache.read_runs_file()
    return LocalFiles(parts, confirmations,
                      [run for run in runs["runs"] if isinstance(run, dict)] if runs else [])


def _confirmation_data(entry: Mapping) -> dict:
    on = entry.get("on")
    return {"part": str(entry["part"]), "field": str(entry["field"]),
            "by": str(entry.get("by", "")), "ref": str(entry.get("ref", "")),
            "on": on.isoformat() if isinstance(on, dt.date) else (str(on) if on else None)}


def adopt_local_files(conn: Connection, store: str, *, replace: bool) -> int:
    """Take in what this machine's files hold and the database lacks, stamped now; returns how
    many rows were written. Running it again writes nothing. With ``replace`` (one machine,
    whose files are what it uses) a part or confirmation that differs is taken from the file;
    on a chain the server's is kept."""
    files = local_files()
    user, machine = actor()
    stamp = {"by": user, "on": machine, "at": now().isoformat(), "store": store}
    have_parts = dict(conn.execute(select(UserPart.path, UserPart.text)).all())
    have_confirmed = {(p, f): v for p, f, v in conn.execute(
        select(ConfirmedValue.part_id, ConfirmedValue.field, ConfirmedValue.value_json))}
    have_runs = set(conn.execute(select(CalibrationRun.sha256)).scalars())
    entries = []
    for path, body in files.parts.items():
        if path not in have_parts or (replace and have_parts[path] != body):
            entries.append({"kind": "user_part", "data": {"path": path, "text": body}})
    for confirmation in files.confirmations:
        data = _confirmation_data(confirmation)
        held = have_confirmed.get((data["part"], data["field"]))
        if held is None or (replace and held != confirmation_json(data["by"], data["ref"],
                                                                   data["on"])):
            entries.append({"kind": "confirmation", "data": data})
    for run in files.runs:
        if run_digest(run) not in have_runs:
            entries.append({"kind": "calibration_run", "data": {"run": run}})
    return sum(apply_entry(conn, {**stamp, **entry}) for entry in entries)


def merge_runs(runs: list[dict]) -> int:
    """Add the runs this machine's calibration file lacks, numbered after its own; the file's
    factors are dropped so they are fitted again over every run. A damaged file is left as it
    is. Returns how many runs were added."""
    current = cache.read_runs_file()
    if current is None:
        return 0
    own = [run for run in current["runs"] if isinstance(run, dict)]
    have = {run_digest(run) for run in own}
    fresh = [run for run in runs if run_digest(run) not in have]
    if not fresh:
        return 0
    next_id = max((r["id"] for r in own if isinstance(r.get("id"), int)), default=0)
    for offset, run in enumerate(fresh, start=1):
        run["id"] = next_id + offset
    current["runs"] += fresh
    current.pop("factors", None)
    atomic_write_text(cache.local_runs_file(), json.dumps(current, indent=1) + "\n")
    return len(fresh)


@dataclass(frozen=True)
class SyncResult:
    sent: int  # changes that had waited on this machine
    adopted: int  # rows taken in from this machine's files
    info: SyncInfo | None  # when the chain cache was filled; None on one machine
    changed: bool = False  # the prices, parts or runs this machine uses changed


def sync(store: Store) -> SyncResult:
    """Send what waits in the outbox and what this machine's files hold that the database
    lacks (one transaction), then, on a chain, fill the local cache from the server. If the
    database cannot be reached nothing is lost: the outbox keeps its entries."""
    waiting = outbox.pending()
    try:
        with store.write() as conn:
            for entry in waiting:
                apply_entry(conn, entry)
            adopted = adopt_local_files(conn, load_config().store, replace=store.is_sqlite)
    except StoreUnreachableError as exc:
        cache.note_unreachable(str(exc))
        raise
    cache.note_unreachable(None)
    outbox.remove({entry["id"] for entry in waiting})
    cache.note_adopted(store.display)
    if store.is_sqlite:
        return SyncResult(len(waiting), adopted, None)
    info, changed = _fill_cache(store)
    return SyncResult(len(waiting), adopted, info, changed)
