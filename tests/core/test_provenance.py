"""Per-value provenance: bad entries are named, the CLI shows it, consultants' confirmations stick."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from configurator.build import load_build, resolve
from configurator.cli import main
from configurator.parts import PART_TYPES, CatalogError, load_catalog
from configurator.parts.catalog import user_parts_dir
from configurator.parts.provenance import coverage, is_confirmed, record_confirmation
from configurator.rules import RULES, validate
from tests.core.test_catalog_loading import GOOD_CPU

PROVENANCE_CPU = GOOD_CPU.replace(
    'sources = ["https://example.com/cpu"]',
    'mpn = "100-000000000"\nsources = ["https://example.com/cpu", "https://example.com/review"]',
) + """
[provenance]
default = { status = "estimated", why = "from a retailer listing" }
cores = { status = "confirmed", source = 1, ref = "'16 cores'" }
"""


def _load(tmp_path, text, rel="cpu/test-cpu.toml"):
    path = tmp_path / "parts_db" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_catalog(tmp_path / "parts_db", with_user_prices=False)


def test_a_good_provenance_table_loads(tmp_path):
    cpu = _load(tmp_path, PROVENANCE_CPU)["test-cpu"]
    assert is_confirmed(cpu, "cores")
    assert not is_confirmed(cpu, "tdp_w")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("cores = {", "threads = {", "provenance.threads", "no field or item 'threads'"),
        ("source = 1", "source = 3", "provenance.cores", "source 3 is out of range; the part lists 2"),
        ("ref = \"'16 cores'\"", 'ref = ""', "provenance.cores.ref", "quotes its source"),
        ('why = "from a retailer listing"', 'why = ""', "provenance.default.why", "how it was estimated"),
    ],
)
def test_bad_provenance_names_file_part_and_field(tmp_path, old, new, field, words):
    with pytest.raises(CatalogError) as info:
        _load(tmp_path, PROVENANCE_CPU.replace(old, new))
    problem = next(p for p in info.value.problems if p.field == field)
    assert problem.file.endswith("cpu/test-cpu.toml")
    assert problem.part_id == "test-cpu"
    assert words in problem.message
    assert f"[test-cpu] {field}: " in str(info.value)


def test_a_slot_key_must_name_a_slot_of_the_board(catalog, tmp_path):
    board = catalog["gigabyte-x870-aorus-elite-wifi7"]
    data = board.model_dump(mode="json", exclude={"kind"})
    data["provenance"] = {"pcie_slots.PCIEX99": {"status": "estimated", "why": "guess"}}
    with pytest.raises(ValueError, match="no field or item 'pcie_slots.PCIEX99'"):
        type(board).model_validate(data)
    data["provenance"] = {"sharing.3": {"status": "estimated", "why": "guess"}}
    with pytest.raises(ValueError, match="sharing.3"):
        type(board).model_validate(data)


def test_every_rule_reads_fields_its_kinds_have():
    for rule in RULES:
        for kind, fields in rule.reads.items():
            model = PART_TYPES[kind]
            for field in fields:
                assert field in model.model_fields, f"{rule.code} reads {kind}.{field}"


def test_catalog_list_json_shows_each_values_provenance(capsys):
    assert main(["catalog", "list", "--kind", "gpu", "--json"]) == 0
    parts = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    server = parts["nvidia-rtx-pro-6000-blackwell-server"]["provenance"]
    assert server["bandwidth_gbps"]["status"] == "confirmed"
    assert "1597" in server["bandwidth_gbps"]["ref"]
    assert server["bandwidth_gbps"]["source_url"].startswith("https://")
    assert server["bf16_tflops"]["status"] == "estimated"


def test_catalog_check_reports_coverage_and_unconfirmed_reads(capsys):
    assert main(["catalog", "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"], data["problems"]
    assert {c["kind"] for c in data["coverage"]} == set(PART_TYPES)
    confirmed = {c["kind"]: c["confirmed"] for c in data["coverage"]}
    assert all(confirmed[k] > 0 for k in ("case", "motherboard", "cpu", "gpu", "psu", "memory", "storage"))
    unconfirmed = {(e["part"], e["field"]): e for e in data["unconfirmed_read"]}
    rule = unconfirmed[("gigabyte-x870-aorus-elite-wifi7", "sharing.2")]
    assert rule["label"] == "M2D_SB disabling PCIEX4"
    assert "LANE-SLOT-DISABLED" in rule["rules"]
    assert "mes2x-dual-rtx5090-nvme-m2d-sb" in rule["examples"]
    assert main(["catalog", "check"]) == 0
    text = capsys.readouterr().out
    assert "confirmed values by kind:" in text and "(M2D_SB disabling PCIEX4)" in text


def test_a_finding_resting_on_an_unconfirmed_footnote_says_so(catalog, example):
    report = validate(resolve(load_build(example("mes2x-dual-rtx5090-nvme-m2d-sb")), catalog))
    finding = next(f for f in report.findings if f.code == "LANE-SLOT-DISABLED")
    texts = [u.text for u in finding.unconfirmed]
    assert any(t.endswith("M2D_SB disabling PCIEX4: unconfirmed") for t in texts)
    assert finding.to_json()["unconfirmed"][0].keys() == {"part", "field", "text"}


def test_a_confirmation_is_stored_with_name_and_date_and_survives_reload(catalog):
    board = catalog["gigabyte-x870-aorus-elite-wifi7"]
    record_confirmation(user_parts_dir(), board, "sharing.2", by="Anna Berg", ref="manual p. 1-7",
                        on=dt.date(2026, 12, 3))
    reloaded = load_catalog()["gigabyte-x870-aorus-elite-wifi7"]
    entry = reloaded.provenance["sharing.2"]
    assert (entry.status, entry.by, entry.on, entry.ref) == ("confirmed", "Anna Berg", dt.date(2026, 12, 3),
                                                            "manual p. 1-7")
    before = coverage([board], "motherboard")
    assert coverage([reloaded], "motherboard").confirmed >= before.confirmed
    with pytest.raises(ValueError, match="no field or item"):
        record_confirmation(user_parts_dir(), board, "pcie_slots.NOPE", by="A", ref="p. 1")


def test_a_bad_confirmation_entry_is_left_out_with_the_file_part_and_field():
    folder = user_parts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "confirmations.toml").write_text(
        '[[confirmation]]\npart = "nvidia-rtx-5090-fe"\nfield = "warp_speed"\nby = "A"\n'
        'on = 2026-12-03\nref = "p. 1"\n', encoding="utf-8")
    catalog = load_catalog()
    problem = catalog.left_out[0]
    assert (problem.file, problem.part_id, problem.field) == (
        "parts/confirmations.toml", "nvidia-rtx-5090-fe", "warp_speed")
    assert "nvidia-rtx-5090-fe" in catalog


def test_every_part_has_a_part_number_and_provenance(catalog):
    """A part names its maker's part number, or says in its provenance why none was found; and
    every part says, for its values, where they come from or how they were estimated."""
    for part in catalog:
        assert part.provenance, f"{part.id} has no provenance"
        assert "default" in part.provenance or all(
            k in part.provenance for k in part.value_fields()), f"{part.id} leaves values unrecorded"
        if not part.mpn:
            entry = part.provenance.get("mpn")
            assert entry is not None and entry.status == "estimated" and entry.why, (
                f"{part.id} has no MPN and does not say why")
