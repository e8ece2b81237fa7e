"""Which of a part's values are confirmed, and from where; a consultant's own confirmations.

A part file's ``[provenance]`` table maps a field (or one slot, ``pcie_slots.PCIEX16``, or one
sharing footnote, ``sharing.2`` counted from 1) to a ValueSource. A field without an entry of
its own falls back to its list field's entry, then to ``default``; a value with no entry at all
counts as unconfirmed.

Confirmations a consultant records from a manual in hand live in the user's parts folder
(``parts/confirmations.toml``), with their name and the date, and are laid over the catalog
when it loads, so a bundled update never erases them. Each is also recorded in the store
database (``share_confirmation``), so every machine of the store has it after its next sync.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w
from pydantic import ValidationError

from configurator.fileio import atomic_write_text
from configurator.parts.loading import Problem
from configurator.parts.models import ITEM_FIELDS, PartBase, ValueSource

if TYPE_CHECKING:
    from configurator.store.outbox import KeptChange

CONFIRMATIONS_FILE = "confirmations.toml"
# Unit suffixes dropped from a field name when a person reads it.
_UNITS = {"mm", "w", "gb", "gbps", "tflops", "tops", "pct", "mts"}
_ACRONYMS = {"gpu", "cpu", "psu", "pcie", "vram", "atx", "mpn", "mig", "ecc", "usb4", "bf16", "fp8",
             "fp4", "int8", "dimm", "m2", "nvlink", "p2p", "tdp"}


def value_source(part: PartBase, key: str) -> ValueSource | None:
    """The entry that covers ``key``: its own, its list field's, or the part's default."""
    prov = part.provenance
    if key in prov:
        return prov[key]
    head = key.split(".", 1)[0]
    if head != key and head in prov:
        return prov[head]
    return prov.get("default")


def is_confirmed(part: PartBase, key: str) -> bool:
    entry = value_source(part, key)
    return entry is not None and entry.status == "confirmed"


def item_keys(part: PartBase, field: str) -> list[str]:
    items = getattr(part, field, None) or []
    if field == "sharing":
        return [f"sharing.{n}" for n in range(1, len(items) + 1)]
    return [f"{field}.{item.id}" for item in items]


def field_confirmed(part: PartBase, field: str) -> bool:
    """A whole field: a list of slots or footnotes is confirmed when every item is."""
    if field in ITEM_FIELDS and field not in part.provenance:
        keys = item_keys(part, field)
        return all(is_confirmed(part, k) for k in keys) if keys else is_confirmed(part, field)
    return is_confirmed(part, field)


def has_value(part: PartBase, field: str) -> bool:
    value = getattr(part, field)
    return value is not None and value != [] and value != {}


@dataclass(frozen=True)
class Coverage:
    kind: str
    parts: int
    fields: int
    confirmed: int

    @property
    def pct(self) -> float:
        return 100.0 * self.confirmed / self.fields if self.fields else 0.0

    def to_json(self) -> dict:
        return {"kind": self.kind, "parts": self.parts, "fields": self.fields,
                "confirmed": self.confirmed, "pct": round(self.pct, 1)}


def coverage(parts: list[PartBase], kind: str) -> Coverage:
    fields = confirmed = 0
    for part in parts:
        for field in part.value_fields():
            if has_value(part, field):
                fields += 1
                confirmed += field_confirmed(part, field)
    return Coverage(kind, len(parts), fields, confirmed)


@lru_cache(maxsize=512)
def field_words(field: str) -> str:
    """'max_gpu_length_mm' -> 'max GPU length', as a person reads it."""
    words = field.split("_")
    if len(words) > 1 and words[-1] in _UNITS:
        words = words[:-1]
    return " ".join(w.upper() if w in _ACRONYMS else w for w in words)


def key_words(part: PartBase, key: str) -> str:
    """What a provenance key stands for: 'M2D_SB disabling PCIEX4', 'PCIEX16(G5)_2 wiring'."""
    field, _, item = key.partition(".")
    if field == "sharing" and item.isdigit() and int(item) <= len(part.sharing):
        rule = part.sharing[int(item) - 1]
        joiner = " + " if rule.match == "all" else " or "
        when = joiner.join(rule.when_populated)
        if rule.effect == "disable":
            return f"{when} disabling {rule.target}"
        if rule.effect == "narrow":
            return f"{when} narrowing {rule.target} to x{rule.lanes}"
        return f"{when} sharing bandwidth with {rule.target}"
    if field in ("pcie_slots", "m2_slots") and item:
        return f"{item} wiring"
    return field_words(field)


def unconfirmed_label(part: PartBase, key: str) -> str:
    return f"{part.name}: {key_words(part, key)}: unconfirmed"


def provenance_json(part: PartBase) -> dict:
    """Every value of the part with its status, as ``catalog list --json`` shows it."""
    out = {}
    for field in part.value_fields():
        if not has_value(part, field):
            continue
        keys = item_keys(part, field) if field in ITEM_FIELDS else [field]
        for key in keys:
            entry = value_source(part, key)
            if entry is None:
                out[key] = {"status": "unrecorded"}
                continue
            data = entry.model_dump(mode="json", exclude_defaults=True)
            if entry.source is not None:
                data["source_url"] = str(part.sources[entry.source - 1])
            out[key] = data
    return out


# --- a consultant's confirmations ----------------------------------------------------------


def confirmations_path(user_parts: Path) -> Path:
    return user_parts / CONFIRMATIONS_FILE


def apply_confirmations(parts: dict[str, PartBase], user_parts: Path,
                        problems: list[Problem]) -> dict[str, PartBase]:
    """Lay the recorded confirmations over the parts; a bad entry is a problem naming it."""
    path = confirmations_path(user_parts)
    if not path.is_file():
        return parts
    rel = f"parts/{CONFIRMATIONS_FILE}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(Problem(rel, "", "", f"cannot be read: {exc}"))
        return parts
    out = dict(parts)
    entries = data.get("confirmation", [])
    if not isinstance(entries, list):
        problems.append(Problem(rel, "", "confirmation", "must be a list of [[confirmation]] tables"))
        return parts
    for n, entry in enumerate(entries, start=1):
        where = f"confirmation {n}"
        if not isinstance(entry, dict):
            problems.append(Problem(rel, "", where, "must be a table"))
            continue
        part_id, key = str(entry.get("part", "")), str(entry.get("field", ""))
        part = out.get(part_id)
        if part is None:
            problems.append(Problem(rel, part_id, where, f"no part '{part_id}' in the catalog"))
            continue
        if key not in part.provenance_keys() or key == "default":
            problems.append(Problem(rel, part_id, key or where, f"a {part.kind} has no field or item '{key}'"))
            continue
        try:
            source = ValueSource(status="confirmed", ref=entry.get("ref", ""), by=entry.get("by", ""),
                                 on=entry.get("on"))
        except ValidationError as exc:
            msg = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            problems.append(Problem(rel, part_id, key, msg))
            continue
        out[part_id] = part.model_copy(update={"provenance": {**part.provenance, key: source}})
    return out


def record_confirmation(user_parts: Path, part: PartBase, key: str, *, by: str, ref: str,
                        on: dt.date | None = None) -> ValueSource:
    """Store that ``by`` confirmed ``key`` of ``part`` (from a manual: ``ref``); atomic save."""
    if key not in part.provenance_keys() or key == "default":
        raise ValueError(f"a {part.kind} has no field or item '{key}'")
    source = ValueSource(status="confirmed", ref=ref.strip(), by=by.strip(), on=on or dt.date.today())
    path = confirmations_path(user_parts)
    entries = []
    if path.is_file():
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("confirmation", [])
    entries = [e for e in entries if not (e.get("part") == part.id and e.get("field") == key)]
    entries.append({"part": part.id, "field": key, "by": source.by, "on": source.on, "ref": source.ref})
    atomic_write_text(path, tomli_w.dumps({"confirmation": entries}))
    return source


def share_confirmation(part: PartBase, key: str, source: ValueSource) -> KeptChange:
    """Keep a confirmation for the store database; its ``send`` records it there."""
    from configurator.store.outbox import keep

    return keep("confirmation", [{"part": part.id, "field": key, "by": source.by,
                                   "ref": source.ref,
                                   "on": source.on.isoformat() if source.on else None}],
                 "The confirmation is")
