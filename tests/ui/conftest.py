"""pytest-qt fixtures: a main window on the real catalog, driven through its widgets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from configurator.ui.document import BuildDocument  # noqa: E402
from configurator.ui.estimates import Estimator  # noqa: E402
from configurator.ui.main_window import MainWindow  # noqa: E402
from configurator.ui.panels.part_columns import KINDS  # noqa: E402

# The two builds of the article, part by part, as a consultant would pick them.
MES2X = [
    ("case", "fractal-meshify-2-xl", 1),
    ("motherboard", "gigabyte-x870-aorus-elite-wifi7", 1),
    ("cpu", "amd-ryzen-9-9950x", 1),
    ("cooler", "noctua-nh-d15-g2", 1),
    ("memory", "corsair-vengeance-ddr5-5200-192gb-4x48", 1),
    ("gpu", "nvidia-rtx-5090-fe", 2),
    ("storage", "samsung-9100-pro-4tb", 1),
    ("psu", "seasonic-prime-px-2200", 1),
]
ES620 = [
    ("case", "phanteks-enthoo-pro-2-server", 1),
    ("motherboard", "asus-rog-crosshair-x870e-dark-hero", 1),
    ("cpu", "amd-ryzen-9-9950x3d", 1),
    ("cooler", "arctic-liquid-freezer-iii-360", 1),
    ("memory", "crucial-ddr5-5600-256gb-4x64", 1),
    ("gpu", "nvidia-rtx-pro-6000-blackwell-ws", 2),
    ("storage", "samsung-9100-pro-4tb", 1),
    ("psu", "seasonic-prime-px-2200", 1),
]


class MessageBoxes:
    """Stands in for modal message boxes: records them and answers with ``answer``."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Discard

    def _record(self, kind):
        def show(_parent, title, text, *_args, **_kwargs):
            self.shown.append((kind, title, text))
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return show


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    boxes = MessageBoxes()
    for kind in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(boxes._record(kind)))
    return boxes


@pytest.fixture
def make_window(qtbot, catalog):
    def make(*, show: bool = True) -> MainWindow:
        document = BuildDocument(catalog, estimator=Estimator())
        window = MainWindow(document)
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def choose(qtbot, window: MainWindow, kind: str, part_id: str, quantity: int = 1) -> None:
    """Pick a part the way a person does: category, row, Enter; more units with 'Add another'."""
    parts = window.parts
    parts.categories.setCurrentRow(next(n for n, (k, _l) in enumerate(KINDS) if k == kind))
    assert parts.select_part(part_id), f"{part_id} is not offered under {kind}"
    with qtbot.waitSignal(window.document.changed, timeout=2000):
        qtbot.keyClick(parts.table, Qt.Key.Key_Return)
    for _ in range(quantity - 1):
        with qtbot.waitSignal(window.document.changed, timeout=2000):
            qtbot.mouseClick(parts.add_button, Qt.MouseButton.LeftButton)


def build_by_hand(qtbot, window: MainWindow, recipe) -> None:
    for kind, part_id, quantity in recipe:
        choose(qtbot, window, kind, part_id, quantity)


def pick(combo, data) -> None:
    """Choose a combo box entry as a person does (the activated signal, not just the index)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def set_workload(window: MainWindow, model: str, weights: str, kv_cache: str, context: int,
                 concurrency: int, input_tokens: int, output_tokens: int) -> None:
    panel = window.workload
    pick(panel.model, model)
    pick(panel.weights, weights)
    pick(panel.kv_cache, kv_cache)
    panel.context.setValue(context)
    panel.input_tokens.setValue(input_tokens)
    panel.output_tokens.setValue(output_tokens)
    panel.concurrency.setValue(concurrency)
