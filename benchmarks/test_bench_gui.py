"""Desktop app speed: one part change in a dual-GPU build until every panel and chart shows it,
and a cold start of the whole process until the main window is on screen."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from configurator import paths
from configurator.build import load_build
from configurator.parts import load_catalog

EXAMPLE = paths.examples_dir() / "es620-dual-rtx5090.json"
GPUS = ("nvidia-rtx-5090-fe", "nvidia-rtx-pro-6000-blackwell-ws")


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
    return window


def test_bench_gui_part_change(benchmark, window):
    """Swap the two GPUs for another model, then let Qt deliver the resulting paint events."""
    from PySide6.QtWidgets import QApplication

    document = window.document
    state = {"n": 0}

    def change_gpu():
        current = GPUS[state["n"] % 2]
        state["n"] += 1
        document.apply_edit({"action": "replace", "from_part": current, "to_part": GPUS[state["n"] % 2]})
        QApplication.processEvents()

    benchmark.pedantic(change_gpu, rounds=40, warmup_rounds=2)
    assert len(document.state.resolved.gpus) == 2
    assert window.charts.vram.stacks and window.charts.power.values[0] > 0
    assert benchmark.stats.stats.median < 0.050


def test_bench_gui_window_shown(benchmark, tmp_path):
    """Whole process: interpreter start, imports, catalog, window shown (the smoke-test line)."""
    env = {**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}

    def launch() -> float:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "configurator", "--smoke-test"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        shown = time.perf_counter() - started
        proc.stdout.read()
        assert proc.wait(timeout=60) == 0
        assert line.startswith("smoke-test: window shown"), line
        return shown

    benchmark.pedantic(launch, rounds=3, warmup_rounds=1)
    assert benchmark.stats.stats.median < 2.0
