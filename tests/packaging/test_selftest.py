"""``configurator --self-test`` as a customer or CI runs it: in a subprocess, checking the exit
code and the one-line-per-step report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from configurator import paths
from configurator.selftest import StepError, _check_pdf

STEPS = ["version", "catalog", "catalog check", "user parts", "examples", "estimate", "quote", "user data",
         "store database"]
LINE = re.compile(r"^(ok  |FAIL|skip) (?P<step>[a-z ]+): \S")


def self_test(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "configurator", "--self-test", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout.splitlines()


def steps_by_status(lines: list[str]) -> dict[str, str]:
    """step -> ok/FAIL/skip; asserts every line but the summary is a step line."""
    *step_lines, summary = lines
    assert summary.startswith("self-test ")
    out = {}
    for line in step_lines:
        match = LINE.match(line)
        assert match, f"not a step line: {line!r}"
        out[match["step"]] = match[1].strip()
    return out


@pytest.fixture
def data_root(tmp_path) -> Path:
    """A writable copy of the bundled parts_db/ beside the real resources and pyproject."""
    root = tmp_path / "bundle"
    shutil.copytree(paths.parts_db_dir(), root / "parts_db")
    (root / "resources").symlink_to(paths.resources_dir(), target_is_directory=True)
    (root / "pyproject.toml").symlink_to(paths.bundle_root() / "pyproject.toml")
    return root


def test_passes_on_the_checkout_with_one_line_per_step():
    code, lines = self_test()
    status = steps_by_status(lines)
    assert list(status) == STEPS
    assert set(status.values()) == {"ok"}, lines
    assert code == 0
    assert lines[-1].startswith(f"self-test passed: {len(STEPS)} ok, 0 failed, 0 skipped")


def test_leaves_the_users_quote_register_and_settings_alone():
    user_data = Path(os.environ["CONFIGURATOR_USER_DATA"])
    code, _ = self_test()
    assert code == 0
    assert [p.name for p in user_data.iterdir()] == []


def test_a_broken_catalog_file_fails_and_skips_what_needs_the_catalog(data_root):
    part = next((data_root / "parts_db" / "gpu").glob("*.toml"))
    part.write_text("id = [unclosed\n", encoding="utf-8")
    code, lines = self_test(env={"CONFIGURATOR_DATA_ROOT": str(data_root)})
    status = steps_by_status(lines)
    assert code == 1
    assert status["catalog"] == "FAIL"
    assert part.name in next(line for line in lines if line.startswith("FAIL catalog"))
    assert status["catalog check"] == status["examples"] == "skip"
    assert lines[-1].startswith("self-test FAILED")


def test_an_article_build_that_loses_its_expected_finding_fails(data_root):
    build = data_root / "parts_db" / "examples" / "mes2x-dual-pro6000-nvme-m2d-sb.json"
    data = json.loads(build.read_text(encoding="utf-8"))
    data["items"] = [i for i in data["items"] if "M2D_SB" not in i.get("slots", [])]
    build.write_text(json.dumps(data), encoding="utf-8")
    code, lines = self_test(env={"CONFIGURATOR_DATA_ROOT": str(data_root)})
    assert code == 1
    assert "FAIL examples: mes2x-dual-pro6000-nvme-m2d-sb.json lacks LANE-SLOT-DISABLED" in lines


def test_no_example_builds_is_a_failure(data_root):
    shutil.rmtree(data_root / "parts_db" / "examples")
    code, lines = self_test(env={"CONFIGURATOR_DATA_ROOT": str(data_root)})
    assert code == 1
    assert steps_by_status(lines)["examples"] == "FAIL"


def test_a_missing_pyproject_fails_the_version_step(data_root):
    (data_root / "pyproject.toml").unlink()
    code, lines = self_test(env={"CONFIGURATOR_DATA_ROOT": str(data_root)})
    assert code == 1
    assert steps_by_status(lines)["version"] == "FAIL"


def test_a_truncated_pdf_is_rejected(tmp_path):
    pdf = tmp_path / "q.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n")
    with pytest.raises(StepError, match="not a complete PDF"):
        _check_pdf(pdf)


@pytest.mark.gui
def test_gui_adds_a_window_step():
    code, lines = self_test("--gui", env={"QT_QPA_PLATFORM": "offscreen"})
    status = steps_by_status(lines)
    assert list(status) == [*STEPS, "window"]
    assert status["window"] == "ok", lines
    assert code == 0
