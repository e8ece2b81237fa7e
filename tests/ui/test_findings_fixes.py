"""One-click fixes from the findings list: a button on the row, the context menu and the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from configurator import paths


def _open(window, name: str) -> None:
    assert window.files.open_path(paths.examples_dir() / f"{name}.json", ask=False)


def _codes(window) -> list[str]:
    return [f.code for f in window.findings.findings()]


def test_fix_text_and_apply_button_are_visible_without_scrolling_at_1280x800(qtbot, window):
    window.resize(1280, 800)
    _open(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    qtbot.wait(50)
    card = window.findings.card("LANE-SLOT-DISABLED")
    viewport = window.findings.scroll.viewport()
    for widget in (card.fix_buttons[0], card.fix_labels[0]):
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
        assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)
    assert "PCIEX16 then runs at PCIe 5.0 x8" in card.fix_labels[0].text()


def test_enter_on_a_finding_applies_its_first_fix_and_undo_restores(qtbot, window):
    _open(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    card = window.findings.card("LANE-SLOT-DISABLED")
    card.setFocus()
    with qtbot.waitSignal(window.document.changed):
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert "LANE-SLOT-DISABLED" not in _codes(window)
    window.undo_action.trigger()
    assert "LANE-SLOT-DISABLED" in _codes(window)


def test_number_keys_and_context_menu_apply_the_fix_they_name(qtbot, window):
    _open(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    card = window.findings.card("LANE-SLOT-DISABLED")
    menu = card.context_menu()
    actions = [a for a in menu.actions() if "Apply:" in a.text()]
    assert len(actions) == len(card.fixes) >= 2
    assert card.fixes[1].text in actions[1].text()
    with qtbot.waitSignal(window.document.changed):
        actions[1].trigger()
    placed = {i.part: i.slots for i in window.document.build.items}
    assert placed["samsung-990-pro-4tb"] == ["M2C_CPU"]
    window.undo_action.trigger()
    card = window.findings.card("LANE-SLOT-DISABLED")
    card.setFocus()
    with qtbot.waitSignal(window.document.changed):
        qtbot.keyClick(card, Qt.Key.Key_2)
    assert {i.part: i.slots for i in window.document.build.items}["samsung-990-pro-4tb"] == ["M2C_CPU"]


def test_findings_are_grouped_by_severity_with_counts_in_words(qtbot, window):
    _open(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    assert window.findings.counts.text().startswith("1 error, ")
    severities = [f.severity for f in window.findings.findings()]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_a_confirmed_value_is_stored_with_name_and_date_and_the_finding_stops_saying_unconfirmed(
        qtbot, window, tmp_path, monkeypatch):
    import tomllib

    from configurator.ui.dialogs.confirm_value import store_confirmation

    monkeypatch.setattr("configurator.ui.dialogs.confirm_value.user_parts_dir", lambda: tmp_path)
    _open(window, "mes2x-dual-rtx5090-nvme-m2d-sb")
    card = window.findings.card("LANE-SLOT-DISABLED")
    rule = next(u for u in card.finding.unconfirmed if u.field.startswith("sharing."))
    assert rule.text.endswith("M2D_SB disabling PCIEX4: unconfirmed")
    assert "M2D_SB disabling PCIEX4" in card.unconfirmed.text()
    assert any("Confirm from the manual: " in a.text() for a in card.context_menu().actions())
    assert store_confirmation(window.document, rule, "Anna Berg", "manual p. 1-7")
    stored = tomllib.loads((tmp_path / "confirmations.toml").read_text())["confirmation"][0]
    assert (stored["part"], stored["field"], stored["by"], stored["ref"]) == (
        "gigabyte-x870-aorus-elite-wifi7", rule.field, "Anna Berg", "manual p. 1-7")
    assert stored["on"]
    after = window.findings.card("LANE-SLOT-DISABLED")
    assert rule.field not in {u.field for u in after.finding.unconfirmed}
