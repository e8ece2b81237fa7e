"""Command line: ``configurator validate|options|catalog|estimate|models|quote … [--json]``.

Exit codes are a contract: 0 no errors, 1 the build has errors (or the catalog has problems),
2 bad input (unreadable file, unknown id, wrong arguments). Nothing prints a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys

from configurator import __version__
from configurator.cli import catalog_cmd, estimate, options_cmd, quote, validate_cmd
from configurator.cli._common import EXIT_BAD_INPUT, CliError


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="configurator",
        description="Check AI-workstation builds, estimate what they run, and quote them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in (validate_cmd, options_cmd, catalog_cmd, estimate, quote):
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
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"configurator: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
