"""Making a store's own part: a copy of a catalog part, edited, validated like the bundled files
and saved in the user's parts folder, where it survives app updates.

The copy drops the manufacturer part number and starts its provenance afresh: a new card is a
different product, and none of its values has been checked yet.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w
from pydantic import BaseModel

from configurator.fileio import atomic_write_text
from configurator.parts.catalog import Catalog, user_parts_dir
from configurator.parts.loading import Problem, validate_record
from configurator.parts.models import PART_TYPES, PartBase

if TYPE_CHECKING:
    from configurator.store.outbox import KeptChange

# Unit suffixes of field names, as a person reads them next to the value.
UNITS = {"mm": "mm", "w": "W", "gb": "GB", "gbps": "GB/s", "tflops": "TFLOPS", "tops": "TOPS",
         "pct": "%", "mts": "MT/s"}


def unit_of(field: str) -> str:
    return UNITS.get(field.rsplit("_", 1)[-1], "") if "_" in field else ""


def part_data(part: PartBase) -> dict:
    """The part as the plain values a part file holds (no defaults left out, no None)."""
    return _plain(part.model_dump(mode="python", exclude_none=True))


def like(part: PartBase, new_id: str, today: dt.date | None = None) -> dict:
    """A new part's data, copied from ``part``: same values, a new id, no part number, and a
    provenance saying every value is still the original's."""
    data = part_data(part)
    data["id"] = new_id
    data.pop("mpn", None)
    data["model"] = f"{part.model} (copy)"
    when = (today or dt.date.today()).isoformat()
    data["provenance"] = {
        "default": {"status": "estimated",
                    "why": f"copied from {part.name} ({part.id}) on {when}; check each value for this part"},
        "mpn": {"status": "estimated", "why": "enter the new part's manufacturer part number"},
    }
    data["notes"] = f"Copied from {part.id} on {when}. " + part.notes
    return data


def check(kind: str, data: dict, file: str) -> tuple[PartBase | None, list[Problem]]:
    """Validate the data as the catalog loader does, with its messages."""
    if kind not in PART_TYPES:
        return None, [Problem(file, str(data.get("id", "")), "kind", f"unknown kind '{kind}'")]
    return validate_record(PART_TYPES[kind], {**data, "kind": kind}, file)


def new_id_problem(catalog: Catalog, part_id: str, replacing: str | None = None) -> str | None:
    if part_id in catalog and part_id != replacing:
        return f"a part with id '{part_id}' is already in the catalog; choose another id"
    return None


def to_toml(part: PartBase) -> str:
    data = part_data(part)
    data.pop("kind", None)
    return tomli_w.dumps({"kind": part.kind, **data})


def user_part_path(part: PartBase) -> Path:
    return user_parts_dir() / part.kind / f"{part.id}.toml"


def save(part: PartBase, path: Path | None = None) -> Path:
    """Write the part file atomically (default: the user's parts folder) and return its path."""
    path = Path(path) if path else user_part_path(part)
    atomic_write_text(path, to_toml(part))
    return path


def share(part: PartBase, path: Path) -> KeptChange:
    """Keep a part saved in the user's parts folder for the store database, so every machine
    of the store has it after its next sync; its ``send`` records it there."""
    from configurator.store.outbox import keep

    return keep("user_part", [{"path": f"{path.parent.name}/{path.name}",
                                       "text": path.read_text(encoding="utf-8")}],
                        f"The part {part.id} is")


def parse_value(text: str):
    """A value typed by a person: a TOML value if it parses as one, else the text itself."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_structured(field: str, text: str):
    """A list or table field typed as TOML (``[...]`` or ``{...}``, or array-of-tables text)."""
    try:
        return tomllib.loads(f"{field} = {text}")[field]
    except tomllib.TOMLDecodeError:
        pass
    try:
        return tomllib.loads(text)[field]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise ValueError(f"{field}: not a TOML value ({exc})") from None


def structured_text(field: str, value) -> str:
    """How a list or table field is shown for editing."""
    if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return tomli_w.dumps({field: value}).strip()
    return tomli_w.dumps({field: value}).split("=", 1)[1].strip()


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="python", exclude_none=True))
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    return str(value)
