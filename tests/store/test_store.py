"""The store database on SQLite and PostgreSQL: schema at open, an old register upgraded in
place, and each bad input as one line that never shows a password."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from configurator.store import cache
from configurator.store.config import (
    StoreConfig,
    config_path,
    load_config,
    local_path,
    local_url,
    make_config,
    redact,
    save_config,
)
from configurator.store.engine import Store, open_store, parse_url
from configurator.store.errors import (
    SchemaTooNewError,
    StoreConfigError,
    StoreDamagedError,
    StoreError,
    StoreUnreachableError,
)
from configurator.store.migrate import migrate
from configurator.store.numbering import take_number
from configurator.store.passwords import SERVICE, keyring_user
from configurator.store.shared import PriceRow, read_prices, sync_to_cache, write_prices
from tests.store.legacy import write_legacy_register


def test_an_old_register_is_upgraded_in_place(tmp_path):
    path = tmp_path / "quotes.sqlite3"
    hashes = write_legacy_register(path, 1000)
    store = Store(local_url(path))
    with store.read() as conn:
        rows = dict(conn.execute(text("SELECT number, data_sha256 FROM quotes")).all())
        counters = dict(((p, y), s) for p, y, s in conn.execute(
            text("SELECT prefix, year, last_seq FROM number_counters")))
    assert rows == hashes
    assert counters == {("Q", 2025): 500, ("Q", 2026): 500}
    assert sqlite3.connect(path).execute("SELECT * FROM alembic_version").fetchall() == [("0004",)]
    with store.read() as conn:
        statuses = dict(conn.execute(text("SELECT status, COUNT(*) FROM quotes GROUP BY status")).all())
        names = dict(conn.execute(text("SELECT number, build_name FROM quotes")).all())
    assert statuses == {"issued": 250, "sent": 250, "accepted": 250, "expired": 250}
    assert names["Q-2025-0001"] == "b0" and names["Q-2026-0500-R1"] == "b999"
    with pytest.raises(StoreError, match="CHECK constraint"), store.write() as conn:
        conn.execute(text("UPDATE quotes SET status = 'draft' WHERE number = 'Q-2025-0001'"))
    with store.write() as conn:
        assert take_number(conn, "Q", 2026) == 501


def test_numbers_count_per_prefix_and_year(own_db_url):
    store = Store(own_db_url)
    with store.write() as conn:
        taken = [take_number(conn, prefix, year) for prefix, year in
                 (("Q", 2026), ("Q-NYC", 2026), ("Q", 2026), ("Q-NYC", 2027), ("Q", 2026))]
    assert taken == [1, 1, 2, 1, 3]
    with pytest.raises(RuntimeError), store.write() as conn:
        take_number(conn, "Q", 2026)
        raise RuntimeError("the quote failed")
    with store.write() as conn:
        assert take_number(conn, "Q", 2026) == 4, "a rolled-back number is handed out again"


def test_a_newer_schema_is_refused_with_the_version_that_made_it(own_db_url):
    store = Store(own_db_url)
    with store.write() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(text("UPDATE store_info SET value = '0.7.2' WHERE key = 'app_version'"))
    store.dispose()
    with pytest.raises(SchemaTooNewError) as err:
        Store(own_db_url)
    assert str(err.value).endswith("was upgraded by version 0.7.2; update the app")
    assert "\n" not in str(err.value)


def test_a_damaged_register_is_named_and_never_changed(tmp_path):
    path = tmp_path / "quotes.sqlite3"
    path.write_bytes(b"not a database at all " * 400)
    with pytest.raises(StoreDamagedError) as err:
        Store(local_url(path))
    assert str(path) in str(err.value) and "move it aside" in str(err.value)
    assert path.read_bytes() == b"not a database at all " * 400
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes.sqlite3"]


@pytest.mark.parametrize("url", [
    "postgresql://clerk:s3cret@db.example:port/store", "mysql://clerk:s3cret@db/store",
    "postgresql://clerk:s3cret@/store", "s3cret", "postgresql://clerk:s3cret@127.0.0.1:1/store?nonsense=1",
])
def test_a_malformed_url_is_one_line_without_the_password(url):
    with pytest.raises(StoreConfigError) as err:
        Store(url).engine.connect()
    assert "s3cret" not in str(err.value) and "\n" not in str(err.value)


def test_urls_are_shown_without_passwords():
    assert redact("postgresql://clerk:s3cret@db:5432/store") == "postgresql://clerk@db:5432/store"
    assert redact("postgresql://db/store?password=s3cret") == "postgresql://db/store?password=***"
    assert redact(local_url(local_path())).endswith("/quotes.sqlite3")
    assert parse_url("postgres://clerk@db/store").drivername == "postgresql+psycopg"


def test_a_password_never_goes_into_the_settings_file():
    with pytest.raises(StoreConfigError, match="keyring"):
        make_config("NYC", "postgresql://clerk:s3cret@db/store")
    save_config(make_config("nyc", "postgresql://clerk@db/store"))
    assert load_config() == StoreConfig("NYC", "postgresql://clerk@db/store")
    assert "s3cret" not in config_path().read_text(encoding="utf-8")
    with pytest.raises(StoreConfigError, match="up to 8 letters"):
        make_config("NEW YORK", "")


@pytest.mark.postgres
def test_the_password_comes_from_the_keyring_and_a_wrong_one_is_one_line(pg_server,
                                                                           memory_keyring):
    url = pg_server.url
    bare = url.render_as_string(hide_password=False).replace(f":{url.password}@", "@")
    account = keyring_user(url.username, url.host, url.port, url.database)
    with pytest.raises(StoreUnreachableError) as err:
        Store(bare)
    assert "refused the login" in str(err.value)
    memory_keyring.set_password(SERVICE, account, "wrong-password")
    with pytest.raises(StoreUnreachableError) as err:
        Store(bare)
    message = str(err.value)
    assert "password authentication failed" in message and "\n" not in message
    assert "wrong-password" not in message and url.password not in message
    memory_keyring.set_password(SERVICE, account, url.password)
    with Store(bare).read() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


@pytest.mark.postgres
def test_an_unreachable_server_is_one_line(pg_server):
    url = pg_server.url.set(port=1).render_as_string(hide_password=False)
    with pytest.raises(StoreUnreachableError) as err:
        Store(url)
    assert "cannot be reached" in str(err.value) and pg_server.url.password not in str(err.value)


@pytest.mark.postgres
def test_a_connection_dropped_mid_transaction_changes_nothing(pg_server):
    url = pg_server.new_database("configurator_dropped")
    store = Store(url)
    with pytest.raises(StoreUnreachableError) as err, store.write() as conn:
        take_number(conn, "Q", 2026)
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        killer = threading.Thread(target=_terminate, args=(store, pid))
        killer.start()
        killer.join()
        write_prices(conn, {"x": PriceRow("1.00", "USD", __import__("datetime").date(2026, 1, 1))})
    assert "\n" not in str(err.value)
    with store.write() as conn:
        assert take_number(conn, "Q", 2026) == 1
        assert read_prices(conn) == {}


def _terminate(store: Store, pid: int) -> None:
    with store.engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()


def test_copying_a_store_is_idempotent_and_reports_conflicts(own_db_url, tmp_path):
    import datetime as dt

    source = Store(local_url(tmp_path / "source.sqlite3"))
    write_legacy_register(tmp_path / "legacy.sqlite3", 10)
    legacy = Store(local_url(tmp_path / "legacy.sqlite3"))
    target = Store(own_db_url)
    with source.write() as conn:
        write_prices(conn, {"a": PriceRow("1.00", "USD", dt.date(2026, 1, 1)),
                            "b": PriceRow("2.00", "EUR", dt.date(2026, 1, 2))})
    with target.write() as conn:
        write_prices(conn, {"b": PriceRow("3.00", "EUR", dt.date(2026, 1, 3))})
    first = migrate(source, target, user_parts={"gpu/x.toml": "id = 'x'\n"})
    assert first.verified and first.tables["price_overrides"].copied == 1
    assert first.clashes == ["price_overrides: b differs on the target; kept the target's"]
    assert first.tables["user_parts"].copied == 1
    again = migrate(source, target, user_parts={"gpu/x.toml": "id = 'x'\n"})
    assert again.verified and again.tables["user_parts"].present == 1
    assert sum(t.copied for t in again.tables.values()) == 0
    quotes = migrate(legacy, target)
    assert quotes.verified and quotes.tables["quotes"].copied == 10
    with target.read() as conn:
        assert read_prices(conn)["b"].amount == "3.00"
        assert conn.execute(text("SELECT last_seq FROM number_counters WHERE year = 2026")
                            ).scalar() == 5


@pytest.mark.postgres
def test_sync_fills_the_chain_cache(pg_server, monkeypatch, tmp_path):
    import datetime as dt

    url = pg_server.new_database("configurator_sync")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    store = open_store(url)
    with store.write() as conn:
        write_prices(conn, {"nvidia-rtx-5090-fe": PriceRow("2100.00", "USD", dt.date(2026, 1, 1))})
    migrate(Store(local_url(tmp_path / "local.sqlite3")), store,
            user_parts={"gpu/own.toml": "id = 'own'\n", "../evil.toml": "x"})
    assert cache.sync_info() is None
    info = sync_to_cache(store)
    assert cache.sync_info() == info and pg_server.url.password not in info.database
    assert cache.prices_file() == cache.chain_cache_dir() / "price_overrides.json"
    assert '"2100.00"' in cache.prices_file().read_text(encoding="utf-8")
    assert sorted(p.relative_to(cache.chain_parts_dir()).as_posix()
                  for p in cache.chain_parts_dir().rglob("*.toml")) == ["confirmations.toml",
                                                                        "gpu/own.toml"]
