"""Findings: errors, warnings and notes as cards, each fix one click (or key) away."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from configurator.rules import Finding
from configurator.ui.dialogs.confirm_value import confirm_value
from configurator.ui.document import BuildDocument
from configurator.ui.panels.finding_card import FindingCard
from configurator.ui.panels.findings_view import FindingsView
from configurator.ui.state import BuildChanges
from configurator.ui.wrapped_label import WrappedLabel

GROUPS = (("error", "Errors", "error"), ("warning", "Warnings", "warning"), ("info", "Notes", "note"))
MAX_CARDS_PER_GROUP = 50
MAX_SPARE_CARDS = 12  # hidden cards kept for the next change: a part swapped back and forth
# The customer's first question (does my model run?) leads its group.
FIRST_CODES = ("WORKLOAD-FIT",)


def chain_text(document: BuildDocument, chain: tuple[str, ...]) -> str:
    graph = document.state.graph
    return " → ".join(graph.nodes[node].get("label", node) if node in graph else node for node in chain)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _take_card(pool: list[FindingCard], finding: Finding) -> FindingCard | None:
    """The card that showed this very finding, else one whose widgets fit it, out of ``pool``."""
    widgets = FindingCard.widgets(finding)
    card = next((c for c in pool if c.finding.code == finding.code and c.finding.parts == finding.parts
                 and FindingCard.widgets(c.finding) == widgets), None) \
        or next((c for c in pool if FindingCard.widgets(c.finding) == widgets), None)
    if card is not None:
        pool.remove(card)
    return card


class FindingsPanel(FindingsView):
    chain_selected = Signal(tuple)  # node ids, cause to effect; () clears

    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.card_list: list[FindingCard] = []
        self._spare: dict[tuple, list[FindingCard]] = {}
        self._headers: dict[str, tuple[QLabel, QLabel]] = {}
        self._shown: tuple[Finding, ...] | None = None
        self._current: FindingCard | None = None
        self.scroll.viewport().installEventFilter(self)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def findings(self) -> list[Finding]:
        return [card.finding for card in self.card_list]

    def card(self, code: str) -> FindingCard | None:
        return next((c for c in self.card_list if c.finding.code == code), None)

    def current_finding(self) -> Finding | None:
        return self._current.finding if self._current else None

    def select_code(self, code: str) -> bool:
        card = self.card(code)
        if card is None:
            return False
        self._select(card)
        return True

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.hardware or changes.workload:
            self.refresh()

    def refresh(self) -> None:
        report = self._document.state.report
        counts = report.counts
        self.counts.setText(
            ", ".join(plural(counts[key], word) for key, _title, word in GROUPS if counts[key])
            if report.findings else "No findings: every check passes.")
        if report.findings == self._shown:
            if self._current is not None:  # node labels may have changed with the parts
                self._current.set_selected(True, chain_text(self._document, self._current.finding.chain))
            return
        ordered = [f for key, _t, _w in GROUPS for f in sorted(
            (f for f in report.findings if f.severity == key), key=lambda f: f.code not in FIRST_CODES)]
        if [FindingCard.widgets(f) for f in ordered] == [FindingCard.widgets(c.finding) for c in self.card_list]:
            # The same checks with new parts or numbers (a part swapped for another): no new widgets.
            self._shown = report.findings
            chain = self._current.finding.chain if self._current is not None else None
            for card, finding in zip(self.card_list, ordered, strict=True):
                card.show_finding(finding)
            if self._current is not None:
                self._current.set_selected(True, chain_text(self._document, self._current.finding.chain))
                if self._current.finding.chain != chain:
                    self.chain_selected.emit(tuple(self._current.finding.chain))
            self._fit_cards()
            return
        keep = self._current.finding if self._current else None
        if self._current is not None:
            self._current.set_selected(False)
        self._shown = report.findings
        self._current = None
        # A card whose widgets fit a new finding shows it: building cards is most of the cost.
        # Cards no finding needs now wait, hidden in their place, for the next change that needs
        # them (a part swapped back), so most changes only show or hide cards.
        pool = self.card_list + [card for cards in self._spare.values() for card in cards]
        self._spare = {}
        self.card_list = []
        wanted: list[QWidget] = []
        made = False
        for key, title, _word in GROUPS:
            group = sorted((f for f in report.findings if f.severity == key),
                           key=lambda f: f.code not in FIRST_CODES)
            header, more = self._group_labels(key, title)
            if group:
                wanted.append(header)
            # Thousands of cards (a build listing a thousand cards) would freeze the window.
            for finding in group[:MAX_CARDS_PER_GROUP]:
                card = _take_card(pool, finding)
                if card is None:
                    card = self._new_card(finding)
                    made = True
                elif card.finding != finding:
                    card.show_finding(finding)
                wanted.append(card)
                self.card_list.append(card)
            hidden = len(group) - MAX_CARDS_PER_GROUP
            if hidden > 0:
                more.setText(f"… and {hidden:,} more (configurator validate lists them all)")
                wanted.append(more)
        for card in pool:
            self._spare.setdefault(FindingCard.widgets(card.finding), []).append(card)
        self._keep_spares()
        self._arrange(wanted)
        self._fit_cards()
        if made:
            QTimer.singleShot(0, self, self._fit_cards)  # again once the new cards are polished
        again = next((c for c in self.card_list if keep and c.finding.code == keep.code
                      and c.finding.parts == keep.parts), None)
        if again is not None:
            self._select(again)
        else:
            self.chain_selected.emit(())

    def _group_labels(self, key: str, title: str) -> tuple[QLabel, QLabel]:
        """The group's header and its "… and n more" line, made once and shown when needed."""
        if key not in self._headers:
            header = QLabel(f"<b>{title}</b>", self.cards_widget)
            header.setObjectName(f"{key}Header")
            more = WrappedLabel(parent=self.cards_widget)
            more.setObjectName(f"{key}More")
            header.hide()  # until a change lists them
            more.hide()
            self._headers[key] = header, more
        return self._headers[key]

    def _keep_spares(self) -> None:
        """Keep a few of the cards no finding needs, of each kind; delete the rest."""
        kept = 0
        for cards in self._spare.values():
            for card in list(cards):
                if kept < MAX_SPARE_CARDS:
                    kept += 1
                else:
                    cards.remove(card)
                    self.cards.removeWidget(card)
                    card.deleteLater()

    def _arrange(self, wanted: list[QWidget]) -> None:
        """Show ``wanted`` in this order and hide every other widget of the list. When the
        order allows, widgets stay where they are and are only shown or hidden; otherwise the
        list is laid out anew, with the hidden ones kept at its end."""
        placed = [self.cards.itemAt(n).widget() for n in range(self.cards.count())]
        placed = [w for w in placed if w is not None]
        at = {id(w): n for n, w in enumerate(placed)}
        positions = [at.get(id(w), -1) for w in wanted]
        shown = {id(w) for w in wanted}
        if -1 in positions or positions != sorted(positions):
            while self.cards.count():
                self.cards.takeAt(0)
            placed = wanted + [w for w in placed if id(w) not in shown]
            for widget in placed:
                self.cards.addWidget(widget)
            self.cards.addStretch(1)
        for widget in placed:
            widget.setVisible(id(widget) in shown)

    def _new_card(self, finding: Finding) -> FindingCard:
        card = FindingCard(finding)
        card.selected.connect(self._select)
        card.apply_requested.connect(self._document.apply_edit)
        card.step_requested.connect(self._step)
        card.layout_changed.connect(self._fit_cards)
        card.confirm_requested.connect(lambda item: confirm_value(self._document, item, self))
        return card

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_cards()
        return False

    def _fit_cards(self) -> None:
        """Each card as tall as its wrapped text needs at this width: the scroll area scrolls
        rather than squeezing the cards' lines on top of each other."""
        viewport = self.scroll.viewport()
        margins = self.cards.contentsMargins()
        width = viewport.width() - margins.left() - margins.right()
        for card in self.card_list:
            card.setMinimumHeight(card.heightForWidth(width))
        self.cards.activate()
        self.cards_widget.resize(viewport.width(), max(viewport.height(),
                                                       self.cards_widget.heightForWidth(viewport.width())))

    def _select(self, card: FindingCard) -> None:
        if card is self._current:
            return
        if self._current is not None:
            self._current.set_selected(False)
        self._current = card
        card.set_selected(True, chain_text(self._document, card.finding.chain))
        self.scroll.ensureWidgetVisible(card, 0, 0)
        self.chain_selected.emit(tuple(card.finding.chain))

    def _step(self, card: FindingCard, step: int) -> None:
        n = self.card_list.index(card) + step
        if 0 <= n < len(self.card_list):
            self.card_list[n].setFocus()
