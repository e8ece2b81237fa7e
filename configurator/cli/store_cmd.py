"""``configurator store status|set|sync|quotes|migrate``: the store database from the command line.

Everything File › Store database and the register window do, headless; ``store status NUMBER
STATUS`` marks a quote the way the register window does.
"""

from __future__ import annotations

import datetime as dt
import sys
import tomllib

from configurator.cli._common import EXIT_FINDINGS, EXIT_OK, CliError, print_json
from configurator.store import cache, outbox
from configurator.store import config as store_config
from configurator.store.errors import StoreError

MARKS = ("sent", "accepted", "expired", "void")  # what a person may set; "issued" is set by issuing


def register(sub) -> None:
    p = sub.add_parser("store", help="the store database: status, settings, sync, quotes, migrate",
                       description="The quote register, price overrides, user parts and settings "
                                   "a store shares: a SQLite file on one machine, or the chain's "
                                   "PostgreSQL server (CONFIGURATOR_DATABASE_URL or 'store set').")
    actions = p.add_subparsers(dest="store_action", metavar="ACTION", required=True)

    status = actions.add_parser(
        "status", help="which database, reachable or not, what it holds; or mark a quote",
        description="Without arguments: which database this installation uses, whether it can "
                    "be reached and what it holds. With a quote number and a status: mark the "
                    "quote sent, accepted, expired or void, recording who, on which machine and "
                    "when (as the register window does). A status only moves forward: issued to "
                    "sent, accepted or expired; sent to accepted or expired; any of them to "
                    "void, which is final. Exit 2 for an unknown "
                    "number or a change that is not allowed, 3 if the database cannot be "
                    "reached; nothing is changed then.")
    status.add_argument("number", nargs="?", metavar="QUOTE_NUMBER")
    status.add_argument("new_status", nargs="?", metavar="|".join(MARKS))
    status.add_argument("--note", metavar="TEXT", help="why, kept with the status change")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)

    setp = actions.add_parser("set", help="name this installation's store and its database",
                              description="Save the store code (quote numbers carry it: "
                                          "Q-NYC-2026-0042) and the database URL. The password "
                                          "goes to the system keyring, never into a file.")
    setp.add_argument("--store", metavar="CODE", help="up to 8 letters or digits; '' for none")
    setp.add_argument("--url", help="postgresql://user@host:5432/database; '' for this machine's")
    setp.add_argument("--sync-minutes", type=int, metavar="N",
                      help="how often the open app syncs with the database; 0: only at start")
    setp.add_argument("--password-stdin", action="store_true",
                      help="read the database password from the first line of standard input")
    setp.set_defaults(func=run_set)

    sync = actions.add_parser("sync", help="send changes kept on this machine; copy the chain's "
                                           "prices and parts to it")
    sync.set_defaults(func=run_sync)

    quotes = actions.add_parser("quotes", help="list the register, filtered")
    quotes.add_argument("--store", metavar="CODE")
    quotes.add_argument("--consultant", metavar="NAME")
    quotes.add_argument("--status")
    quotes.add_argument("--since", metavar="YYYY-MM-DD")
    quotes.add_argument("--until", metavar="YYYY-MM-DD")
    quotes.add_argument("--search", default="", metavar="TEXT",
                        help="in the customer, company, PO reference, number and build name")
    quotes.add_argument("--json", action="store_true")
    quotes.set_defaults(func=run_quotes)

    migrate = actions.add_parser(
        "migrate", help="copy this machine's register, prices, parts and settings to a server",
        description="Copies the local SQLite store (and the local price overrides, user parts, "
                    "confirmed values, calibration runs and quote settings) to the database at "
                    "--to. Running it again copies only what is new; a number the server "
                    "already uses for another quote is reported, not overwritten. Exit 1 if "
                    "anything clashed.")
    migrate.add_argument("--to", required=True, metavar="URL")
    migrate.add_argument("--json", action="store_true")
    migrate.set_defaults(func=run_migrate)


def run_status(args) -> int:
    if args.number is not None or args.note is not None:
        return run_mark(args)
    from sqlalchemy import func, select

    from configurator.store.engine import open_store
    from configurator.store.models import PriceOverride, Quote

    config = store_config.load_config()
    synced = cache.sync_info()
    report = {"database": store_config.redact(config.url), "server": config.is_server,
              "store": config.store, "reachable": False, "quotes": None, "prices": None,
              "synced_at": synced.synced_at.isoformat() if synced else None,
              "sync_minutes": config.sync_minutes, "waiting": len(outbox.pending()),
              "problem": ""}
    try:
        store = open_store(config.url)
        with store.read() as conn:
            report["quotes"] = conn.execute(select(func.count()).select_from(Quote)).scalar()
            report["prices"] = conn.execute(
                select(func.count()).select_from(PriceOverride)).scalar()
        report["reachable"] = True
    except StoreError as exc:
        report["problem"] = str(exc)
        failure = exc.exit_code
    if args.json:
        print_json(report)
    else:
        print(f"database: {report['database']}" + ("" if config.is_server else " (this machine)"))
        print(f"store:    {config.store or '(none: plain quote numbers)'}")
        if report["reachable"]:
            print(f"holds:    {report['quotes']} quotes, {report['prices']} price overrides")
        else:
            print(f"problem:  {report['problem']}")
        if config.is_server:
            print(f"synced:   {report['synced_at'] or 'never'}")
        if report["waiting"]:
            print(f"waiting:  {report['waiting']} change(s) kept on this computer until the next sync")
    return EXIT_OK if report["reachable"] else failure


def run_mark(args) -> int:
    """``store status NUMBER STATUS [--note TEXT]``: the register window's Mark …, headless."""
    from configurator.errors import one_line
    from configurator.quote import QuoteRegister
    from configurator.quote.register import RegisterError

    if args.number is None or args.new_status is None:
        raise CliError(f"give a quote number and the status to set ({', '.join(MARKS)})")
    if args.new_status not in MARKS:
        raise CliError(f"'{args.new_status}' is not a status to set; one of {', '.join(MARKS)}")
    number = args.number.strip()
    try:
        change = QuoteRegister().set_status(number, args.new_status, note=args.note)
    except RegisterError as exc:
        raise CliError(f"{exc}; nothing was changed") from None
    except StoreError as exc:
        message = one_line(exc)
        if "nothing was changed" not in message:
            message += f"; {number} was not changed"
        print(f"configurator: {message}", file=sys.stderr)
        return exc.exit_code
    if args.json:
        print_json({"number": number, **change.to_json()})
    else:
        print(f"{number}: {change.old_status} → {change.describe()}"
              + (f" ({change.note})" if change.note else ""))
    return EXIT_OK


def run_set(args) -> int:
    from configurator.store.passwords import keyring_user, set_password

    current = store_config.load_config()
    store = current.store if args.store is None else args.store
    url = current.database_url if args.url is None else args.url
    minutes = current.sync_minutes if args.sync_minutes is None else args.sync_minutes
    config = store_config.make_config(store, url, minutes)
    if args.password_stdin:
        if not config.database_url:
            raise CliError("--password-stdin needs a server URL (--url)")
        from configurator.store.engine import parse_url

        parsed = parse_url(config.database_url)
        set_password(keyring_user(parsed.username or "", parsed.host or "localhost", parsed.port,
                                  parsed.database or ""),
                     sys.stdin.readline().rstrip("\r\n"))
    store_config.save_config(config)
    print(f"store {config.store or '(none)'}, database {store_config.redact(config.url)}")
    return EXIT_OK


def run_sync(args) -> int:
    from configurator.store.engine import open_store
    from configurator.store.shared import sync

    config = store_config.load_config()
    result = sync(open_store(config.url))
    if result.sent:
        print(f"sent {result.sent} change(s) kept on this computer")
    if result.adopted:
        print(f"took in {result.adopted} part(s), confirmation(s) and calibration run(s) "
              "from this computer's files")
    if result.info is None:
        print("nothing to sync: this installation keeps its own register and prices")
    else:
        print(f"synced from {result.info.database} at {result.info.synced_at:%Y-%m-%d %H:%M} UTC")
    return EXIT_OK


def run_quotes(args) -> int:
    from configurator.quote import STATUSES, QuoteRegister
    from configurator.quote.register import RegisterFilter

    if args.status is not None and args.status not in STATUSES:
        raise CliError(f"--status: one of {', '.join(STATUSES)}")
    wanted = RegisterFilter(store=args.store, consultant=args.consultant, status=args.status,
                            since=_date(args.since, "--since"), until=_date(args.until, "--until"),
                            search=args.search)
    entries = wanted.apply(QuoteRegister().entries(newest_first=True))
    if args.json:
        print_json([{"number": e.number, "store": e.store, "issue_date": e.issue_date.isoformat(),
                     "valid_until": e.valid_until.isoformat(), "status": e.status,
                     "customer": e.customer, "company": e.company,
                     "po_reference": e.po_reference, "consultant": e.consultant,
                     "build_name": e.build_name, "currency": e.currency, "total": f"{e.total:.2f}",
                     "status_changed": e.last_change.to_json() if e.last_change else None}
                    for e in entries])
        return EXIT_OK
    for e in entries:
        print(f"{e.number:<22} {e.issue_date.isoformat()}  {e.status:<8} {e.total:>12,.2f} "
              f"{e.currency}  {e.customer}" + (f" / {e.company}" if e.company else ""))
    print(f"{len(entries)} quote(s)")
    return EXIT_OK


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option}: '{text}' is not a date like 2026-03-05") from None


def run_migrate(args) -> int:
    from configurator.errors import one_line
    from configurator.estimate.local_calibration import load_store
    from configurator.parts.catalog import user_parts_dir
    from configurator.parts.prices import (
        OVERRIDES_FILE,
        PriceFileError,
        PriceImport,
        apply_price_import,
    )
    from configurator.parts.provenance import confirmations_path
    from configurator.paths import user_data_dir
    from configurator.quote.settings import settings_path
    from configurator.store.engine import Store, open_store
    from configurator.store.migrate import migrate

    config = store_config.load_config()
    source = open_store(store_config.local_url())
    target = Store(args.to)
    try:
        # Prices edited in the local file outside the app are taken into the local store first.
        apply_price_import(PriceImport(), user_data_dir() / OVERRIDES_FILE, store=source)
    except PriceFileError as exc:
        raise CliError(f"{exc}; nothing was copied") from None
    parts_root = user_parts_dir()
    parts = {p.relative_to(parts_root).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(parts_root.glob("*/*.toml"))} if parts_root.is_dir() else {}
    settings = settings_path()
    store_settings = ({config.store: settings.read_text(encoding="utf-8")}
                      if settings.is_file() else {})
    confirmations_file = confirmations_path(parts_root)
    try:
        confirmations = (tomllib.loads(confirmations_file.read_text(encoding="utf-8"))
                         .get("confirmation", []) if confirmations_file.is_file() else [])
        runs = load_store()["runs"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise CliError(f"{one_line(exc)}; nothing was copied") from None
    result = migrate(source, target, user_parts=parts, store_settings=store_settings,
                     confirmations=[c for c in confirmations if isinstance(c, dict)],
                     calibration_runs=runs, store=config.store)
    if args.json:
        print_json(result.to_json())
    else:
        for name, table in result.tables.items():
            print(f"{name:<18} {table.copied:>6} copied, {table.present:>6} already there, "
                  f"{len(table.conflicts)} conflict(s)")
        for line in result.clashes:
            print(f"conflict: {line}")
        print(f"{result.source} → {result.target}: "
              + ("row counts and contents verified" if result.verified else "VERIFICATION FAILED"))
    if not result.verified:
        return 3
    return EXIT_FINDINGS if result.clashes else EXIT_OK
