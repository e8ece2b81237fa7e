"""The Placement tab shows every slot's chooser and state without horizontal scrolling."""

from __future__ import annotations

import pytest

from configurator import paths


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_every_chooser_is_inside_the_dock_width(qtbot, window, size):
    window.resize(*size)
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json", ask=False)
    window.docks["placement"].raise_()
    qtbot.wait(50)
    placement = window.placement
    for slot, chooser in placement.choosers.items():
        viewport = chooser.parentWidget().parentWidget()
        right = chooser.mapTo(viewport, chooser.rect().topRight()).x()
        assert chooser.width() > 0 and right <= viewport.width(), slot
        label = placement.states[slot]
        assert label.height() >= label.heightForWidth(label.width()), slot
    assert "disabled</b> by M2D_SB" in placement.states["PCIEX4"].text()
