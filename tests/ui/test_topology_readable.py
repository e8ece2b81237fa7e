"""The topology stays readable on a laptop: text at 9 pt or more, scrolling instead of shrinking,
shortened names that keep the model number, full names on hover."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from configurator import paths
from configurator.ui.panels.topology_items import shorten


def test_text_is_never_drawn_below_9_pt_at_1280x800(qtbot, window):
    window.resize(1280, 800)
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json", ask=False)
    qtbot.wait(50)
    topology = window.topology
    assert topology.transform().m11() * topology.font().pointSizeF() >= 9.0 - 1e-6
    board = topology.nodes["board"]
    assert "X870" in board.title.text()
    assert board.toolTip().startswith("Gigabyte X870 AORUS ELITE WIFI7")


def test_shortening_keeps_the_model_number_and_drops_the_brand_first():
    def width(text):
        return 7 * len(text)

    def cut(text, w):
        return text[: int(w // 7) - 1] + "…"

    assert shorten("NVIDIA GeForce RTX 5090 Founders Edition", width, 7 * 26, cut) == \
        "RTX 5090 Founders Edition"
    assert shorten("Fractal Design Meshify 2 XL (Dark Tempered Glass)", width, 7 * 14, cut) == "Meshify 2 XL"
    assert shorten("Gigabyte X870 AORUS ELITE WIFI7 (rev. 1.x)", width, 7 * 12, cut).startswith("X870")


def _wheel(qtbot, view, notches: int, modifiers) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_and_keys_zoom_without_text_below_9_pt(qtbot, window):
    window.resize(1280, 800)
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json", ask=False)
    qtbot.wait(50)
    topology = window.topology
    fitted = topology.zoom()
    points = topology.font().pointSizeF()

    _wheel(qtbot, topology, 2, Qt.KeyboardModifier.ControlModifier)
    assert topology.zoom() == pytest.approx(fitted * topology.ZOOM_STEP ** 2)
    _wheel(qtbot, topology, 1, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls, not zooms
    assert topology.zoom() == pytest.approx(fitted * topology.ZOOM_STEP ** 2)
    for _ in range(30):
        _wheel(qtbot, topology, -1, Qt.KeyboardModifier.ControlModifier)
    assert topology.zoom() * points == pytest.approx(9.0)  # as far out as still readable

    topology.setFocus()
    qtbot.keyClick(topology, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(topology, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert topology.zoom() * points == pytest.approx(9.0 * topology.ZOOM_STEP ** 2)
    qtbot.keyClick(topology, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert topology.zoom() * points == pytest.approx(9.0 * topology.ZOOM_STEP)

    # The person's zoom survives a part change; Ctrl+0 fits the build again.
    zoomed = topology.zoom()
    window.document.apply_edit({"action": "set_quantity", "part": "nvidia-rtx-5090-fe", "quantity": 1})
    assert topology.zoom() == pytest.approx(zoomed)
    qtbot.keyClick(topology, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert topology.zoom() == pytest.approx(fitted)
    assert topology.zoom() * points >= 9.0 - 1e-6
