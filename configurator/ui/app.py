"""Starting the desktop app: ``configurator``, ``configurator BUILD.json``, ``--smoke-test``."""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from pathlib import Path

from configurator import __version__, paths
from configurator.errors import log_failure, one_line, os_problem
from configurator.fileio import remove_stale_temps

ORG_NAME = "configurator"
APP_NAME = "AI-workstation configurator"


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _smoke_build(window) -> None:
    """Open an example build so the smoke test exercises resolve, rules and every panel."""
    examples = sorted(paths.examples_dir().glob("*.json"))
    if examples:
        window.files.open_path(examples[0], ask=False)
    else:
        raise RuntimeError(f"no example builds in {paths.examples_dir()}")


def _report_unexpected(exc_type, exc, tb) -> None:
    """An error nothing else handled: one line in a dialog, the traceback in the log file."""
    from PySide6.QtWidgets import QMessageBox

    logged = log_failure(exc.with_traceback(tb), "app")
    where = f"\n\nDetails are in {logged}." if logged else ""
    QMessageBox.critical(None, APP_NAME, f"Unexpected error: {one_line(f'{exc_type.__name__}: {exc}')}"
                                         f"{where}")


def run_app(argv: list[str]) -> int:
    started = time.perf_counter()
    smoke = "--smoke-test" in argv
    targets = [a for a in argv if not a.startswith("--")]
    if smoke and _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from configurator.parts import CatalogError, load_catalog
    from configurator.ui.dialogs.recover import ask_recover
    from configurator.ui.document import BuildDocument
    from configurator.ui.estimates import Estimator
    from configurator.ui.main_window import MainWindow
    from configurator.ui.settings import app_settings
    from configurator.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "icons" / "configurator.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    settings = app_settings()
    apply_theme(app, dark=settings.value("view/dark", False, type=bool))

    failures: list[str] = []
    if smoke:
        def _record(exc_type, exc, tb):
            text = "".join(traceback.format_exception(exc_type, exc, tb))
            failures.append(text)
            print(f"smoke-test: error\n{text}", file=sys.stderr, flush=True)  # also when it ends the run
            app.exit(1)

        sys.excepthook = _record

    try:
        remove_stale_temps(paths.ensure_user_data_dir())
    except OSError as exc:
        message = one_line(os_problem(exc, "create the user data folder"))
        if smoke:
            print(f"smoke-test: {message}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, f"The app cannot start: {message}.")
        return 3
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        if smoke:
            print(f"smoke-test: catalog failed to load: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, "The parts catalog cannot be loaded.\n\n"
                                 + "\n".join(one_line(p) for p in exc.problems[:10]))
        return 1
    document = BuildDocument(catalog, estimator=Estimator(),
                             circuit=str(settings.value("build/circuit", "120v15a")))
    window = MainWindow(document, session=not smoke)
    # The catalog and the window live as long as the app: left out of garbage collection, a
    # full collection stays short instead of stalling a frame (during a search, say).
    gc.freeze()
    if smoke:
        _smoke_build(window)
    elif targets:
        window.files.open_path(Path(targets[0]), ask=False)
    else:
        pending = window.files.pending_recovery()
        if pending and ask_recover(None, *pending):
            window.files.recover(*pending)
        else:
            if pending:
                window.files.clear_autosave()
            window.show_start()
    window.show()

    if smoke:
        app.processEvents()
        print(f"smoke-test: window shown in {time.perf_counter() - started:.2f} s "
              f"({len(catalog)} parts, status {document.state.report.status})", flush=True)
        QTimer.singleShot(200, app.quit)
    previous_hook = sys.excepthook
    if not smoke:
        sys.excepthook = _report_unexpected
    code = app.exec()
    sys.excepthook = previous_hook
    if failures:
        print(f"smoke-test: failed ({len(failures)} error(s) above)", file=sys.stderr)
        return 1
    return code
