"""The workload form: each change is one (merged) undoable edit of the build's workload."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QSpinBox, QWidget

from configurator.build import FinetuneOptions, Workload
from configurator.ui.document import BuildDocument
from configurator.ui.estimates import FINETUNE_METHODS, Estimator
from configurator.ui.panels.finding_card import fix_row, show_fix
from configurator.ui.panels.workload_verdict import headline
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
        self._shown_answer: tuple | None = None
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
        self.chain_tab_order([])
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.workload:
            self.refresh()
        elif changes.hardware:  # the form shows the workload alone: only the verdict changed
            self._show_answer()

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
        # Without a model the settings mean nothing: only the model chooser shows. Each row is
        # set once, shown or hidden, so the form is laid out once for its final rows.
        for name, widget in self._fields.items():
            self.form.setRowVisible(widget, _row_shown(name, workload, training))
        self._show_answer()

    def _show_answer(self) -> None:
        self._show_result()
        self._show_suggestions()
        answer = (self.verdict.text(), self.result.text(), self._shown_fixes)
        if answer != self._shown_answer:
            # A new answer is read from its verdict down; the form is left where it is.
            self._shown_answer = answer
            self.answer_scroll.verticalScrollBar().setValue(0)

    def _show_suggestions(self) -> None:
        """The WORKLOAD-FIT finding's fixes, each applied with one click (one undo step). Rows
        are made once and kept: trying parts back and forth only shows or hides them."""
        finding = next((f for f in self._document.state.report.findings if f.code == FIT_CODE), None)
        fixes = [fix for fix in (finding.fixes if finding else ()) if fix.edit is not None]
        if finding is not None:
            # Said of this build: once the model fits, what is left is serving every user at once.
            # The count says how many there are when only the first is in sight.
            one = len(fixes) == 1
            changes = f"{len(fixes)} change{'' if one else 's'} that "
            self.suggestions_title.setText(
                f"<b>{changes}make{'s' * one} it fit</b>" if finding.severity == "warning" else
                f"<b>{changes}serve{'s' * one} all {self._document.build.workload.concurrency:,} "
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
            self.chain_tab_order([button for button, _label in self._suggestion_rows])
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
        self.find_builds.setVisible(estimate is not None and (estimate.fits is False or no_gpu))
        text, status = headline(estimate)
        self.verdict.setText(text)
        # A verdict has its colour edge; the hint to choose a model is plain text.
        # Qt draws a one-sided border only once the other sides are set too.
        sheet = (f"QLabel {{ border: 0px; border-left: 5px solid {status_colors(status, self.palette())[0]}; "
                 "padding-left: 6px; font-weight: bold; }" if status else "")
        if sheet != self.verdict.styleSheet():  # a new style sheet restyles the label: only on a change
            self.verdict.setStyleSheet(sheet)
        self.result.setText(estimate.text[:1].upper() + estimate.text[1:] if estimate else "")
        # An error is said whole by the verdict; the details would only repeat it.
        self.result.setVisible(estimate is not None and not estimate.error)

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


def _row_shown(name: str, workload: Workload | None, training: FinetuneOptions) -> bool:
    if name == "model":
        return True
    if workload is None:
        return False
    finetune = workload.task == "finetune"
    if name == "lora_rank":
        return finetune and training.method != "full"
    if name in SERVING_ONLY:
        return not finetune
    return finetune if name in TRAINING_ONLY else True
