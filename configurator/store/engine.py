"""Opening the store database: engine, schema upgrade, transactions, and errors as one line.

- SQLite (one machine): a write transaction is ``BEGIN IMMEDIATE``, which takes the file's
  write lock before anything is read, so two programs never read the same highest number.
  While another program holds the lock, ``on_wait`` is called once (so the person sees why
  nothing happens) and the write keeps trying for the lock timeout.
- PostgreSQL (a chain): psycopg 3, the password from the system keyring unless the URL in the
  environment carries one. Numbers are taken under a row lock (see ``numbering``), through
  ``wait_for_lock``: if another machine holds the row, ``on_wait`` is called after a short
  first try, and the wait ends at the lock timeout with one line.
- At open, Alembic brings the schema to this version's head inside one transaction (on
  PostgreSQL under an advisory lock, so two copies of the app starting together do it once).
  A database upgraded by a newer app is refused, never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url

from configurator.paths import read_version
from configurator.store.config import load_config, redact
from configurator.store.errors import (
    SchemaTooNewError,
    StoreConfigError,
    StoreDamagedError,
    StoreError,
    StoreLockedError,
    StoreUnreachableError,
    WriteCancelledError,
)
from configurator.store.passwords import get_password, keyring_user

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_TIMEOUT_S = 20.0
BUSY_POLL_S = 0.2
CONNECT_TIMEOUT_S = 5
IDLE_IN_TRANSACTION_S = 300
SQLITE_HEADER = b"SQLite format 3\x00"
ADVISORY_LOCK = 0x51_7E_C0_DE  # any constant shared by every copy of the app
FIRST_TRY_S = 0.5  # a row lock held longer than this is worth telling the person about
CANCEL_AGAIN_S = 0.2
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock timeout
WAIT_INFO = "configurator_wait"  # (on_wait, deadline, lock timeout, database) of the open write
Waiter = Callable[[], None]
T = TypeVar("T")


class Cancellation:
    """Lets another thread end a write that waits for the register: ``cancel`` interrupts a
    PostgreSQL lock wait at once (SQLite's is polled), and the write then rolls back with
    WriteCancelledError, whatever it had done."""

    def __init__(self):
        self._cancelled = threading.Event()
        self._guard = threading.Lock()
        self._waiting = None  # the driver connection of the write, while it may wait

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Never waits: another thread asks the server to stop the write's statements."""
        self._cancelled.set()
        threading.Thread(target=self._stop_statements, daemon=True).start()

    def _stop_statements(self) -> None:
        # Again and again until the write ends: a request that arrives between two statements
        # stops nothing, and the next one may be the wait for the lock.
        while True:
            with self._guard:
                waiting = self._waiting
            if waiting is None:
                return
            with contextlib.suppress(Exception):  # finished or gone meanwhile
                waiting.cancel()
            time.sleep(CANCEL_AGAIN_S)

    def check(self) -> None:
        if self.cancelled:
            raise WriteCancelledError("cancelled; nothing was changed")

    @contextmanager
    def watching(self, driver_connection) -> Iterator[None]:
        with self._guard:
            self._waiting = driver_connection
        try:
            self.check()  # cancelled just before: no statement to stop yet
            yield
        finally:
            with self._guard:
                self._waiting = None


def actor() -> tuple[str, str]:
    """Who is at the keyboard (login name) and on which machine."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    return user, socket.gethostname()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """One database, its schema at this version's head. Use ``open_store`` to share one per URL."""

    def __init__(self, url: str, *, password: str = "", upgrade: bool = True):
        """``password`` (else the URL's, else the keyring's) is used for a server; without
        ``upgrade`` the database is only read."""
        self.url = parse_url(url)
        if password:
            self.url = self.url.set(password=password)
        self.display = redact(url.strip())
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            self._check_intact()
        self.engine = self._create_engine()
        if upgrade:
            self._upgrade()

    @property
    def path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    def _check_intact(self) -> None:
        """A file that is not an SQLite database is refused before SQLite ever opens it."""
        if self.path is None:
            raise StoreConfigError("a SQLite store needs a file: sqlite:///path/to/file")
        try:
            with open(self.path, "rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except IsADirectoryError:
            raise StoreDamagedError(self.path, "it is a folder") from None
        except OSError as err:
            raise StoreError(f"cannot use the quote register {self.path}: "
                             f"{err.strerror or err}") from None
        if header and header != SQLITE_HEADER:
            raise StoreDamagedError(self.path, "not an SQLite database")

    def _create_engine(self) -> Engine:
        if self.is_sqlite:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create the folder of {self.path}: "
                                 f"{err.strerror or err}") from None
            engine = create_engine(self.url, connect_args={"timeout": BUSY_POLL_S})

            @event.listens_for(engine, "connect")
            def _manual_transactions(dbapi_conn, _record) -> None:
                dbapi_conn.isolation_level = None  # BEGIN is sent by the "begin" hook below

            @event.listens_for(engine, "begin")
            def _begin(conn: Connection) -> None:
                conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}")

            return engine
        url = self.url
        if url.password is None and url.username:
            password = get_password(keyring_user(url.username, url.host or "localhost",
                                                 url.port, url.database or ""))
            if password:
                url = url.set(password=password)
        # A machine that vanishes mid-quote must not hold its number's lock for hours: the
        # server ends a transaction left idle that long, and notices dead connections.
        return create_engine(
            url, pool_pre_ping=True, pool_size=2, max_overflow=4,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                          "application_name": "ai-workstation-configurator",
                          "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
                          "keepalives_count": 3,
                          "options": f"-c idle_in_transaction_session_timeout="
                                     f"{IDLE_IN_TRANSACTION_S * 1000}"})

    # Transactions -------------------------------------------------------------------------

    @contextmanager
    def read(self, lock_timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[Connection]:
        with self.translated(), self.engine.connect() as conn:
            self._busy(conn, lock_timeout_s)
            with conn.begin():
                yield conn

    @contextmanager
    def write(self, on_wait: Waiter | None = None,
              committed: Callable[[Connection], bool] | None = None,
              lock_timeout_s: float = LOCK_TIMEOUT_S,
              cancellation: Cancellation | None = None) -> Iterator[Connection]:
        """One write transaction; commits when the block ends without an exception, unless
        ``cancellation`` was cancelled meanwhile (WriteCancelledError, nothing changed).

        If the connection fails during the commit itself, whether the commit happened is
        unknown; ``committed`` then checks on a new connection, and a True answer means the
        work is done."""
        with self.translated(cancellation), \
                self._connect_for_write(on_wait, lock_timeout_s, cancellation) as conn:
            try:
                yield conn
                if cancellation is not None:
                    cancellation.check()
            except BaseException:
                _rollback_quietly(conn)
                raise
            try:
                conn.commit()
            except exc.DBAPIError:
                if committed is None or not self._check(committed):
                    raise

    def _check(self, committed: Callable[[Connection], bool]) -> bool:
        try:
            with self.engine.connect() as conn:
                return committed(conn)
        except exc.DBAPIError:
            return False

    @contextmanager
    def _connect_for_write(self, on_wait: Waiter | None, lock_timeout_s: float,
                           cancellation: Cancellation | None) -> Iterator[Connection]:
        deadline = time.monotonic() + lock_timeout_s
        told = False
        while True:
            if cancellation is not None:
                cancellation.check()
            conn = self.engine.connect()
            if self.is_sqlite:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                self._busy(conn, BUSY_POLL_S)
            try:
                conn.begin()
                break
            except exc.OperationalError as err:
                conn.close()
                if not _is_locked(err):
                    raise
                if on_wait and not told:
                    on_wait()
                    told = True
                if time.monotonic() >= deadline:
                    raise StoreLockedError(str(self.path), lock_timeout_s) from None
        try:
            # Holding the write lock, the commit may still wait for readers to finish.
            self._busy(conn, max(deadline - time.monotonic(), BUSY_POLL_S))
            if not self.is_sqlite:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock_timeout_s * 1000)}")
            conn.info[WAIT_INFO] = (on_wait, deadline, lock_timeout_s, self.display)
            if cancellation is None or self.is_sqlite:
                yield conn
            else:
                with cancellation.watching(conn.connection.driver_connection):
                    yield conn
        finally:
            conn.info.pop(WAIT_INFO, None)
            conn.close()

    def _busy(self, conn: Connection, seconds: float) -> None:
        """How long SQLite waits for another program's lock before answering 'locked'."""
        if self.is_sqlite:
            conn.connection.driver_connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    @contextmanager
    def translated(self, cancellation: Cancellation | None = None) -> Iterator[None]:
        """Database errors become StoreErrors with one line that names the database; a
        statement stopped by ``cancellation`` becomes WriteCancelledError."""
        try:
            yield
        except exc.DBAPIError as err:
            if cancellation is not None:
                cancellation.check()
            raise self._store_error(err) from None

    def _store_error(self, err: exc.DBAPIError) -> StoreError:
        reason = _first_line(err.orig)
        if self.is_sqlite:
            if _is_locked(err):
                return StoreLockedError(str(self.path), LOCK_TIMEOUT_S)
            if any(s in reason for s in ("not a database", "malformed", "encrypted")):
                return StoreDamagedError(self.path, reason)
            return StoreError(f"the quote register {self.path} cannot be used: {reason}")
        if "connection option" in reason or "invalid dsn" in reason:
            return StoreConfigError(f"the database URL {self.display} is not usable: {reason}")
        if "lock timeout" in reason:
            return StoreLockedError(self.display, LOCK_TIMEOUT_S, server=True)
        if "password authentication failed" in reason or "no password supplied" in reason:
            return StoreUnreachableError(f"the store database {self.display} refused the login "
                                    f"({reason}); check the user and password under File › "
                                    "Store database")
        if isinstance(err, exc.OperationalError | exc.InterfaceError) or err.connection_invalidated:
            return StoreUnreachableError(f"the store database {self.display} cannot be reached "
                                    f"({reason})")
        return StoreError(f"the store database {self.display} refused a change: {reason}")

    # Schema -------------------------------------------------------------------------------

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        config, script = _migrations()
        head = script.get_current_head()
        with self.write() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            known = {r.revision for r in script.walk_revisions()}
            if current is not None and current not in known:
                raise SchemaTooNewError(f"this register ({self.display}) was upgraded by version "
                                   f"{self._upgraded_by(conn)}; update the app")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.execute(text("DELETE FROM store_info WHERE key = 'app_version'"))
            conn.execute(text("INSERT INTO store_info (key, value) VALUES ('app_version', :v)"),
                         {"v": read_version()})

    @staticmethod
    def _upgraded_by(conn: Connection) -> str:
        if not inspect(conn).has_table("store_info"):
            return "a newer one"
        row = conn.execute(text("SELECT value FROM store_info WHERE key = 'app_version'")).first()
        return row[0] if row else "a newer one"

    def dispose(self) -> None:
        self.engine.dispose()


def _migrations():
    """The Alembic configuration and scripts shipped with this version."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config, ScriptDirectory.from_config(config)


def check_schema(url: str) -> str:
    """Reach the database and compare its schema with this version's, changing nothing; one
    line saying how it stands. Raises StoreError (SchemaTooNewError if a newer app upgraded
    it) with the one-line reason; no message shows the password."""
    from alembic.runtime.migration import MigrationContext

    _, script = _migrations()
    head = script.get_current_head()
    store = Store(url, upgrade=False)
    if store.path is not None and not store.path.exists():
        return f"{store.display}: a new register, made at first use"
    try:
        with store.read() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise SchemaTooNewError(f"this register ({store.display}) was upgraded by version "
                                        f"{store._upgraded_by(conn)}; update the app")
    finally:
        store.dispose()
    if current == head:
        return f"{store.display}: reachable, schema {head} as this app's"
    if current is None:
        return f"{store.display}: reachable and empty, set up at first use (schema {head})"
    return f"{store.display}: reachable, schema {current}, upgraded to {head} at first use"


def wait_for_lock(conn: Connection, run: Callable[[], T]) -> T:
    """Run ``run``, a statement that takes a row lock, inside a write transaction. On
    PostgreSQL it first waits only briefly; if another machine still holds the row, the write's
    ``on_wait`` is called (so the person reads "waiting for the register…") and the wait goes
    on until the write's lock timeout, then ends in StoreLockedError, one line, nothing
    changed. SQLite's write lock was already taken when the transaction began."""
    if conn.dialect.name != "postgresql":
        return run()
    on_wait, deadline, timeout_s, where = conn.info.get(
        WAIT_INFO, (None, time.monotonic() + LOCK_TIMEOUT_S, LOCK_TIMEOUT_S, "the store database"))
    _lock_timeout(conn, min(FIRST_TRY_S, deadline - time.monotonic()))
    try:
        with conn.begin_nested():
            result = run()
    except exc.OperationalError as err:
        if getattr(err.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
    else:
        _lock_timeout(conn, deadline - time.monotonic())
        return result
    _lock_timeout(conn, deadline - time.monotonic())
    if on_wait is not None:
        on_wait()
    try:
        return run()
    except exc.OperationalError as err:
        if getattr(err.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise StoreLockedError(where, timeout_s, server=True) from None
        raise


def _lock_timeout(conn: Connection, seconds: float) -> None:
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(seconds * 1000), 1)}")


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL for SQLite or PostgreSQL (psycopg 3); anything else is one clear line."""
    hint = "a URL like postgresql://user@host:5432/database or sqlite:///path/to/file"
    if "://" not in url:
        raise StoreConfigError(f"the database URL is not a URL; give {hint}")
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        _ = parsed.port
    except (exc.ArgumentError, ValueError):
        raise StoreConfigError(f"'{redact(url)}' is not a database URL; give {hint}") from None
    if backend == "sqlite":
        return parsed
    if backend in ("postgresql", "postgres"):
        if not parsed.host and not parsed.query.get("host"):
            raise StoreConfigError(f"'{redact(url)}' names no server; give {hint}")
        return parsed.set(drivername="postgresql+psycopg")
    raise StoreConfigError(f"'{redact(url)}': {backend} databases are not supported; give {hint}")


def probe(url: str, password: str = "") -> str:
    """Connect once and say what is there, changing nothing (File › Store database ›
    Test connection). Raises StoreError with the one-line reason."""
    from alembic.runtime.migration import MigrationContext

    store = Store(url, password=password, upgrade=False)
    if store.path is not None and not store.path.exists():
        return f"{store.display}: a new register, made at first use"
    try:
        with store.read() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            quotes = conn.execute(text("SELECT count(*) FROM quotes")).scalar() \
                if revision else 0
    finally:
        store.dispose()
    if revision is None:
        return f"connected to {store.display}: an empty database, set up at first use"
    return f"connected to {store.display}: {quotes} quotes"


_STORES: dict[str, Store] = {}


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (default: this installation's), opened once per process."""
    url = url or load_config().url
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(url)
    return store


def _forget_after_fork() -> None:
    # A forked child must not share its parent's database connections.
    for store in _STORES.values():
        store.engine.dispose(close=False)
    _STORES.clear()


if hasattr(os, "register_at_fork"):  # POSIX; Windows starts processes afresh
    os.register_at_fork(after_in_child=_forget_after_fork)


def _is_locked(err: exc.DBAPIError) -> bool:
    return "database is locked" in str(err.orig)


def _first_line(orig: BaseException | None) -> str:
    text_ = str(orig or "").strip()
    line = next((s.strip() for s in text_.splitlines() if s.strip()), "no reason given")
    return line.removeprefix("connection failed: ")


def _rollback_quietly(conn: Connection) -> None:
    try:
        conn.rollback()
    except exc.DBAPIError:
        conn.invalidate()


__all__ = ["Cancellation", "Store", "actor", "check_schema", "now", "open_store", "parse_url", "probe",
           "wait_for_lock"]
