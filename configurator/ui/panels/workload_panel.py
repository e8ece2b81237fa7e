"""The workload form: each change is one (merged) undoable edit of the build's workload."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QSpinBox, QWidget

from configurator.build import FinetuneOptions, Workload
from configurator.ui.document import BuildDocument
from configurator.ui.estimates import FINETUNE_METHODS, Estimator
from configurator.ui.panels.finding_card import fix_row, show_fix
from configurator.ui.panels.workload_view import WorkloadView
from configurator.ui.state import BuildChanges
from configurator.ui.theme import status_colors

NO_WORKLOAD = "— no workload —"
DEFAULT_MODEL = "llama-3.3-70b"
SERVING_ONLY = ("weights", "kv_cache", "context", "concurrency", "input_tokens", "output_tokens",
                "parallel")
FIELD_WORDS = {"checkpointing": "gradient checkpointing", "lora_rank": "LoRA rank",
               "method": "fine-tuning method"}
TRAINING_ONLY = ("method", "sequence_length", "micro_batch", "optimizer", "sharding", "checkpointing")
FIT_CODE = "WORKLOAD-FIT"


class WorkloadPanel(WorkloadView):
    find_builds_requested = Signal()  # the workload does not fit: search for builds that run it

    def __init__(self, document: BuildDocument, estimator: Estimator, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.find_builds.clicked.connect(self.find_builds_requested)
        self._estimator = estimator
        self.model.addItem(NO_WORKLOAD, None)
        for model_id, name in estimator.models.items():
            self.model.addItem(name, model_id)
        for fmt_id, label in estimator.weight_formats().items():
            self.weights.addItem(label, fmt_id)
        for method, label in FINETUNE_METHODS.items():
            self.method.addItem(label, method)

        self.suggestion_buttons: list[QPushButton] = []
        self._shown_fixes: list | None = None
        self._verdict_kind: tuple | None = None
        self._fields: dict[str, QComboBox | QSpinBox | QCheckBox] = {
            "task": self.mode, "model": self.model, "weights": self.weights, "kv_cache": self.kv_cache,
            "context": self.context, "concurrency": self.concurrency,
            "input_tokens": self.input_tokens, "output_tokens": self.output_tokens,
            "parallel": self.parallel, "gpus": self.gpus, "method": self.method,
            "sequence_length": self.sequence_length, "micro_batch": self.micro_batch,
            "lora_rank": self.lora_rank, "optimizer": self.optimizer, "sharding": self.sharding,
            "checkpointing": self.checkpointing,
        }
        for name, widget in self._fields.items():
            if isinstance(widget, QComboBox):
                widget.activated.connect(lambda _n, f=name: self._on_field_edited(f))
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda _c, f=name: self._on_field_edited(f))
            else:
                widget.valueChanged.connect(lambda _v, f=name: self._on_field_edited(f))
        self._suggestion_rows: list[tuple] = []  # (Apply button, fix text), made as needed
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.workload:
            self.refresh()
        elif changes.hardware:  # the form shows the workload alone: only the verdict changed
            self._show_result()
            self._show_suggestions()

    def refresh(self) -> None:
        workload = self._document.build.workload
        training = workload.training if workload else FinetuneOptions()
        blockers = [QSignalBlocker(w) for w in self._fields.values()]
        self.model.setCurrentIndex(max(0, self.model.findData(workload.model if workload else None)))
        for widget in self._fields.values():
            if widget is not self.model:
                widget.setEnabled(workload is not None)
        if workload is not None:
            for name in ("task", "weights", "kv_cache", "parallel"):
                combo = self._fields[name]
                combo.setCurrentIndex(max(0, combo.findData(getattr(workload, name))))
            for name in ("context", "concurrency", "input_tokens", "output_tokens"):
                self._fields[name].setValue(getattr(workload, name))
            self.gpus.setValue(workload.gpus or 0)
        for name in ("method", "optimizer", "sharding"):
            combo = self._fields[name]
            combo.setCurrentIndex(max(0, combo.findData(getattr(training, name))))
        self.sequence_length.setValue(training.sequence_length)
        self.micro_batch.setValue(training.micro_batch)
        self.lora_rank.setValue(training.lora_rank)
        self.checkpointing.setChecked(training.gradient_checkpointing)
        del blockers
        finetune = workload is not None and workload.task == "finetune"
        # Without a model the settings mean nothing: only the model chooser shows.
        for name, widget in self._fields.items():
            if name != "model":
                self.form.setRowVisible(widget, workload is not None)
        if workload is not None:
            for name in SERVING_ONLY:
                self.form.setRowVisible(self._fields[name], not finetune)
            for name in TRAINING_ONLY:
                self.form.setRowVisible(self._fields[name], finetune)
            self.form.setRowVisible(self.lora_rank, finetune and training.method != "full")
        self._show_result()
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        """The WORKLOAD-FIT finding's fixes, each applied with one click (one undo step). Rows
        are made once and kept: trying parts back and forth only shows or hides them."""
        finding = next((f for f in self._document.state.report.findings if f.code == FIT_CODE), None)
        fixes = [fix for fix in (finding.fixes if finding else ()) if fix.edit is not None]
        if finding is not None:
            # Said of this build: once the model fits, what is left is serving every user at once.
            self.suggestions_title.setText(
                "<b>Changes that make it fit</b>" if finding.severity == "warning" else
                f"<b>Changes that serve all {self._document.build.workload.concurrency:,} "
                "users at once</b>")
        if fixes == self._shown_fixes:
            return
        self._shown_fixes = fixes
        while len(self._suggestion_rows) < len(fixes):
            row = len(self._suggestion_rows)
            button, label = fix_row(fixes[row], lambda n=row: self._document.apply_edit(self._shown_fixes[n].edit))
            self.suggestions.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            self.suggestions.addWidget(label, row, 1)
            self._suggestion_rows.append((button, label))
        for row, (button, label) in enumerate(self._suggestion_rows):
            if row < len(fixes):
                show_fix(fixes[row], button, label)
            button.setVisible(row < len(fixes))
            label.setVisible(row < len(fixes))
        self.suggestion_buttons = [button for button, _label in self._suggestion_rows[:len(fixes)]]
        self.suggestions_title.setVisible(bool(fixes))

    def _show_result(self) -> None:
        estimate = self._document.state.estimate
        no_gpu = not self._document.state.resolved.gpus
        kind = (estimate.fits, bool(estimate.error)) if estimate else None
        if kind != self._verdict_kind:
            # A new answer (fits, does not fit, cannot tell) is shown even when the form fills
            # a short dock; once laid out, with its suggestions.
            self._verdict_kind = kind
            QTimer.singleShot(0, self, self.bring_verdict_into_view)
        self.find_builds.setVisible(estimate is not None and (estimate.fits is False or no_gpu))
        if estimate is None:
            self.result.setText("Choose a model to see whether it fits and how fast it runs.")
            self.result.setStyleSheet("")
            return
        self.result.setText(estimate.text[:1].upper() + estimate.text[1:])
        if estimate.fits is None and not estimate.error:
            self.result.setStyleSheet("")
            return
        background, _foreground = status_colors("buildable" if estimate.fits else "errors", self.palette())
        # Qt draws a one-sided border only once the other sides are set too.
        self.result.setStyleSheet(
            f"QLabel {{ border: 0px; border-left: 5px solid {background}; padding-left: 6px; }}")

    def _on_field_edited(self, name: str) -> None:
        model_id = self.model.currentData()
        if model_id is None:
            self._document.set_workload(None, "model")
            return
        current = self._document.build.workload
        base = current.model_dump() if current else {"model": DEFAULT_MODEL}
        base.update(
            task=self.mode.currentData(), model=model_id, weights=self.weights.currentData(),
            kv_cache=self.kv_cache.currentData(), context=self.context.value(),
            concurrency=self.concurrency.value(), input_tokens=self.input_tokens.value(),
            output_tokens=self.output_tokens.value(), parallel=self.parallel.currentData(),
            gpus=self.gpus.value() or None,
        )
        if current is None:
            base.update(task="inference", weights="fp8", context=8192, input_tokens=1000,
                        output_tokens=1000, concurrency=8)
        elif base["task"] == "finetune" or current.finetune is not None:
            base["finetune"] = {
                "method": self.method.currentData(), "sequence_length": self.sequence_length.value(),
                "micro_batch": self.micro_batch.value(), "lora_rank": self.lora_rank.value(),
                "optimizer": self.optimizer.currentData(), "sharding": self.sharding.currentData(),
                "gradient_checkpointing": self.checkpointing.isChecked(),
            }
        try:
            workload = Workload.model_validate(base)
        except ValueError as exc:
            self._document.edit_refused.emit(str(exc))
            return
        self._document.set_workload(workload, FIELD_WORDS.get(name, name.replace("_", " ")))
