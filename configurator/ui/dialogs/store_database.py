"""File › Store database: which store this installation is, and which database its quotes,
prices and parts live in; "Test connection" checks a server before it is saved.

The password goes to the system keyring, never into a settings file. The database library is
imported only when a button is pressed.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from configurator.errors import EnvironmentProblemError, one_line
from configurator.store import cache, outbox
from configurator.store.config import (
    MAX_SYNC_MINUTES,
    URL_ENV,
    load_config,
    make_config,
    redact,
    save_config,
)

URL_HINT = "postgresql://user@host:5432/database (empty: this computer's own register)"


def _sync_news(problem: str) -> list[tuple[str, str]]:
    """(a few words, the whole sentence) on the chain's prices and parts, the last sync's
    problem and the changes waiting to be sent."""
    said = []
    if cache.uses_server():
        info = cache.sync_info()
        said.append(("Not synced yet", "Prices and parts: not synced with the store database yet")
                    if info is None else
                    (f"Prices and parts as of {info.synced_at.astimezone():%Y-%m-%d %H:%M}",) * 2)
    if problem:
        said.append(("last sync failed", f"Last sync failed: {problem}"))
    if waiting := len(outbox.pending()):
        changes = f"{waiting} change{'s' if waiting > 1 else ''} waiting"
        said.append((changes, f"{changes} to be sent (kept on this computer until the store "
                              "database takes them)"))
    return said


def sync_text(problem: str = "") -> str:
    """What the status bar says about the chain's prices and parts, the last sync and the
    changes waiting to be sent, in a few words; '' on one machine with nothing to say."""
    return " · ".join(short for short, _ in _sync_news(problem))


def sync_details(problem: str = "") -> str:
    """``sync_text`` in whole sentences, one a line: the status bar's tooltip."""
    return "\n".join(full for _, full in _sync_news(problem))


class StoreDatabaseDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Store database")
        try:
            config = load_config()
        except EnvironmentProblemError as exc:
            config = make_config("", "")
            self._problem = one_line(exc)
        else:
            self._problem = ""
        self.changed = False  # saved or synced: the app's prices and parts may differ now
        self.store = QLineEdit(config.store, placeholderText="e.g. NYC (empty: plain numbers)",
                               maxLength=8)
        self.url = QLineEdit(config.database_url, placeholderText=URL_HINT)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password,
                                  placeholderText="kept in the system keyring")
        self.result = QLabel(self._problem or self._current(), wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Store code", self.store)
        form.addRow("Server URL", self.url)
        form.addRow("Password", self.password)
        self.sync_minutes = QSpinBox(minimum=0, maximum=MAX_SYNC_MINUTES,
                                     value=config.sync_minutes, suffix=" min",
                                     specialValueText="only at start")
        self.sync_minutes.setToolTip("How often the open app sends its changes and fetches the "
                                     "store's prices and parts; it also syncs at start")
        form.addRow("Sync every", self.sync_minutes)
        if os.environ.get(URL_ENV):
            form.addRow(QLabel(f"{URL_ENV} is set and is used instead of the URL above."))
        test = QPushButton("Test connection")
        test.clicked.connect(self.test_connection)
        self.sync_button = QPushButton("Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setEnabled(cache.uses_server())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(test, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    @staticmethod
    def _current() -> str:
        config = load_config()
        where = redact(config.url) if config.is_server else "this computer's own register"
        news = " ".join(f"{full.rstrip('.')}." for _, full in _sync_news(""))
        return f"Now: {where}. {news}".strip()

    def _url(self) -> str:
        return self.url.text().strip()

    def _busy(self, run) -> str | None:
        """Run ``run()``; its text, or the problem as one line in the result label."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            text = run()
        except EnvironmentProblemError as exc:
            self.result.setText(one_line(exc))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result.setText(text)
        return text

    def test_connection(self) -> str | None:
        from configurator.store.config import local_url
        from configurator.store.engine import probe

        url = self._url() or local_url()
        return self._busy(lambda: probe(url, self.password.text()))

    def sync_now(self) -> str | None:
        from configurator.store.engine import open_store
        from configurator.store.shared import sync

        def run() -> str:
            info = sync(open_store()).info
            self.changed = True
            if info is None:
                return "Synced: this computer's own register is up to date"
            return f"Synced: prices and parts as of {info.synced_at.astimezone():%Y-%m-%d %H:%M}"

        return self._busy(run)

    def save(self) -> None:
        from configurator.store.engine import parse_url
        from configurator.store.passwords import keyring_user, set_password

        def run() -> str:
            config = make_config(self.store.text(), self._url(), self.sync_minutes.value())
            if config.database_url and self.password.text():
                url = parse_url(config.database_url)
                set_password(keyring_user(url.username or "", url.host or "localhost", url.port,
                                          url.database or ""), self.password.text())
            save_config(config)
            self.changed = True
            return "saved"

        if self._busy(run) is not None:
            self.accept()
