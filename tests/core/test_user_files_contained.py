"""One bad file in the store's own parts or models folder is left out, named with its reason;
everything else keeps working. The bundled catalog stays strict."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from configurator import paths
from configurator.cli import main
from configurator.estimate import architectures
from configurator.parts import CatalogError, load_catalog
from configurator.parts.catalog import user_parts_dir

BAD_FILES = {
    "broken": 'id = "broken"\n',
    "deep": "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "digits": 'id = "digits"\nbrand = "X"\nvram_gb = ' + "9" * 5000 + "\n",
    "garbled": "this is = = not toml\n",
}


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    architectures._load.cache_clear()
    yield
    architectures._load.cache_clear()


def bad_user_files(kind: str) -> dict[str, str]:
    folder = user_parts_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in BAD_FILES.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return {name: str(folder / f"{name}.toml") for name in BAD_FILES}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_user_part_files_are_left_out_with_path_and_reason():
    files = bad_user_files("gpu")
    catalog = load_catalog()
    assert len(catalog) == len(load_catalog(with_user_prices=False))
    left_out = {p.file: p.message for p in catalog.left_out}
    assert set(left_out) == set(files.values())
    assert "nests too deeply" in left_out[files["deep"]]
    assert "longer than 30 digits" in left_out[files["digits"]]
    assert "not valid TOML" in left_out[files["garbled"]]


def test_commands_keep_working_and_warn_on_stderr(capsys, example):
    files = bad_user_files("gpu")
    bad_user_files("models")
    code, out, err = run(capsys, "validate", str(example("es620-dual-rtx5090")), "--json")
    assert code in (0, 1) and json.loads(out)["status"]
    warnings = err.strip().splitlines()
    assert all(w.startswith("configurator: warning: left out ") for w in warnings)
    assert len(warnings) == 2 * len(BAD_FILES)
    assert any(files["deep"] in w for w in warnings)


def test_a_build_using_a_left_out_part_names_part_file_and_reason(capsys, tmp_path):
    files = bad_user_files("gpu")
    build = tmp_path / "b.json"
    build.write_text(json.dumps({"schema_version": 1, "items": [{"part": "broken"}]}))
    code, _, err = run(capsys, "validate", str(build))
    assert code == 2
    failure = err.strip().splitlines()[-1]
    assert "'broken' is left out" in failure and files["broken"] in failure
    assert "required field is missing" in failure


def test_catalog_check_lists_left_out_files_and_exits_1(capsys):
    files = bad_user_files("cpu")
    code, out, _ = run(capsys, "catalog", "check")
    assert code == 1
    for path in files.values():
        assert f"left out {path}" in out


def test_a_bad_model_file_does_not_break_validate_quote_or_estimate(capsys, example, tmp_path):
    folder = user_parts_dir() / "models"
    folder.mkdir(parents=True)
    source = paths.parts_db_dir() / "models" / "llama-3.3-70b.toml"
    (folder / "mine.toml").write_text(source.read_text().replace('id = "llama-3.3-70b"', 'id = "mine"')
                                      .replace("layers = ", "layers = -"), encoding="utf-8")
    (folder / "deep.toml").write_text(BAD_FILES["deep"], encoding="utf-8")
    build = str(example("es620-dual-rtx5090"))
    assert run(capsys, "validate", build)[0] in (0, 1)
    code, _, err = run(capsys, "quote", build, "-o", str(tmp_path / "q.pdf"))
    assert code == 0, err
    code, _, err = run(capsys, "estimate", "--model", "mine", "--weights", "fp8",
                       "--gpu", "nvidia-rtx-5090-fe")
    assert code == 2
    assert "'mine' is left out" in err and str(folder / "mine.toml") in err


def test_self_test_fails_naming_the_bad_user_file(tmp_path):
    folder = tmp_path / "parts" / "gpu"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text(BAD_FILES["garbled"])
    proc = subprocess.run([sys.executable, "-m", "configurator", "--self-test"], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path)})
    assert proc.returncode == 1
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and "user parts" in failed[0] and str(folder / "broken.toml") in failed[0]


def test_the_bundled_catalog_stays_strict(tmp_path):
    root = tmp_path / "parts_db"
    (root / "gpu").mkdir(parents=True)
    (root / "gpu" / "broken.toml").write_text(BAD_FILES["deep"])
    with pytest.raises(CatalogError) as info:
        load_catalog(root, with_user_prices=False)
    assert "nests too deeply" in str(info.value)
