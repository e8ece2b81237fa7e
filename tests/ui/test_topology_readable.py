"""The topology stays readable on a laptop: text at 9 pt or more, scrolling instead of shrinking,
shortened names that keep the model number, full names on hover."""

from __future__ import annotations

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
