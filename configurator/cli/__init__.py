"""Command line: ``configurator validate|topology|options|catalog|estimate|models|calibrate|quote|recommend|store …``.

Exit codes are a contract: 0 no errors, 1 the build has errors (or the catalog has problems),
2 bad input (unreadable file, unknown id, wrong arguments), 3 a problem with the machine (user
data folder, quote register, disk), 4 an unexpected error. Every failure is one line on
stderr; tracebacks go to the log file in the user data folder, and to stderr with ``--debug``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import re
import sys
import traceback

from configurator import paths
from configurator.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    EXIT_INTERNAL,
    CliError,
)
from configurator.errors import EnvironmentProblemError, log_failure, one_line, os_problem
from configurator.fileio import remove_stale_temps

# Command name → module. Only the module of the command being run is imported, so a quick
# ``validate`` never loads the PDF renderer or the recommender.
COMMANDS = {
    "validate": "validate_cmd", "options": "options_cmd", "catalog": "catalog_cmd",
    "estimate": "estimate", "models": "estimate", "calibrate": "calibrate_cmd", "quote": "quote",
    "recommend": "recommend_cmd", "store": "store_cmd", "topology": "topology_cmd",
}


def _modules(argv: list[str] | None):
    """The command modules to register: the one ``argv`` names, else all of them (for --help)."""
    first = next((a for a in argv or () if not a.startswith("-")), None)
    names = [COMMANDS[first]] if first in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [importlib.import_module(f"configurator.cli.{name}") for name in names]


class _VersionAction(argparse.Action):
    """``--version``, reading the version only when asked: finding it costs every command time."""

    def __init__(self, option_strings, dest, **_kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show program's version number and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from configurator import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="configurator",
        description="Check AI-workstation builds, estimate what they run, and quote them.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--debug", action="store_true",
                        help="print the full traceback of a failure (it is always logged)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in _modules(argv):
        command.register(sub)
    return parser


# Control characters from a build file (a name, a slot id) would drive the terminal: escape
# codes that recolour, move the cursor or retitle the window. Printed as \uXXXX instead, which
# is also how JSON writes them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _TerminalSafe:
    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    with contextlib.redirect_stdout(_TerminalSafe(sys.stdout)), \
            contextlib.redirect_stderr(_TerminalSafe(sys.stderr)):
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(argv)
    # --debug is accepted anywhere on the line, not only before the command.
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    remove_stale_temps(paths.user_data_dir())
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        return _fail(exc, EXIT_BAD_INPUT, str(exc), debug, argv, log=False)
    except EnvironmentProblemError as exc:
        # A store database URL that cannot be right is bad input (exit 2), like a bad file.
        code = getattr(exc, "exit_code", EXIT_ENVIRONMENT)
        return _fail(exc, code, str(exc), debug, argv, log=code == EXIT_ENVIRONMENT)
    except BrokenPipeError:
        return 0
    except OSError as exc:
        return _fail(exc, EXIT_ENVIRONMENT, os_problem(exc), debug, argv)
    except KeyboardInterrupt:
        print("configurator: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in the log
        return _fail(exc, EXIT_INTERNAL, f"unexpected error: {type(exc).__name__}: {exc}",
                     debug, argv)


def _fail(exc: BaseException, code: int, message: str, debug: bool, argv: list[str], *,
          log: bool = True) -> int:
    logged = log_failure(exc, "configurator " + " ".join(argv)) if log else None
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    where = f" (details in {logged})" if logged and not debug else ""
    print(f"configurator: {one_line(message)}{where}", file=sys.stderr)
    return code
