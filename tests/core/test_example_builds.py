"""Every bundled example build loads and validates; the multi-GPU ones say what a consultant needs."""

from __future__ import annotations

import pytest

from configurator import paths
from configurator.build import example_builds, load_build, resolve
from configurator.rules import validate

EXAMPLES = sorted(paths.examples_dir().glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_validates(path, catalog):
    report = validate(resolve(load_build(path), catalog))
    assert report.links
    assert report.power.sustained_w > 0 and report.price.total > 0


def _report(example, catalog, name, circuit):
    return validate(resolve(load_build(example(name)), catalog), circuit)


def _not_clean(report) -> list[str]:
    """Clean means no error and no warning; notes are allowed."""
    return [f"{f.code}: {f.message}" for f in report.findings if f.severity != "info"]


def test_threadripper_pro_quad_max_q_is_clean_on_230v(example, catalog):
    report = _report(example, catalog, "trpro-quad-pro6000-maxq", "230v16a")
    assert not _not_clean(report)
    gpus = [link for link in report.links if link.kind == "gpu"]
    assert len(gpus) == 4 and all((g.gen, g.width, g.source) == (5, 16, "cpu") for g in gpus)
    assert "THERMAL-STACKED-GPUS" not in report.codes()


def test_eight_gpu_rack_server_is_clean_on_a_rack_feed(example, catalog):
    report = _report(example, catalog, "rack-8x-pro6000-server", "400v16a-3ph")
    assert not _not_clean(report)
    gpus = [link for link in report.links if link.kind == "gpu"]
    assert len(gpus) == 8 and all(g.width == 16 and g.source == "cpu" for g in gpus)
    assert "FIT-SLOT-BLOCKED" not in report.codes()


def test_quad_rtx5090_tower_warns_about_power_circuit_and_heat(example, catalog):
    report = _report(example, catalog, "quad-rtx5090-tower", "120v15a")
    codes = set(report.codes())
    assert {"POWER-PSU-WATTAGE", "POWER-CIRCUIT", "THERMAL-HEAT-LOAD", "THERMAL-STACKED-GPUS"} <= codes
    assert not report.ok


def test_examples_are_listed_by_their_readable_names():
    listed = example_builds(paths.examples_dir())
    assert len(listed) == len(EXAMPLES)
    assert all(e.name == e.build.name and e.name != e.path.stem for e in listed)
    assert [e.name.casefold() for e in listed] == sorted(e.name.casefold() for e in listed)


def test_a_broken_example_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "good.json").write_text('{"schema_version": 1, "name": "Good one"}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"schema_version": 1, "items": [', encoding="utf-8")
    assert [e.name for e in example_builds(tmp_path)] == ["Good one"]
