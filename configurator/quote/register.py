"""The quote register: every issued quote, in SQLite in the user data folder.

Numbers are ``{prefix}-{year}-{seq:04d}`` (``Q-2026-0042``), ``seq`` counting from 1 per prefix
and year; a re-issue keeps the number and adds a revision suffix (``Q-2026-0042-R1``).

How numbers stay unique and gapless, across app instances and crashes:

- A number is taken inside one write transaction opened with ``BEGIN IMMEDIATE``. That takes
  SQLite's write lock *before* the highest number is read, so a second instance (another
  process, another machine sharing the folder) waits on the lock instead of reading the same
  highest number. Nothing else hands out numbers.
- The register row is inserted in that same transaction, and the transaction commits only after
  the caller has fully written the PDF and JSON to temporary files beside their final names
  (see ``configurator.quote.export``). The files are moved into place after the commit.
- A crash before the commit rolls the transaction back: the number was never taken, so there
  is no hole, and no final file name was touched. A crash between the commit and the renames
  leaves a complete register row (the quote's full data, its build and settings), from which
  the same files can be re-exported byte for byte: no hole and no duplicate either.

Status ("draft", "sent", "accepted", "expired") is the consultant's to set; ``expire_overdue``
marks open quotes whose validity has passed.

A register another process keeps locked is waited for (``on_wait`` is called once, so the
person sees why nothing happens), then refused with ``RegisterBusyError``. A file that is not
an intact SQLite database is never opened for writing: ``RegisterDamagedError`` names it, and
``move_aside`` renames it so a new register can start.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from configurator import paths
from configurator.build import Build, parse_build
from configurator.errors import EnvironmentProblemError
from configurator.fileio import atomic_write_text
from configurator.quote.document import load_quote
from configurator.quote.model import Quote, QuoteRequest, full_number
from configurator.quote.settings import QuoteSettings

REGISTER_FILE = "quotes.sqlite3"
STATUSES = ("draft", "sent", "accepted", "expired")
OPEN_STATUSES = ("draft", "sent")
LOCK_TIMEOUT_S = 20.0
LOCK_POLL_S = 0.2
SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE IF NOT EXISTS quotes (
    number        TEXT PRIMARY KEY,
    base_number   TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    issue_date    TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    customer      TEXT NOT NULL,
    company       TEXT NOT NULL,
    po_reference  TEXT NOT NULL,
    currency      TEXT NOT NULL,
    total         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'expired')),
    data_sha256   TEXT NOT NULL,
    build_json    TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    request_json  TEXT NOT NULL,
    quote_json    TEXT NOT NULL,
    UNIQUE (prefix, year, seq, revision)
)
"""

SUMMARY_COLUMNS = ("number", "base_number", "revision", "issue_date", "valid_until", "status",
                   "customer", "company", "po_reference", "currency", "total", "data_sha256")
CSV_COLUMNS = ("number", "revision", "issue_date", "valid_until", "status", "customer",
               "company", "po_reference", "currency", "total", "data_sha256")
# Spreadsheet programs run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RegisterError(ValueError):
    """An unknown quote number or status."""


class RegisterBusyError(EnvironmentProblemError):
    """Another process kept the register locked for longer than the wait allows."""


class RegisterDamagedError(EnvironmentProblemError):
    """The register file is not an intact SQLite database; it was left as it is."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(
            f"the quote register {path} is damaged ({reason}) and was left unchanged; move it "
            f"aside (rename it, e.g. to {path.name}.damaged) to start a new register, and keep "
            "it to recover its quotes")


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

    def __init__(self, conn: sqlite3.Connection, prefix: str, year: int, seq: int, revision: int):
        self._conn = conn
        self.prefix, self.year, self.seq, self.revision = prefix, year, seq, revision
        self.number = f"{prefix}-{year}-{seq:04d}"
        self.recorded = False

    @property
    def full_number(self) -> str:
        return full_number(self.number, self.revision)

    def record(self, quote: Quote, quote_json: str, data_sha256: str, request: QuoteRequest,
               settings: QuoteSettings) -> None:
        if quote.full_number != self.full_number:
            raise RegisterError(f"quote {quote.full_number} recorded under {self.full_number}")
        self._conn.execute(
            "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
            (self.full_number, self.number, self.prefix, self.year, self.seq, self.revision,
             quote.issue_date.isoformat(), quote.valid_until.isoformat(),
             quote.customer.name, quote.customer.company, quote.customer.po_reference,
             quote.currency, f"{quote.totals.total:.2f}", data_sha256,
             quote.build.text, settings.model_dump_json(), request.model_dump_json(), quote_json),
        )
        self.recorded = True


class QuoteRegister:
    def __init__(self, path: Path | None = None, *, lock_timeout: float | None = None,
                 on_wait: Callable[[], None] | None = None):
        """``on_wait`` is called once when another process holds the register's lock."""
        self.path = Path(path) if path else paths.user_data_dir() / REGISTER_FILE
        self.lock_timeout = LOCK_TIMEOUT_S if lock_timeout is None else lock_timeout
        self.on_wait = on_wait
        self._check_intact()
        with self._connect() as conn:
            self._patiently(conn.execute, SCHEMA)

    def _check_intact(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except IsADirectoryError:
            raise RegisterDamagedError(self.path, "it is a folder") from None
        except OSError as exc:
            raise EnvironmentProblemError(
                f"cannot use the quote register {self.path}: {exc.strerror}") from None
        if header and header != SQLITE_HEADER:
            raise RegisterDamagedError(self.path, "not an SQLite database")

    def _patiently(self, run: Callable, *args):
        """``run(*args)``, retried while another process holds the lock (up to the timeout)."""
        deadline = time.monotonic() + self.lock_timeout
        waited = False
        while True:
            try:
                return run(*args)
            except sqlite3.DatabaseError as exc:
                reason = str(exc)
                if any(word in reason for word in ("not a database", "malformed", "encrypted")):
                    raise RegisterDamagedError(self.path, reason) from None
                if "locked" not in reason and "busy" not in reason:
                    raise EnvironmentProblemError(
                        f"cannot use the quote register {self.path}: {reason}") from None
            if time.monotonic() > deadline:
                raise RegisterBusyError(
                    f"the quote register {self.path} is locked by another program (another "
                    f"quote being issued?) and stayed locked for {self.lock_timeout:.0f} s; "
                    "nothing was numbered, try again") from None
            if not waited and self.on_wait is not None:
                self.on_wait()
            waited = True

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblemError(
                f"cannot use the quote register {self.path}: {exc.strerror}") from None
        # isolation_level=None: transactions are begun explicitly, never implicitly. The short
        # busy timeout is one step of the wait in _patiently.
        with closing(sqlite3.connect(self.path, timeout=LOCK_POLL_S,
                                     isolation_level=None)) as conn:
            yield conn

    @contextmanager
    def _write_transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            self._patiently(conn.execute, "BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            self._patiently(conn.execute, "COMMIT")

    @contextmanager
    def reserve(self, prefix: str, year: int) -> Iterator[Reservation]:
        """Hold the next new number until the block ends; it is taken only if the block calls
        ``record`` and finishes without an exception."""
        with self._write_transaction() as conn:
            (highest,) = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM quotes WHERE prefix = ? AND year = ?",
                (prefix, year)).fetchone()
            yield from self._held(conn, Reservation(conn, prefix, year, highest + 1, 0))

    @contextmanager
    def reserve_revision(self, base_number: str) -> Iterator[Reservation]:
        """Hold the next revision of an issued quote (same number, suffix -R1, -R2, …)."""
        with self._write_transaction() as conn:
            row = conn.execute(
                "SELECT prefix, year, seq, MAX(revision) FROM quotes WHERE base_number = ?",
                (base_number,)).fetchone()
            if row[0] is None:
                raise RegisterError(f"no quote {base_number} in the register")
            prefix, year, seq, revision = row
            yield from self._held(conn, Reservation(conn, prefix, year, seq, revision + 1))

    @staticmethod
    def _held(conn: sqlite3.Connection, reservation: Reservation) -> Iterator[Reservation]:
        yield reservation
        if not reservation.recorded:
            raise RegisterError(f"{reservation.full_number} was reserved but nothing was recorded")

    def entries(self, status: str | None = None) -> list[RegisterEntry]:
        query = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM quotes"
        args: tuple = ()
        if status is not None:
            _check_status(status)
            query += " WHERE status = ?"
            args = (status,)
        query += " ORDER BY prefix, year, seq, revision"
        with self._connect() as conn:
            rows = self._patiently(lambda: conn.execute(query, args).fetchall())
        return [_entry(row) for row in rows]

    def get(self, number: str) -> StoredQuote:
        columns = (*SUMMARY_COLUMNS, "quote_json", "build_json", "settings_json", "request_json")
        with self._connect() as conn:
            row = self._patiently(lambda: conn.execute(
                f"SELECT {', '.join(columns)} FROM quotes WHERE number = ?", (number,)).fetchone())
        if row is None:
            raise RegisterError(f"no quote {number} in the register")
        n = len(SUMMARY_COLUMNS)
        return StoredQuote(_entry(row[:n]), *row[n:])

    def set_status(self, number: str, status: str) -> None:
        _check_status(status)
        with self._write_transaction() as conn:
            changed = conn.execute("UPDATE quotes SET status = ? WHERE number = ?",
                                   (status, number)).rowcount
        if not changed:
            raise RegisterError(f"no quote {number} in the register")

    def expire_overdue(self, today: dt.date) -> int:
        """Mark draft and sent quotes whose validity ended before ``today`` as expired."""
        with self._write_transaction() as conn:
            return conn.execute(
                "UPDATE quotes SET status = 'expired' WHERE status IN (?, ?) AND valid_until < ?",
                (*OPEN_STATUSES, today.isoformat())).rowcount

    def csv_text(self, status: str | None = None) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for entry in self.entries(status):
            writer.writerow([_csv_cell(getattr(entry, column)) for column in CSV_COLUMNS])
        return out.getvalue()

    def export_csv(self, path: Path | str, status: str | None = None) -> None:
        atomic_write_text(path, self.csv_text(status))


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


def _entry(row: tuple) -> RegisterEntry:
    values = dict(zip(SUMMARY_COLUMNS, row, strict=True))
    values["issue_date"] = dt.date.fromisoformat(values["issue_date"])
    values["valid_until"] = dt.date.fromisoformat(values["valid_until"])
    values["total"] = Decimal(values["total"])
    return RegisterEntry(**values)


def _csv_cell(value) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
