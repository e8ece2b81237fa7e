"""``configurator quote BUILD -o quote.pdf``: issue a numbered PDF quote and its JSON data file."""

from __future__ import annotations

import datetime as dt
import errno
import re
import sys
from pathlib import Path

from pydantic import ValidationError

from configurator.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliError,
    add_catalog_arg,
    add_circuit_arg,
    catalog_or_exit,
    print_json,
    resolved_build,
)
from configurator.errors import EnvironmentProblemError
from configurator.quote import (
    Customer,
    MoneyError,
    QuoteError,
    QuoteRegister,
    QuoteRequest,
    QuoteSettings,
    RegisterError,
    ServiceRequest,
    SettingsError,
    data_path_for,
    default_request,
    format_amount,
    issue_quote,
    load_settings,
    percentage,
)
from configurator.quote.paper import PAPERS
from configurator.rules import validate


def register(sub) -> None:
    p = sub.add_parser(
        "quote", help="issue a PDF quote for a build",
        description="Issue a numbered PDF quote for a build, with a machine-readable JSON "
                    "file beside it (same name, .json). The number comes from the quote "
                    "register in the user data folder.",
    )
    p.add_argument("build", help="build file (JSON)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF to write")
    p.add_argument("--force", action="store_true",
                   help="replace the PDF (and its .json) if they already exist")
    p.add_argument("--customer", default="", metavar="NAME", help="customer's name")
    p.add_argument("--company", default="", metavar="NAME", help="customer's company")
    p.add_argument("--address", default="", help="customer's address")
    p.add_argument("--email", default="", help="customer's e-mail")
    p.add_argument("--po", default="", metavar="REF", help="customer's purchase-order reference")
    p.add_argument("--consultant", default="", metavar="NAME", help="consultant's name")
    p.add_argument("--tax-rate", metavar="PCT", help="tax rate in %% (default: from settings)")
    p.add_argument("--paper", choices=PAPERS, type=str.lower,
                   help="paper size (default: the quote settings', else the locale's: Letter in "
                        "e.g. the US, Canada, Mexico and the Philippines, A4 elsewhere)")
    p.add_argument("--discount", default="0", metavar="PCT", help="discount on the whole quote in %%")
    p.add_argument("--services", metavar="KEYS",
                   help="comma-separated service keys to add (default: the store's default "
                        "services; '' for none)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="issue date (default: today)")
    p.add_argument("--revision-of", metavar="NUMBER",
                   help="re-issue an existing quote number as its next revision")
    p.add_argument("--override-reason", default="", metavar="TEXT",
                   help="quote a build with errors anyway; the reason is printed on the quote")
    add_circuit_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_catalog_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        raise CliError(f"the output file must end in .pdf, not '{output.name}'")
    existing = [p for p in (output, data_path_for(output)) if p.exists() or p.is_symlink()]
    if existing and not args.force:
        raise CliError(f"{existing[0]} already exists; give --force to replace it")
    catalog = catalog_or_exit(args.catalog)
    resolved = resolved_build(args.build, catalog)
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    request = _request(args, settings)
    report = validate(resolved, args.circuit)
    if not report.ok and not request.override_reason.strip():
        errors = ", ".join(f.code for f in report.findings if f.severity == "error")
        print(f"configurator: {resolved.build.name} has errors ({errors}); fix them or give "
              "--override-reason", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        result = issue_quote(resolved, request, settings, output, report=report,
                             register=QuoteRegister(on_wait=_say_waiting),
                             revision_of=_base_number(args.revision_of),
                             build_text=Path(args.build).read_text(encoding="utf-8"))
    except (QuoteError, RegisterError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        message = f"cannot write {exc.filename or output}: {exc.strerror or exc}; no quote number was used"
        if exc.errno in MACHINE_ERRNOS:
            raise EnvironmentProblemError(message) from None
        raise CliError(message) from None
    quote = result.quote
    t = quote.totals
    if args.json:
        print_json({
            "number": quote.full_number,
            "revision": quote.revision,
            "currency": quote.currency,
            "subtotal": f"{t.subtotal:.2f}",
            "discount": f"{t.discount:.2f}",
            "tax": f"{t.tax:.2f}",
            "total": f"{t.total:.2f}",
            "pdf": str(result.pdf_path),
            "data": str(result.data_path),
            "data_sha256": result.data_sha256,
        })
    else:
        print(f"{quote.full_number}: {format_amount(t.total, quote.currency)} "
              f"({len(quote.lines)} lines, valid until {quote.valid_until.isoformat()})")
        print(f"  pdf:  {result.pdf_path}")
        print(f"  data: {result.data_path} (SHA-256 {result.data_sha256})")
    return EXIT_OK


# Write failures that are the machine's (exit 3), not a wrong output path (exit 2).
MACHINE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS}

OPTION_OF_FIELD = {
    "name": "--customer", "company": "--company", "address": "--address", "email": "--email",
    "po_reference": "--po", "consultant": "--consultant", "override_reason": "--override-reason",
    "issue_date": "--date",
}


def _base_number(number: str | None) -> str | None:
    """Q-2026-0042-R1 names the same quote as Q-2026-0042; a revision follows the latest."""
    return re.sub(r"-R\d+$", "", number.strip()) if number else None


def _request(args, settings: QuoteSettings) -> QuoteRequest:
    try:
        issue_date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise CliError(f"--date: '{args.date}' is not a date like 2026-03-05") from None
    try:
        fields = {
            "discount_pct": percentage(args.discount, "--discount"),
            "consultant": args.consultant,
            "override_reason": args.override_reason,
        }
        if args.paper is not None:
            fields["paper"] = args.paper
        if args.tax_rate is not None:
            fields["tax_rate_pct"] = percentage(args.tax_rate, "--tax-rate")
        if args.services is not None:
            fields["services"] = _services(args.services, settings)
        customer = Customer(name=args.customer, company=args.company, address=args.address,
                            email=args.email, po_reference=args.po)
        return default_request(settings, issue_date=issue_date, customer=customer, **fields)
    except MoneyError as exc:
        raise CliError(str(exc)) from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = str(first["loc"][-1]) if first["loc"] else ""
        where = OPTION_OF_FIELD.get(field, field)
        raise CliError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


def _services(keys: str, settings: QuoteSettings) -> tuple[ServiceRequest, ...]:
    services = []
    for key in filter(None, (k.strip() for k in keys.split(","))):
        offer = settings.service(key)
        if offer is None:
            known = ", ".join(s.key for s in settings.services)
            raise CliError(f"--services: unknown service '{key}' (known: {known})")
        services.append(ServiceRequest(key=offer.key, description=offer.description,
                                       unit_price=offer.price))
    return tuple(services)


def _say_waiting() -> None:
    print("configurator: another quote is being issued; waiting for the quote register…",
          file=sys.stderr, flush=True)
