"""Catalog loading: every bad entry is reported with its file, part id and field."""

from __future__ import annotations

import pytest

from configurator import paths
from configurator.parts import CatalogError, load_catalog

GOOD_CPU = """
id = "test-cpu"
brand = "AMD"
model = "Test CPU"
socket = "AM5"
cores = 16
tdp_w = 170
peak_power_w = 230
pcie_gen = 5
pcie_lanes_usable = 24
memory_type = "DDR5"
memory_channels = 2
sources = ["https://example.com/cpu"]
[price]
amount = 500
currency = "USD"
as_of = 2026-11-01
"""


def _catalog_dir(tmp_path, files: dict[str, str]):
    root = tmp_path / "parts_db"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_loads_a_good_part(tmp_path):
    root = _catalog_dir(tmp_path, {"cpu/test-cpu.toml": GOOD_CPU})
    catalog = load_catalog(root, with_user_prices=False)
    assert catalog["test-cpu"].cores == 16


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (GOOD_CPU.replace("cores = 16", 'cores = "many"'), "cores", "integer"),
        (GOOD_CPU.replace("tdp_w = 170", "tdp = 170"), "tdp", "unknown field"),
        (GOOD_CPU.replace('sources = ["https://example.com/cpu"]', "sources = []"), "sources", "at least 1"),
        (GOOD_CPU.replace('currency = "USD"', 'currency = "dollars"'), "price.currency", "pattern"),
        (GOOD_CPU.replace("pcie_gen = 5", "pcie_gen = 9"), "pcie_gen", "5"),
        (GOOD_CPU.replace("https://example.com/cpu", "ftp://example.com/cpu"), "sources.0", "http"),
        (GOOD_CPU.replace("https://example.com/cpu", "https://"), "sources.0", "names a host"),
        (GOOD_CPU.replace("https://example.com/cpu", "https://example.com/a b"), "sources.0", "no spaces"),
        (GOOD_CPU.replace("https://example.com/cpu", "https://[::1/x"), "sources.0", "not a valid web address"),
        (GOOD_CPU.replace("https://example.com/cpu", "https://e.com/" + "a" * 2100), "sources.0", "at most"),
    ],
)
def test_bad_field_names_file_part_and_field(tmp_path, text, field, words):
    root = _catalog_dir(tmp_path, {"cpu/test-cpu.toml": text})
    with pytest.raises(CatalogError) as info:
        load_catalog(root, with_user_prices=False)
    problem = next(p for p in info.value.problems if p.field == field)
    assert problem.file.endswith("cpu/test-cpu.toml")
    assert problem.part_id == "test-cpu"
    assert problem.field == field
    assert words in problem.message


def test_broken_toml_and_duplicates_are_all_reported(tmp_path):
    root = _catalog_dir(tmp_path, {
        "cpu/a.toml": GOOD_CPU,
        "cpu/b.toml": GOOD_CPU,
        "cpu/c.toml": "id = [unclosed",
        "gpu/wrong.toml": GOOD_CPU.replace('id = "test-cpu"', 'id = "x"\nkind = "cpu"'),
    })
    with pytest.raises(CatalogError) as info:
        load_catalog(root, with_user_prices=False)
    text = str(info.value)
    assert "duplicate id" in text
    assert "not valid TOML" in text
    assert "'gpu/' folder" in text
    assert len(info.value.problems) == 3


def test_board_sharing_rule_must_name_real_slots(tmp_path):
    src = paths.parts_db_dir() / "motherboard" / "gigabyte-x870-aorus-elite-wifi7.toml"
    text = src.read_text(encoding="utf-8").replace('target = "PCIEX16"', 'target = "PCIEX99"', 1)
    root = _catalog_dir(tmp_path, {"motherboard/board.toml": text})
    with pytest.raises(CatalogError) as info:
        load_catalog(root, with_user_prices=False)
    assert "unknown slot 'PCIEX99'" in str(info.value)


def test_bundled_catalog_loads_and_lints_clean(catalog):
    from configurator.rules.catalog_lint import lint_catalog

    assert len(catalog) >= 20
    assert lint_catalog(catalog) == []


def test_missing_folder(tmp_path):
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "none", with_user_prices=False)


def test_user_price_override_survives_and_does_not_touch_bundled_files(tmp_path, catalog):
    from decimal import Decimal

    from configurator.parts import Price
    from configurator.parts.prices import save_price_overrides

    part_id = next(iter(catalog.parts))
    bundled = paths.parts_db_dir() / catalog.files[part_id].split("/", 1)[1]
    before = bundled.read_bytes()
    save_price_overrides({part_id: Price(amount=Decimal("1.23"), currency="USD", as_of="2026-11-20")})
    fresh = load_catalog()
    assert fresh[part_id].price.amount == Decimal("1.23")
    assert bundled.read_bytes() == before


def test_user_parts_folder_overrides_bundled_parts_and_is_checked(catalog):
    from configurator.parts.catalog import user_parts_dir

    src = paths.parts_db_dir() / catalog.files["nvidia-rtx-5090-fe"].split("/", 1)[1]
    folder = user_parts_dir() / "gpu"
    folder.mkdir(parents=True)
    (folder / "nvidia-rtx-5090-fe.toml").write_text(
        src.read_text(encoding="utf-8").replace("length_mm = 304", "length_mm = 305"), encoding="utf-8")
    merged = load_catalog()
    assert merged["nvidia-rtx-5090-fe"].length_mm == 305
    assert merged.files["nvidia-rtx-5090-fe"] == "parts/gpu/nvidia-rtx-5090-fe.toml"
    assert load_catalog(with_user_prices=False)["nvidia-rtx-5090-fe"].length_mm == 304
    (folder / "broken.toml").write_text('id = "x"\n', encoding="utf-8")
    contained = load_catalog()
    assert contained["nvidia-rtx-5090-fe"].length_mm == 305
    assert {p.file for p in contained.left_out} == {str(folder / "broken.toml")}


def test_a_slot_wired_wider_than_it_is_long_names_file_part_and_field(tmp_path):
    import shutil

    from configurator import paths
    from configurator.parts import CatalogError, load_catalog

    root = tmp_path / "parts"
    shutil.copytree(paths.parts_db_dir(), root)
    board = root / "motherboard" / "gigabyte-x870-aorus-elite-wifi7.toml"
    text = board.read_text(encoding="utf-8")
    board.write_text(text.replace('id = "PCIEX4", physical = 16, lanes = 4', 'id = "PCIEX4", physical = 4, lanes = 16'),
                     encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    problem = info.value.problems[0]
    assert problem.part_id == "gigabyte-x870-aorus-elite-wifi7" and problem.field == "pcie_slots.1.lanes"
    assert "x16 wired in an x4 slot" in problem.message and "Value error" not in str(info.value)
