"""User price overrides: kept in the store database with who changed each and when, and in a
local file that the catalog reads (no database library is loaded to price a build).

On one machine the file is ``price_overrides.json`` in the user data folder, rewritten from the
SQLite store after each change; on a chain it is the copy of the server's prices as of the last
sync (see ``configurator.store.cache``). Either survives app updates.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from configurator.errors import OneLineError
from configurator.fileio import MB, InputFileError, atomic_write_bytes, read_limited
from configurator.parts.models import Price
from configurator.safeparse import ParseError, parse_json
from configurator.store import cache

OVERRIDES_FILE = cache.PRICES_FILE
MAX_CSV_BYTES = 64 * MB
MAX_CELL_CHARS = 200
MAX_OVERRIDES_BYTES = 16 * MB
LOCK_TIMEOUT_S = 30.0
# The SHA-256 of the overrides file as last written from the store: a file that differs was
# changed outside the app, and its entries are taken into the store before anything else.
FILE_DIGEST_KEY = "prices_file_sha256"


def overrides_path() -> Path:
    return cache.prices_file()


def load_price_overrides(path: Path | None = None, *, strict: bool = False) -> dict[str, Price]:
    """Read overrides. Leniently, an unreadable file or entry is left out so the app still starts;
    strictly (before writing over the file), it raises PriceFileError so no override is lost."""
    path = path or overrides_path()
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        raw = parse_json(read_limited(path, MAX_OVERRIDES_BYTES, "price overrides file").decode("utf-8"))
    except (InputFileError, ParseError, UnicodeDecodeError) as exc:
        if strict:
            raise PriceFileError(f"{path} holds earlier price overrides but cannot be read ({exc}); "
                                 "repair or move it first") from None
        return {}
    entries = raw.get("prices", {}) if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        if strict:
            raise PriceFileError(f"{path} is not a price overrides file; repair or move it first")
        return {}
    out: dict[str, Price] = {}
    for part_id, value in entries.items():
        try:
            out[part_id] = Price.model_validate(value)
        except ValidationError as exc:
            if strict:
                err = exc.errors(include_url=False)[0]
                field_name = ".".join(str(p) for p in err["loc"]) or "price"
                raise PriceFileError(f"{path}: override for {part_id}, {field_name}: {err['msg']}; "
                                     "repair or remove that entry first") from None
    return out


def save_price_overrides(prices: dict[str, Price], path: Path | None = None) -> None:
    """Write the local overrides file (the store database is not touched)."""
    cache.write_price_file(path or overrides_path(), {pid: _row(p) for pid, p in prices.items()})


def _row(price: Price) -> cache.PriceRow:
    return cache.PriceRow(str(price.amount), price.currency, price.as_of)


def update_price_overrides(changes: dict[str, Price], path: Path | None = None, *, store=None,
                           on_wait: Callable[[], None] | None = None) -> None:
    """Add ``changes`` to the overrides in the store database, keeping every other override,
    and rewrite the local overrides file from it.

    Imports running at the same time, on this machine or across the chain, each keep their
    changes: they take turns inside the database's write lock, and the file is written inside
    it too. Raises PriceFileError, changing nothing, if the local file was changed outside the
    app and cannot be read, and StoreError if the database cannot be used. ``store`` defaults
    to this installation's database; ``on_wait`` is called once if another import holds it.
    """
    from configurator.store import shared
    from configurator.store.engine import open_store

    path = path or overrides_path()
    store = store or open_store()
    try:
        before = path.read_bytes()
    except FileNotFoundError:
        before = None
    written = False
    try:
        with store.write(on_wait, lock_timeout_s=LOCK_TIMEOUT_S) as conn:
            shared.lock_prices(conn)
            if store.is_sqlite:
                _adopt_outside_changes(conn, path, before)
            shared.write_prices(conn, {pid: _row(p) for pid, p in changes.items()})
            text = cache.price_file_text(shared.read_prices(conn)).encode("utf-8")
            shared.set_info(conn, FILE_DIGEST_KEY, _digest(text))
            written = True
            atomic_write_bytes(path, text)
    except BaseException:
        if written:
            _restore(path, before)
        raise


def _adopt_outside_changes(conn, path: Path, data: bytes | None) -> None:
    from configurator.store import shared

    if data is None or _digest(data) == shared.get_info(conn, FILE_DIGEST_KEY):
        return
    prices = load_price_overrides(path, strict=True)
    shared.write_prices(conn, {pid: _row(p) for pid, p in prices.items()})


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _restore(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    else:
        atomic_write_bytes(path, data)


@dataclass(frozen=True)
class PriceChange:
    part_id: str
    old: Price
    new: Price


@dataclass
class PriceImport:
    """What an import would do (or did): changed, unchanged, unknown and rejected rows."""

    changed: list[PriceChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "changed": [
                {"part": c.part_id, "old": f"{c.old.amount:.2f} {c.old.currency}",
                 "new": f"{c.new.amount:.2f} {c.new.currency}", "as_of": c.new.as_of.isoformat()}
                for c in self.changed
            ],
            "unchanged": self.unchanged,
            "unknown": [{"line": n, "part": p} for n, p in self.unknown],
            "rejected": [{"line": n, "reason": r} for n, r in self.rejected],
        }


class PriceFileError(OneLineError):
    """The price file as a whole cannot be read; nothing is applied."""


HEADER_ALIASES = {
    "part": {"part", "part_id", "id", "mpn", "part number", "manufacturer part number"},
    "price": {"price", "amount", "unit price"},
    "currency": {"currency"},
    "as_of": {"as_of", "as of", "date", "as-of date", "as_of_date"},
}


_PLAIN = re.compile(r"\d+(\.\d+)?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(\.\d{3})*,\d{1,2}|\d+,\d{1,2}")


def parse_amount(text: str) -> Decimal:
    """A price as written in a price list: 2199.50, 2,199.50 or (European) 2.199,50 / 2199,50.
    Anything else (1,2,3 or 12.345.6) is refused rather than guessed."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if _PLAIN.fullmatch(cleaned):
        return Decimal(cleaned)
    if _THOUSANDS_COMMA.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(cleaned):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    raise InvalidOperation(text)


def read_price_csv(path: Path, catalog, today: dt.date | None = None) -> PriceImport:
    """Parse a price list against the catalog. Raises PriceFileError if the file is malformed."""
    try:
        text = read_limited(path, MAX_CSV_BYTES, "price list").decode("utf-8-sig")
    except InputFileError as exc:
        raise PriceFileError(str(exc)) from None
    except UnicodeDecodeError:
        raise PriceFileError(f"{path.name} is not a UTF-8 text file") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise PriceFileError(f"{path.name} line {reader.line_num}: {exc}") from None
    if not rows:
        raise PriceFileError(f"{path.name} is empty")
    header = [h.strip().casefold() for h in rows[0]]
    columns = {}
    for name, aliases in HEADER_ALIASES.items():
        hits = [n for n, h in enumerate(header) if h in aliases]
        if not hits:
            raise PriceFileError(
                f"{path.name}: no '{name}' column (header must name part id or mpn, price, currency, as_of)"
            )
        columns[name] = hits[0]
    result = PriceImport()
    today = today or dt.date.today()
    first_line: dict[str, int] = {}
    by_mpn: dict[str, list] = {}
    for p in catalog:
        if p.mpn:
            by_mpn.setdefault(p.mpn.casefold(), []).append(p)
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise PriceFileError(f"{path.name} line {line_no}: {len(row)} columns, header has {len(header)}")
        long_cell = next((n for n, cell in enumerate(row) if len(cell) > MAX_CELL_CHARS), None)
        if long_cell is not None:
            result.rejected.append((line_no, f"column {long_cell + 1} is longer than "
                                    f"{MAX_CELL_CHARS} characters"))
            continue
        key = row[columns["part"]].strip()
        same_mpn = by_mpn.get(key.casefold(), [])
        part = catalog.get(key) or (same_mpn[0] if len(same_mpn) == 1 else None)
        if part is None:
            if len(same_mpn) > 1:
                result.rejected.append((line_no, f"{key}: the part number of several parts "
                                        f"({', '.join(p.id for p in same_mpn)}); use the part id"))
            else:
                result.unknown.append((line_no, key))
            continue
        if part.id in first_line:
            result.rejected.append((line_no, f"{key}: {part.id} is already priced on line "
                                    f"{first_line[part.id]}"))
            continue
        first_line[part.id] = line_no
        try:
            new = Price(
                amount=parse_amount(row[columns["price"]]),
                currency=row[columns["currency"]].strip().upper(),
                as_of=row[columns["as_of"]].strip(),
            )
        except (InvalidOperation, ValidationError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "price is not a number like 2199.50 or 2.199,50"
            result.rejected.append((line_no, f"{key}: {reason}"))
            continue
        if new.amount <= 0:
            result.rejected.append((line_no, f"{key}: price must be above zero"))
        elif new.as_of > today:
            result.rejected.append((line_no, f"{key}: as-of date {new.as_of.isoformat()} is in the future"))
        elif new == part.price:
            result.unchanged.append(part.id)
        else:
            result.changed.append(PriceChange(part.id, part.price, new))
    return result


def apply_price_import(result: PriceImport, path: Path | None = None, *, store=None,
                       on_wait: Callable[[], None] | None = None) -> None:
    """Store the changed prices as user overrides, keeping earlier overrides of other parts
    (see ``update_price_overrides``)."""
    update_price_overrides({c.part_id: c.new for c in result.changed}, path, store=store,
                           on_wait=on_wait)
