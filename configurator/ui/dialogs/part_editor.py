"""The part editor: a new part made from a catalog part, edited field by field and saved in the
user's parts folder.

Every field is shown with its unit; a board's slots, M.2 connectors and sharing footnotes, and
other lists, are edited as TOML text, the way the part files write them. Saving validates with
the catalog loader's own messages, and nothing is written until the part is valid.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from configurator.parts import PART_TYPES, Catalog, PartBase, editing
from configurator.ui.store_writes import send_in_background

_SKIPPED = ("kind", "provenance")


class PartEditorDialog(QDialog):
    def __init__(self, catalog: Catalog, kind: str, data: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.kind = kind
        self.base = data
        self.saved: PartBase | None = None
        self.saved_path = None
        self.setWindowTitle(f"New {kind}: {data.get('brand', '')} {data.get('model', '')}")
        self.resize(720, 640)
        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.structured: set[str] = set()
        for name, info in PART_TYPES[kind].model_fields.items():
            if name in _SKIPPED:
                continue
            self.editors[name] = editor = self._editor(name, data.get(name))
            unit = editing.unit_of(name)
            label = QLabel(f"{name}{f' ({unit})' if unit else ''}")
            label.setToolTip(info.description or "")
            editor.setToolTip(info.description or "")
            self.form.addRow(label, editor)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 4px;")
        self.problems.hide()
        hint = QLabel("Lists and tables (slots, M.2 connectors, sharing footnotes, sources, price) are "
                      "TOML, as in the part files. The part is checked like the bundled catalog and "
                      "saved in your parts folder.")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _editor(self, name: str, value) -> QWidget:
        if isinstance(value, bool):
            box = QCheckBox()
            box.setChecked(value)
            return box
        if isinstance(value, list | dict) or name == "notes":
            if name != "notes":
                self.structured.add(name)
            text = QPlainTextEdit(value if name == "notes" else editing.structured_text(name, value))
            text.setMinimumHeight(110 if name in ("pcie_slots", "m2_slots", "sharing") else 60)
            text.setTabChangesFocus(True)
            return text
        return QLineEdit("" if value is None else str(value))

    def data(self) -> dict:
        """The part as edited; raises ValueError naming a field whose TOML text does not parse."""
        out = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                out[name] = editor.isChecked()
                continue
            text = (editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()).strip()
            if name == "notes":
                out[name] = text
            elif not text:
                continue
            elif name in self.structured:
                out[name] = editing.parse_structured(name, text)
            elif isinstance(self.base.get(name), str) or name in ("id", "brand", "model", "mpn"):
                out[name] = text
            else:
                out[name] = editing.parse_value(text)
        out["provenance"] = self.base.get("provenance", {})
        return out

    def save(self) -> bool:
        try:
            data = self.data()
        except ValueError as exc:
            return self._show([str(exc)])
        part_id = str(data.get("id", ""))
        if problem := editing.new_id_problem(self.catalog, part_id):
            return self._show([f"id: {problem}"])
        part, problems = editing.check(self.kind, data, f"parts/{self.kind}/{part_id}.toml")
        if problems:
            return self._show([str(p) for p in problems])
        try:
            self.saved_path = editing.save(part)
        except OSError as exc:
            return self._show([f"cannot save {editing.user_part_path(part)}: {exc.strerror or exc}"])
        self.saved = part
        send_in_background(self.parent(), editing.share(part, self.saved_path))
        self.accept()
        return True

    def _show(self, lines: list[str]) -> bool:
        self.problems.setText("\n".join(lines))
        self.problems.show()
        return False


def new_part_like(document, part: PartBase, parent: QWidget | None = None) -> PartBase | None:
    """Open the editor on a copy of ``part``; the saved part joins the open catalog at once."""
    new_id = f"{part.id}-copy"
    n = 2
    while new_id in document.catalog:
        new_id, n = f"{part.id}-copy-{n}", n + 1
    dialog = PartEditorDialog(document.catalog, part.kind, editing.like(part, new_id), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
        return None
    document.catalog = document.catalog.with_part(dialog.saved, str(dialog.saved_path))
    document.recompute()
    return dialog.saved
