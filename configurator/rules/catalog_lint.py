"""Whole-catalog checks that one part's validation cannot make."""

from __future__ import annotations

from pathlib import Path

from configurator.build import BuildError, ResolvedBuild, example_builds, resolve
from configurator.errors import one_line
from configurator.estimate import user_model_problems
from configurator.parts import Catalog, Problem
from configurator.parts.models import ITEM_FIELDS
from configurator.parts.provenance import has_value, is_confirmed, item_keys, key_words
from configurator.rules._predicates import board_fits_case, gpu_fits_case


def lint_catalog(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    cases = catalog.of_kind("case")
    boards = catalog.of_kind("motherboard")
    for kind in ("case", "motherboard", "cpu", "gpu", "psu"):
        if not catalog.of_kind(kind):
            problems.append(Problem("parts_db", "", kind, f"no {kind} in the catalog"))
    board_ids = {b.id for b in boards}
    for case in cases:
        for board_id in case.boards:
            if board_id not in board_ids:
                problems.append(Problem(catalog.files.get(case.id, ""), case.id, "boards",
                                        f"no motherboard '{board_id}' in the catalog"))
    for gpu in catalog.of_kind("gpu"):
        file = catalog.files.get(gpu.id, "")
        if cases and not any(gpu_fits_case(gpu, c) is None for c in cases):
            problems.append(Problem(file, gpu.id, "length_mm", "fits no case in the catalog"))
        if boards and not any(
            any(s.physical >= min(gpu.pcie_lanes, 16) for s in b.pcie_slots) for b in boards
        ):
            problems.append(Problem(file, gpu.id, "pcie_lanes", "fits no motherboard slot in the catalog"))
    for board in boards:
        file = catalog.files.get(board.id, "")
        if cases and not any(board_fits_case(board, c) is None for c in cases):
            problems.append(Problem(file, board.id, "form_factor", "fits no case in the catalog"))
        sockets = {c.socket for c in catalog.of_kind("cpu")}
        if board.socket not in sockets:
            problems.append(Problem(file, board.id, "socket", f"no CPU for socket {board.socket}"))
    for part in catalog:
        file = catalog.files.get(part.id, "")
        if not part.sources:
            problems.append(Problem(file, part.id, "sources", "no source for the values"))
    return problems


def left_out_files(catalog: Catalog | None = None, *, every_problem: bool = False) -> list[str]:
    """The user's part and model files that could not be loaded, one line each (or one line
    per problem)."""
    if every_problem:
        return [one_line(p) for p in (catalog.left_out if catalog else []) + user_model_problems()]
    by_file: dict[str, list] = {}
    for problem in (catalog.left_out if catalog else []) + user_model_problems():
        by_file.setdefault(problem.file, []).append(problem)
    lines = []
    for problems in by_file.values():
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        lines.append(one_line(f"{problems[0]}{more}"))
    return lines


def unconfirmed_reads(catalog: Catalog, builds: dict[str, ResolvedBuild]) -> list[dict]:
    """Values some rule reads, of parts in the example builds, that no source confirms: the
    list to take to the manuals first. Slot and footnote values count where the build
    populates the slot."""
    from configurator.rules import RULES

    found: dict[tuple[str, str], dict] = {}
    for name, resolved in sorted(builds.items()):
        populated = resolved.populated_slots
        for rule in RULES:
            for kind, fields in rule.reads.items():
                for part in {u.part.id: u.part for u in resolved.units_of(kind)}.values():
                    for key in _read_keys(part, fields, populated):
                        if is_confirmed(part, key):
                            continue
                        entry = found.setdefault((part.id, key), {
                            "part": part.id, "field": key, "label": key_words(part, key),
                            "rules": set(), "examples": set()})
                        entry["rules"].add(rule.code)
                        entry["examples"].add(name)
    return [{**e, "rules": sorted(e["rules"]), "examples": sorted(e["examples"])}
            for _, e in sorted(found.items())]


def _read_keys(part, fields, populated: set[str]):
    for field in fields:
        if not hasattr(part, field) or not has_value(part, field):
            continue
        if field not in ITEM_FIELDS:
            yield field
            continue
        for key in item_keys(part, field):
            kind, _, item = key.partition(".")
            if kind == "sharing":
                rule = part.sharing[int(item) - 1]
                if populated & {rule.target, *rule.when_populated}:
                    yield key
            elif item in populated:
                yield key


def resolved_examples(catalog: Catalog, folder: Path) -> dict[str, ResolvedBuild]:
    """The example builds that resolve against this catalog, by file name."""
    out = {}
    for example in example_builds(folder):
        try:
            out[example.path.stem] = resolve(example.build, catalog)
        except BuildError:
            continue
    return out
