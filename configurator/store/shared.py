"""Reading and writing what the store shares besides quotes: prices, user parts, confirmed
values and each store's settings. ``sync_to_cache`` fills the local chain cache from the server.

Rows carry plain values (decimal text, dates, TOML text, JSON text); the parts and quote
packages turn them into their own models. Every change records who made it, where and when.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping

import tomli_w
from sqlalchemy import Connection, select, text, update

from configurator.fileio import atomic_write_text
from configurator.store import cache
from configurator.store.cache import PriceRow, SyncInfo
from configurator.store.config import load_config
from configurator.store.engine import Store, actor, now
from configurator.store.models import (
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
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PRICES_LOCK})


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
    into the chain cache and note when."""
    with store.read() as conn:
        lock_prices(conn)
        prices = read_prices(conn)
        parts = {path: body for path, body in read_user_parts(conn).items()
                 if _PART_PATH.match(path)}
        settings = read_store_settings(conn, load_config().store)
        confirmations = conn.execute(select(ConfirmedValue.part_id, ConfirmedValue.field,
                                            ConfirmedValue.value_json)).all()
    folder = cache.chain_cache_dir() / "parts"
    for path, body in parts.items():
        target = folder / path
        if not target.is_file() or target.read_text(encoding="utf-8") != body:
            atomic_write_text(target, body)
    if folder.is_dir():
        for stale in folder.glob("*/*.toml"):
            if stale.relative_to(folder).as_posix() not in parts:
                stale.unlink()
    cache.write_price_file(cache.chain_cache_dir() / cache.PRICES_FILE, prices)
    if settings is not None:
        atomic_write_text(cache.chain_cache_dir() / cache.SETTINGS_FILE, settings)
    atomic_write_text(folder / CONFIRMATIONS_FILE, _confirmations_toml(confirmations))
    when = now()
    cache.write_sync_info(store.display, when)
    return cache.SyncInfo(when, store.display)
