"""Copying a store database into another: a single machine's register onto the chain's server.

Idempotent: a row already on the target with the same content is left as it is, so running it
again copies nothing. A quote number the target already uses for a different quote is a clash:
it is reported and never overwritten, and neither is a price, part or setting the target holds
with a different value. Afterwards every copied row is read back and compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, func, select, update

from configurator.store.engine import Store, actor, now
from configurator.store.errors import StoreError
from configurator.store.models import (
    CalibrationRun,
    ConfirmedValue,
    NumberCounter,
    PriceChange,
    PriceOverride,
    Quote,
    QuoteStatusChange,
    StoreSettings,
    UserPart,
)
from configurator.store.shared import confirmation_json, run_digest

# table -> (key columns, columns whose difference is a conflict)
COPIED: dict[Table, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Quote.__table__: (("number",), ("data_sha256",)),
    QuoteStatusChange.__table__: (("number", "changed_at", "status"), ()),
    PriceOverride.__table__: (("part_id",), ("amount", "currency", "as_of")),
    PriceChange.__table__: (("part_id", "changed_at", "amount", "currency"), ()),
    UserPart.__table__: (("path",), ("sha256",)),
    ConfirmedValue.__table__: (("part_id", "field"), ("value_json",)),
    CalibrationRun.__table__: (("sha256",), ()),
    StoreSettings.__table__: (("store",), ("settings_json",)),
}
GENERATED = {"id"}


@dataclass
class TableResult:
    copied: int = 0
    present: int = 0
    conflicts: list[str] = field(default_factory=list)


@dataclass
class MigrationResult:
    source: str
    target: str
    tables: dict[str, TableResult] = field(default_factory=dict)
    verified: bool = False

    @property
    def clashes(self) -> list[str]:
        return [c for t in self.tables.values() for c in t.conflicts]

    def to_json(self) -> dict:
        return {"source": self.source, "target": self.target, "verified": self.verified,
                "tables": {name: {"copied": t.copied, "already_there": t.present,
                                  "conflicts": t.conflicts}
                           for name, t in self.tables.items()}}


def migrate(source: Store, target: Store, *, user_parts: Mapping[str, str] | None = None,
            store_settings: Mapping[str, str] | None = None,
            confirmations: Iterable[Mapping] = (), calibration_runs: Iterable[Mapping] = (),
            store: str = "") -> MigrationResult:
    """Copy every shared row of ``source`` to ``target``. The local files' contents are copied
    as well, as if the source held them: ``user_parts`` (relative path -> TOML text),
    ``store_settings`` (store code -> settings JSON), ``confirmations`` (each with ``part``,
    ``field``, ``by``, ``on``, ``ref``) and ``calibration_runs`` (each run as recorded),
    the runs under ``store``."""
    if source.url == target.url:
        raise StoreError(f"{target.display} is the database being copied from")
    with source.read() as conn:
        rows = {table: _all_rows(conn, table) for table in COPIED}
    rows[UserPart.__table__] += _part_rows(user_parts or {}, rows[UserPart.__table__])
    rows[StoreSettings.__table__] += _settings_rows(store_settings or {},
                                                    rows[StoreSettings.__table__])
    rows[ConfirmedValue.__table__] += _confirmation_rows(confirmations,
                                                         rows[ConfirmedValue.__table__])
    rows[CalibrationRun.__table__] += _run_rows(calibration_runs, store,
                                                rows[CalibrationRun.__table__])
    result = MigrationResult(source.display, target.display)
    with target.write() as conn:
        for table, source_rows in rows.items():
            result.tables[table.name] = _copy(conn, table, source_rows)
    with target.read() as conn:
        result.verified = all(_verify(conn, table, source_rows, result.tables[table.name])
                              for table, source_rows in rows.items())
    return result


def _all_rows(conn: Connection, table: Table) -> list[dict]:
    return [dict(row) for row in conn.execute(select(table)).mappings()]


def _part_rows(files: Mapping[str, str], known: list[dict]) -> list[dict]:
    """Part files not yet in the source database, as rows stamped by whoever migrates."""
    user, machine = actor()
    have = {row["path"] for row in known}
    return [{"path": path, "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest(),
             "changed_by": user, "changed_on": machine, "changed_at": now()}
            for path, text in sorted(files.items()) if path not in have]


def _settings_rows(settings: Mapping[str, str], known: list[dict]) -> list[dict]:
    user, machine = actor()
    have = {row["store"] for row in known}
    return [{"store": store, "settings_json": text, "changed_by": user, "changed_on": machine,
             "changed_at": now()} for store, text in sorted(settings.items()) if store not in have]


def _confirmation_rows(entries: Iterable[Mapping], known: list[dict]) -> list[dict]:
    have = {(row["part_id"], row["field"]) for row in known}
    rows = []
    for entry in entries:
        key = (str(entry.get("part", "")), str(entry.get("field", "")))
        if all(key) and key not in have:
            have.add(key)
            rows.append(confirmation_row(entry))
    return rows


def confirmation_row(entry: Mapping) -> dict:
    """A consultant's confirmation as a row: who and when are the consultant's own."""
    on = entry.get("on")
    return {"part_id": str(entry["part"]), "field": str(entry["field"]),
            "value_json": confirmation_json(str(entry.get("by", "")), str(entry.get("ref", "")),
                                            on.isoformat() if on else None),
            "source": str(entry.get("ref", "")), "changed_by": str(entry.get("by", "")),
            "changed_on": "", "changed_at": None}


def _run_rows(runs: Iterable[Mapping], store: str, known: list[dict]) -> list[dict]:
    user, machine = actor()
    have = {row["sha256"] for row in known}
    rows = []
    for run in runs:
        text = json.dumps(run, sort_keys=True, default=str)
        digest = run_digest(run)
        if digest not in have:
            have.add(digest)
            rows.append({"store": store, "sha256": digest, "run_json": text, "changed_by": user,
                         "changed_on": machine, "changed_at": now()})
    return rows


def _key(row: Mapping, columns: tuple[str, ...]) -> tuple:
    return tuple(_comparable(row[c]) for c in columns)


def _comparable(value):
    # SQLite hands back naive timestamps; PostgreSQL aware ones (UTC).
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "hour"):
        return value.replace(tzinfo=None)
    return value


def _existing(conn: Connection, table: Table, keys: tuple[str, ...],
              compare: tuple[str, ...]) -> dict[tuple, tuple]:
    columns = [table.c[c] for c in (*keys, *compare)]
    return {tuple(_comparable(v) for v in row[:len(keys)]):
            tuple(_comparable(v) for v in row[len(keys):])
            for row in conn.execute(select(*columns))}


def _copy(conn: Connection, table: Table, source_rows: list[dict]) -> TableResult:
    keys, compare = COPIED[table]
    existing = _existing(conn, table, keys, compare)
    result = TableResult()
    fresh = []
    for row in source_rows:
        key = _key(row, keys)
        if key not in existing:
            fresh.append({k: v for k, v in row.items() if k not in GENERATED})
            existing[key] = _key(row, compare)
        elif existing[key] == _key(row, compare):
            result.present += 1
        else:
            result.conflicts.append(f"{table.name}: {'/'.join(map(str, key))} differs on the "
                                    "target; kept the target's")
    for start in range(0, len(fresh), 500):
        conn.execute(table.insert(), fresh[start:start + 500])
    result.copied = len(fresh)
    if table is Quote.__table__:
        _advance_counters(conn)
    return result


def _advance_counters(conn: Connection) -> None:
    """Counters never behind the highest number copied in (numbering also checks, this keeps
    the counters truthful)."""
    highest = conn.execute(select(Quote.prefix, Quote.year, func.max(Quote.seq))
                           .group_by(Quote.prefix, Quote.year)).all()
    counters = dict(((p, y), s) for p, y, s in conn.execute(
        select(NumberCounter.prefix, NumberCounter.year, NumberCounter.last_seq)))
    for prefix, year, seq in highest:
        if (prefix, year) not in counters:
            conn.execute(NumberCounter.__table__.insert().values(prefix=prefix, year=year,
                                                                 last_seq=seq))
        elif counters[(prefix, year)] < seq:
            conn.execute(update(NumberCounter).where(NumberCounter.prefix == prefix,
                                                     NumberCounter.year == year)
                         .values(last_seq=seq))


def _verify(conn: Connection, table: Table, source_rows: list[dict], result: TableResult) -> bool:
    """Every source row is on the target, with the same content unless it was a conflict."""
    keys, compare = COPIED[table]
    existing = _existing(conn, table, keys, compare)
    same = sum(1 for row in source_rows if existing.get(_key(row, keys)) == _key(row, compare))
    return same == len(source_rows) - len(result.conflicts) == result.copied + result.present


