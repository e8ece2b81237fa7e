"""What the window shows instead of the editor when a build begins."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from configurator import paths
from configurator.build import example_builds
from configurator.parts import Catalog
from configurator.ui.start.start_page import StartPage


class StartScreen(QStackedWidget):
    example_chosen = Signal(object)  # ExampleBuild
    empty_chosen = Signal()
    back_requested = Signal()

    def __init__(self, catalog: Catalog, estimator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.page = StartPage(example_builds(paths.examples_dir()), catalog, estimator.models)
        self.addWidget(self.page)
        self.page.example_chosen.connect(self.example_chosen)
        self.page.empty_chosen.connect(self.empty_chosen)
        self.page.back_requested.connect(self.back_requested)

    def show_choices(self, back_to: str | None) -> None:
        self.page.set_back(back_to)
        self.setCurrentWidget(self.page)
