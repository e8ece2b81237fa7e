"""``configurator store set|status|quotes``: the store database from the command line, each bad
input one line."""

from __future__ import annotations

import io
import json

from configurator.cli import main
from configurator.store.config import config_path, load_config, local_path
from tests.store.legacy import write_legacy_register


def test_set_status_and_quotes(capsys):
    write_legacy_register(local_path(), 30)
    assert main(["store", "set", "--store", "nyc"]) == 0
    assert load_config().store == "NYC"
    assert "store NYC" in capsys.readouterr().out
    assert main(["store", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["reachable"], status["server"], status["store"], status["quotes"]) == (
        True, False, "NYC", 30)
    assert main(["store", "quotes", "--search", "PO-00007", "--json"]) == 0
    assert [q["customer"] for q in json.loads(capsys.readouterr().out)] == ["Customer 7"]
    assert main(["store", "quotes", "--consultant", "Consultant 2", "--since", "2026-01-01",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {(q["consultant"], q["issue_date"][:4]) for q in rows} == {
        ("Consultant 2", "2026")}
    assert main(["store", "sync"]) == 0
    assert "nothing to sync" in capsys.readouterr().out


def test_bad_input_is_one_line(capsys):
    for argv in (["store", "quotes", "--status", "lost"], ["store", "quotes", "--since", "May"],
                 ["store", "set", "--store", "NEW YORK"],
                 ["store", "set", "--url", "postgresql://clerk:s3cret@db/store"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "s3cret" not in err
    assert not config_path().exists()


def test_status_of_an_unreachable_server(capsys, monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", "postgresql://clerk:s3cret@127.0.0.1:1/store")
    assert main(["store", "status"]) == 3
    out = capsys.readouterr().out
    assert "cannot be reached" in out and "s3cret" not in out and "synced:   never" in out
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", "postgresql://clerk:s3cret@db:port/store")
    assert main(["store", "status"]) == 2


def test_the_password_from_standard_input_goes_to_the_keyring(memory_keyring, monkeypatch,
                                                              capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("hunter2\n"))
    assert main(["store", "set", "--url", "postgresql://clerk@db.example:5433/store",
                 "--password-stdin"]) == 0
    assert memory_keyring.passwords == {
        ("ai-workstation-configurator database", "clerk@db.example:5433/store"): "hunter2"}
    assert "hunter2" not in config_path().read_text(encoding="utf-8")
    assert "hunter2" not in capsys.readouterr().out
