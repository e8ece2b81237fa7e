"""The main window: lays out the panels and wires menus to the document and file controller."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from configurator import paths
from configurator.build import load_build
from configurator.build.examples import example_builds
from configurator.rules.catalog_lint import left_out_files
from configurator.ui.document import BuildDocument
from configurator.ui.files import BUILD_FILTER, READ_ERRORS, FileController
from configurator.ui.panel_frame import PanelFrame
from configurator.ui.panels.charts_panel import ChartsPanel
from configurator.ui.panels.findings_panel import FindingsPanel
from configurator.ui.panels.left_out_banner import LeftOutBanner
from configurator.ui.panels.parts_panel import PartsPanel
from configurator.ui.panels.placement_panel import PlacementPanel
from configurator.ui.panels.summary_bar import SummaryBar
from configurator.ui.panels.topology_view import TopologyView
from configurator.ui.panels.workload_panel import WorkloadPanel
from configurator.ui.placing import place
from configurator.ui.quote_actions import QuoteActions
from configurator.ui.settings import app_settings
from configurator.ui.start.pages import CentralPages
from configurator.ui.start.start_screen import StartScreen
from configurator.ui.theme import apply_theme, is_dark

if TYPE_CHECKING:
    from configurator.ui.panels.compare_window import CompareWindow

APP_TITLE = "Build configurator"
LAYOUT_LEVELS = 12  # deeper than any panel nests its layouts


class MainWindow(QMainWindow):
    def __init__(self, document: BuildDocument, *, session: bool = True,
                 parent: QWidget | None = None):
        """``session=False`` (smoke test) leaves autosave, recovery and saved layout alone."""
        super().__init__(parent)
        self.document = document
        document.setParent(self)  # the window owns the open build for its lifetime
        self._session = session
        self.compare_window: CompareWindow | None = None
        self._default_docks_pending = False
        self.setObjectName("mainWindow")
        self.files = FileController(document, self, session=session)

        self.summary = SummaryBar(document)
        self.parts = PartsPanel(document)
        self.findings = FindingsPanel(document)
        self.placement = PlacementPanel(document)
        self.topology = TopologyView(document)
        self.charts = ChartsPanel(document)
        self.workload = WorkloadPanel(document, document.estimator)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.left_out = LeftOutBanner(left_out_files(document.catalog))
        layout.addWidget(self.left_out)
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.setObjectName("centerSplitter")
        self.center.setChildrenCollapsible(False)
        self.center.addWidget(self.topology)
        self.center.addWidget(self.charts)
        self.center.setStretchFactor(0, 3)
        self.center.setStretchFactor(1, 2)
        layout.addWidget(self.center, 1)
        self.start = StartScreen(lambda: document.catalog, document.estimator)
        self.pages = CentralPages(central, self.start)
        self.setCentralWidget(self.pages)
        self._editor_state: QByteArray | None = None  # dock layout while the start page shows
        # A toolbar spans the whole window, above the docks, so the summary never squeezes them.
        summary_bar = QToolBar("Summary", self)
        summary_bar.setObjectName("summaryToolBar")
        summary_bar.setMovable(False)
        summary_bar.setFloatable(False)
        summary_bar.toggleViewAction().setEnabled(False)
        summary_bar.addWidget(PanelFrame(self.summary))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, summary_bar)
        self.summary_bar = summary_bar

        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("parts", "&Parts", self.parts, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("findings", "&Findings", self.findings, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("placement", "P&lacement", self.placement, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["findings"], self.docks["placement"])
        self.docks["placement"].visibilityChanged.connect(lambda shown: shown and self.placement.catch_up())
        self._add_dock("workload", "&Workload", self.workload, Qt.DockWidgetArea.RightDockWidgetArea)
        self.docks["findings"].raise_()
        self.findings.chain_selected.connect(self.topology.highlight_chain)
        self.topology.placement_requested.connect(self._on_placement_requested)
        self.start.example_chosen.connect(lambda e: self._open_new(e.build, dirty=False))
        self.start.build_chosen.connect(lambda b: self._open_new(b, dirty=True))
        self.start.empty_chosen.connect(lambda: self.files.new() and self.show_editor())
        self.start.back_requested.connect(self.show_editor)
        self.workload.find_builds_requested.connect(
            lambda: self.show_start(back=True, recommend_from=self.document.build))

        self._build_menus()
        document.file_changed.connect(self._update_title)
        document.changed.connect(self._on_document_changed)
        document.edit_refused.connect(self._on_edit_refused)
        document.undo_stack.indexChanged.connect(self._on_undo_index)
        self._update_title()
        self._restore_layout(session)

    # --- layout --------------------------------------------------------------------------------

    def _add_dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title.replace("&", ""), self)
        dock.setObjectName(f"{name}Dock")
        dock.setWidget(PanelFrame(widget))
        # Opaque: a label changing inside repaints itself, not the dock and its title bar too.
        widget.setAutoFillBackground(True)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def _restore_layout(self, session: bool) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry") if session else None
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
            center = settings.value("window/center")
            if not (isinstance(center, QByteArray) and self.center.restoreState(center)):
                QTimer.singleShot(0, self._default_center_sizes)
        else:
            self.resize(1500, 940)
            self._default_docks_pending = True

    MIN_CENTER_WIDTH = 520
    PARTS_WIDTH = 420  # the picker's figure columns beside a readable part name

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.isVisible() and self.centralWidget().width() < self.MIN_CENTER_WIDTH:
            # A narrow window takes room from the docks too, not only from the topology and charts.
            QTimer.singleShot(0, self._share_width)

    def _share_width(self) -> None:
        width = self.width()
        if self.centralWidget().width() >= self.MIN_CENTER_WIDTH:
            return
        findings = width * 24 // 100
        # The picker keeps its full width while the centre can spare it.
        parts = max(width * 26 // 100, min(self.PARTS_WIDTH, width - self.MIN_CENTER_WIDTH - findings))
        self.resizeDocks([self.docks["parts"], self.docks["findings"]], [parts, findings],
                         Qt.Orientation.Horizontal)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._default_docks_pending and not self.showing_start:
            self._default_docks_pending = False
            # Dock sizes only stick once the window is laid out at its real size.
            QTimer.singleShot(0, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        width = self.width()
        self.resizeDocks([self.docks["parts"], self.docks["findings"]],
                         [max(self.PARTS_WIDTH, width * 28 // 100), max(340, width * 23 // 100)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["findings"], self.docks["workload"]],
                         [self.height() * 55 // 100, self.height() * 45 // 100], Qt.Orientation.Vertical)
        self._default_center_sizes()

    def _default_center_sizes(self) -> None:
        height = self.center.height() or self.height()
        self.center.setSizes([height * 56 // 100, height * 44 // 100])

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self._editor_state if self.showing_start else self.saveState())
        settings.setValue("window/center", self.center.saveState())

    # --- menus ---------------------------------------------------------------------------------

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        files = bar.addMenu("&File")
        self._action(files, "&New…", lambda: self.show_start(back=True), QKeySequence.StandardKey.New,
                     tip="Start a build from a workload, an example or nothing")
        self._action(files, "&Open…", self.files.open_dialog, QKeySequence.StandardKey.Open)
        examples = example_builds(paths.examples_dir())
        self.examples_menu = files.addMenu("Open &example")
        for example in examples:
            self._action(self.examples_menu, example.name, lambda p=example.path: self.files.open_path(p))
        self.recent_menu = files.addMenu("Open &recent")
        self.files.recent_changed.connect(self._fill_recent)
        self._fill_recent(self.files.recent())
        self._action(files, "&Save", self.files.save, QKeySequence.StandardKey.Save)
        self._action(files, "Save &as…", self.files.save_as, QKeySequence.StandardKey.SaveAs)
        files.addSeparator()
        self._action(files, "&Compare with…", self._compare_dialog)
        compare_examples = files.addMenu("Compare with e&xample")
        for example in examples:
            self._action(compare_examples, example.name, lambda p=example.path: self.compare_with(p))
        files.addSeparator()
        self.quotes = QuoteActions(self.document, self, files)
        self._action(files, "&Import prices…", self._import_prices,
                     tip="Update part prices from a supplier's CSV price list")
        self._action(files, "Import &measured runs…", self._import_measured_runs,
                     tip="Calibrate the estimate on this build's GPUs from vLLM benchmark results "
                         "(vllm bench serve --save-result)")
        files.addSeparator()
        self._action(files, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self.rename_action = self._action(edit, "Re&name build…", self._rename, "F2")
        self.undo_action, self.redo_action = undo, redo

        self.view_menu = bar.addMenu("&View")
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        dark = self._action(self.view_menu, "&Dark theme", self._toggle_dark)
        dark.setCheckable(True)
        dark.setChecked(is_dark(self.palette()))

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About", self._about)

    # --- dialogs, compare, theme ----------------------------------------------------------------
    # Imported on first use: the window's first frame does not wait for them.

    def _import_prices(self) -> None:
        from configurator.ui.dialogs.price_import import import_prices

        import_prices(self, self.document)

    def _import_measured_runs(self) -> None:
        from configurator.ui.dialogs.run_import import import_measured_runs

        import_measured_runs(self, self.document)

    def _about(self) -> None:
        from configurator.ui.dialogs.about import show_about

        show_about(self, self.document.catalog)

    def _compare_dialog(self) -> None:
        start = str(paths.examples_dir())
        path, _ = QFileDialog.getOpenFileName(self, "Compare with build", start, BUILD_FILTER)
        if path:
            self.compare_with(Path(path))

    def compare_with(self, path: Path) -> CompareWindow | None:
        from configurator.ui.panels.compare_window import CompareWindow

        try:
            other = load_build(path)
            window = CompareWindow(self.document, other, path, self)
        except READ_ERRORS as exc:
            self.files.show_error("Cannot compare", f"{path.name} cannot be opened.\n\n{exc}")
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.compare_window = window
        return window

    def _toggle_dark(self) -> None:
        dark = not is_dark(self.palette())
        apply_theme(QApplication.instance(), dark=dark)
        app_settings().setValue("view/dark", dark)
        # Each panel repaints itself on its PaletteChange event; recompute once they have it.
        QTimer.singleShot(0, self.document.recompute)

    def _fill_recent(self, files: list[str]) -> None:
        self.recent_menu.clear()
        for n, name in enumerate(files, start=1):
            self._action(self.recent_menu, f"&{n} {name}", lambda p=name: self.files.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(files))

    # --- start page ----------------------------------------------------------------------------

    @property
    def showing_start(self) -> bool:
        return self.pages.currentWidget() is self.start

    def show_start(self, *, back: bool = False, recommend_from=None) -> None:
        """Cover the editor with the start page; the docks come back as they were."""
        if not self.showing_start:
            self._editor_state = self.saveState()
            for bar in (*self.docks.values(), self.summary_bar):
                bar.hide()
            self.pages.setCurrentWidget(self.start)
        self.start.show_choices(self.document.title if back else None, self.document.circuit)
        if recommend_from is not None:
            self.start.show_recommend(recommend_from)

    def show_editor(self) -> None:
        if not self.showing_start:
            return
        self.pages.setCurrentIndex(0)
        if self._editor_state is not None:
            self.restoreState(self._editor_state)
        if self._default_docks_pending and self.isVisible():
            self._default_docks_pending = False
            QTimer.singleShot(0, self._default_dock_sizes)

    def _open_new(self, build, *, dirty: bool) -> None:
        if self.files.open_build(build, dirty=dirty):
            self.show_editor()

    # --- reactions -----------------------------------------------------------------------------

    def _rename(self) -> None:
        name, ok = QInputDialog.getText(self, "Rename build", "Build name:", text=self.document.build.name)
        if ok and name.strip():
            self.document.set_build(self.document.build.model_copy(update={"name": name.strip()[:200]}),
                                    "Rename build")

    def _on_document_changed(self, changes) -> None:
        # Every panel has refreshed: lay them all out now, so the next repaint paints each once
        # in its final place instead of painting, laying out and painting again.
        for _level in range(LAYOUT_LEVELS):  # each layout laid out asks its parent's next
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._update_title()
        if changes.circuit:  # the store's usual site, for the next new build
            self.document.new_build_circuit = self.document.circuit
            app_settings().setValue("build/circuit", self.document.circuit)

    def _on_placement_requested(self, part_id: str, from_slot: str, to_slot: str) -> None:
        try:
            after = place(self.document.build, part_id, from_slot or None, to_slot)
        except ValueError as exc:
            self._on_edit_refused(str(exc))
            return
        self.document.set_build(after, f"Place {part_id} in {to_slot}")

    def _on_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_undo_index(self, _index: int) -> None:
        stack = self.document.undo_stack
        if stack.index() > 0 and stack.canUndo():
            self.statusBar().showMessage(stack.undoText(), 4000)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.title}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.is_dirty)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.files.maybe_save():
            event.ignore()
            return
        if self._session:
            self.save_layout()
        self.start.shutdown()
        self.files.shutdown()
        self.quotes.shutdown()
        event.accept()

