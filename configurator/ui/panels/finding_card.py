"""One finding as a card: what is wrong, and each fix with its cost and an Apply button on the row.

Keyboard: Enter applies the first fix, 1-9 the fix with that number; the context menu lists
every fix. The card is selected by a click or by focus, and then shows its cause-to-effect chain.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QMenu, QPushButton, QStyle, QWidget

from configurator.rules import Finding, Fix
from configurator.ui.wrapped_label import WrappedLabel

_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_STYLE = """
QFrame#findingCard { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }
QFrame#findingCard[selected="true"] { border: 2px solid palette(highlight); }
"""


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def fix_row(fix: Fix, on_click) -> tuple[QPushButton, QLabel]:
    """An Apply button that calls ``on_click()`` and the fix's text (what it does, what it costs)."""
    button = QPushButton("Apply")
    button.clicked.connect(lambda _=False: on_click())
    label = WrappedLabel()
    show_fix(fix, button, label)
    return button, label


def show_fix(fix: Fix, button: QPushButton, label: QLabel) -> None:
    button.setToolTip(f"{fix.text} (undo with Ctrl+Z)")
    button.setAccessibleName(f"Apply fix: {fix.text}")
    label.setText(fix.text)


def _unconfirmed_text(finding: Finding) -> str:
    return ("<i>Unconfirmed in the catalog, check the manual: "
            + "; ".join(escape(u.what or u.text) for u in finding.unconfirmed) + "</i>")


class FindingCard(QFrame):
    selected = Signal(object)  # this card
    apply_requested = Signal(dict)  # the fix's edit
    step_requested = Signal(object, int)  # this card, -1 up / +1 down
    layout_changed = Signal()  # its height changed
    confirm_requested = Signal(object)  # an Unconfirmed value the person checked in the manual

    def __init__(self, finding: Finding, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingCard")
        self.setProperty("selected", False)
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(sentence(finding.message))
        self.setToolTip(f"Check {finding.code}. Right-click for the fixes.")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(_ICONS[finding.severity]).pixmap(18, 18))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = WrappedLabel(sentence(finding.message))
        grid.addWidget(icon, 0, 0)
        grid.addWidget(self.message, 0, 1, 1, 2)
        self.chain = WrappedLabel()
        self.chain.setObjectName("chain")
        self.chain.hide()
        grid.addWidget(self.chain, 1, 1, 1, 2)
        if finding.unconfirmed:
            # Said on the card so the consultant checks the manual before promising.
            self.unconfirmed = WrappedLabel(_unconfirmed_text(finding))
            self.unconfirmed.setObjectName("unconfirmed")
            self.unconfirmed.setToolTip("Right-click to record a value you confirmed in the manual.")
            grid.addWidget(self.unconfirmed, 2, 1, 1, 2)
        self.fixes = [f for f in finding.fixes if f.edit is not None]
        self.fix_buttons: list[QPushButton] = []
        self.fix_labels: list[QLabel] = []
        for n, fix in enumerate(self.fixes, start=3):
            button, label = fix_row(fix, lambda i=n - 3: self.apply_fix(i))
            grid.addWidget(button, n, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, n, 2)
            self.fix_buttons.append(button)
            self.fix_labels.append(label)
        # Fixes without an edit are advice the person carries out by hand.
        self.advice: list[QLabel] = []
        for n, fix in enumerate((f for f in finding.fixes if f.edit is None), start=3 + len(self.fixes)):
            advice = WrappedLabel(f"Tip: {fix.text}")
            grid.addWidget(advice, n, 1, 1, 2)
            self.advice.append(advice)
        grid.setColumnStretch(2, 1)

    @staticmethod
    def widgets(finding: Finding) -> tuple:
        """What decides the card's widgets: a card built for one finding can show another of these."""
        return (finding.code, finding.severity, bool(finding.unconfirmed),
                sum(1 for f in finding.fixes if f.edit is not None),
                sum(1 for f in finding.fixes if f.edit is None))

    def show_finding(self, finding: Finding) -> None:
        """Show a finding of the same shape (new numbers after a part change) without new widgets."""
        self.finding = finding
        self.message.setText(sentence(finding.message))
        self.setAccessibleName(sentence(finding.message))
        if finding.unconfirmed:
            self.unconfirmed.setText(_unconfirmed_text(finding))
        self.fixes = [f for f in finding.fixes if f.edit is not None]
        for fix, button, label in zip(self.fixes, self.fix_buttons, self.fix_labels, strict=True):
            show_fix(fix, button, label)
        tips = [f for f in finding.fixes if f.edit is None]
        for fix, advice in zip(tips, self.advice, strict=True):
            advice.setText(f"Tip: {fix.text}")

    def set_selected(self, on: bool, chain: str = "") -> None:
        self.setProperty("selected", on)
        self.chain.setText(f"Cause → effect: {chain}" if on and chain else "")
        self.chain.setVisible(on and bool(chain))
        if self.minimumHeight():  # the chain line changes the height the text needs
            self.setMinimumHeight(self.heightForWidth(self.width()))
            self.layout_changed.emit()
        self.style().unpolish(self)
        self.style().polish(self)

    def apply_fix(self, index: int = 0) -> bool:
        if index >= len(self.fixes):
            return False
        self.apply_requested.emit(self.fixes[index].edit)
        return True

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.selected.emit(self)
        super().mousePressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.selected.emit(self)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.apply_fix(0):
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and self.apply_fix(key - Qt.Key.Key_1):
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_requested.emit(self, -1 if key == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for n, fix in enumerate(self.fixes, start=1):
            action = QAction(f"&{n} Apply: {fix.text}", menu)
            action.triggered.connect(lambda _=False, edit=fix.edit: self.apply_requested.emit(edit))
            menu.addAction(action)
        if not self.fixes:
            menu.addAction("No one-click fix for this finding").setEnabled(False)
        for item in self.finding.unconfirmed:
            words = item.text.removesuffix(": unconfirmed")
            action = QAction(f"Confirm from the manual: {words}…", menu)
            action.triggered.connect(lambda _=False, item=item: self.confirm_requested.emit(item))
            menu.addAction(action)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        self.selected.emit(self)
        self.context_menu().exec(event.globalPos())
