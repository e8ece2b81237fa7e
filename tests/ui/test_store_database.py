"""File › Store database: test a server before saving it, keep the password in the keyring,
and show on a chain how recent the local prices and parts are."""

from __future__ import annotations

import pytest

from configurator.store import cache
from configurator.store.config import config_path, load_config


def test_one_machine_test_and_save(qtbot):
    from configurator.ui.dialogs.store_database import StoreDatabaseDialog, sync_text

    dialog = StoreDatabaseDialog()
    qtbot.addWidget(dialog)
    assert "this computer's own register" in dialog.result.text()
    assert "a new register" in dialog.test_connection()
    dialog.store.setText("bos")
    dialog.save()
    assert load_config().store == "BOS" and not load_config().is_server
    assert sync_text() == ""


def test_a_bad_url_is_one_line_and_nothing_is_saved(qtbot):
    from configurator.ui.dialogs.store_database import StoreDatabaseDialog

    dialog = StoreDatabaseDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql://clerk:s3cret@db:port/store")
    assert dialog.test_connection() is None
    assert "not a database URL" in dialog.result.text() and "s3cret" not in dialog.result.text()
    dialog.save()
    assert not config_path().exists()


@pytest.mark.postgres
def test_a_server_with_its_password_in_the_keyring(qtbot, pg_server, memory_keyring, monkeypatch):
    from configurator.ui.dialogs.store_database import StoreDatabaseDialog, sync_text

    url = pg_server.url
    bare = url.render_as_string(hide_password=False).replace(f":{url.password}@", "@")
    dialog = StoreDatabaseDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText(bare)
    dialog.password.setText("wrong")
    assert dialog.test_connection() is None
    assert "refused the login" in dialog.result.text()
    dialog.password.setText(url.password)
    assert dialog.test_connection().startswith(f"connected to {bare}")
    dialog.store.setText("NYC")
    dialog.save()
    assert load_config().database_url == bare and load_config().store == "NYC"
    assert url.password not in config_path().read_text(encoding="utf-8")
    assert url.password in memory_keyring.passwords.values()
    assert sync_text() == "Not synced yet"
    fresh = StoreDatabaseDialog()
    qtbot.addWidget(fresh)
    assert fresh.sync_now().startswith("Synced")
    assert cache.sync_info() is not None and sync_text().startswith("Prices and parts as of")


@pytest.mark.postgres
def test_a_sync_prices_the_open_build_from_the_chain(window, pg_server, monkeypatch):
    import datetime as dt

    from configurator import paths
    from configurator.store.cache import PriceRow
    from configurator.store.engine import open_store
    from configurator.store.shared import write_prices

    url = pg_server.new_database("configurator_gui_sync")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    window.files.open_path(paths.examples_dir() / "es620-dual-rtx5090.json", ask=False)
    before = window.document.state.report.price.total
    with open_store(url).write() as conn:
        write_prices(conn, {"nvidia-rtx-5090-fe": PriceRow("1500.00", "USD", dt.date(2026, 11, 1))})
    dialog = window.quotes.open_store_database()
    assert dialog.sync_now().startswith("Synced")
    dialog.reject()
    gpus = sum(i.quantity for i in window.document.build.items if i.part == "nvidia-rtx-5090-fe")
    assert window.document.catalog["nvidia-rtx-5090-fe"].price.amount == 1500
    assert window.document.state.report.price.total < before and gpus
    assert window.quotes.sync_label.text().startswith("Prices and parts as of")
