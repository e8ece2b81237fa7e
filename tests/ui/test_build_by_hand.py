"""Build the article's two workstations through the pickers and check what the window shows."""

from __future__ import annotations

import pytest
from conftest import ES620, MES2X, build_by_hand
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

pytestmark = pytest.mark.gui


def test_mes2x_built_by_hand_shows_the_chipset_bottleneck(qtbot, window):
    build_by_hand(qtbot, window, MES2X)

    codes = [f.code for f in window.findings.findings()]
    assert "LANE-CHIPSET-GPU" in codes
    assert window.summary.status.text() == "Warnings"
    assert "7,066.90 USD" in window.summary.price.text()
    assert "68.7 GB" in window.summary.vram.text()  # 2 × 32 GiB in 10⁹-byte GB
    slots = {item.part: item.slots for item in window.document.build.items}
    assert slots["nvidia-rtx-5090-fe"] == ["PCIEX16", "PCIEX4"]
    assert slots["samsung-9100-pro-4tb"] == ["M2A_CPU"]


def test_es620_built_by_hand_puts_both_cards_on_cpu_lanes(qtbot, window):
    build_by_hand(qtbot, window, ES620)

    codes = [f.code for f in window.findings.findings()]
    assert "LANE-CHIPSET-GPU" not in codes
    assert "LANE-SLOT-DISABLED" not in codes
    assert "20,648.91 USD" in window.summary.price.text()
    assert "206.2 GB" in window.summary.vram.text()
    slots = {item.part: item.slots for item in window.document.build.items}
    assert slots["nvidia-rtx-pro-6000-blackwell-ws"] == ["PCIEX16(G5)_1", "PCIEX16(G5)_2"]


def test_incompatible_parts_stay_visible_greyed_with_the_reason(qtbot, window):
    build_by_hand(qtbot, window, MES2X[:2])  # Meshify 2 XL + X870 board (AM5)
    parts = window.parts
    parts.show_kind("cpu")
    model = parts.model
    rows = [model.option(n) for n in range(model.rowCount())]
    compatible = [o.compatible for o in rows]
    assert compatible == sorted(compatible, reverse=True), "compatible parts come first"
    wrong_socket = next(o for o in rows if o.part.socket != "AM5")
    row = model.row_of(wrong_socket.part.id)
    tooltip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "socket" in tooltip and "AM5" in tooltip
    colour = model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color()
    assert colour == parts.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)

    parts.select_part(wrong_socket.part.id)
    assert "AM5" in parts.detail.text() and "FIT-SOCKET" in parts.detail.text()


@pytest.mark.parametrize("kind", ["psu", "gpu", "case", "motherboard"])
def test_prices_stay_in_view_in_the_default_dock(qtbot, window, kind):
    parts = window.parts
    parts.show_kind(kind)
    table = parts.table
    header = table.horizontalHeader()
    price_right = header.sectionViewportPosition(1) + header.sectionSize(1)
    assert price_right <= table.viewport().width()
    assert header.sectionSize(0) >= table.MIN_NAME_WIDTH


def test_compatible_only_and_search_filter_the_picker(qtbot, window):
    build_by_hand(qtbot, window, MES2X[:2])
    parts = window.parts
    parts.show_kind("cpu")
    everything = parts.model.rowCount()
    qtbot.mouseClick(parts.compatible_only, Qt.MouseButton.LeftButton)
    assert 0 < parts.model.rowCount() < everything
    qtbot.keyClicks(parts.search, "9950x3d")
    assert [parts.model.option(n).part.id for n in range(parts.model.rowCount())] == [
        "amd-ryzen-9-9950x3d"]
