"""The bundled catalog's snapshot: used while the part files are unchanged, never trusted
otherwise, and never the reason a catalog fails to load."""

from __future__ import annotations

import os
import shutil

import pytest

from configurator import paths
from configurator.estimate import architectures
from configurator.parts import catalog as catalog_module
from configurator.parts import load_catalog, snapshot


@pytest.fixture
def bundle(tmp_path, monkeypatch):
    """A copy of the bundled data, made the app's bundle, so files can be edited."""
    root = tmp_path / "bundle"
    shutil.copytree(paths.parts_db_dir(), root / "parts_db")
    monkeypatch.setenv("CONFIGURATOR_DATA_ROOT", str(root))
    architectures._bundled_root.cache_clear()
    architectures._load.cache_clear()
    yield root / "parts_db"
    architectures._bundled_root.cache_clear()
    architectures._load.cache_clear()


def _files_not_read(monkeypatch):
    def refuse(*_args):
        raise AssertionError("the part files were read again")

    monkeypatch.setattr(catalog_module, "_load_folder", refuse)


def test_second_load_comes_from_the_snapshot(bundle, monkeypatch):
    first = load_catalog(with_user_prices=False)
    assert snapshot.snapshot_file("catalog", bundle).is_file()
    _files_not_read(monkeypatch)
    second = load_catalog(with_user_prices=False)
    assert second.parts == first.parts and second.files == first.files


def test_an_edited_part_file_is_read_again(bundle):
    load_catalog(with_user_prices=False)
    path = bundle / "gpu" / "nvidia-rtx-5090-fe.toml"
    path.write_text(path.read_text().replace("Founders Edition", "Edited Edition", 1))
    assert "Edited Edition" in load_catalog(with_user_prices=False)["nvidia-rtx-5090-fe"].name


def test_a_new_and_a_removed_file_are_seen(bundle):
    load_catalog(with_user_prices=False)
    shutil.copy(bundle / "gpu" / "nvidia-rtx-5090-fe.toml", bundle / "gpu" / "copy.toml")
    (bundle / "psu" / next(p.name for p in (bundle / "psu").glob("*.toml"))).unlink()
    with pytest.raises(catalog_module.CatalogError, match="duplicate id"):
        load_catalog(with_user_prices=False)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "group-writable"])
def test_a_damaged_or_foreign_snapshot_is_ignored(bundle, monkeypatch, damage):
    expected = load_catalog(with_user_prices=False).parts
    file = snapshot.snapshot_file("catalog", bundle)
    if damage == "garbage":
        file.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "truncated":
        file.write_bytes(file.read_bytes()[:1000])
    else:
        os.chmod(file, 0o666)
        calls = []
        real = catalog_module._load_folder
        monkeypatch.setattr(catalog_module, "_load_folder", lambda *a: calls.append(1) or real(*a))
    assert load_catalog(with_user_prices=False).parts == expected
    if damage == "group-writable":
        assert calls, "a snapshot others can write is not trusted"


def test_a_catalog_with_problems_leaves_no_snapshot(bundle):
    (bundle / "gpu" / "broken.toml").write_text("id = 'broken'\n")
    with pytest.raises(catalog_module.CatalogError):
        load_catalog(with_user_prices=False)
    assert not snapshot.snapshot_file("catalog", bundle).exists()


def test_an_unwritable_cache_folder_only_costs_time(bundle, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(paths, "user_cache_dir", lambda: blocker / "cache")
    assert len(load_catalog(with_user_prices=False)) > 100


def test_model_architectures_are_snapshotted_too(bundle, monkeypatch):
    first = architectures.load_architectures()
    assert snapshot.snapshot_file("models", bundle).is_file()
    architectures._load.cache_clear()
    monkeypatch.setattr(architectures, "_load_files", lambda *a: pytest.fail("models read again"))
    assert architectures.load_architectures() == first
