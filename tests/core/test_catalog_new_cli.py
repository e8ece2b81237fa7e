"""``configurator catalog new``: the part editor without the app."""

from __future__ import annotations

import tomllib

from configurator.cli import main
from configurator.parts import load_catalog
from configurator.parts.catalog import user_parts_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_gpu_like_a_catalog_gpu_is_written_and_loads(capsys, tmp_path):
    target = tmp_path / "my-5090.toml"
    code, out, _ = run(capsys, "catalog", "new", "--kind", "gpu", "--like", "nvidia-rtx-5090-fe",
                       "--id", "store-5090-48g", "--set", "vram_gb=48", "--set", 'mpn="ST-5090-48"',
                       "-o", str(target))
    assert code == 0 and out.strip() == str(target)
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert (data["kind"], data["id"], data["vram_gb"], data["mpn"]) == ("gpu", "store-5090-48g", 48, "ST-5090-48")
    assert "copied from" in data["provenance"]["default"]["why"]


def test_without_o_it_goes_to_the_parts_folder_the_app_reads(capsys):
    code, out, _ = run(capsys, "catalog", "new", "--kind", "psu", "--like", "corsair-rm1000x-2024")
    assert code == 0
    assert out.strip() == str(user_parts_dir() / "psu" / "corsair-rm1000x-2024-copy.toml")
    assert "corsair-rm1000x-2024-copy" in load_catalog()


def test_bad_input_is_one_line_with_the_loaders_words(capsys, tmp_path):
    target = tmp_path / "bad.toml"
    code, _, err = run(capsys, "catalog", "new", "--kind", "gpu", "--like", "nvidia-rtx-5090-fe",
                       "--set", "board_power_w=-5", "-o", str(target))
    assert code == 2 and err.count("\n") == 1
    assert "[nvidia-rtx-5090-fe-copy] board_power_w: Input should be greater than 10" in err
    assert not target.exists()
    assert run(capsys, "catalog", "new", "--kind", "gpu", "--like", "no-such-card")[0] == 2
    assert run(capsys, "catalog", "new", "--kind", "cpu", "--like", "nvidia-rtx-5090-fe")[0] == 2
    code, _, err = run(capsys, "catalog", "new", "--kind", "gpu", "--like", "nvidia-rtx-5090-fe",
                       "--id", "nvidia-rtx-4090-fe")
    assert code == 2 and "already in the catalog" in err
