"""Entry point: no arguments or a build file opens the app; ``--self-test`` checks an
installation headlessly; anything else is the CLI."""

from __future__ import annotations

import sys

GUI_FLAGS = {"--smoke-test"}


def _wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    first = argv[0]
    if first in GUI_FLAGS:
        return True
    return first.endswith(".json") and len(argv) == 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--self-test"]:
        from configurator.selftest import run_self_test

        return run_self_test(argv[1:])
    if _wants_gui(argv):
        try:
            from configurator.ui.app import run_app
        except ImportError as exc:
            print(f"configurator: the desktop app is not available ({exc}); "
                  "use a subcommand, see --help", file=sys.stderr)
            return 2
        return run_app(argv)
    from configurator.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
