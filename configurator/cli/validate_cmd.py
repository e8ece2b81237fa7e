"""``configurator validate BUILD``: findings, effective links, power and price of a build."""

from __future__ import annotations

from configurator.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_catalog_arg,
    add_circuit_arg,
    catalog_or_exit,
    print_json,
    resolved_build,
)
from configurator.rules import validate

ICON = {"error": "ERROR", "warning": "WARN ", "info": "info "}


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a build file", description="Check a build file.")
    p.add_argument("build", help="build file (JSON)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_circuit_arg(p)
    add_catalog_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    resolved = resolved_build(args.build, catalog)
    report = validate(resolved, args.circuit)
    if args.json:
        print_json(report.to_json())
    else:
        print_report(resolved.build.name, report)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def print_report(name: str, report) -> None:
    print(f"{name}: {report.status}")
    for link in report.links:
        print(f"  {link.slot:<16} {link.device:<40} {link.label} ({link.source}, per direction)")
    p = report.power
    print(f"  power: ~{p.sustained_w:.0f} W sustained, ~{p.peak_w:.0f} W peaks, "
          f"PSU {p.psu_w:.0f} W ({p.load_pct:.0f} %), ~{p.wall_w:.0f} W at the wall")
    print(f"  price: {report.price.text()}"
          + ("  (mixed currencies: amounts are not added across them)" if report.price.mixed_currencies else ""))
    for f in report.findings:
        print(f"  {ICON[f.severity]} {f.code}: {f.message}")
        if f.chain:
            print(f"        chain: {' → '.join(f.chain)}")
        for fx in f.fixes:
            print(f"        fix: {fx.text}")
        for u in f.unconfirmed:
            print(f"        {u.text}")
