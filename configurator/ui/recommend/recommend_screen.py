"""Start from a workload: the form on the left, the search results on the right. The search runs
on a worker thread; the window keeps drawing, shows its progress and can cancel it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from configurator.build import Build
from configurator.parts import Catalog
from configurator.ui.estimates import Estimator
from configurator.ui.recommend.form_panel import RecommendForm
from configurator.ui.recommend.results_panel import ResultsPanel
from configurator.ui.recommend.search import Search


class RecommendScreen(QWidget):
    back_requested = Signal()
    build_chosen = Signal(object)  # Build

    def __init__(self, catalog: Callable[[], Catalog], estimator: Estimator, circuit: str,
                 parent: QWidget | None = None):
        """``catalog`` returns the open catalog: an imported price list replaces it."""
        super().__init__(parent)
        self.setObjectName("recommendScreen")
        self._catalog = catalog
        self.form = RecommendForm(catalog(), estimator, circuit)
        self.results = ResultsPanel()
        self.search = Search(self)
        self._kept: tuple[str, ...] = ()  # the open build's parts "Find builds that fit" keeps
        self._without_kept = None  # the same request without them, if no build keeps them all
        self._replaced_note = False
        self.back_button = QPushButton("← Start page")
        self.back_button.setFlat(True)
        title = QLabel("Start from a workload")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() + 4)
        font.setBold(True)
        title.setFont(font)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(8)
        header.addWidget(title)
        header.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.form)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 1000])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.form.find_button.clicked.connect(self.find)
        self.form.cancel_button.clicked.connect(self.search.cancel)
        self.search.started.connect(lambda: self._set_running(True))
        self.search.progressed.connect(self._on_progressed)
        self.search.finished.connect(self._on_finished)
        self.search.failed.connect(self._on_failed)
        self.search.stopped.connect(self._on_stopped)
        self.results.open_requested.connect(self.build_chosen)
        self._set_running(False)

    def find(self) -> None:
        try:
            request = self.form.request()
        except ValueError as exc:
            self.form.status.setText(str(exc).splitlines()[0])
            return
        self.form.status.setText("Searching the catalog…")
        self._replaced_note = False
        kept = self._kept and tuple(request.must_include) == self._kept
        self._without_kept = replace(request, must_include=()) if kept else None
        self.search.start(request, self._catalog())
        if not self.results.rows:
            self.results.show_message(
                "Searching the catalog…", "Each candidate build is placed, checked on the "
                "circuit and estimated over its real PCIe links.")

    def start_from(self, build: Build) -> None:
        """Fill the form from a build whose workload does not fit, keeping its platform."""
        self.form.start_from(build)
        self._kept = tuple(self.form.included_parts())
        self.form.status.setText("Filled in from the open build: its workload, its site and the "
                                 "parts to keep. Press Find builds.")

    def set_circuit(self, circuit: str) -> None:
        if not self.search.running:
            self.form.set_circuit(circuit)

    def shutdown(self) -> None:
        self.search.shutdown()

    # --- reactions -------------------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.form.find_button.setEnabled(not running)
        self.form.cancel_button.setEnabled(running)
        self.form.progress.setVisible(running)
        if running:
            self.form.progress.setRange(0, 0)  # busy until the search knows its total

    def _on_progressed(self, done: int, total: int) -> None:
        if done >= total:  # the search proper is done; what is left is ranking or nearest misses
            self.form.progress.setRange(0, 0)
            self.form.status.setText("Ranking; when no build qualifies, looking for the nearest "
                                     "misses (this takes longer)…")
            return
        self.form.progress.setRange(0, max(total, 1))
        self.form.progress.setValue(done)
        self.form.progress.setFormat("Searching: %p %")

    def _on_finished(self, result) -> None:
        if not result.builds and not result.cancelled and self._without_kept is not None:
            # "Where it can": no build keeps all of the open build's parts, so let them go.
            request, self._without_kept = self._without_kept, None
            self.form.status.setText("No build keeps all of the open build's parts; searching "
                                     "without keeping them…")
            self.search.start(request, self._catalog())
            self._replaced_note = True
            return
        self._set_running(False)
        self.results.show_result(result, self._catalog())
        if self._replaced_note and result.builds:
            self.results.detail.setText("No build keeps all of the open build's parts; these "
                                        "replace some of them. " + self.results.detail.text())
        self._replaced_note = False
        found = len(result.builds)
        self.form.status.setText(
            ("Cancelled; showing what was found. " if result.cancelled else "")
            + (f"{found} builds found." if found else "No build meets every constraint."))

    def _on_failed(self, message: str) -> None:
        self._set_running(False)
        self.form.status.setText(message)
        self.results.show_message("The search could not run", message)

    def _on_stopped(self) -> None:
        self._set_running(False)
        self.form.status.setText("Search cancelled.")
