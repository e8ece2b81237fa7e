"""Layout of the workload panel: what the customer wants to run, and the verdict."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget


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
        self.concurrency = _spin(1, 4096, 1, " requests")
        self.input_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.output_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.parallel = QComboBox()
        self.parallel.addItem("Replicas", "replicas")
        self.parallel.addItem("Pipeline (PP)", "pp")
        self.parallel.addItem("Tensor (TP)", "tp")
        self.parallel.setToolTip("Replicas: one copy of the model per GPU group behind a load "
                                 "balancer. PP: one layer range per GPU. TP: every layer split "
                                 "across the GPUs (talks over PCIe every layer).")
        self.gpus = _spin(0, 64, 1)
        self.gpus.setSpecialValueText("all")
        self.result = QLabel()
        self.result.setObjectName("estimate")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (
            ("&Task", self.mode), ("Met&hod", self.method), ("&Model", self.model),
            ("&Weights", self.weights), ("&KV cache", self.kv_cache), ("Con&text", self.context),
            ("Con&currency", self.concurrency), ("&Input", self.input_tokens),
            ("&Output", self.output_tokens), ("&Parallelism", self.parallel), ("&GPUs used", self.gpus),
        ):
            form.addRow(label, widget)
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 420)
