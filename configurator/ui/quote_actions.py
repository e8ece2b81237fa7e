"""File → Quote…, Quote register… and Store database…: the quote package is imported on first
use, and the actions are disabled, with the reason as tooltip, when it cannot be imported.
The store database is synced in the background at start and every few minutes; on a chain,
the status bar says how recent the local copy of its prices and parts is."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

from configurator.errors import one_line
from configurator.ui.dialogs.store_database import StoreDatabaseDialog, sync_details, sync_text
from configurator.ui.document import BuildDocument
from configurator.ui.store_sync import StoreSync, SyncOutcome
from configurator.ui.store_writes import store_writes


def _quote_module():
    try:
        from configurator.ui import quote
    except ImportError as exc:
        return None, str(exc)
    return quote, ""


class QuoteActions(QObject):
    def __init__(self, document: BuildDocument, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self._document = document
        self._window = window
        self.register_window: QWidget | None = None
        self.quote = QAction("&Quote…", window, shortcut=QKeySequence("Ctrl+P"),
                             toolTip="Write a PDF quote for this build")
        self.register = QAction("Quote re&gister…", window, toolTip="Quotes issued so far")
        self.quote.triggered.connect(self.open_quote)
        self.register.triggered.connect(self.open_register)
        self.store_database = QAction("Store &database…", window,
                                      toolTip="This store's code and where its quotes, prices "
                                              "and parts are kept")
        self.store_database.triggered.connect(self.open_store_database)
        menu.addAction(self.quote)
        menu.addAction(self.register)
        menu.addAction(self.store_database)
        menu.aboutToShow.connect(self.check_available)
        self.sync_label = QLabel()
        self._show_sync("")
        window.statusBar().addPermanentWidget(self.sync_label)
        self.sync = StoreSync(self)
        self.sync.finished.connect(self._synced)
        self.sync.schedule()
        store_writes().done.connect(self._recorded)
        QTimer.singleShot(0, self.sync.start)  # once the window is up

    def check_available(self) -> bool:
        module, problem = _quote_module()
        for action in (self.quote, self.register):
            action.setEnabled(module is not None)
            if module is None:
                action.setToolTip(f"Quotes are not available: {problem}")
        return module is not None

    def open_quote(self) -> None:
        module, problem = _quote_module()
        if module is None:
            self._window.statusBar().showMessage(f"Quotes are not available: {problem}", 8000)
            return
        if not self._window.files.ensure_named():
            return
        self.ask_seller_once(module)
        module.QuoteDialog(self._document.build, self._document.catalog, self._window).exec()

    def ask_seller_once(self, module) -> None:
        """The first quote asks for the seller's details, which every quote prints."""
        from configurator.quote import QuoteSettings
        from configurator.quote.settings import settings_path

        if not settings_path().exists():
            module.SellerSettingsDialog(QuoteSettings(), self._window).exec()

    def open_register(self) -> None:
        module, problem = _quote_module()
        if module is None:
            self._window.statusBar().showMessage(f"Quotes are not available: {problem}", 8000)
            return
        # Opens at once: it reads the register on a worker and says there what went wrong.
        self.register_window = module.RegisterWindow(self._document.catalog)
        self.register_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.register_window.show()

    def open_store_database(self) -> StoreDatabaseDialog:
        dialog = StoreDatabaseDialog(self._window)
        dialog.finished.connect(lambda _: self._store_changed(dialog.changed))
        dialog.open()
        return dialog

    def _show_sync(self, problem: str) -> None:
        """A few words in the status bar, so a notice beside them stays readable at 1280 px;
        the whole sentences in its tooltip."""
        self.sync_label.setText(sync_text(problem))
        self.sync_label.setToolTip(sync_details(problem))

    def _synced(self, outcome: SyncOutcome) -> None:
        self._show_sync(outcome.problem)
        if outcome.catalog is not None:
            self._document.catalog = outcome.catalog
            self._document.recompute()

    def _recorded(self) -> None:
        """A change went to the store database or joined those waiting for the next sync."""
        self._show_sync(self.sync.problem)

    def shutdown(self) -> None:
        self.sync.shutdown()

    def _store_changed(self, changed: bool) -> None:
        """Another database or a new sync: price the open build from what is now local."""
        self._show_sync("")
        self.sync.schedule()
        if not changed:
            return
        from configurator.parts import CatalogError, load_catalog

        try:
            self._document.catalog = load_catalog()
        except CatalogError as exc:
            self._window.statusBar().showMessage(one_line(exc), 8000)
            return
        self._document.recompute()
