"""The parts catalog: every part file under parts_db/<kind>/, validated on load.

A file holds one part. Its folder names the kind; a ``kind`` field, if present, must agree.
Problems in the bundled catalog are collected and raised together as a CatalogError, so a
person fixing the data sees every mistake at once. A file in the user's own parts folder that
cannot be loaded is left out instead (``Catalog.left_out``), so one bad file never stops the
app: the rest loads, and a build that names a left-out part is told which file and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from configurator import paths
from configurator.parts import models, snapshot
from configurator.parts.loading import CatalogError, Problem, read_toml, toml_files, validate_record
from configurator.parts.models import PART_TYPES, PartBase, Price
from configurator.parts.provenance import apply_confirmations
from configurator.store import cache

KIND_DIRS = {kind: kind for kind in PART_TYPES}
T = TypeVar("T")


@dataclass
class Catalog:
    parts: dict[str, PartBase]
    files: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    overridden_prices: set[str] = field(default_factory=set)
    left_out: list[Problem] = field(default_factory=list)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __contains__(self, part_id: str) -> bool:
        return part_id in self.parts

    def __getitem__(self, part_id: str) -> PartBase:
        return self.parts[part_id]

    def __len__(self) -> int:
        return len(self.parts)

    def __iter__(self) -> Iterator[PartBase]:
        return iter(self.parts.values())

    def get(self, part_id: str) -> PartBase | None:
        return self.parts.get(part_id)

    @cached_property
    def most_per_board(self) -> dict[str, int]:
        """The most PCIe cards, M.2 drives and DIMMs any one board of the catalog takes."""
        boards = self.of_kind("motherboard")
        return {"pcie": max((len(b.pcie_slots) for b in boards), default=0),
                "m2": max((len(b.m2_slots) for b in boards), default=0),
                "dimm": max((b.dimm_slots for b in boards), default=0)}

    def of_kind(self, kind: str) -> list[PartBase]:
        return list(self._by_kind.get(kind, ()))

    @cached_property
    def _by_kind(self) -> dict[str, tuple[PartBase, ...]]:
        by_kind: dict[str, list[PartBase]] = {}
        for part in self.parts.values():
            by_kind.setdefault(part.kind, []).append(part)
        return {kind: tuple(parts) for kind, parts in by_kind.items()}

    def derived(self, name: str, make: Callable[[Catalog], T]) -> T:
        """``make(self)``, worked out on the first call for ``name``: a catalog is not changed
        once made (``with_part`` and ``with_prices`` make new ones)."""
        try:
            return self._derived[name]
        except KeyError:
            value = self._derived[name] = make(self)
            return value

    def by_mpn(self, mpn: str) -> PartBase | None:
        """The one part with this manufacturer part number; None if none or several have it."""
        found = self.all_by_mpn(mpn)
        return found[0] if len(found) == 1 else None

    def all_by_mpn(self, mpn: str) -> list[PartBase]:
        wanted = mpn.strip().casefold()
        return [p for p in self.parts.values() if p.mpn and p.mpn.casefold() == wanted]

    def with_part(self, part: PartBase, file: str = "") -> Catalog:
        """A copy with one part added or replaced (a part saved or confirmed in the app)."""
        files = {**self.files, part.id: file or self.files.get(part.id, "")}
        return Catalog({**self.parts, part.id: part}, files, self.root, set(self.overridden_prices),
                       list(self.left_out))

    def with_prices(self, prices: dict[str, Price]) -> Catalog:
        """A copy with some prices replaced (user overrides); ids not in the catalog are ignored."""
        parts = dict(self.parts)
        changed = set()
        for part_id, price in prices.items():
            if part_id in parts:
                parts[part_id] = parts[part_id].model_copy(update={"price": price})
                changed.add(part_id)
        return Catalog(parts, dict(self.files), self.root, self.overridden_prices | changed,
                       list(self.left_out))

    def left_out_reason(self, part_id: str) -> str | None:
        """Why the user's file for ``part_id`` was left out, or None if it was not."""
        reasons = [str(p) for p in self.left_out if left_out_id(p) == part_id]
        return "; ".join(reasons) or None


def left_out_id(problem: Problem) -> str:
    """The part a left-out file was meant to define: its id, else the file's name."""
    return problem.part_id or Path(problem.file).stem


def load_catalog(root: Path | None = None, *, with_user_prices: bool = True) -> Catalog:
    """Load and validate every part under ``root`` (default: the bundled parts_db/).

    With ``with_user_prices`` (the app's and the CLI's default) the user's own parts folder
    (``<user data>/parts/<kind>/*.toml``) is loaded too: a part there replaces the bundled part
    with the same id, so a store's edits live outside the app folder and survive updates. On a
    chain, the chain's parts as last synced come before it. Price overrides are applied last.
    """
    root = Path(root) if root else paths.parts_db_dir()
    if not root.is_dir():
        raise CatalogError([Problem(str(root), "", "", "catalog folder not found")])
    problems: list[Problem] = []
    parts, files = _load_root(root, problems)
    if problems:
        raise CatalogError(problems)
    left_out: list[Problem] = []
    if with_user_prices:
        for user_root in (cache.chain_parts_dir(), user_parts_dir()):
            if user_root is not None:
                user_parts, user_files, problems = load_user_parts(user_root)
                parts.update(user_parts)
                files.update(user_files)
                left_out += problems
                parts = apply_confirmations(parts, user_root, left_out)
    catalog = Catalog(parts, files, root, left_out=left_out)
    if with_user_prices:
        from configurator.parts.prices import load_price_overrides

        catalog = catalog.with_prices(load_price_overrides())
    return catalog


def load_user_parts(user_root: Path) -> tuple[dict[str, PartBase], dict[str, str], list[Problem]]:
    """The parts in a user's parts folder and the problems of the files left out."""
    problems: list[Problem] = []
    try:
        if not user_root.is_dir():
            return {}, {}, []
    except OSError:
        return {}, {}, []
    parts, files = _load_folder(user_root, problems)
    # Named by full path: the person has to find the file in their own folder.
    return parts, files, [replace(p, file=str(user_root.parent / p.file)) for p in problems]


def user_parts_dir() -> Path:
    """Where a store keeps parts it added or corrected; never touched by an update."""
    return paths.user_data_dir() / "parts"


def _load_root(root: Path, problems: list[Problem]) -> tuple[dict[str, PartBase], dict[str, str]]:
    """The bundled catalog from its snapshot while its files are unchanged; any other folder
    (a test's, a store's own) from its files."""
    if root.resolve() != paths.parts_db_dir().resolve():
        return _load_folder(root, problems)
    files = [p for folder in KIND_DIRS.values() for p in toml_files(root / folder)]
    key = snapshot.fingerprint(root, files, models.__file__)
    if (cached := snapshot.read("catalog", root, key, tuple)) is not None:
        return cached
    loaded = _load_folder(root, problems)
    if not problems:
        snapshot.write("catalog", root, key, loaded)
    return loaded


def _load_folder(root: Path, problems: list[Problem]) -> tuple[dict[str, PartBase], dict[str, str]]:
    parts: dict[str, PartBase] = {}
    files: dict[str, str] = {}
    for kind, folder in KIND_DIRS.items():
        model = PART_TYPES[kind]
        for path in toml_files(root / folder):
            data, problem = read_toml(path, root)
            rel = _rel(path, root)
            if problem:
                problems.append(problem)
                continue
            declared = data.get("kind")
            if declared is not None and declared != kind:
                problems.append(
                    Problem(rel, str(data.get("id", "")), "kind",
                            f"says '{declared}' but the file is in the '{folder}/' folder")
                )
                continue
            data.setdefault("kind", kind)
            part, errs = validate_record(model, data, rel)
            problems.extend(errs)
            if part is None:
                continue
            if part.id in parts:
                problems.append(
                    Problem(rel, part.id, "id", f"duplicate id, also defined in {files[part.id]}")
                )
                continue
            parts[part.id] = part
            files[part.id] = rel
    return parts, files


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
