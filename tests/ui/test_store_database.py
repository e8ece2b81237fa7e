"""File › Store database: test a server before saving it, keep the password in the keyring,
and show on a chain how recent the local prices and parts are."""

from __future__ import annotations

import pytest

from configurator.store import cache
from configurator.store.config import config_path, load_config


@pytest.fixture
def memory_keyring():
    import keyring

    from tests.store.conftest import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


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
    assert sync_text() == "Prices and parts: not synced with the store database yet"
    fresh = StoreDatabaseDialog()
    qtbot.addWidget(fresh)
    assert fresh.sync_now().startswith("Synced")
    assert cache.sync_info() is not None and sync_text().startswith("Prices and parts as of")
