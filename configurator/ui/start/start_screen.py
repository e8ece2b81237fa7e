"""What the window shows instead of the editor when a build begins: the three choices, and the
workload search behind the first of them (built on first use)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from configurator import paths
from configurator.build import DEFAULT_CIRCUIT, Build, example_builds
from configurator.parts import Catalog
from configurator.ui.start.start_page import StartPage


class StartScreen(QStackedWidget):
    example_chosen = Signal(object)  # ExampleBuild
    empty_chosen = Signal()
    back_requested = Signal()
    build_chosen = Signal(object)  # Build: a recommendation to open in the editor

    def __init__(self, catalog: Callable[[], Catalog], estimator, parent: QWidget | None = None):
        """``catalog`` returns the open catalog: an imported price list replaces it."""
        super().__init__(parent)
        self.setObjectName("startScreen")
        self._catalog = catalog
        self._estimator = estimator
        self._circuit = DEFAULT_CIRCUIT
        self._page: StartPage | None = None  # built when first shown: opening a file skips it
        self.recommend = None

    @property
    def page(self) -> StartPage:
        if self._page is None:
            self._page = StartPage(example_builds(paths.examples_dir()), self._catalog(),
                                   self._estimator.models)
            self.insertWidget(0, self._page)
            self._page.workload_chosen.connect(self.show_recommend)
            self._page.example_chosen.connect(self.example_chosen)
            self._page.empty_chosen.connect(self.empty_chosen)
            self._page.back_requested.connect(self.back_requested)
        return self._page

    def show_choices(self, back_to: str | None, circuit: str) -> None:
        """``back_to`` names the open build to go back to (None at launch); ``circuit`` is the
        site the workload search starts from."""
        self._circuit = circuit
        self.page.set_back(back_to)
        self.setCurrentWidget(self.page)

    def show_recommend(self, start_from: Build | None = None) -> None:
        """The workload form; ``start_from`` fills it from a build's workload and parts."""
        if self.recommend is None:
            from configurator.ui.recommend.recommend_screen import RecommendScreen

            self.recommend = RecommendScreen(self._catalog, self._estimator, self._circuit)
            self.recommend.back_requested.connect(lambda: self.setCurrentWidget(self.page))
            self.recommend.build_chosen.connect(self.build_chosen)
            self.addWidget(self.recommend)
        if start_from is not None:
            self.recommend.start_from(start_from)
        else:
            self.recommend.set_circuit(self._circuit)
        self.setCurrentWidget(self.recommend)

    def shutdown(self) -> None:
        """Stop a running search before the window goes."""
        if self.recommend is not None:
            self.recommend.shutdown()
