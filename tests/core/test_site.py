"""The customer's site circuit: carried by the build file, read by validation, overridden by --circuit."""

from __future__ import annotations

import json

import pytest

from configurator.build import Build, BuildError, load_build, parse_build, resolve, save_build
from configurator.cli import main
from configurator.rules import validate


def _codes(capsys, *argv) -> tuple[int, set[str]]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, {f["code"] for f in json.loads(out)["findings"]}


def test_site_round_trips_and_defaults_to_120v15a(tmp_path):
    assert Build().circuit == "120v15a"
    build = Build(name="x").with_circuit("230v16a")
    save_build(build, tmp_path / "b.json")
    assert json.loads((tmp_path / "b.json").read_text())["site"] == {"circuit": "230v16a"}
    assert load_build(tmp_path / "b.json").circuit == "230v16a"


def test_unknown_circuit_is_refused_with_the_known_ones():
    with pytest.raises(BuildError, match="site.circuit: unknown circuit '240v99a'.*230v16a"):
        parse_build('{"schema_version": 1, "site": {"circuit": "240v99a"}}')


def test_validation_reads_the_build_site(catalog, example):
    build = load_build(example("es620-dual-pro6000"))
    on_120 = validate(resolve(build, catalog))
    on_230 = validate(resolve(build.with_circuit("230v16a"), catalog))
    assert on_230.circuit == "230v16a"
    assert "POWER-CIRCUIT" in {f.code for f in on_120.findings}
    assert "POWER-CIRCUIT" not in {f.code for f in on_230.findings}


def test_cli_reads_the_site_and_circuit_overrides_it(capsys, example, tmp_path):
    path = tmp_path / "site.json"
    save_build(load_build(example("es620-dual-pro6000")).with_circuit("230v16a"), path)
    assert "POWER-CIRCUIT" not in _codes(capsys, "validate", str(path), "--json")[1]
    assert "POWER-CIRCUIT" in _codes(capsys, "validate", str(path), "--json", "--circuit", "120v15a")[1]


def test_examples_built_for_a_site_validate_clean_on_it(capsys, example):
    assert _codes(capsys, "validate", str(example("trpro-quad-pro6000-maxq")), "--json")[0] == 0
