"""Layout of the recommender form: the workload, its service levels, the constraints and the
objective, in one scrolling column with the search buttons underneath."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.number_units import CountSpinBox
from configurator.ui.scrolling import vertical_scroll


def _spin(minimum: int, maximum: int, step: int, suffix: str = "", special: str = "") -> QSpinBox:
    spin = CountSpinBox(minimum, maximum, step, suffix)
    spin.setGroupSeparatorShown(True)
    if special:
        spin.setSpecialValueText(special)
    return spin


def _decimal(maximum: float, step: float, suffix: str, special: str, decimals: int = 1) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(minimum=0.0, maximum=maximum, singleStep=step, suffix=suffix, decimals=decimals)
    spin.setGroupSeparatorShown(True)
    spin.setSpecialValueText(special)  # shown at 0: the level is not asked for
    return spin


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A row label whose mnemonic focuses ``widget`` (a row holding a layout has no buddy)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _form(group: QGroupBox) -> QFormLayout:
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


class RecommendFormView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.task = QComboBox()
        self.task.addItem("Inference (serving)", "inference")
        self.task.addItem("Fine-tuning", "finetune")
        self.model = QComboBox()
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(14)
        self.weights = QComboBox()
        self.kv_cache = QComboBox()
        self.kv_cache.addItem("BF16", "bf16")
        self.kv_cache.addItem("FP8", "fp8")
        self.context = _spin(128, 2_000_000, 1024, " tokens")
        self.users = _spin(1, 4096, 1, " at once")
        self.input_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.output_tokens = _spin(1, 2_000_000, 100, " tokens")
        self.method = QComboBox()
        self.sequence_length = _spin(16, 1_000_000, 512, " tokens")
        self.micro_batch = _spin(1, 1024, 1, " per GPU")
        self.min_tokens = _decimal(100_000, 5, " tokens/s", "no minimum")
        self.max_ttft = _decimal(3600, 0.5, " s", "no limit", decimals=2)

        self.budget = _spin(0, 10_000_000, 1000, special="no limit")
        self.currency = QComboBox()
        self.circuit = QComboBox()
        self.form_factor = QComboBox()
        for label, value in (("Any", "any"), ("Tower", "tower"), ("Rack", "rack")):
            self.form_factor.addItem(label, value)
        self.max_gpus = _spin(0, 64, 1, special="no limit")
        self.gpu_classes = {name: QCheckBox(label) for name, label in (
            ("consumer", "Consumer"), ("workstation", "Workstation"), ("datacenter", "Data centre"))}
        self.gpu_classes["consumer"].setToolTip("GeForce-class cards: cheapest per GB, but not made "
                                                "for serving around the clock")
        self.brands_button = QToolButton()
        self.brands_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.brands_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.brands_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.brands_menu = QMenu(self.brands_button)
        self.brands_button.setMenu(self.brands_menu)
        self.include_part = QComboBox()
        self.include_part.setEditable(True)
        self.include_part.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.include_part.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.include_part.setMinimumContentsLength(6)
        self.include_part.lineEdit().setPlaceholderText("Type a part name…")
        self.include_add = QPushButton("Add")
        self.included = QListWidget()
        self.included.setObjectName("mustInclude")
        self.included.setAccessibleName("Parts the build must include")
        self.included.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        self.included.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.included.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.include_remove = QPushButton("Remove")
        self.objective = QComboBox()
        self.top = _spin(1, 20, 1, " builds")

        self.find_button = QPushButton("Find builds")
        self.find_button.setObjectName("findBuilds")
        self.find_button.setDefault(True)
        self.find_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.find_button.setToolTip("Search the catalog (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelSearch")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        workload = QGroupBox("Workload")
        self.workload_form = _form(workload)
        for label, widget in (
            ("&Task", self.task), ("&Model", self.model), ("&Weights", self.weights),
            ("&KV cache", self.kv_cache), ("Con&text", self.context), ("&Users", self.users),
            ("&Input", self.input_tokens), ("&Output", self.output_tokens),
            ("Met&hod", self.method), ("Se&quence", self.sequence_length),
            ("Micro-&batch", self.micro_batch),
        ):
            self.workload_form.addRow(label, widget)
        self.service = QGroupBox("Service level, per user")
        service_form = _form(self.service)
        service_form.addRow("At &least", self.min_tokens)
        service_form.addRow("First token &within", self.max_ttft)

        constraints = QGroupBox("Budget and site")
        constraints_form = _form(constraints)
        money = QHBoxLayout()
        money.addWidget(self.budget, 1)
        money.addWidget(self.currency)
        constraints_form.addRow(_buddy("B&udget", self.budget), money)
        constraints_form.addRow("&Circuit", self.circuit)
        constraints_form.addRow("&Form factor", self.form_factor)
        constraints_form.addRow("&GPUs, at most", self.max_gpus)
        classes = QHBoxLayout()
        for box in self.gpu_classes.values():
            classes.addWidget(box)
        classes.addStretch(1)
        constraints_form.addRow(_buddy("GPU c&lasses", self.gpu_classes["consumer"]), classes)
        constraints_form.addRow("&Exclude brands", self.brands_button)
        adding = QHBoxLayout()
        adding.addWidget(self.include_part, 1)
        adding.addWidget(self.include_add)
        adding.addWidget(self.include_remove)
        constraints_form.addRow(_buddy("Must &include", self.include_part), adding)
        constraints_form.addRow("", self.included)

        goal = QGroupBox("Objective")
        goal_form = _form(goal)
        goal_form.addRow("&Rank by", self.objective)
        goal_form.addRow("&Show", self.top)

        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 6, 0)
        for group in (workload, self.service, constraints, goal):
            column_layout.addWidget(group)
        column_layout.addStretch(1)
        scroll = vertical_scroll(column)
        self.scroll = scroll

        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button, 1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 700)
