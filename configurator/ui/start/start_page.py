"""The start page: begin from a workload, from an example build, or from nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from configurator.build import ExampleBuild
from configurator.parts import Catalog
from configurator.ui.estimates import Estimator
from configurator.ui.start.start_view import StartView


def example_summary(example: ExampleBuild, catalog: Catalog, model_names: dict[str, str]) -> str:
    """Two short lines: the GPUs and part count, then the workload the example is set up for."""
    build = example.build
    gpus = [(i.quantity, catalog.get(i.part)) for i in build.items]
    gpus = [(n, part) for n, part in gpus if part is not None and part.kind == "gpu"]
    hardware = ", ".join(f"{n} × {part.name}" for n, part in gpus) or "no GPU"
    lines = [f"{hardware}; {sum(i.quantity for i in build.items)} parts"]
    workload = build.workload
    if workload is not None:
        model = model_names.get(workload.model, workload.model)
        if workload.task == "finetune":
            lines.append(f"Set up to fine-tune {model} ({workload.training.method})")
        else:
            fmt = Estimator.weight_formats().get(workload.weights, workload.weights)
            lines.append(f"Set up for {model} at {fmt}, "
                         f"{workload.concurrency} users, {workload.context:,}-token context")
    return "\n".join(lines)


class StartPage(StartView):
    workload_chosen = Signal()
    example_chosen = Signal(object)  # ExampleBuild
    empty_chosen = Signal()
    back_requested = Signal()

    def __init__(self, examples: list[ExampleBuild], catalog: Catalog, model_names: dict[str, str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._examples = examples
        for example in examples:
            item = QListWidgetItem(example.name)
            summary = example_summary(example, catalog, model_names)
            item.setData(Qt.ItemDataRole.UserRole, summary)
            item.setToolTip(f"{example.name}\n{summary}")
            self.examples.addItem(item)
        if examples:
            self.examples.setCurrentRow(0)
        self.example_button.setEnabled(bool(examples))
        self.examples.currentRowChanged.connect(self._on_example_changed)
        self.examples.itemActivated.connect(lambda _item: self._open_example())
        self.example_button.clicked.connect(self._open_example)
        self.workload_button.clicked.connect(self.workload_chosen)
        self.empty_button.clicked.connect(self.empty_chosen)
        self.back_button.clicked.connect(self.back_requested)
        self._on_example_changed(self.examples.currentRow())
        self.set_back(None)

    def set_back(self, title: str | None) -> None:
        """Offer a way back to the build that is open, or none (at launch)."""
        self.back_button.setVisible(title is not None)
        if title is not None:
            self.back_button.setText(f"← Back to “{title}”")

    def _on_example_changed(self, row: int) -> None:
        item = self.examples.item(row)
        self.example_detail.setText(item.data(Qt.ItemDataRole.UserRole) if item else "")

    def _open_example(self) -> None:
        row = self.examples.currentRow()
        if 0 <= row < len(self._examples):
            self.example_chosen.emit(self._examples[row])
