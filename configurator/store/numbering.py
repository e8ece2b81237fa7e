"""Quote numbers: ``{prefix}-{year}-{seq:04d}``, ``seq`` counting from 1 per prefix and year.

A number is taken inside the caller's write transaction. The counter row of its prefix and year
is created if missing and then locked (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
``BEGIN IMMEDIATE`` write lock already serialises writers), so a second writer waits until the
first commits or rolls back and then reads the new value; a wait longer than a moment is told
to the person (``engine.wait_for_lock``) and ends at the lock timeout. A rollback also rolls the counter
back: a number is used only when its quote row commits. The unique constraint on
(prefix, year, seq, revision) is the last guard.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from configurator.store.engine import wait_for_lock
from configurator.store.models import NumberCounter, Quote


def _lock_counter(conn: Connection, prefix: str, year: int) -> int:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite

    def lock() -> int:
        # The insert waits too while another transaction's new counter row is uncommitted.
        conn.execute(dialect.insert(NumberCounter)
                     .values(prefix=prefix, year=year, last_seq=0)
                     .on_conflict_do_nothing())
        return conn.execute(select(NumberCounter.last_seq)
                            .where(NumberCounter.prefix == prefix, NumberCounter.year == year)
                            .with_for_update()).scalar_one()

    return wait_for_lock(conn, lock)


def take_number(conn: Connection, prefix: str, year: int) -> int:
    """The next ``seq`` for ``prefix`` and ``year``, held until the transaction ends."""
    last = _lock_counter(conn, prefix, year)
    # Rows copied in from another register may be ahead of the counter.
    highest = conn.execute(select(func.max(Quote.seq))
                           .where(Quote.prefix == prefix, Quote.year == year)).scalar() or 0
    seq = max(last, highest) + 1
    conn.execute(update(NumberCounter)
                 .where(NumberCounter.prefix == prefix, NumberCounter.year == year)
                 .values(last_seq=seq))
    return seq


def take_revision(conn: Connection, base_number: str) -> tuple[str, int, int, int] | None:
    """(prefix, year, seq, next revision) of an issued quote, or None if there is no such quote."""
    row = conn.execute(select(Quote.prefix, Quote.year, Quote.seq)
                       .where(Quote.base_number == base_number).limit(1)).first()
    if row is None:
        return None
    prefix, year, seq = row
    _lock_counter(conn, prefix, year)
    highest = conn.execute(select(func.max(Quote.revision))
                           .where(Quote.base_number == base_number)).scalar()
    return prefix, year, seq, highest + 1
