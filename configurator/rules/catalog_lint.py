"""Whole-catalog checks that one part's validation cannot make."""

from __future__ import annotations

from configurator.errors import one_line
from configurator.estimate import user_model_problems
from configurator.parts import Catalog, Problem
from configurator.rules._predicates import board_fits_case, gpu_fits_case


def lint_catalog(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    cases = catalog.of_kind("case")
    boards = catalog.of_kind("motherboard")
    for kind in ("case", "motherboard", "cpu", "gpu", "psu"):
        if not catalog.of_kind(kind):
            problems.append(Problem("parts_db", "", kind, f"no {kind} in the catalog"))
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
