"""A docked panel's frame lays the window out again only when the panel's size binds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from configurator.ui.panel_frame import PanelFrame

pytestmark = pytest.mark.gui


class _Counter(QObject):
    def __init__(self):
        super().__init__()
        self.layouts = 0

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.layouts += 1
        return False


@pytest.fixture
def docked(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("centre"))
    panel = QWidget()
    label = QLabel("1,532 W")
    layout = QVBoxLayout(panel)
    layout.addWidget(label)
    dock = QDockWidget("Panel", window)
    dock.setWidget(PanelFrame(panel))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(800, 500)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    counter = _Counter()
    window.installEventFilter(counter)
    return window, dock, panel, label, counter


def test_new_text_inside_the_panel_leaves_the_window_alone(qtbot, docked):
    window, dock, panel, label, counter = docked
    width = dock.width()
    label.setText("1,665 W")
    qtbot.wait(20)
    assert counter.layouts == 0 and dock.width() == width
    assert label.text() == "1,665 W" and panel.geometry() == dock.widget().rect()


def test_a_panel_that_no_longer_fits_widens_its_dock(qtbot, docked):
    window, dock, panel, label, counter = docked
    wider = dock.width() + 120
    panel.setMinimumWidth(wider)
    qtbot.waitUntil(lambda: dock.widget().width() >= wider)
    assert counter.layouts >= 1 and panel.width() >= wider


def test_a_smaller_minimum_frees_a_dock_held_at_the_old_one(qtbot, docked):
    window, dock, panel, _label, _counter = docked
    panel.setMinimumWidth(dock.width() + 120)
    qtbot.waitUntil(lambda: dock.widget().width() >= panel.minimumWidth())
    panel.setMinimumWidth(40)
    qtbot.wait(20)
    window.resizeDocks([dock], [60], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.widget().width() < 120)
