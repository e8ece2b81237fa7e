"""The CLI contract: exit codes, JSON shape, and clear one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from configurator.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_contract(capsys, example):
    code, out, _ = run(capsys, "validate", str(example("mes2x-dual-rtx5090")), "--json")
    data = json.loads(out)
    assert set(data) >= {"ok", "findings", "links", "power", "price"}
    assert code == (0 if data["ok"] else 1)
    finding = data["findings"][0]
    assert set(finding) == {"code", "severity", "message", "parts", "chain", "fixes", "unconfirmed"}
    link = data["links"][1]
    assert {"slot", "device", "kind", "gen", "width", "source", "gbps"} <= set(link)
    assert (link["slot"], link["kind"], link["gen"], link["width"], link["source"]) == (
        "PCIEX4", "gpu", 4, 4, "chipset")
    assert set(data["power"]) >= {"sustained_w", "peak_w", "psu_w", "load_pct"}
    assert data["price"]["currency"] == "USD"


def test_validate_exit_codes(capsys, example):
    assert run(capsys, "validate", str(example("es620-dual-pro6000")))[0] == 0
    assert run(capsys, "validate", str(example("mes2x-dual-rtx5090-nvme-m2d-sb")))[0] == 1


def test_circuit_option_changes_the_power_findings(capsys, example):
    _, out_120, _ = run(capsys, "validate", str(example("es620-dual-pro6000")), "--json")
    _, out_230, _ = run(capsys, "validate", str(example("es620-dual-pro6000")), "--json", "--circuit", "230v16a")
    codes_120 = {f["code"] for f in json.loads(out_120)["findings"]}
    codes_230 = {f["code"] for f in json.loads(out_230)["findings"]}
    assert "POWER-CIRCUIT" in codes_120 and "POWER-CIRCUIT" not in codes_230


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"schema_version": 1, "items": [{"part": "no-such-part"}]}', "unknown part id 'no-such-part'"),
        ('{"schema_version": 1, "items": [{"part": "gigabyte-x870-aorus-elite-wifi7"}, {"part": "nvidia-rtx-5090-fe", "slots": ["PCIEX9"]}]}',
         "has no slot 'PCIEX9'"),
        ('{"schema_version": 1, "items": [{"part": "gigabyte-x870-aorus-elite-wifi7"}, {"part": "nvidia-rtx-5090-fe", "slots": ["M2A_CPU"]}]}',
         "M.2 slot"),
        ('{"schema_version": 1, "items": [{"part": "gigabyte-x870-aorus-elite-wifi7"}, {"part": "samsung-990-pro-2tb", "slots": ["PCIEX16"]}]}',
         "is a PCIe slot"),
        ("not json at all", "not valid JSON"),
    ],
)
def test_bad_builds_exit_2_with_a_clear_message(capsys, tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path), "--json")
    assert code == 2
    assert words in err
    assert "Traceback" not in err and out == ""


def test_options_lists_incompatible_parts_with_reasons(capsys, example):
    code, out, _ = run(capsys, "options", str(example("mes2x-dual-rtx5090")), "--kind", "cpu", "--json")
    assert code == 0
    options = json.loads(out)["options"]
    assert options[0]["compatible"]
    compat = [o["compatible"] for o in options]
    assert compat == sorted(compat, reverse=True)
    for o in options:
        if not o["compatible"]:
            assert o["reasons"] and all(r["code"] and r["message"] for r in o["reasons"])


def test_catalog_list_and_check(capsys):
    code, out, _ = run(capsys, "catalog", "list", "--kind", "gpu", "--json")
    assert code == 0
    gpus = json.loads(out)
    assert {"nvidia-rtx-5090-fe", "nvidia-rtx-pro-6000-blackwell-ws"} <= {g["id"] for g in gpus}
    assert all(g["sources"] for g in gpus)
    assert run(capsys, "catalog", "check")[0] == 0


def test_python_m_configurator_matches(example):
    proc = subprocess.run([sys.executable, "-m", "configurator", "validate",
                           str(example("es620-dual-pro6000")), "--json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ok"] is True


def test_unknown_arguments_exit_2(capsys):
    assert main(["validate"]) == 2
    assert main(["frobnicate"]) == 2


def test_control_characters_from_a_build_never_reach_the_terminal(capsys, tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text('{"schema_version": 1, "name": "Evil \\u001b[31mRED\\u001b]0;pwned\\u0007",'
                    ' "items": [{"part": "gigabyte-x870-aorus-elite-wifi7"},'
                    ' {"part": "nvidia-rtx-5090-fe", "slots": ["PCIEX9\\u001b[2J"]}]}', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\\u001b" in err
    path.write_text(path.read_text(encoding="utf-8").replace("PCIEX9\\u001b[2J", "PCIEX16"), encoding="utf-8")
    main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out and "\x07" not in out and "Evil \\u001b[31mRED" in out


def test_topology_prints_the_graph_the_app_draws(capsys, example, tmp_path):
    import networkx as nx

    build = str(example("mes2x-dual-rtx5090-nvme-m2d-sb"))
    code, out, _ = run(capsys, "topology", build)
    assert code == 0
    assert "slot:M2D_SB -[shares-lanes-with]-> slot:PCIEX4" in out
    code, out, _ = run(capsys, "topology", build, "--json", "--graphml", str(tmp_path / "g.graphml"))
    data = json.loads(out)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["slot:PCIEX4"]["disabled"] is True and nodes["slot:PCIEX4"]["source"] == "chipset"
    assert {"source": "slot:PCIEX4", "target": "chipset", "rel": "lanes-from"} in data["edges"]
    read_back = nx.read_graphml(tmp_path / "g.graphml")
    assert set(read_back.nodes) == set(nodes)
    assert read_back.edges["nvidia-rtx-5090-fe#1", "slot:PCIEX16"]["gbps"] == pytest.approx(63.0, abs=0.1)


def test_topology_of_a_missing_build_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "topology", str(tmp_path / "none.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1
