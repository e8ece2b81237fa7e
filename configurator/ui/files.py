"""New, open, save, recent files, the unsaved-changes prompt, autosave and crash recovery.

Autosave writes the open build to the user data folder while there are unsaved changes. A
lock file marks a running session; if the app starts, finds an autosave and can take the lock,
the previous session ended without closing cleanly and the autosave is offered back.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from configurator import paths
from configurator.build import Build, BuildError, dump_build, load_build, parse_build, save_build
from configurator.build.io import MAX_BUILD_FILE_BYTES
from configurator.build.model import UNTITLED
from configurator.fileio import atomic_write_text, read_limited
from configurator.safeparse import parse_json
from configurator.ui.document import BuildDocument
from configurator.ui.settings import app_settings, recent_files, remember_recent

BUILD_FILTER = "Build files (*.json);;All files (*)"
AUTOSAVE_MS = 30_000
# Anything that can go wrong reading a file someone handed us; the message names the file.
READ_ERRORS = (BuildError, ValueError, RecursionError, OSError, UnicodeError)


def autosave_path() -> Path:
    return paths.user_data_dir() / "autosave.json"


def read_autosave() -> tuple[Build, Path | None] | None:
    """The autosaved build and the file it came from, or None if there is none readable."""
    try:
        data = parse_json(read_limited(autosave_path(), MAX_BUILD_FILE_BYTES, "autosave").decode("utf-8"))
        build = parse_build(json.dumps(data["build"]), "autosave")
    except (*READ_ERRORS, KeyError, TypeError):
        return None
    origin = data.get("path")
    return build, Path(origin) if isinstance(origin, str) else None


class FileController(QObject):
    recent_changed = Signal(list)

    def __init__(self, document: BuildDocument, parent_widget: QWidget, *, session: bool = True,
                 autosave_ms: int = AUTOSAVE_MS):
        super().__init__(parent_widget)
        self._document = document
        self._window = parent_widget
        self._settings = app_settings()
        self._lock = QLockFile(str(paths.user_data_dir() / "session.lock"))
        self._lock.setStaleLockTime(0)
        self.owns_autosave = session and self._lock.tryLock(0)
        self._autosaved: Build | None = None
        self._timer = QTimer(self, interval=autosave_ms)
        self._timer.timeout.connect(self.autosave_now)
        if self.owns_autosave:
            self._timer.start()

    # --- prompts ---------------------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self._window, title, message)

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False means the person cancelled."""
        if not self._document.is_dirty:
            return True
        answer = QMessageBox.question(
            self._window, "Unsaved changes",
            f"Save the changes to “{self._document.title}” before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- actions ---------------------------------------------------------------------------------

    def new(self) -> bool:
        return self.open_build(self._document.new_build())

    def open_build(self, build: Build, *, dirty: bool = False) -> bool:
        """Open a build that has no file yet (an example to start from, a recommendation);
        ``dirty`` when closing it unsaved would lose something the person cannot get back."""
        if not self.maybe_save():
            return False
        try:
            self._document.open(build, None, dirty=dirty)
        except READ_ERRORS as exc:
            self.show_error("Cannot open build", f"“{build.name}” cannot be opened.\n\n{exc}")
            return False
        self.clear_autosave()
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        start = str(self._document.path.parent if self._document.path else paths.examples_dir())
        path, _ = QFileDialog.getOpenFileName(self._window, "Open build", start, BUILD_FILTER)
        return bool(path) and self.open_path(Path(path), ask=False)

    def open_path(self, path: Path, *, ask: bool = True) -> bool:
        """Open a build file; a bad file shows why and leaves the open build as it was."""
        if ask and not self.maybe_save():
            return False
        try:
            build = load_build(path)
            self._document.open(build, path)
        except READ_ERRORS as exc:
            self.show_error("Cannot open build", f"{Path(path).name} cannot be opened.\n\n{exc}")
            return False
        self._remember(path)
        self.clear_autosave()
        return True

    def save(self) -> bool:
        if self._document.path is None:
            return self.save_as()
        return self.save_to(self._document.path)

    def ensure_named(self) -> bool:
        """Ask for a build name once, before the first save or quote; False if cancelled."""
        if self._document.build.name != UNTITLED:
            return True
        name, ok = QInputDialog.getText(self._window, "Name this build",
                                        "Build name (printed on quotes and shown in compare):")
        if not ok or not name.strip():
            return False
        return self._document.set_build(
            self._document.build.model_copy(update={"name": name.strip()[:200]}), "Name build")

    def save_as(self) -> bool:
        if not self.ensure_named():
            return False
        start = self._document.path or Path.home() / f"{self._document.build.name}.json"
        path, _ = QFileDialog.getSaveFileName(self._window, "Save build as", str(start), BUILD_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            save_build(self._document.build, path)
        except OSError as exc:
            self.show_error("Cannot save build", f"{path} could not be written.\n\n{exc.strerror or exc}")
            return False
        self._document.mark_saved(path)
        self._remember(path)
        self.clear_autosave()
        return True

    def recent(self) -> list[str]:
        return recent_files(self._settings)

    def _remember(self, path: Path) -> None:
        self.recent_changed.emit(remember_recent(self._settings, str(Path(path).resolve())))

    # --- autosave --------------------------------------------------------------------------------

    def autosave_now(self) -> bool:
        """Write the build if it has unsaved changes not yet autosaved; True when written."""
        build = self._document.build
        if not (self.owns_autosave and self._document.is_dirty) or build == self._autosaved:
            return False
        origin = str(self._document.path) if self._document.path else None
        payload = {"path": origin, "build": json.loads(dump_build(build))}
        try:
            atomic_write_text(autosave_path(), json.dumps(payload, indent=1))
        except OSError:
            return False
        self._autosaved = build
        return True

    def clear_autosave(self) -> None:
        self._autosaved = None
        if self.owns_autosave:
            autosave_path().unlink(missing_ok=True)

    def pending_recovery(self) -> tuple[Build, Path | None] | None:
        """A build left by a session that did not close cleanly, if this session may take it."""
        return read_autosave() if self.owns_autosave else None

    def recover(self, build: Build, origin: Path | None) -> None:
        self._document.open(build, origin, dirty=True)

    def shutdown(self) -> None:
        """A clean exit: nothing to recover next time."""
        self._timer.stop()
        self.clear_autosave()
        if self.owns_autosave:
            self._lock.unlock()
