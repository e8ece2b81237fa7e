"""Layout of the workload panel: what the customer wants to run, and the verdict."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from configurator.build import PARALLEL_LABELS
from configurator.ui.scrolling import vertical_scroll


class _BuildUndoPassThrough(QObject):
    """Ctrl+Z / Ctrl+Y in a number field undo the build, not the field's own typing: the field
    commits only on Enter, so its text history is not what a person means to undo."""

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return True
        return False


def _spin(minimum: int, maximum: int, step: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox(minimum=minimum, maximum=maximum, singleStep=step, suffix=suffix)
    spin.setKeyboardTracking(False)  # one update per committed number, not per digit
    spin.setGroupSeparatorShown(True)
    return spin


class WorkloadView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.addItem("Inference (serving)", "inference")
        self.mode.addItem("Fine-tuning", "finetune")
        self.method = QComboBox()
        self.model = QComboBox()
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(16)
        self.weights = QComboBox()
        self.kv_cache = QComboBox()
        self.kv_cache.addItem("BF16", "bf16")
        self.kv_cache.addItem("FP8", "fp8")
        self.context = _spin(128, 2_000_000, 1024, " tokens")
        self.concurrency = _spin(1, 4096, 1, " users")
        self.concurrency.setToolTip("Simultaneous users (requests served at the same time)")
        self.input_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.output_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.parallel = QComboBox()
        for mode, label in PARALLEL_LABELS.items():
            self.parallel.addItem(label, mode)
        self.parallel.setToolTip("Replicas: one copy of the model per GPU group behind a load "
                                 "balancer. PP: one layer range per GPU. TP: every layer split "
                                 "across the GPUs (talks over PCIe every layer).")
        self.gpus = _spin(0, 64, 1)
        self.gpus.setSpecialValueText("all")
        self.sequence_length = _spin(16, 1_000_000, 512, " tokens")
        self.micro_batch = _spin(1, 1024, 1, " per GPU")
        self.lora_rank = _spin(1, 4096, 8)
        self.optimizer = QComboBox()
        self.optimizer.addItem("AdamW", "adamw")
        self.optimizer.addItem("8-bit AdamW", "adamw-8bit")
        self.sharding = QComboBox()
        self.sharding.addItem("FSDP / ZeRO-3 (shard)", "fsdp")
        self.sharding.addItem("Data parallel (copy)", "ddp")
        self.sharding.setToolTip("With several GPUs: FSDP/ZeRO-3 shards weights, gradients and "
                                 "optimizer state across them; data parallel keeps a full copy on each.")
        self.checkpointing = QCheckBox("Gradient checkpointing")
        self.checkpointing.setToolTip("Keep only each layer's input and recompute the rest in the "
                                      "backward pass: far less memory for ~30 % more compute.")
        self.result = QLabel()
        self.result.setObjectName("estimate")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.suggestions_title = QLabel("<b>Changes that make it fit</b>")
        self.suggestions = QGridLayout()
        self.suggestions.setColumnStretch(1, 1)
        self.suggestions.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (
            ("&Task", self.mode), ("Met&hod", self.method), ("&Model", self.model),
            ("&Weights", self.weights), ("&KV cache", self.kv_cache), ("Con&text", self.context),
            ("Con&currency", self.concurrency), ("&Input", self.input_tokens),
            ("&Output", self.output_tokens), ("&Parallelism", self.parallel),
            ("Se&quence", self.sequence_length), ("Micro-&batch", self.micro_batch),
            ("LoRA &rank", self.lora_rank), ("Optimi&zer", self.optimizer),
            ("&Sharding", self.sharding), ("", self.checkpointing), ("&GPUs used", self.gpus),
        ):
            form.addRow(label, widget)
            if isinstance(widget, QComboBox | QSpinBox):
                widget.setMinimumHeight(widget.sizeHint().height())  # clipped text is unreadable
        self.form = form
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 4, 0)
        inner.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # scroll, never squash
        inner.addLayout(form)
        inner.addWidget(self.result)
        inner.addWidget(self.suggestions_title)
        inner.addLayout(self.suggestions)
        self.find_builds = QPushButton("Find builds that fit…")
        self.find_builds.setObjectName("findBuildsThatFit")
        self.find_builds.setToolTip("Search the catalog for builds that run this workload, "
                                    "keeping this build's case, board, CPU, memory and storage "
                                    "where they can stay")
        inner.addWidget(self.find_builds, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addStretch(1)
        # A short dock scrolls the form instead of squashing its fields.
        self.scroll = vertical_scroll(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scroll)
        self._undo_pass_through = _BuildUndoPassThrough(self)
        for spin in self.findChildren(QSpinBox):
            spin.lineEdit().installEventFilter(self._undo_pass_through)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 420)

    def bring_verdict_into_view(self) -> None:
        """Scroll the verdict and its suggestions into view, the verdict's first line first: on a
        short dock the form fills the view and the answer sits below it."""
        self.scroll.widget().layout().activate()
        shown = [w for w in (self.result, self.suggestions_title, *self._suggestion_widgets(),
                             self.find_builds) if w.isVisibleTo(self)]
        top = self.result.y()
        bottom = max(w.geometry().bottom() for w in shown) + 1
        bar = self.scroll.verticalScrollBar()
        height = self.scroll.viewport().height()
        if top < bar.value() or bottom > bar.value() + height:
            bar.setValue(min(top, bottom - height))

    def _suggestion_widgets(self) -> list[QWidget]:
        return [self.suggestions.itemAt(n).widget() for n in range(self.suggestions.count())]
