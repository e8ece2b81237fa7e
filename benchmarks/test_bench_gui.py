"""Desktop app speed: one part change in a dual-GPU build until every panel and chart shows it,
and a cold start of the whole process until the main window's first frame is on screen."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from configurator import paths
from configurator.build import load_build
from configurator.parts import load_catalog

EXAMPLE = paths.examples_dir() / "es620-dual-rtx5090.json"
GPUS = ("nvidia-rtx-5090-fe", "nvidia-rtx-pro-6000-blackwell-ws")
SETTLE_MS = 2000  # an upper bound only: the event loop normally runs dry in a few milliseconds


def settle() -> None:
    """Run the event loop until nothing is left to do: every queued refresh, layout and paint,
    then the widgets a refresh let go of, so each round starts from a quiet window."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, SETTLE_MS)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, SETTLE_MS)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(tmp_path))
    from PySide6.QtWidgets import QMessageBox

    # Closing the edited window at teardown must not wait for an answer.
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Discard))
    from configurator.ui.document import BuildDocument
    from configurator.ui.estimates import Estimator
    from configurator.ui.main_window import MainWindow

    document = BuildDocument(load_catalog(with_user_prices=False), estimator=Estimator())
    window = MainWindow(document, session=False)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    document.open(load_build(EXAMPLE), EXAMPLE)
    qtbot.waitUntil(lambda: bool(window.charts.vram.stacks))  # the charts are made after the first frame
    settle()
    gc.freeze()  # as the app does once its window is built
    yield window
    gc.unfreeze()


def test_bench_gui_part_change(benchmark, window):
    """Swap the two GPUs for another model, then run the event loop dry: every panel's refresh,
    layout and paint, and the deletion of the widgets the change retired."""
    from PySide6.QtWidgets import QWidget

    document = window.document
    state = {"n": 0}

    def change_gpu():
        current = GPUS[state["n"] % 2]
        state["n"] += 1
        document.apply_edit({"action": "replace", "from_part": current, "to_part": GPUS[state["n"] % 2]})
        settle()

    benchmark.pedantic(change_gpu, rounds=40, warmup_rounds=2)
    gpu = document.catalog.get(GPUS[state["n"] % 2])
    assert [u.part for u in document.state.resolved.gpus] == [gpu, gpu]
    assert window.charts.vram.usable[0] == pytest.approx(document.state.estimate.bars[0].usable_gb)
    assert window.charts.power.values[0] == document.state.report.power.sustained_w
    cards = [window.topology.nodes[f"{gpu.id}#{n}"] for n in (1, 2)]
    assert all(card.toolTip().startswith(gpu.name) for card in cards)
    assert sorted(f.code for f in window.findings.findings()) == \
        sorted(f.code for f in document.state.report.findings)
    # Rounds are independent: swapping back and forth leaves no widgets behind.
    widgets = len(window.findChildren(QWidget))
    change_gpu()
    change_gpu()
    assert len(window.findChildren(QWidget)) == widgets
    assert benchmark.stats.stats.median < 0.016


def test_bench_gui_part_change_new_gpus(benchmark, window):
    """The same change through every GPU model of the catalog in turn: each build is new, so
    nothing estimated before helps (the swap above revisits two builds, as undo and trying a
    part back and forth do)."""
    document = window.document
    models = sorted(p.id for p in document.catalog.of_kind("gpu"))
    state = {"current": GPUS[0], "n": 0}

    def change_gpu():
        nxt = models[state["n"] % len(models)]
        state["n"] += 1
        if nxt == state["current"]:
            nxt = models[state["n"] % len(models)]
            state["n"] += 1
        document.apply_edit({"action": "replace", "from_part": state["current"], "to_part": nxt})
        state["current"] = nxt
        settle()

    benchmark.pedantic(change_gpu, rounds=len(models) - 2, warmup_rounds=1)
    assert {u.part.id for u in document.state.resolved.gpus} == {state["current"]}


def test_bench_gui_window_shown(benchmark, tmp_path):
    """Whole process, from its start until the smoke-test line that the window's first frame is
    on screen: interpreter start, imports, catalog, window. Waiting for the process to end is
    left out of the timing (done before the next round starts)."""
    env = {**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    running: list[subprocess.Popen] = []

    def finish_previous():
        while running:
            proc = running.pop()
            proc.stdout.read()
            assert proc.wait(timeout=60) == 0
        return (), {}

    def launch() -> None:
        proc = subprocess.Popen([sys.executable, "-m", "configurator", "--smoke-test"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        running.append(proc)
        line = proc.stdout.readline()
        assert line.startswith("smoke-test: window shown"), line

    benchmark.pedantic(launch, setup=finish_previous, rounds=5, warmup_rounds=1)
    finish_previous()
    assert benchmark.stats.stats.median < 1.0
