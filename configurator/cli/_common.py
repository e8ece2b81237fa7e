"""Helpers every subcommand shares: loading the catalog and a build with clean error messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from configurator.build import BuildError, ResolvedBuild, load_build, resolve
from configurator.errors import one_line
from configurator.parts import Catalog, CatalogError, load_catalog
from configurator.rules.catalog_lint import left_out_files

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_INTERNAL = 0, 1, 2, 3, 4


class CliError(Exception):
    """Bad input: printed as one line, exit code 2."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


def catalog_or_exit(root: str | None = None) -> Catalog:
    try:
        catalog = load_catalog(Path(root) if root else None)
    except CatalogError as exc:
        raise CliError(first_problem(exc)) from None
    warn_left_out(catalog)
    return catalog


def warn_left_out(catalog: Catalog | None = None) -> None:
    for line in left_out_files(catalog):
        print(f"configurator: warning: left out {line}", file=sys.stderr)


def first_problem(exc: CatalogError) -> str:
    """One line for a CatalogError: its first problem and how many more there are."""
    first = str(exc.problems[0]) if exc.problems else str(exc)
    more = len(exc.problems) - 1
    return first + (f" (and {more} more; run 'configurator catalog check')" if more > 0 else "")


def resolved_build(path: str, catalog: Catalog) -> ResolvedBuild:
    """The build file bound to the catalog, with unplaced cards and drives given a slot the
    way the app places them, so the command line reports what the app shows."""
    from configurator.graph import auto_place

    try:
        return resolve(auto_place(load_build(path), catalog), catalog)
    except BuildError as exc:
        raise CliError(str(exc)) from None


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def add_circuit_arg(parser) -> None:
    from configurator.build import CIRCUITS, DEFAULT_CIRCUIT

    parser.add_argument("--circuit", choices=sorted(CIRCUITS), default=None,
                        help="the site's wall circuit; overrides the build file's site "
                             f"(default: the build's, else {DEFAULT_CIRCUIT})")


def add_catalog_arg(parser) -> None:
    parser.add_argument("--catalog", metavar="DIR", help="parts folder (default: the bundled parts_db/)")
