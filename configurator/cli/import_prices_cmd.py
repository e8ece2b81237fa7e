"""``configurator catalog import-prices FILE.csv``: apply a supplier price list as user overrides."""

from __future__ import annotations

import sys
from pathlib import Path

from configurator.cli._common import EXIT_FINDINGS, EXIT_OK, CliError, catalog_or_exit, print_json
from configurator.errors import escape_control
from configurator.parts.prices import PriceFileError, apply_price_import, read_price_csv


def register(actions) -> None:
    p = actions.add_parser(
        "import-prices", help="import prices from CSV (part id or mpn, price, currency, as_of)",
        description="Columns: part id or manufacturer part number, price, currency, as-of date. "
                    "Prices are stored as your overrides and survive app updates. A malformed file "
                    "changes nothing.")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="report what would change, apply nothing")
    p.add_argument("--json", action="store_true")
    p.add_argument("--catalog", metavar="DIR")
    p.set_defaults(func=run)


def run(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    try:
        result = read_price_csv(Path(args.file), catalog)
        if not args.dry_run:
            apply_price_import(result, on_wait=_say_waiting)
    except PriceFileError as exc:
        raise CliError(f"{exc}; nothing was changed") from None
    if args.json:
        print_json({"applied": not args.dry_run, **result.to_json()})
    else:
        for c in result.changed:
            print(f"changed  {c.part_id}: {c.old.amount:,.2f} {c.old.currency} → {c.new.amount:,.2f} "
                  f"{c.new.currency}" + ("  (currency changed)" if c.old.currency != c.new.currency else ""))
        for n, key in result.unknown:
            print(f"unknown  line {n}: {escape_control(key)}")
        for n, reason in result.rejected:
            print(f"rejected line {n}: {escape_control(reason)}")
        print(f"{len(result.changed)} changed, {len(result.unchanged)} unchanged, "
              f"{len(result.unknown)} unknown, {len(result.rejected)} rejected"
              + (" (dry run, nothing applied)" if args.dry_run else ""))
    return EXIT_FINDINGS if result.rejected or result.unknown else EXIT_OK


def _say_waiting() -> None:
    print("configurator: another price import is running; waiting…", file=sys.stderr, flush=True)
