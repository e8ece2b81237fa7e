"""Price imports running at the same time keep every update; a held lock is waited for."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from configurator.parts import Price
from configurator.parts.prices import load_price_overrides, overrides_path, update_price_overrides


def test_eight_imports_at_once_keep_all_forty_updates(tmp_path, catalog):
    gpus = sorted(p.id for p in catalog.of_kind("gpu"))[:8]
    assert len(gpus) == 8
    env = {**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path / "ud")}
    procs = []
    for n, part_id in enumerate(gpus):
        script = (
            "import datetime as dt, sys\n"
            "from decimal import Decimal\n"
            "from configurator.parts import Price\n"
            "from configurator.parts.prices import update_price_overrides\n"
            "for r in range(5):\n"
            f"    price = Price(amount=Decimal('{n + 1}.%02d' % r), currency='USD',"
            " as_of=dt.date(2026, 1, 1))\n"
            f"    update_price_overrides({{'{part_id}#%d' % r: price}})\n"
        )
        procs.append(subprocess.Popen([sys.executable, "-c", script], env=env))
    assert all(p.wait(timeout=120) == 0 for p in procs)
    stored = load_price_overrides(tmp_path / "ud" / "price_overrides.json", strict=True)
    assert len(stored) == 40
    assert stored[f"{gpus[3]}#4"].amount == Decimal("4.04")


def test_concurrent_cli_imports_keep_every_part(tmp_path, catalog):
    gpus = sorted(p.id for p in catalog.of_kind("gpu"))[:3]
    env = {**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path / "ud")}
    procs = []
    for n, part_id in enumerate(gpus):
        csv_file = tmp_path / f"p{n}.csv"
        csv_file.write_text(f"part,price,currency,as_of\n{part_id},{1000 + n}.50,USD,2026-01-01\n")
        procs.append(subprocess.Popen([sys.executable, "-m", "configurator", "catalog",
                                       "import-prices", str(csv_file)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    stored = load_price_overrides(tmp_path / "ud" / "price_overrides.json", strict=True)
    assert {pid: p.amount for pid, p in stored.items()} == {
        pid: Decimal(f"{1000 + n}.50") for n, pid in enumerate(gpus)}


def test_a_held_lock_is_waited_for_then_refused(monkeypatch):
    import sqlite3

    from configurator.parts import prices
    from configurator.store.config import local_path
    from configurator.store.engine import open_store
    from configurator.store.errors import StoreLockedError

    monkeypatch.setattr(prices, "LOCK_TIMEOUT_S", 0.3)
    path = overrides_path()
    waited = []
    price = Price(amount=Decimal("1.00"), currency="USD", as_of=dt.date(2026, 1, 1))
    open_store()
    holder = sqlite3.connect(local_path(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreLockedError):
            update_price_overrides({"x": price}, on_wait=lambda: waited.append(True))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert waited == [True]
    assert not path.exists()
    update_price_overrides({"x": price})
    assert load_price_overrides(strict=True) == {"x": price}
