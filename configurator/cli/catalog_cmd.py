"""``configurator catalog list|check``: show and lint the parts catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from configurator import paths
from configurator.cli import import_prices_cmd
from configurator.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliError,
    add_catalog_arg,
    catalog_or_exit,
    left_out_files,
    print_json,
)
from configurator.parts import PART_TYPES, CatalogError, editing, load_catalog
from configurator.parts.provenance import coverage, provenance_json
from configurator.rules.catalog_lint import lint_catalog, resolved_examples, unconfirmed_reads


def register(sub) -> None:
    p = sub.add_parser("catalog", help="list or check the parts catalog")
    actions = p.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    lst = actions.add_parser("list", help="every part with all its fields")
    lst.add_argument("--kind", choices=sorted(PART_TYPES))
    lst.add_argument("--json", action="store_true")
    add_catalog_arg(lst)
    lst.set_defaults(func=run_list)
    chk = actions.add_parser("check", help="lint the catalog and your own parts folder; exit 1 on problems")
    chk.add_argument("--json", action="store_true")
    add_catalog_arg(chk)
    chk.set_defaults(func=run_check)
    new = actions.add_parser("new", help="a new part copied from a catalog part, validated and saved")
    new.add_argument("--kind", required=True, choices=sorted(PART_TYPES))
    new.add_argument("--like", required=True, metavar="ID", help="the catalog part to copy")
    new.add_argument("--id", dest="new_id", metavar="NEW_ID", help="the new part's id (default: ID-copy)")
    new.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                     help="change a field (TOML value: 24, \"GDDR7\", [\"ATX\"]); repeatable")
    new.add_argument("-o", "--output", metavar="FILE",
                     help="where to write the part file (default: your parts folder, where the app finds it)")
    add_catalog_arg(new)
    new.set_defaults(func=run_new)
    import_prices_cmd.register(actions)


def run_list(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    parts = catalog.of_kind(args.kind) if args.kind else list(catalog)
    parts.sort(key=lambda p: (p.kind, p.id))
    if args.json:
        print_json([{**p.model_dump(mode="json"), "provenance": provenance_json(p)} for p in parts])
        return EXIT_OK
    for p in parts:
        print(f"{p.kind:<12} {p.id:<46} {p.price.amount:>10,.2f} {p.price.currency}  {p.name}")
        if args.kind:  # one kind: every field, as the part file has it
            for field, value in p.model_dump(mode="json", exclude={"id", "kind", "notes", "provenance"}).items():
                print(f"    {field}: {_compact(value)}")
    return EXIT_OK


def _compact(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_compact(v) for v in value) or "-"
    return "-" if value is None else str(value)


def run_check(args) -> int:
    root = Path(args.catalog) if args.catalog else None
    catalog = None
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        problems = [str(p) for p in exc.problems]
    else:
        problems = [str(p) for p in lint_catalog(catalog)]
        problems += [f"left out {line}" for line in left_out_files(catalog, every_problem=True)]
    kinds = [coverage(catalog.of_kind(k), k) for k in PART_TYPES] if catalog else []
    unconfirmed = unconfirmed_reads(catalog, resolved_examples(catalog, paths.examples_dir())) if catalog else []
    if args.json:
        print_json({"ok": not problems, "problems": problems,
                    "coverage": [c.to_json() for c in kinds], "unconfirmed_read": unconfirmed})
        return EXIT_FINDINGS if problems else EXIT_OK
    for line in problems:
        print(line)
    print("catalog ok" if not problems else f"{len(problems)} problem(s)")
    if kinds:
        print("confirmed values by kind:")
        for c in kinds:
            print(f"  {c.kind:<12} {c.parts:>3} parts  {c.confirmed:>4} of {c.fields:>4} values confirmed ({c.pct:.0f} %)")
    if unconfirmed:
        print("values the rules read in the example builds that no source confirms (check the manuals):")
        for e in unconfirmed:
            print(f"  {e['part']} {e['field']} ({e['label']}): read by {', '.join(e['rules'])}; "
                  f"in {', '.join(e['examples'])}")
    return EXIT_FINDINGS if problems else EXIT_OK


def run_new(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    source = catalog.get(args.like)
    if source is None or source.kind != args.kind:
        raise CliError(f"no {args.kind} with id '{args.like}' in the catalog")
    new_id = args.new_id or f"{args.like}-copy"
    if problem := editing.new_id_problem(catalog, new_id):
        raise CliError(problem)
    data = editing.like(source, new_id)
    for assignment in args.set:
        field, sep, value = assignment.partition("=")
        if not sep or not field.strip():
            raise CliError(f"--set {assignment}: write FIELD=VALUE")
        data[field.strip()] = editing.parse_value(value.strip())
    target = Path(args.output) if args.output else None
    part, problems = editing.check(args.kind, data, str(target or f"parts/{args.kind}/{new_id}.toml"))
    if problems:
        raise CliError("; ".join(str(p) for p in problems))
    try:
        path = editing.save(part, target)
    except OSError as exc:
        raise CliError(f"cannot write {target or editing.user_part_path(part)}: {exc.strerror or exc}") from None
    if target is None and (notice := editing.share(part, path).send()):
        print(f"note: {notice}", file=sys.stderr)
    print(path)
    return EXIT_OK
