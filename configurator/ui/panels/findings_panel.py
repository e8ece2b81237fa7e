"""Findings: errors, warnings and notes with their causal chain and one-click fixes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QListWidgetItem, QStyle, QWidget

from configurator.rules import Finding
from configurator.ui.document import BuildDocument
from configurator.ui.panels.findings_view import FindingsView
from configurator.ui.state import BuildChanges

_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def chain_text(document: BuildDocument, chain: tuple[str, ...]) -> str:
    graph = document.state.graph
    names = []
    for node in chain:
        label = graph.nodes[node].get("label", node) if node in graph else node
        names.append(label)
    return " → ".join(names)


class FindingsPanel(FindingsView):
    chain_selected = Signal(tuple)  # node ids, cause to effect; () clears

    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.fix_buttons: list[QCommandLinkButton] = []
        self.list.currentItemChanged.connect(self._on_current_changed)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def findings(self) -> list[Finding]:
        return [self.list.item(n).data(FINDING_ROLE) for n in range(self.list.count())]

    def select_code(self, code: str) -> bool:
        for n in range(self.list.count()):
            if self.list.item(n).data(FINDING_ROLE).code == code:
                self.list.setCurrentRow(n)
                return True
        return False

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.hardware or changes.workload:
            self.refresh()

    def refresh(self) -> None:
        report = self._document.state.report
        current = self.list.currentItem()
        keep = current.data(FINDING_ROLE) if current else None
        self.list.blockSignals(True)
        self.list.clear()
        style = self.style()
        for finding in report.findings:
            text = finding.message[:1].upper() + finding.message[1:]
            item = QListWidgetItem(style.standardIcon(_ICONS[finding.severity]), text)
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(f"{finding.code} ({finding.severity})")
            self.list.addItem(item)
        self.list.blockSignals(False)
        counts = report.counts
        self.counts.setText(
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)"
            if report.findings else "No findings: every check passes."
        )
        row = next((n for n, f in enumerate(self.findings()) if keep and f.code == keep.code
                    and f.parts == keep.parts), -1)
        self.list.setCurrentRow(row)
        if row < 0:
            self._on_current_changed(None)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        for button in self.fix_buttons:
            button.deleteLater()
        self.fix_buttons = []
        finding: Finding | None = item.data(FINDING_ROLE) if item else None
        if finding is None:
            self.chain.setText("")
            self.chain_selected.emit(())
            return
        chain = chain_text(self._document, finding.chain)
        self.chain.setText(f"<b>{finding.code}</b>" + (f"<br>{chain}" if chain else ""))
        for fix in finding.fixes:
            if fix.edit is None:
                continue
            # A command link wraps its description, so long fix texts stay readable in a narrow dock.
            button = QCommandLinkButton("Apply fix", fix.text)
            button.setToolTip("Apply this fix (undo with Ctrl+Z)")
            button.clicked.connect(lambda _=False, edit=fix.edit: self._document.apply_edit(edit))
            self.fixes.addWidget(button)
            self.fix_buttons.append(button)
        self.chain_selected.emit(tuple(finding.chain))
