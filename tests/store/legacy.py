"""A quote register as versions before the store database wrote it: one ``quotes`` table."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

LEGACY_SCHEMA = """
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


def write_legacy_register(path: Path, count: int) -> dict[str, str]:
    """``count`` quotes over two years, every tenth with a revision; returns number -> the
    SHA-256 each row was recorded with."""
    rows, hashes = [], {}
    statuses = ("draft", "sent", "accepted", "expired")
    for n in range(count):
        year, seq = (2025, n + 1) if n < count // 2 else (2026, n - count // 2 + 1)
        revision = 1 if n % 10 == 9 else 0
        base = f"Q-{year}-{seq:04d}"
        number = f"{base}-R1" if revision else base
        quote_json = f'{{"number": "{base}", "revision": {revision}, "n": {n}}}'
        digest = hashlib.sha256(quote_json.encode()).hexdigest()
        hashes[number] = digest
        rows.append((number, base, "Q", year, seq, revision, f"{year}-03-05", f"{year}-04-04",
                     f"Customer {n}", f"Company {n % 7}", f"PO-{n:05d}", "USD", f"{1000 + n}.50",
                     statuses[n % 4], digest, f'{{"schema_version": 1, "name": "b{n}"}}',
                     "{}", f'{{"consultant": "Consultant {n % 3}"}}', quote_json))
    with sqlite3.connect(path) as conn:
        conn.execute(LEGACY_SCHEMA)
        conn.executemany(f"INSERT INTO quotes VALUES ({', '.join('?' * 19)})", rows)
    conn.close()
    return hashes
