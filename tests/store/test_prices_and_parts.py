"""Price overrides and user parts in the store database, on SQLite and PostgreSQL: imports
that run at the same time all keep their changes, every change says who made it and where,
the catalog reads the local copy, and a chain installation reads the parts of the last sync."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal

import pytest
from sqlalchemy import text

from configurator import paths
from configurator.cli import main
from configurator.parts import load_catalog
from configurator.parts.prices import load_price_overrides, overrides_path
from configurator.quote.settings import QuoteSettings, load_settings, save_settings, settings_path
from configurator.store.engine import open_store

PARTS = ("nvidia-rtx-5090-fe", "amd-ryzen-9-9950x", "amd-ryzen-9-9950x3d",
         "samsung-990-pro-4tb")


@pytest.fixture
def store_url(db_url, monkeypatch) -> str:
    """This installation's database is ``db_url``."""
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    return db_url


def _import(path: str, user_data: str, url: str) -> int:
    import os

    os.environ["CONFIGURATOR_USER_DATA"] = user_data
    os.environ["CONFIGURATOR_DATABASE_URL"] = url
    return main(["catalog", "import-prices", path])


def test_concurrent_imports_keep_every_update(store_url, tmp_path):
    import os

    files = []
    for n, part in enumerate(PARTS):
        path = tmp_path / f"prices-{n}.csv"
        path.write_text(f"part,price,currency,as_of\n{part},{1000 + n}.25,USD,2026-11-2{n}\n",
                        encoding="utf-8")
        files.append(str(path))
    with multiprocessing.get_context("fork").Pool(len(PARTS)) as pool:
        codes = pool.starmap(_import, [(f, os.environ["CONFIGURATOR_USER_DATA"], store_url)
                                       for f in files])
    assert codes == [0] * len(PARTS)
    local = load_price_overrides()
    assert {p: local[p].amount for p in PARTS} == {
        p: Decimal(f"{1000 + n}.25") for n, p in enumerate(PARTS)}
    with open_store(store_url).read() as conn:
        changes = conn.execute(text(
            "SELECT count(*) FROM price_changes WHERE changed_by <> '' AND changed_on <> '' "
            "AND changed_at IS NOT NULL AND old_amount = ''")).scalar()
    assert changes == len(PARTS)


def test_a_price_change_records_the_price_it_replaced(store_url, tmp_path, capsys):
    for amount in ("2100.00", "2050.00"):
        path = tmp_path / "p.csv"
        path.write_text(f"part,price,currency,as_of\nnvidia-rtx-5090-fe,{amount},USD,2026-11-20\n",
                        encoding="utf-8")
        assert main(["catalog", "import-prices", str(path)]) == 0
    with open_store(store_url).read() as conn:
        history = conn.execute(text("SELECT old_amount, amount FROM price_changes "
                                    "ORDER BY id")).all()
    assert [tuple(row) for row in history] == [("", "2100.00"), ("2100.00", "2050.00")]
    assert load_catalog()["nvidia-rtx-5090-fe"].price.amount == Decimal("2050.00")


def test_an_overrides_file_edited_by_hand_is_taken_in_first(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("part,price,currency,as_of\nnvidia-rtx-5090-fe,2100,USD,2026-11-20\n",
                    encoding="utf-8")
    assert main(["catalog", "import-prices", str(path)]) == 0
    edited = overrides_path().read_text(encoding="utf-8").replace(
        '"nvidia-rtx-5090-fe"', '"amd-ryzen-9-9950x"')
    overrides_path().write_text(edited, encoding="utf-8")
    path.write_text("part,price,currency,as_of\nsamsung-990-pro-4tb,299,USD,2026-11-20\n",
                    encoding="utf-8")
    assert main(["catalog", "import-prices", str(path)]) == 0
    assert set(load_price_overrides()) == {"nvidia-rtx-5090-fe", "amd-ryzen-9-9950x",
                                           "samsung-990-pro-4tb"}


@pytest.mark.postgres
def test_a_chain_installation_reads_the_parts_and_settings_of_the_last_sync(pg_server, tmp_path,
                                                                           monkeypatch, capsys):
    from configurator.store.config import local_url
    from configurator.store.engine import Store
    from configurator.store.migrate import migrate

    store_url = pg_server.new_database("configurator_chain_parts")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", store_url)
    bundled = load_catalog(with_user_prices=False)["nvidia-rtx-5090-fe"]
    part_file = (paths.parts_db_dir() / "gpu" / "nvidia-rtx-5090-fe.toml").read_text(
        encoding="utf-8")
    renamed = part_file.replace(f'model = "{bundled.model}"', 'model = "Chain edition"')
    assert renamed != part_file
    migrate(Store(local_url(tmp_path / "local.sqlite3")), open_store(store_url),
            user_parts={"gpu/nvidia-rtx-5090-fe.toml": renamed})
    assert load_catalog()["nvidia-rtx-5090-fe"].model == bundled.model, "not synced yet"
    save_settings(QuoteSettings(store_name="Chain store"))
    settings_path().unlink()
    assert main(["store", "sync"]) == 0
    assert load_catalog()["nvidia-rtx-5090-fe"].model == "Chain edition"
    assert load_settings().store_name == "Chain store", "the store's settings come from the server"
    assert "synced from" in capsys.readouterr().out


@pytest.mark.postgres
def test_confirmed_values_and_calibration_runs_reach_the_chain(pg_server, monkeypatch, capsys):
    from configurator.estimate.local_calibration import save_store
    from configurator.parts.catalog import user_parts_dir
    from configurator.parts.provenance import record_confirmation

    part = load_catalog()["nvidia-rtx-5090-fe"]
    key = next(k for k in part.provenance_keys() if k != "default")
    record_confirmation(user_parts_dir(), part, key, by="Max", ref="manual p. 12")
    run = {"id": 1, "file": "bench.json", "build": "demo.json", "model": "llama-3.1-8b",
           "weights": "bf16", "gpus": [], "links": [], "workload": {},
           "measured": {"output_throughput": 1234.5}}
    save_store({"runs": [run], "factors": {}})
    url = pg_server.new_database("configurator_confirmations")
    assert main(["store", "migrate", "--to", url, "--json"]) == 0
    tables = __import__("json").loads(capsys.readouterr().out)["tables"]
    assert tables["confirmed_values"]["copied"] == 1 and tables["calibration_runs"]["copied"] == 1
    (user_parts_dir() / "confirmations.toml").unlink()
    assert getattr(load_catalog()["nvidia-rtx-5090-fe"].provenance.get(key), "by", "") != "Max"
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    assert main(["store", "sync"]) == 0
    confirmed = load_catalog()["nvidia-rtx-5090-fe"].provenance[key]
    assert (confirmed.status, confirmed.by, confirmed.ref) == ("confirmed", "Max", "manual p. 12")
