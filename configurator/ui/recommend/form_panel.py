"""The recommender form: fills its choices from the catalog and turns them into a request."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCompleter, QListWidgetItem, QWidget

from configurator.build import CIRCUITS, Build, FinetuneOptions, ServiceLevels, Workload
from configurator.parts import Catalog
from configurator.recommend import ANY_FORMAT, RecommendRequest
from configurator.ui.estimates import FINETUNE_METHODS, Estimator
from configurator.ui.recommend.form_view import RecommendFormView

DEFAULT_MODEL = "llama-3.3-70b"
KIND_ORDER = ("gpu", "case", "motherboard", "cpu", "cooler", "memory", "storage", "psu")
OBJECTIVES = {
    "cheapest": "Cheapest build that meets the service level",
    "fastest": "Most tokens/s within the budget",
    "value": "Most tokens/s per {currency}",
}
SERVING_ONLY = ("weights", "kv_cache", "context", "users", "input_tokens", "output_tokens")
TRAINING_ONLY = ("method", "sequence_length", "micro_batch")


class RecommendForm(RecommendFormView):
    def __init__(self, catalog: Catalog, estimator: Estimator, circuit: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._catalog = catalog
        for model_id, name in estimator.models.items():
            self.model.addItem(name, model_id)
        self.weights.addItem("Any (the search chooses)", ANY_FORMAT)
        for fmt_id, label in estimator.weight_formats().items():
            self.weights.addItem(label, fmt_id)
        for method, label in FINETUNE_METHODS.items():
            self.method.addItem(label, method)
        currencies = sorted({part.price.currency for part in catalog})
        for currency in currencies:
            self.currency.addItem(currency, currency)
        for key, wall in CIRCUITS.items():
            self.circuit.addItem(wall.name, key)
        for key in OBJECTIVES:
            self.objective.addItem("", key)
        for brand in sorted({part.brand for part in catalog}, key=str.casefold):
            action = self.brands_menu.addAction(brand)
            action.setCheckable(True)
            action.toggled.connect(self._show_brands)
        parts = sorted(catalog, key=lambda p: (KIND_ORDER.index(p.kind) if p.kind in KIND_ORDER
                                               else len(KIND_ORDER), p.name.casefold()))
        for part in parts:
            self.include_part.addItem(f"{part.name} ({part.kind})", part.id)
        completer = QCompleter(self.include_part.model(), self.include_part)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.include_part.setCompleter(completer)
        completer.popup().setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)  # whole names
        self.include_part.view().setMinimumWidth(completer.popup().minimumWidth())
        self.include_part.setCurrentIndex(-1)

        self.task.currentIndexChanged.connect(self._show_task)
        self.currency.currentIndexChanged.connect(self._name_objectives)
        self.include_add.clicked.connect(self._add_included)
        self.include_part.lineEdit().returnPressed.connect(self._add_included)
        self.include_remove.clicked.connect(self._remove_included)
        self.included.currentRowChanged.connect(
            lambda row: self.include_remove.setEnabled(row >= 0))
        self.reset(circuit)

    # --- filling the form -----------------------------------------------------------------------

    def reset(self, circuit: str) -> None:
        """The defaults: a 70B model at any precision for 8 users on the given circuit."""
        self.fill_workload(Workload(model=DEFAULT_MODEL, weights=ANY_FORMAT, kv_cache="fp8",
                                    context=32768, concurrency=8, input_tokens=2000,
                                    output_tokens=500))
        self.min_tokens.setValue(0)
        self.max_ttft.setValue(0)
        self.budget.setValue(0)
        self.currency.setCurrentIndex(max(0, self.currency.findData("USD")))
        self.set_circuit(circuit)
        self.form_factor.setCurrentIndex(0)
        self.max_gpus.setValue(0)
        for box in self.gpu_classes.values():
            box.setChecked(True)
        for action in self.brands_menu.actions():
            action.setChecked(False)
        self.set_included([])
        self.objective.setCurrentIndex(0)
        self.top.setValue(5)
        self._show_brands()
        self._name_objectives()

    def set_circuit(self, circuit: str) -> None:
        self.circuit.setCurrentIndex(max(0, self.circuit.findData(circuit)))

    def fill_workload(self, workload: Workload) -> None:
        training = workload.training
        self.task.setCurrentIndex(max(0, self.task.findData(workload.task)))
        self.model.setCurrentIndex(max(0, self.model.findData(workload.model)))
        self.weights.setCurrentIndex(max(0, self.weights.findData(workload.weights)))
        self.kv_cache.setCurrentIndex(max(0, self.kv_cache.findData(workload.kv_cache)))
        self.context.setValue(workload.context)
        self.users.setValue(workload.concurrency)
        self.input_tokens.setValue(workload.input_tokens)
        self.output_tokens.setValue(workload.output_tokens)
        self.method.setCurrentIndex(max(0, self.method.findData(training.method)))
        self.sequence_length.setValue(training.sequence_length)
        self.micro_batch.setValue(training.micro_batch)
        service = workload.service or ServiceLevels()
        self.min_tokens.setValue(service.min_tokens_per_user or 0)
        self.max_ttft.setValue(service.max_ttft_s or 0)
        self._show_task()

    def set_included(self, part_ids: list[str]) -> None:
        self.included.clear()
        for part_id in part_ids:
            part = self._catalog.get(part_id)
            if part is not None:
                item = QListWidgetItem(f"{part.kind}: {part.name}")
                item.setToolTip(item.text())
                item.setData(Qt.ItemDataRole.UserRole, part_id)
                self.included.addItem(item)
        self.include_remove.setEnabled(False)

    def included_parts(self) -> list[str]:
        return [self.included.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.included.count())]

    def start_from(self, build: Build) -> None:
        """Search for builds that run this build's workload, keeping its case, board, CPU,
        memory and storage (the parts a customer least wants to change)."""
        if build.workload is not None:
            self.fill_workload(build.workload)
        self.set_circuit(build.circuit)
        kept = []
        for item in build.items:
            part = self._catalog.get(item.part)
            if part is not None and part.kind in ("case", "motherboard", "cpu", "memory", "storage"):
                kept += [item.part] * item.quantity
        self.set_included(kept)

    # --- reading it ------------------------------------------------------------------------------

    def request(self) -> RecommendRequest:
        """What the form asks; pydantic's ValueError names the field a value is wrong for."""
        finetune = self.task.currentData() == "finetune"
        service = ServiceLevels(min_tokens_per_user=self.min_tokens.value() or None,
                                max_ttft_s=self.max_ttft.value() or None)
        if finetune:  # the serving fields are hidden and mean nothing for training
            workload = Workload(task="finetune", model=self.model.currentData(),
                                finetune=FinetuneOptions(method=self.method.currentData(),
                                                         sequence_length=self.sequence_length.value(),
                                                         micro_batch=self.micro_batch.value()))
        else:
            workload = Workload(
                model=self.model.currentData(), weights=self.weights.currentData(),
                kv_cache=self.kv_cache.currentData(), context=self.context.value(),
                concurrency=self.users.value(), input_tokens=self.input_tokens.value(),
                output_tokens=self.output_tokens.value())
        classes = tuple(name for name, box in self.gpu_classes.items() if box.isChecked())
        return RecommendRequest(
            workload=workload,
            service=ServiceLevels() if finetune else service,
            budget=Decimal(self.budget.value()) if self.budget.value() else None,
            currency=self.currency.currentData(),
            circuit=self.circuit.currentData(),
            form=self.form_factor.currentData(),
            max_gpus=self.max_gpus.value() or None,
            gpu_classes=() if len(classes) == len(self.gpu_classes) else classes,
            exclude_brands=tuple(self.excluded_brands()),
            must_include=tuple(self.included_parts()),
            objective=self.objective.currentData(),
            top=self.top.value(),
        )

    def excluded_brands(self) -> list[str]:
        return [a.text() for a in self.brands_menu.actions() if a.isChecked()]

    # --- reactions -------------------------------------------------------------------------------

    def _show_task(self) -> None:
        finetune = self.task.currentData() == "finetune"
        for name in SERVING_ONLY:
            self.workload_form.setRowVisible(getattr(self, name), not finetune)
        for name in TRAINING_ONLY:
            self.workload_form.setRowVisible(getattr(self, name), finetune)
        self.service.setVisible(not finetune)

    def _name_objectives(self) -> None:
        currency = self.currency.currentData() or "USD"
        blocker = QSignalBlocker(self.objective)
        for n in range(self.objective.count()):
            self.objective.setItemText(n, OBJECTIVES[self.objective.itemData(n)].format(currency=currency))
        del blocker

    def _show_brands(self) -> None:
        brands = self.excluded_brands()
        self.brands_button.setText(", ".join(brands) if brands else "none")
        self.brands_button.setToolTip("Brands the search leaves out: " + (", ".join(brands) or "none"))

    def _add_included(self) -> None:
        index = self.include_part.findText(self.include_part.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self.status.setText(f"“{self.include_part.currentText()}” is not a part in the catalog.")
            return
        self.set_included([*self.included_parts(), self.include_part.itemData(index)])
        self.include_part.setCurrentIndex(-1)

    def _remove_included(self) -> None:
        row = self.included.currentRow()
        if row >= 0:
            self.set_included([p for n, p in enumerate(self.included_parts()) if n != row])
