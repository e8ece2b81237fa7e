"""``configurator options BUILD --kind KIND``: the catalog's parts of a kind, ranked for this build."""

from __future__ import annotations

from configurator.cli._common import (
    EXIT_OK,
    add_catalog_arg,
    add_circuit_arg,
    catalog_or_exit,
    print_json,
    resolved_build,
)
from configurator.parts import PART_TYPES
from configurator.rules.options import rank_options


def register(sub) -> None:
    p = sub.add_parser("options", help="rank catalog parts of one kind for a build",
                       description="List every catalog part of a kind for this build, compatible first, "
                                   "incompatible ones with the findings that rule them out.")
    p.add_argument("build")
    p.add_argument("--kind", required=True, choices=sorted(PART_TYPES))
    add_circuit_arg(p)
    p.add_argument("--json", action="store_true")
    add_catalog_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    resolved = resolved_build(args.build, catalog)
    options = rank_options(resolved, args.kind, circuit=args.circuit)
    if args.json:
        print_json({"kind": args.kind, "options": [o.to_json() for o in options]})
        return EXIT_OK
    for o in options:
        mark = "*" if o.selected else ("+" if o.compatible else "-")
        print(f"{mark} {o.part.id:<44} {o.part.price.amount:>10,.2f} {o.part.price.currency}  {o.part.name}")
        for code, msg in o.reasons:
            print(f"      {code}: {msg}")
    return EXIT_OK
