"""The catalog carries what a store selling 1-8 GPU AI workstations sells, and every part of it
is usable: the platforms the issue names, the non-NVIDIA cards with an honest estimate."""

from __future__ import annotations

import json

from configurator.build import Build, resolve
from configurator.cli import main
from configurator.rules.options import rank_options

TARGETS = {"motherboard": 25, "gpu": 25, "cpu": 20, "case": 15, "psu": 18}


def test_the_catalog_meets_the_breadth_targets(catalog):
    for kind, target in TARGETS.items():
        assert len(catalog.of_kind(kind)) >= target, kind


def test_the_platforms_a_store_sells_are_there(catalog):
    chipsets = {b.chipset for b in catalog.of_kind("motherboard")}
    assert {"Z890", "W790", "TRX50", "WRX90", "X870E", "X870"} <= chipsets
    sockets = {c.socket for c in catalog.of_kind("cpu")}
    assert {"LGA1851", "LGA4677", "sTR5", "SP5", "AM5"} <= sockets
    assert any(b.socket == "SP5" and sum(s.lanes == 16 for s in b.pcie_slots) >= 4
               for b in catalog.of_kind("motherboard"))
    vendors = {g.gpu_vendor for g in catalog.of_kind("gpu")}
    assert vendors == {"nvidia", "amd", "intel"}
    assert any(g.slot_width >= 3.5 and "4090" in g.model for g in catalog.of_kind("gpu"))
    assert any(g.slot_width >= 3.5 and "5090" in g.model for g in catalog.of_kind("gpu"))
    native = [p for p in catalog.of_kind("psu") if p.connectors.get("12v-2x6", 0) >= 2 and p.wattage_w >= 1600]
    assert len(native) >= 8 and any(p.high_line_only for p in native)
    assert any(c.form_factors == ["Micro-ATX", "Mini-ITX"] for c in catalog.of_kind("case"))


def test_a_z890_board_encodes_its_lane_sharing(catalog):
    board = catalog["gigabyte-z890-aorus-master"]
    rule = board.sharing[0]
    assert (rule.when_populated, rule.effect, rule.target, rule.lanes) == (["M2D_CPU"], "narrow", "PCIEX16", 8)
    assert board.provenance["sharing.1"].status == "confirmed"


def test_rack_chassis_are_listed_after_the_towers(catalog):
    options = [o for o in rank_options(resolve(Build(), catalog), "case") if o.compatible]
    racks = [n for n, o in enumerate(options) if o.part.rack_units is not None]
    towers = [n for n, o in enumerate(options) if o.part.rack_units is None]
    assert racks and towers and max(towers) < min(racks)


def test_non_nvidia_cards_get_vram_fit_and_an_uncalibrated_throughput(capsys):
    for gpu, stack in (("asrock-radeon-ai-pro-r9700-creator", "AMD ROCm"),
                       ("amd-radeon-pro-w7900", "AMD ROCm"), ("intel-arc-pro-b60", "Intel oneAPI / XPU")):
        code = main(["estimate", "--model", "qwen3-30b-a3b", "--weights", "awq-int4", "--gpu", gpu, "--json"])
        data = json.loads(capsys.readouterr().out)
        assert code == 0
        assert data["fits"] is True
        assert data["throughput"]["output_tokens_per_s"] > 0
        assert data["throughput_uncalibrated_for"] == [stack]
        assert any("uncalibrated" in n for n in data["notes"])
        assert "throughput uncalibrated" in data["summary"]
    main(["estimate", "--model", "qwen3-30b-a3b", "--weights", "awq-int4", "--gpu", "nvidia-rtx-5090-fe", "--json"])
    assert json.loads(capsys.readouterr().out)["throughput_uncalibrated_for"] == []
