"""A part change updates the panels in place: the topology keeps its boxes, a chart whose figures
stay the same is not redrawn, findings reuse their cards, and an estimate is kept for the build."""

from __future__ import annotations

import pytest

from configurator import paths
from configurator.build import load_build
from configurator.estimate.local_calibration import LocalFactor
from configurator.ui.estimates import Estimator

pytestmark = pytest.mark.gui

RTX_5090, PRO_6000 = "nvidia-rtx-5090-fe", "nvidia-rtx-pro-6000-blackwell-ws"


@pytest.fixture
def es620(window):
    assert window.files.open_path(paths.examples_dir() / "es620-dual-rtx5090.json", ask=False)
    return window


def swap(window, old: str, new: str) -> None:
    assert window.document.apply_edit({"action": "replace", "from_part": old, "to_part": new})


def test_topology_keeps_its_boxes_and_lends_a_swapped_cards_box_to_the_new_card(es620):
    topology = es620.topology
    slot, card = topology.nodes["slot:PCIEX16(G5)_1"], topology.nodes[f"{RTX_5090}#1"]
    items = len(topology.scene().items())
    swap(es620, RTX_5090, PRO_6000)
    assert topology.nodes["slot:PCIEX16(G5)_1"] is slot
    assert f"{RTX_5090}#1" not in topology.nodes
    new = topology.nodes[f"{PRO_6000}#1"]
    assert new in (card, topology.nodes[f"{PRO_6000}#2"]) and new.node_id == f"{PRO_6000}#1"
    assert new.toolTip().startswith("NVIDIA RTX PRO 6000 Blackwell")
    assert len(topology.scene().items()) == items


def test_a_chart_whose_figures_did_not_change_is_not_redrawn(qtbot, es620, monkeypatch):
    qtbot.waitUntil(lambda: bool(es620.charts.vram.stacks))  # made after the first frame
    drawn: list[str] = []
    for name in ("vram", "throughput", "power"):
        monkeypatch.setattr(es620.charts, f"_show_{name}",
                            lambda *_a, name=name: drawn.append(name))
    build = es620.document.build
    es620.document.set_build(build.model_copy(update={"notes": "for the lab"}), "Notes")
    es620.document.set_circuit("230v16a")  # the power chart's limit line moves; the rest stays
    assert drawn == ["power"]


def test_findings_reuse_their_cards_when_a_part_is_swapped_back(es620):
    findings = es620.findings
    before = {card.finding.code: card for card in findings.card_list}
    swap(es620, RTX_5090, PRO_6000)
    swap(es620, PRO_6000, RTX_5090)
    after = {card.finding.code: card for card in findings.card_list}
    assert after.keys() == before.keys()
    assert all(after[code] is before[code] for code in before)


def test_an_estimate_is_kept_for_its_inputs_and_made_again_when_the_calibration_changes(
        catalog, monkeypatch):
    from configurator.build import resolve
    from configurator.ui import estimates

    resolved = resolve(load_build(paths.examples_dir() / "es620-dual-rtx5090.json"), catalog)
    estimator = Estimator()
    first = estimator.estimate(resolved)
    again = estimator.estimate(resolved)
    assert again.curve is first.curve and again.inference is first.inference
    # Measured runs on this card make it faster: the kept estimate no longer applies.
    monkeypatch.setattr(estimates, "local_factors", lambda: {RTX_5090: LocalFactor(1.3, 3)})
    calibrated = estimator.estimate(resolved)
    assert calibrated.curve[-1][1] > first.curve[-1][1]


def test_a_selected_card_follows_its_finding_to_the_swapped_part(qtbot, es620):
    """A swap that leaves the same checks keeps the cards; the selected card's chain now runs
    through the new part, and the topology is told."""
    max_q, ada = "nvidia-rtx-pro-6000-blackwell-max-q", "nvidia-rtx-6000-ada"
    swap(es620, RTX_5090, max_q)
    findings = es620.findings
    cards = list(findings.card_list)
    card = findings.card("LANE-UNCONFIRMED-WIRING")
    assert findings.select_code("LANE-UNCONFIRMED-WIRING")
    with qtbot.waitSignal(findings.chain_selected) as signal:
        swap(es620, max_q, ada)
    assert findings.card_list == cards and findings.current_finding() is card.finding
    assert any(node.startswith(ada) for node in signal.args[0])
    assert not any(node.startswith(max_q) for node in signal.args[0])


def test_cards_a_swap_no_longer_needs_wait_hidden_and_come_back_in_order(es620):
    """5090s have five findings in three groups, the RTX PRO 6000s three in one: the two
    extra cards and the Notes header hide, and show again in their places on the way back."""
    findings = es620.findings
    layout = findings.cards

    def shown() -> list[str]:
        widgets = [layout.itemAt(n).widget() for n in range(layout.count())]
        return [w.finding.code if hasattr(w, "finding") else w.objectName()
                for w in widgets if w is not None and not w.isHidden()]

    before = shown()
    assert before[0] == "warningHeader" and "infoHeader" in before and len(findings.card_list) == 5
    swap(es620, RTX_5090, PRO_6000)
    assert shown() == ["warningHeader", *sorted(f.code for f in es620.document.state.report.findings)]
    swap(es620, PRO_6000, RTX_5090)
    assert shown() == before
