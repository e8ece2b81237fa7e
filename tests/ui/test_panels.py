"""Findings with their chain and fixes, placement, topology labels, charts and comparison."""

from __future__ import annotations

import pytest
from conftest import ES620, MES2X, build_by_hand, pick
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from configurator import paths

pytestmark = pytest.mark.gui


def open_example(window, name: str) -> None:
    assert window.files.open_path(paths.examples_dir() / f"{name}.json", ask=False)


def test_topology_labels_every_link_with_generation_width_and_bandwidth(qtbot, window):
    build_by_hand(qtbot, window, MES2X)
    labels = window.topology.link_labels()
    assert labels["nvidia-rtx-5090-fe#1"] == "PCIe 5.0 x16 · 63.0 GB/s"
    assert labels["nvidia-rtx-5090-fe#2"] == "PCIe 4.0 x4 · 7.9 GB/s"
    assert "chipset" in window.topology.nodes["slot:PCIEX4"].subtitle.text().lower()


def test_es620_links_run_x8_x8_on_cpu_lanes(qtbot, window):
    build_by_hand(qtbot, window, ES620)
    labels = window.topology.link_labels()
    assert labels["nvidia-rtx-pro-6000-blackwell-ws#1"] == "PCIe 5.0 x8 · 31.5 GB/s"
    assert labels["nvidia-rtx-pro-6000-blackwell-ws#2"] == "PCIe 5.0 x8 · 31.5 GB/s"


def test_selecting_a_finding_highlights_its_chain_and_its_fix_applies(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    topology = window.topology
    assert "disabled by M2D_SB" in topology.nodes["slot:PCIEX4"].subtitle.text()
    assert window.summary.status.text() == "Errors"

    with qtbot.waitSignal(window.findings.chain_selected) as signal:
        assert window.findings.select_code("LANE-SLOT-DISABLED")
    chain = signal.args[0]
    assert chain == ("samsung-990-pro-4tb#1", "slot:M2D_SB", "slot:PCIEX4", "nvidia-rtx-5090-fe#2")
    assert topology.chain == chain
    assert topology.nodes["slot:M2D_SB"].pen().widthF() == 3
    assert topology.nodes["board"].opacity() < 1

    card = window.findings.card("LANE-SLOT-DISABLED")
    assert "M2D_SB" in card.fix_labels[0].text()
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(card.fix_buttons[0], Qt.MouseButton.LeftButton)
    assert "LANE-SLOT-DISABLED" not in [f.code for f in window.findings.findings()]
    assert window.summary.status.text() != "Errors"
    window.undo_action.trigger()
    assert "LANE-SLOT-DISABLED" in [f.code for f in window.findings.findings()]


def test_vram_bars_and_power_chart_show_the_estimate(qtbot, window):
    open_example(window, "es620-dual-pro6000")
    vram = window.charts.vram
    assert len(vram.stacks) == 2
    first = vram.stacks[0]
    assert 70 < first["weights"] < 75  # Llama 3.3 70B in FP8 on each card
    assert first["kv"] > 0
    assert 90 < vram.usable[0] < 95
    assert sum(first.values()) == pytest.approx(vram.usable[0], rel=0.01)
    throughput = window.charts.throughput
    assert throughput.current[0] == 8 and throughput.current[2] <= throughput.current[1] <= throughput.current[3]
    assert len(throughput.curve_data) > 10
    sustained, wall, peak, psu = window.charts.power.values
    assert psu == 1800 and window.charts.power.circuit == 1440 and peak > sustained


def test_workload_form_edits_are_undoable_and_update_the_charts(qtbot, window):
    open_example(window, "es620-dual-pro6000")
    panel = window.workload
    before = window.charts.throughput.current
    panel.concurrency.setValue(16)
    assert window.document.build.workload.concurrency == 16
    assert window.charts.throughput.current[0] == 16
    assert window.charts.throughput.current[1] > before[1]
    window.undo_action.trigger()
    assert panel.concurrency.value() == 8
    assert window.charts.throughput.current == before


def test_a_model_that_does_not_fit_shows_bars_above_usable_vram(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090")
    panel = window.workload
    panel.model.setCurrentIndex(panel.model.findData("llama-3.3-70b"))
    panel.model.activated.emit(panel.model.currentIndex())
    panel.weights.setCurrentIndex(panel.weights.findData("bf16"))
    panel.weights.activated.emit(panel.weights.currentIndex())
    assert "does not fit" in panel.result.text()
    vram = window.charts.vram
    assert sum(vram.stacks[0].values()) > vram.usable[0]
    assert "does not fit" in window.charts.throughput.empty_text()


def test_fine_tuning_is_part_of_the_build_and_undoable(qtbot, window):
    open_example(window, "es620-dual-pro6000")
    panel = window.workload
    pick(panel.mode, "finetune")
    assert window.document.build.workload.task == "finetune"
    assert "LoRA of" in panel.result.text()
    assert window.charts.vram.title() == "Training memory per GPU"
    assert not window.charts.throughput.curve_data
    assert panel.sequence_length.isVisibleTo(panel) and not panel.concurrency.isVisibleTo(panel)

    lora_gb = sum(window.charts.vram.stacks[0].values())
    pick(panel.method, "full")
    panel.sequence_length.setValue(8192)
    qtbot.mouseClick(panel.checkpointing, Qt.MouseButton.LeftButton)
    training = window.document.build.workload.finetune
    assert (training.method, training.sequence_length, training.gradient_checkpointing) == ("full", 8192, False)
    assert "Full fine-tune" in panel.result.text() and "does not fit" in panel.result.text()
    assert sum(window.charts.vram.stacks[0].values()) > 3 * lora_gb
    assert not panel.lora_rank.isVisibleTo(panel), "full fine-tuning has no adapters"

    for _ in range(4):
        window.document.undo_stack.undo()
    assert window.document.build.workload.task == "inference"
    assert window.charts.throughput.curve_data


def test_placement_chooser_moves_a_card_and_drag_to_slot_moves_it_back(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090")
    window.docks["placement"].raise_()
    chooser = window.placement.choosers["PCIEX2"]
    index = next(n for n in range(chooser.count()) if "(in PCIEX4)" in chooser.itemText(n))
    chooser.setCurrentIndex(index)
    chooser.activated.emit(index)
    slots = {i.part: i.slots for i in window.document.build.items}
    assert slots["nvidia-rtx-5090-fe"] == ["PCIEX16", "PCIEX2"]
    assert window.topology.link_labels()["nvidia-rtx-5090-fe#2"] == "PCIe 3.0 x2 · 2.0 GB/s"

    topology = window.topology
    card = topology.nodes["nvidia-rtx-5090-fe#2"]
    target = topology.nodes["slot:PCIEX4"]
    start = topology.mapFromScene(card.sceneBoundingRect().center())
    end = topology.mapFromScene(target.sceneBoundingRect().center())
    qtbot.mousePress(topology.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(topology.viewport(), pos=QPoint((start.x() + end.x()) // 2, end.y()))
    qtbot.mouseMove(topology.viewport(), pos=end)
    qtbot.mouseRelease(topology.viewport(), Qt.MouseButton.LeftButton, pos=end)
    slots = {i.part: i.slots for i in window.document.build.items}
    assert slots["nvidia-rtx-5090-fe"] == ["PCIEX16", "PCIEX4"]


def test_compare_highlights_what_differs_between_the_article_builds(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090")
    compare = window.compare_with(paths.examples_dir() / "es620-dual-pro6000.json")
    qtbot.addWidget(compare)
    differing = compare.differing_rows()
    for row in ("Case", "Motherboard", "GPU", "Price", "GPU 2 link", "VRAM, total"):
        assert row in differing
    assert "PSU" not in differing  # both builds use the same PSU
    texts = {compare.table.item(r, 0).text(): compare.table.item(r, 1).text()
             for r in range(compare.table.rowCount())}
    assert "PCIe 4.0 x4" in texts["GPU 2 link"]


def test_quote_actions_follow_the_quote_package(qtbot, window):
    assert window.quotes.check_available() == window.quotes.quote.isEnabled()


def test_narrow_window_shows_the_charts_as_tabs_and_wide_side_by_side(qtbot, window):
    open_example(window, "es620-dual-pro6000")
    charts = window.charts
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: charts._tabs.count() == 3)
    assert charts.vram.isVisible() and not charts.power.isVisible()
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: charts._tabs.count() == 0)
    assert all(c.isVisible() for c in (charts.vram, charts.throughput, charts.power))


def test_summary_counts_usable_gpus_and_the_psu_rating_on_this_line(qtbot, window):
    open_example(window, "mes2x-dual-pro6000-nvme-m2d-sb")
    summary = window.summary
    assert "103.1 GB" in summary.vram.text() and "1 of 2 GPUs usable" in summary.vram.text()
    assert "1,800 W PSU at 120 V" in summary.power.text()
    assert window.charts.power.plot.getAxis("left")._tickLevels[0][3][1] == "PSU at 120 V"
    summary.circuit.setCurrentIndex(summary.circuit.findData("230v16a"))
    assert "2,200 W PSU" in summary.power.text() and " at " not in summary.power.text()


def test_opening_a_build_shows_its_own_parts_in_the_picker(qtbot, window):
    parts = window.parts
    parts.show_kind("case")
    parts.select_part("phanteks-enthoo-pro-2-server")
    open_example(window, "mes2x-dual-rtx5090")
    assert parts.current_option().part.id == "fractal-meshify-2-xl"


def test_verdict_is_plain_text(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090")
    pick(window.workload.mode, "finetune")
    text = window.workload.result.text()
    assert "FSDP's all-gathers" in text and "&#" not in text


def test_dark_theme_reaches_topology_and_chart_legend(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from configurator.ui.theme import apply_theme

    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    open_example(window, "es620-dual-pro6000")
    try:
        window._toggle_dark()
        qtbot.waitUntil(lambda: window.topology.nodes["board"].brush().color().lightness() < 100)
        label = window.charts.vram.legend.items[0][1]
        assert QColor(label.opts["color"]).lightness() > 150
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        apply_theme(app, dark=False)


def test_placement_behind_the_findings_tab_catches_up_when_raised(qtbot, window):
    open_example(window, "mes2x-dual-rtx5090")
    window.docks["findings"].raise_()
    assert window.document.apply_edit({"action": "move", "part": "nvidia-rtx-5090-fe",
                                       "from_slot": "PCIEX4", "to_slot": "PCIEX2"})
    window.docks["placement"].raise_()
    qtbot.waitUntil(lambda: "RTX 5090" in window.placement.choosers["PCIEX2"].currentText())
    assert window.placement.choosers["PCIEX4"].currentText() == "— empty —"
