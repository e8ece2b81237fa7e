"""The quote register: every issued quote, in the store database (see ``configurator.store``).

Numbers are ``{prefix}-{year}-{seq:04d}`` (``Q-2026-0042``; with a store code ``Q-NYC-2026-0042``),
``seq`` counting from 1 per prefix and year; a re-issue keeps the number and adds a revision
suffix (``Q-2026-0042-R1``). An installation with no store code uses the plain prefix, and its
numbers are as unique across the chain as any other prefix's.

How numbers stay unique and gapless, across app instances, machines and crashes:

- A number is taken inside one write transaction that first locks its prefix and year's
  counter (``configurator.store.numbering``), so a second writer waits instead of reading the
  same number. Nothing else hands out numbers, and a unique constraint backs it.
- The register row is inserted in that same transaction, and the transaction commits only after
  the caller has fully written the PDF and JSON to temporary files beside their final names
  (see ``configurator.quote.export``). The files are moved into place after the commit.
- A crash (or a dropped connection) before the commit rolls the transaction back: the number
  was never taken, so there is no hole, and no final file name was touched. If the files cannot
  be moved into place after the commit, the quote is recorded as void: its number is never
  handed out again.

Status ("issued", "sent", "accepted", "expired", "void"): a quote is issued when recorded,
since its PDF is written in the same step; the rest is the consultant's to set, forward only
(``NEXT_STATUSES``);
``expire_overdue`` marks open quotes whose validity has passed. Every row records the login
name and machine that issued it, and when; every status change is kept the same way
(``quote_status_changes``), and each entry carries its latest one.

A local register another process keeps locked is waited for (``on_wait`` is called once, so
the person sees why nothing happens), then refused with ``RegisterBusyError``. A file that is
not an intact SQLite database is never opened for writing: ``RegisterDamagedError`` names it,
and ``move_aside`` renames it so a new register can start.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.build import Build, parse_build
from configurator.errors import OneLineError
from configurator.fileio import atomic_write_text
from configurator.quote.document import load_quote
from configurator.quote.model import Quote, QuoteRequest, full_number
from configurator.quote.settings import QuoteSettings
from configurator.store import config as store_config
from configurator.store.errors import StoreDamagedError, StoreLockedError

if TYPE_CHECKING:
    from configurator.store.engine import Cancellation

REGISTER_FILE = store_config.LOCAL_FILE
LOCK_TIMEOUT_S = 20.0
STATUSES = ("issued", "sent", "accepted", "expired", "void")
OPEN_STATUSES = ("issued", "sent")
# Where each status may go: an accepted quote can still fall through (void); an expired one is
# quoted again under a new number rather than revived; void is final.
NEXT_STATUSES = {
    "issued": ("sent", "accepted", "expired", "void"),
    "sent": ("accepted", "expired", "void"),
    "accepted": ("void",),
    "expired": ("void",),
    "void": (),
}

DATE_COLUMNS = ("issue_date", "valid_until")
SUMMARY_COLUMNS = ("number", "base_number", "revision", "issue_date", "valid_until", "status",
                   "customer", "company", "po_reference", "currency", "total", "data_sha256",
                   "store", "consultant", "build_name")
CSV_COLUMNS = ("number", "revision", "store", "issue_date", "valid_until", "status", "customer",
               "company", "po_reference", "build_name", "consultant", "currency", "total", "data_sha256")
# Spreadsheet programs run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RegisterError(OneLineError):
    """An unknown quote number or status."""


RegisterBusyError = StoreLockedError
RegisterDamagedError = StoreDamagedError


@dataclass(frozen=True)
class StatusChange:
    """Who set a quote's status (login name), on which machine and when (UTC)."""

    status: str
    old_status: str
    by: str
    on: str
    at: dt.datetime | None
    note: str = ""

    def describe(self) -> str:
        """'sent by anna on SHOP-PC2, 2026-12-03 14:02' (local time)."""
        when = f", {self.at.astimezone():%Y-%m-%d %H:%M}" if self.at else ""
        who = f" by {self.by}" if self.by else ""
        where = f" on {self.on}" if self.on else ""
        return f"{self.status}{who}{where}{when}"

    def to_json(self) -> dict:
        return {"status": self.status, "old_status": self.old_status, "by": self.by,
                "on": self.on, "at": self.at.isoformat() if self.at else None, "note": self.note}


@dataclass(frozen=True)
class RegisterEntry:
    number: str
    base_number: str
    revision: int
    issue_date: dt.date
    valid_until: dt.date
    status: str
    customer: str
    company: str
    po_reference: str
    currency: str
    total: Decimal
    data_sha256: str
    store: str = ""
    consultant: str = ""
    build_name: str = ""
    last_change: StatusChange | None = None

    @cached_property
    def search_text(self) -> str:
        """What the register's search looks in, folded once per entry."""
        return "\0".join((self.customer, self.company, self.po_reference, self.number,
                          self.build_name)).casefold()


@dataclass(frozen=True)
class RegisterFilter:
    """What the register window and ``store quotes`` show: every field empty shows all."""

    store: str | None = None
    consultant: str | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    search: str = ""

    def apply(self, entries: Iterable[RegisterEntry]) -> list[RegisterEntry]:
        """The entries that pass, in order. One pass per condition set: filtering ten thousand
        quotes while a person types must take milliseconds."""
        rows = list(entries)
        if self.store is not None:
            rows = [e for e in rows if e.store == self.store]
        if self.consultant is not None:
            rows = [e for e in rows if e.consultant == self.consultant]
        if self.status is not None:
            rows = [e for e in rows if e.status == self.status]
        if self.since is not None:
            rows = [e for e in rows if e.issue_date >= self.since]
        if self.until is not None:
            rows = [e for e in rows if e.issue_date <= self.until]
        needle = self.search.strip().casefold()
        if needle:
            rows = [e for e in rows if needle in e.search_text]
        return rows


@dataclass(frozen=True)
class StoredQuote:
    """Everything a quote was made from, enough to re-export it or start a new one from it."""

    entry: RegisterEntry
    quote_json: str
    build_json: str
    settings_json: str
    request_json: str

    def quote(self) -> Quote:
        return load_quote(self.quote_json)

    def build(self) -> Build:
        return parse_build(self.build_json, f"build of {self.entry.number}")

    def settings(self) -> QuoteSettings:
        return QuoteSettings.model_validate_json(self.settings_json)

    def request(self) -> QuoteRequest:
        return QuoteRequest.model_validate_json(self.request_json)


class Reservation:
    """A number held inside an open write transaction; ``record`` files the quote under it."""

    def __init__(self, conn, store: str, prefix: str, year: int, seq: int, revision: int):
        self._conn = conn
        self._store = store
        self.prefix, self.year, self.seq, self.revision = prefix, year, seq, revision
        self.number = f"{prefix}-{year}-{seq:04d}"
        self.recorded = False

    @property
    def full_number(self) -> str:
        return full_number(self.number, self.revision)

    def record(self, quote: Quote, quote_json: str, data_sha256: str, request: QuoteRequest,
               settings: QuoteSettings) -> None:
        from configurator.store.engine import actor, now
        from configurator.store.models import Quote as QuoteRow

        if quote.full_number != self.full_number:
            raise RegisterError(f"quote {quote.full_number} recorded under {self.full_number}")
        user, machine = actor()
        self._conn.execute(QuoteRow.__table__.insert().values(
            number=self.full_number, base_number=self.number, prefix=self.prefix,
            year=self.year, seq=self.seq, revision=self.revision, store=self._store,
            consultant=request.consultant, issue_date=quote.issue_date,
            valid_until=quote.valid_until, customer=quote.customer.name,
            company=quote.customer.company, po_reference=quote.customer.po_reference,
            currency=quote.currency, total=f"{quote.totals.total:.2f}", status="issued",
            build_name=quote.build.name[:200],
            data_sha256=data_sha256, build_sha256=quote.build.sha256,
            build_json=quote.build.text, settings_json=settings.model_dump_json(),
            request_json=request.model_dump_json(), quote_json=quote_json, note="",
            issued_by=user, issued_on=machine, issued_at=now()))
        self.recorded = True


class QuoteRegister:
    """The register of one store database: by default this installation's (the chain's
    server if one is set, else the SQLite file in the user data folder); ``path`` names a
    SQLite file, ``url`` any database. ``store`` is the store code numbers carry.
    ``on_wait`` is called once when another process holds the local register's lock."""

    def __init__(self, path: Path | str | None = None, *, url: str | None = None,
                 store: str | None = None, lock_timeout: float | None = None,
                 on_wait: Callable[[], None] | None = None):
        from configurator.store.engine import open_store

        config = None
        if (url is None and path is None) or store is None:
            config = store_config.load_config()
        if url is None:
            url = store_config.local_url(Path(path)) if path else config.url
        self.store = config.store if store is None else store.strip().upper()
        self.lock_timeout = LOCK_TIMEOUT_S if lock_timeout is None else lock_timeout
        self.on_wait = on_wait
        self._db = open_store(url)
        self.display = self._db.display

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server."""
        return self._db.path

    def _write(self, committed=None, on_wait=None, cancellation=None):
        return self._db.write(on_wait or self.on_wait, committed, self.lock_timeout,
                              cancellation)

    def number_prefix(self, prefix: str) -> str:
        """The settings' prefix with this installation's store code: Q -> Q-NYC."""
        return f"{prefix}-{self.store}" if self.store else prefix

    @contextmanager
    def reserve(self, prefix: str, year: int, *, on_wait: Callable[[], None] | None = None,
                cancellation: Cancellation | None = None) -> Iterator[Reservation]:
        """Hold the next new number until the block ends; it is taken only if the block calls
        ``record`` and finishes without an exception, and ``cancellation`` was not cancelled.
        ``on_wait`` replaces the register's for this number."""
        from configurator.store.numbering import take_number

        holder: list[Reservation] = []
        with self._write(self._recorded(holder), on_wait, cancellation) as conn:
            seq = take_number(conn, prefix, year)
            holder.append(Reservation(conn, self.store, prefix, year, seq, 0))
            yield from self._held(holder[0])

    @contextmanager
    def reserve_revision(self, base_number: str, *, on_wait: Callable[[], None] | None = None,
                         cancellation: Cancellation | None = None) -> Iterator[Reservation]:
        """Hold the next revision of an issued quote (same number, suffix -R1, -R2, …)."""
        from configurator.store.numbering import take_revision

        holder: list[Reservation] = []
        with self._write(self._recorded(holder), on_wait, cancellation) as conn:
            found = take_revision(conn, base_number)
            if found is None:
                raise RegisterError(f"no quote {base_number} in the register")
            holder.append(Reservation(conn, self.store, *found))
            yield from self._held(holder[0])

    @staticmethod
    def _held(reservation: Reservation) -> Iterator[Reservation]:
        yield reservation
        if not reservation.recorded:
            raise RegisterError(f"{reservation.full_number} was reserved but nothing was recorded")

    @staticmethod
    def _recorded(holder: list[Reservation]):
        """Whether the held quote's row is there, for a commit whose answer was lost."""
        from sqlalchemy import select

        from configurator.store.models import Quote as QuoteRow

        def check(conn) -> bool:
            return bool(holder) and conn.execute(
                select(QuoteRow.number).where(QuoteRow.number == holder[0].full_number)
            ).first() is not None

        return check

    def entries(self, status: str | None = None, *, newest_first: bool = False,
                limit: int | None = None) -> list[RegisterEntry]:
        from sqlalchemy import String, select, type_coerce

        from configurator.store.models import Quote as QuoteRow

        # Dates as the driver sends them (text from SQLite), parsed in _entry.
        columns = [type_coerce(getattr(QuoteRow, c), String) if c in DATE_COLUMNS
                   else getattr(QuoteRow, c) for c in SUMMARY_COLUMNS]
        query = select(*columns)
        if status is not None:
            _check_status(status)
            query = query.where(QuoteRow.status == status)
        order = (QuoteRow.issue_date, QuoteRow.prefix, QuoteRow.seq, QuoteRow.revision) \
            if newest_first else (QuoteRow.prefix, QuoteRow.year, QuoteRow.seq, QuoteRow.revision)
        query = query.order_by(*(c.desc() for c in order) if newest_first else order).limit(limit)
        with self._db.read(self.lock_timeout) as conn:
            result = conn.execute(query)
            # Straight from the driver: SQLAlchemy's row objects cost more than the query.
            rows = result.cursor.fetchall()
            result.close()
            changes = _last_changes(conn, None if limit is None else [row[0] for row in rows])
        return [_entry(row, changes.get(row[0])) for row in rows]

    def status_history(self, number: str) -> list[StatusChange]:
        """Every status change of one quote, oldest first."""
        from sqlalchemy import select

        from configurator.store.models import QuoteStatusChange as Change

        with self._db.read(self.lock_timeout) as conn:
            rows = conn.execute(select(*_change_columns()).where(Change.number == number)
                                .order_by(Change.id)).all()
        return [_change(row[1:]) for row in rows]

    def get(self, number: str) -> StoredQuote:
        from sqlalchemy import select

        from configurator.store.models import Quote as QuoteRow

        columns = (*SUMMARY_COLUMNS, "quote_json", "build_json", "settings_json", "request_json")
        with self._db.read(self.lock_timeout) as conn:
            row = conn.execute(select(*(getattr(QuoteRow, c) for c in columns))
                               .where(QuoteRow.number == number)).first()
        if row is None:
            raise RegisterError(f"no quote {number} in the register")
        n = len(SUMMARY_COLUMNS)
        return StoredQuote(_entry(row[:n]), *row[n:])

    def set_status(self, number: str, status: str, note: str | None = None) -> StatusChange:
        """Set a quote's status, recording who, where and when in its history; an unknown
        number or a change ``NEXT_STATUSES`` does not allow is a RegisterError, with nothing
        changed."""
        from sqlalchemy import select, update

        from configurator.store.engine import actor, now
        from configurator.store.models import Quote as QuoteRow
        from configurator.store.models import QuoteStatusChange as Change

        _check_status(status)
        values = {"status": status} if note is None else {"status": status, "note": note}
        user, machine = actor()
        with self._write() as conn:
            old = conn.execute(select(QuoteRow.status).where(QuoteRow.number == number)
                               .with_for_update()).scalar()
            if old is None:
                raise RegisterError(f"no quote {number} in the register")
            _check_move(number, old, status)
            at = now()
            conn.execute(update(QuoteRow).where(QuoteRow.number == number).values(**values))
            conn.execute(Change.__table__.insert().values(
                number=number, old_status=old, status=status, note=note or "",
                changed_by=user, changed_on=machine, changed_at=at))
        return StatusChange(status, old, user, machine, at, note or "")

    def void(self, number: str, reason: str) -> None:
        """Mark a quote whose files could not be written; its number is not handed out again."""
        self.set_status(number, "void", note=reason)

    def expire_overdue(self, today: dt.date) -> int:
        """Mark issued and sent quotes whose validity ended before ``today`` as expired."""
        from sqlalchemy import select, update

        from configurator.store.engine import actor, now
        from configurator.store.models import Quote as QuoteRow
        from configurator.store.models import QuoteStatusChange as Change

        user, machine = actor()
        overdue = (QuoteRow.status.in_(OPEN_STATUSES), QuoteRow.valid_until < today)
        with self._write() as conn:
            rows = conn.execute(select(QuoteRow.number, QuoteRow.status).where(*overdue)
                                .with_for_update()).all()
            if not rows:
                return 0
            stamp = {"status": "expired", "note": "validity ended", "changed_by": user,
                     "changed_on": machine, "changed_at": now()}
            conn.execute(Change.__table__.insert(),
                         [{"number": number, "old_status": old, **stamp} for number, old in rows])
            return conn.execute(update(QuoteRow).where(*overdue)
                                .values(status="expired")).rowcount

    def csv_text(self, status: str | None = None) -> str:
        return entries_csv(self.entries(status))

    def export_csv(self, path: Path | str, status: str | None = None) -> None:
        atomic_write_text(path, self.csv_text(status))


def entries_csv(entries: Iterable[RegisterEntry]) -> str:
    """Register entries as CSV, safe to open in a spreadsheet program."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([_csv_cell(getattr(entry, column)) for column in CSV_COLUMNS])
    return out.getvalue()


def move_aside(path: Path) -> Path:
    """Rename a damaged register (and its journal) to ``<name>.damaged-<time>``, keeping it for
    recovery, so a new register can start; returns the new name."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise RegisterError(f"unknown status '{status}' (one of {', '.join(STATUSES)})")


def _check_move(number: str, old: str, status: str) -> None:
    allowed = NEXT_STATUSES.get(old, ())
    if status in allowed:
        return
    if status == old:
        raise RegisterError(f"{number} is already {old}")
    then = f"it can only be marked {' or '.join(allowed)}" if allowed else "that is final"
    raise RegisterError(f"{number} is {old} and cannot be marked {status}; {then}")


def _entry(row, last_change: StatusChange | None = None) -> RegisterEntry:
    (number, base, revision, issued, valid, status, customer, company, po, currency, total,
     digest, store, consultant, build_name) = row
    return RegisterEntry(number, base, revision, _date(issued), _date(valid), status, customer,
                         company, po, currency, Decimal(total), digest, store, consultant,
                         build_name, last_change)


_CHANGE_FIELDS = ("number", "status", "old_status", "changed_by", "changed_on", "changed_at",
                  "note")


def _change_columns():
    from configurator.store.models import QuoteStatusChange as Change

    return [getattr(Change, name) for name in _CHANGE_FIELDS]


def _change(row) -> StatusChange:
    status, old, by, on, at, note = row
    if at is not None and at.tzinfo is None:  # SQLite keeps UTC without the zone
        at = at.replace(tzinfo=dt.UTC)
    return StatusChange(status, old, by, on, at, note)


def _last_changes(conn, numbers: list[str] | None = None) -> dict[str, StatusChange]:
    """The latest status change of each quote that has one; only of ``numbers`` if given (the
    register window's first rows need not wait for every quote's)."""
    from sqlalchemy import func, select

    from configurator.store.models import QuoteStatusChange as Change

    latest = select(func.max(Change.id)).group_by(Change.number)
    if numbers is not None:
        latest = latest.where(Change.number.in_(numbers))
    latest = latest.scalar_subquery()
    return {row[0]: _change(row[1:]) for row in
            conn.execute(select(*_change_columns()).where(Change.id.in_(latest)))}


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _csv_cell(value) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
