"""Compare sets both builds against one workload the consultant picks, with differences in words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from configurator import paths


def _rows(compare) -> dict[str, tuple[str, str]]:
    t = compare.table
    return {t.item(r, 0).text(): (t.item(r, 1).text(), t.item(r, 2).text()) for r in range(t.rowCount())}


def test_both_builds_are_estimated_on_the_chosen_workload(qtbot, window):
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    compare = window.compare_with(paths.examples_dir() / "es620-dual-pro6000.json")
    qtbot.addWidget(compare)
    mine = window.document.build.workload
    assert compare.workload() == mine
    assert compare.left.build.workload == mine and compare.other.build.workload == mine
    rows = _rows(compare)
    assert "tokens/s" in rows["Estimate on the chosen workload"][1]
    assert rows["Throughput difference"][1].endswith("output tokens/s")
    assert rows["Price difference"][1].startswith("+") and rows["Price difference"][1].endswith("USD")
    assert rows["Power difference, sustained"][1].endswith(" W")
    assert "LANE-" not in rows["Findings"][0] and rows["Findings"][0].startswith(("Error", "Warning", "Note"))
    theirs = compare._other_build.workload
    compare.choose_workload(theirs)
    assert compare.left.build.workload == theirs == compare.other.build.workload
    assert window.document.build.workload == mine  # comparing never edits the open build


def test_no_workload_compares_hardware_only(qtbot, window):
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    compare = window.compare_with(paths.examples_dir() / "es620-dual-pro6000.json")
    qtbot.addWidget(compare)
    compare.choose_workload(None)
    assert _rows(compare)["Estimate on the chosen workload"] == ("no workload", "no workload")


def test_a_long_build_name_heads_its_column_from_its_start(qtbot, window):
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    compare = window.compare_with(paths.examples_dir() / "es620-dual-pro6000.json")
    qtbot.addWidget(compare)
    compare.resize(900, 600)
    compare.show()
    qtbot.waitExposed(compare)
    header = compare.table.horizontalHeader()
    item = compare.table.horizontalHeaderItem(2)
    assert item.toolTip() == item.text() == compare.other.build.name
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    assert header.sectionSize(2) < header.fontMetrics().horizontalAdvance(item.text()), \
        "the name is longer than its column, so it is elided"
