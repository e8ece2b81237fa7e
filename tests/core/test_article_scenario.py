"""The central article: the case decides the board, the board decides each GPU's link.

Per-direction figures throughout (the article mixes in bidirectional ones).
"""

from __future__ import annotations

import pytest

from configurator.build import load_build, resolve
from configurator.graph import build_graph, effective_links
from configurator.rules import validate


def _links(example, catalog, name):
    resolved = resolve(load_build(example(name)), catalog)
    return {link.slot: link for link in effective_links(resolved)}, resolved


def test_mes2x_second_gpu_on_chipset_pcie4_x4(example, catalog):
    links, resolved = _links(example, catalog, "mes2x-dual-rtx5090")
    first, second = links["PCIEX16"], links["PCIEX4"]
    assert (first.gen, first.width, first.source) == (5, 16, "cpu")
    assert first.gbps == pytest.approx(63.0, abs=0.1)
    assert (second.gen, second.width, second.source) == (4, 4, "chipset")
    assert second.gbps == pytest.approx(7.9, abs=0.05)
    report = validate(resolved)
    assert "LANE-CHIPSET-GPU" in report.codes()
    assert "LANE-SLOT-DISABLED" not in report.codes()


def test_mes2x_nvme_in_m2d_sb_disables_the_second_gpu_slot(example, catalog):
    links, resolved = _links(example, catalog, "mes2x-dual-rtx5090-nvme-m2d-sb")
    assert links["PCIEX4"].disabled and links["PCIEX4"].gbps == 0
    report = validate(resolved)
    finding = next(f for f in report.findings if f.code == "LANE-SLOT-DISABLED")
    assert finding.severity == "error"
    assert finding.chain == ("samsung-990-pro-4tb#1", "slot:M2D_SB", "slot:PCIEX4", "nvidia-rtx-5090-fe#2")
    assert not report.ok


def test_es620_dual_pro6000_both_cpu_x8_no_errors(example, catalog):
    links, resolved = _links(example, catalog, "es620-dual-pro6000")
    gpus = [link for link in links.values() if link.kind == "gpu"]
    assert len(gpus) == 2
    for link in gpus:
        assert (link.gen, link.width, link.source) == (5, 8, "cpu")
        assert link.gbps == pytest.approx(31.5, abs=0.05)
    report = validate(resolved)
    assert report.ok, [f.message for f in report.findings if f.severity == "error"]


def test_chain_node_ids_exist_in_the_graph(example, catalog):
    for name in ("mes2x-dual-rtx5090", "mes2x-dual-rtx5090-nvme-m2d-sb", "es620-dual-pro6000-nvme-m2-3"):
        resolved = resolve(load_build(example(name)), catalog)
        graph = build_graph(resolved)
        for finding in validate(resolved).findings:
            for node in finding.chain:
                assert node in graph, (finding.code, node)


def test_graph_shows_lane_sources_and_sharing(example, catalog):
    resolved = resolve(load_build(example("mes2x-dual-rtx5090-nvme-m2d-sb")), catalog)
    g = build_graph(resolved)
    assert g.edges["slot:PCIEX4", "chipset"]["rel"] == "lanes-from"
    assert g.edges["slot:PCIEX16", "cpu"]["rel"] == "lanes-from"
    assert g.edges["slot:M2D_SB", "slot:PCIEX4"]["effect"] == "disable"
    assert g.nodes["slot:PCIEX4"]["disabled"] is True
    assert g.edges["nvidia-rtx-5090-fe#1", "slot:PCIEX16"]["gbps"] == pytest.approx(63.0, abs=0.1)
    assert g.edges["nvidia-rtx-5090-fe#1", "psu"]["rel"] == "powered-by"
    assert g.edges["board", "case"]["rel"] == "mounted-in"


def test_a_disabled_slot_carries_no_link(example, catalog):
    links, _resolved = _links(example, catalog, "mes2x-dual-rtx5090-nvme-m2d-sb")
    disabled = links["PCIEX4"]
    assert disabled.disabled
    assert (disabled.width, disabled.gbps) == (0, 0.0)
    assert disabled.to_json()["width"] == 0
