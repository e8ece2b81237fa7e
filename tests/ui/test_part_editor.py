"""The part editor: a new part like a catalog part, validated with the loader's messages and
saved in the user's parts folder, where the app and the command line find it."""

from __future__ import annotations

import tomllib

from PySide6.QtWidgets import QPlainTextEdit

from configurator.parts import editing, load_catalog
from configurator.parts.catalog import user_parts_dir
from configurator.ui.dialogs.part_editor import PartEditorDialog


def _dialog(qtbot, window, part_id):
    part = window.document.catalog[part_id]
    dialog = PartEditorDialog(window.document.catalog, part.kind, editing.like(part, f"{part_id}-copy"), window)
    qtbot.addWidget(dialog)
    return dialog


def test_a_new_card_like_this_one_is_validated_and_saved_in_the_parts_folder(qtbot, window):
    dialog = _dialog(qtbot, window, "nvidia-rtx-5090-fe")
    dialog.editors["vram_gb"].setText("-3")
    assert not dialog.save()
    assert "vram_gb: Input should be greater than 0" in dialog.problems.text()
    assert "[nvidia-rtx-5090-fe-copy]" in dialog.problems.text()
    assert not (user_parts_dir() / "gpu" / "nvidia-rtx-5090-fe-copy.toml").exists()
    dialog.editors["vram_gb"].setText("48")
    dialog.editors["model"].setText("GeForce RTX 5090 48GB (store import)")
    dialog.editors["mpn"].setText("TEST-5090-48G")
    assert dialog.save()
    path = user_parts_dir() / "gpu" / "nvidia-rtx-5090-fe-copy.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert (data["vram_gb"], data["mpn"]) == (48, "TEST-5090-48G")
    assert data["provenance"]["default"]["status"] == "estimated"
    assert load_catalog()["nvidia-rtx-5090-fe-copy"].vram_gb == 48


def test_a_boards_slots_and_sharing_footnotes_are_edited_as_toml(qtbot, window):
    dialog = _dialog(qtbot, window, "gigabyte-x870-aorus-elite-wifi7")
    slots = dialog.editors["sharing"]
    assert isinstance(slots, QPlainTextEdit)
    assert "M2D_SB" in slots.toPlainText()
    slots.setPlainText(slots.toPlainText().replace('target = "PCIEX4"', 'target = "PCIEX9"'))
    assert not dialog.save()
    assert "sharing[1] refers to unknown slot 'PCIEX9'" in dialog.problems.text()
    pcie = dialog.editors["pcie_slots"]
    pcie.setPlainText(pcie.toPlainText().replace("lanes = 4,", "lanes = 8,"))
    slots.setPlainText(slots.toPlainText().replace('"PCIEX9"', '"PCIEX4"'))
    assert dialog.save()
    assert dialog.saved.pcie_slot("PCIEX4").lanes == 8


def test_new_part_like_this_one_is_on_the_parts_list_menu(qtbot, window, monkeypatch):
    window.parts.show_kind("gpu")
    assert window.parts.select_part("nvidia-rtx-4090-fe")
    actions = [a.text() for a in window.parts.part_menu().actions()]
    assert "New part like this one…" in actions
    saved = editing.check("gpu", editing.like(window.document.catalog["nvidia-rtx-4090-fe"], "store-4090"),
                          "x.toml")[0]

    def fake(document, part, parent=None):
        document.catalog = document.catalog.with_part(saved)
        document.recompute()
        return saved

    monkeypatch.setattr("configurator.ui.panels.parts_panel.new_part_like", fake)
    window.parts.new_part_like_selected()
    assert window.parts.current_option().part.id == "store-4090"
