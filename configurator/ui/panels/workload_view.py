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
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from configurator.build import PARALLEL_LABELS
from configurator.ui.number_units import CountSpinBox
from configurator.ui.scrolling import vertical_scroll
from configurator.ui.selectable import selectable_under_pointer
from configurator.ui.wrapped_label import WrappedLabel


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
    spin = CountSpinBox(minimum, maximum, step, suffix)
    spin.setKeyboardTracking(False)  # one update per committed number, not per digit
    spin.setGroupSeparatorShown(True)
    return spin


ANSWER_SHARE = 40  # % of the dock's height the answer takes by default
ANSWER_LINES = 9  # text lines the answer needs at least: verdict, title, a first change


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
        # The answer: a short verdict with its colour edge, the changes that make it fit, and
        # the full sentence (model, GPUs, memory per GPU) as details.
        self.verdict = WrappedLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        selectable_under_pointer(self.verdict)
        self.result = WrappedLabel()
        self.result.setObjectName("estimate")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        selectable_under_pointer(self.result)

        self.suggestions_title = QLabel("<b>Changes that make it fit</b>")
        self.suggestions = QGridLayout()
        self.suggestions.setColumnStretch(1, 1)
        self.suggestions.setContentsMargins(0, 0, 0, 0)
        self.find_builds = QPushButton("Find builds that fit…")
        self.find_builds.setObjectName("findBuildsThatFit")
        self.find_builds.setToolTip("Search the catalog for builds that run this workload, "
                                    "keeping this build's case, board, CPU, memory and storage "
                                    "where they can stay")

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
        # The form and the answer each scroll on their own: a new answer never moves the field
        # being edited, and the verdict stays in sight however far the form is scrolled.
        self.scroll = vertical_scroll(_column(form))
        answer = QWidget()
        answer_layout = QVBoxLayout(answer)
        answer_layout.setContentsMargins(0, 6, 0, 0)
        answer_layout.addWidget(self.verdict)
        self.answer_scroll = vertical_scroll(_column(
            self.suggestions_title, self.suggestions, self.find_builds, self.result))
        answer_layout.addWidget(self.answer_scroll, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("workloadSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.scroll)
        self.split.addWidget(answer)
        self._answer_sized_by_hand = False
        self.split.splitterMoved.connect(self._on_split_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.split)
        self._undo_pass_through = _BuildUndoPassThrough(self)
        for spin in self.findChildren(QSpinBox):
            spin.lineEdit().installEventFilter(self._undo_pass_through)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 420)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not self._answer_sized_by_hand:
            # The verdict, the title and a first change of three lines, or a share of a tall dock.
            room = self.split.height() - self.split.handleWidth()
            answer = min(room // 2, max(room * ANSWER_SHARE // 100,
                                        ANSWER_LINES * self.fontMetrics().lineSpacing()))
            self.split.setSizes([room - answer, answer])

    def _on_split_moved(self, *_position) -> None:
        self._answer_sized_by_hand = True

    def chain_tab_order(self, buttons: list[QPushButton]) -> None:
        """Tab goes down the form as it reads, then to the changes that make it fit and to
        "Find builds that fit…"."""
        order = [self.form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
                 for row in range(self.form.rowCount())]
        order += [*buttons, self.find_builds]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)


def _column(*items: QWidget | QLayout) -> QWidget:
    """The items stacked at the top of a widget: a scroll area's content, which scrolls rather
    than squashes them."""
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 4, 0)
    column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # scroll, never squash
    for item in items:
        if isinstance(item, QLayout):
            column.addLayout(item)
        elif isinstance(item, QPushButton):
            column.addWidget(item, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            column.addWidget(item)
    column.addStretch(1)
    return content
