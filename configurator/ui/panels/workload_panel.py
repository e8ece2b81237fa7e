"""The workload form: each change is one (merged) undoable edit of the build's workload."""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from configurator.build import Workload
from configurator.ui.document import BuildDocument
from configurator.ui.estimates import FINETUNE_METHODS, Estimator
from configurator.ui.panels.workload_view import WorkloadView
from configurator.ui.state import BuildChanges
from configurator.ui.theme import status_colors

NO_WORKLOAD = "— no workload —"
DEFAULT_MODEL = "llama-3.3-70b"


class WorkloadPanel(WorkloadView):
    def __init__(self, document: BuildDocument, estimator: Estimator, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self._estimator = estimator
        self.model.addItem(NO_WORKLOAD, None)
        for model_id, name in estimator.models.items():
            self.model.addItem(name, model_id)
        for fmt_id, label in estimator.weight_formats().items():
            self.weights.addItem(label, fmt_id)
        for method, label in FINETUNE_METHODS.items():
            self.method.addItem(label, method)

        self._fields: dict[str, QComboBox | QSpinBox] = {
            "model": self.model, "weights": self.weights, "kv_cache": self.kv_cache,
            "context": self.context, "concurrency": self.concurrency,
            "input_tokens": self.input_tokens, "output_tokens": self.output_tokens,
            "parallel": self.parallel, "gpus": self.gpus,
        }
        for name, widget in self._fields.items():
            if isinstance(widget, QComboBox):
                widget.activated.connect(lambda _n, f=name: self._on_field_edited(f))
            else:
                widget.valueChanged.connect(lambda _v, f=name: self._on_field_edited(f))
        self.mode.activated.connect(self._on_mode_changed)
        self.method.activated.connect(self._on_mode_changed)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.workload or changes.hardware:
            self.refresh()

    def refresh(self) -> None:
        workload = self._document.build.workload
        blockers = [QSignalBlocker(w) for w in (*self._fields.values(), self.mode, self.method)]
        self.model.setCurrentIndex(max(0, self.model.findData(workload.model if workload else None)))
        for widget in self._fields.values():
            if widget is not self.model:
                widget.setEnabled(workload is not None)
        if workload is not None:
            self.weights.setCurrentIndex(max(0, self.weights.findData(workload.weights)))
            self.kv_cache.setCurrentIndex(max(0, self.kv_cache.findData(workload.kv_cache)))
            self.parallel.setCurrentIndex(max(0, self.parallel.findData(workload.parallel)))
            for name in ("context", "concurrency", "input_tokens", "output_tokens"):
                self._fields[name].setValue(getattr(workload, name))
            self.gpus.setValue(workload.gpus or 0)
        self.mode.setCurrentIndex(self.mode.findData(self._estimator.mode))
        self.method.setCurrentIndex(self.method.findData(self._estimator.finetune_method))
        del blockers
        finetune = self._estimator.mode == "finetune"
        self.form.setRowVisible(self.method, finetune)
        for widget in (self.weights, self.kv_cache, self.concurrency, self.input_tokens,
                       self.output_tokens, self.parallel):
            self.form.setRowVisible(widget, not finetune)
        self._show_result()

    def _show_result(self) -> None:
        estimate = self._document.state.estimate
        if estimate is None:
            self.result.setText("Choose a model to see whether it fits and how fast it runs.")
            self.result.setStyleSheet("")
            return
        self.result.setText(html.escape(estimate.text))
        if estimate.fits is None:
            self.result.setStyleSheet("")
            return
        background, foreground = status_colors("buildable" if estimate.fits else "errors", self.palette())
        self.result.setStyleSheet(f"QLabel {{ border-left: 5px solid {background}; padding-left: 6px; }}")

    def _on_field_edited(self, name: str) -> None:
        model_id = self.model.currentData()
        if model_id is None:
            self._document.set_workload(None, "model")
            return
        current = self._document.build.workload
        base = current.model_dump() if current else {"model": DEFAULT_MODEL}
        base.update(
            model=model_id, weights=self.weights.currentData(), kv_cache=self.kv_cache.currentData(),
            context=self.context.value(), concurrency=self.concurrency.value(),
            input_tokens=self.input_tokens.value(), output_tokens=self.output_tokens.value(),
            parallel=self.parallel.currentData(), gpus=self.gpus.value() or None,
        )
        if current is None:
            base.update(weights="fp8", context=8192, input_tokens=1000, output_tokens=1000,
                        concurrency=8)
        try:
            workload = Workload.model_validate(base)
        except ValueError as exc:
            self._document.edit_refused.emit(str(exc))
            return
        self._document.set_workload(workload, name.replace("_", " "))

    def _on_mode_changed(self, _index: int) -> None:
        self._estimator.mode = self.mode.currentData()
        self._estimator.finetune_method = self.method.currentData()
        self._document.recompute()
