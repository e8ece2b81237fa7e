"""Confirmed values, user parts and calibration runs go to the store database, stamped with who,
where and when; kept on this computer while the database is out of reach and sent at the next
sync; taken in from the files of an earlier version once; and on a chain another machine of the
store has them after its sync."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from configurator.cli import main
from configurator.estimate.local_calibration import load_store
from configurator.parts import editing, load_catalog
from configurator.parts.catalog import user_parts_dir
from configurator.parts.provenance import record_confirmation, share_confirmation
from configurator.store import outbox
from configurator.store.engine import open_store
from configurator.store.models import ConfirmedValue
from configurator.store.shared import sync
from tests.estimate.test_estimate_local_calibration import MES2X, QWEN, saved_result

UNREACHABLE = "postgresql://consultant@127.0.0.1:9/store"
GPU = "nvidia-rtx-5090-fe"


def _confirm(by: str = "Anna Berg") -> tuple[str, str]:
    part = load_catalog()[GPU]
    key = next(k for k in part.provenance_keys() if k != "default")
    source = record_confirmation(user_parts_dir(), part, key, by=by, ref="manual p. 12")
    return key, share_confirmation(part, key, source).send()


def _new_part() -> str:
    data = editing.like(load_catalog()[GPU], "store-rtx-5090")
    part, problems = editing.check("gpu", data, "parts/gpu/store-rtx-5090.toml")
    assert not problems
    return editing.share(part, editing.save(part)).send()


def _import_run(tmp_path) -> None:
    assert main(["calibrate", "import", saved_result(tmp_path, output=1500.0), "--build", MES2X,
                 *QWEN, "--gpus", "1"]) == 0


def _rows(url: str) -> dict[str, list[tuple]]:
    with open_store(url).read() as conn:
        return {
            "confirmed_values": [tuple(r) for r in conn.execute(text(
                "SELECT part_id, value_json, changed_by, changed_on FROM confirmed_values "
                "WHERE changed_at IS NOT NULL"))],
            "user_parts": [tuple(r) for r in conn.execute(text(
                "SELECT path, changed_by, changed_on FROM user_parts "
                "WHERE changed_at IS NOT NULL"))],
            "calibration_runs": [tuple(r) for r in conn.execute(text(
                "SELECT sha256, changed_by, changed_on FROM calibration_runs "
                "WHERE changed_at IS NOT NULL"))],
        }


def test_each_change_is_written_to_the_store_database_with_who_and_where(
        db_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    assert _confirm()[1] == ""
    assert _new_part() == ""
    _import_run(tmp_path)
    assert "kept on this computer" not in capsys.readouterr().err
    rows = _rows(db_url)
    assert [r[0] for r in rows["confirmed_values"]] == [GPU]
    assert json.loads(rows["confirmed_values"][0][1])["by"] == "Anna Berg"
    assert [r[0] for r in rows["user_parts"]] == ["gpu/store-rtx-5090.toml"]
    assert len(rows["calibration_runs"]) == 1
    assert all(row[-2] and row[-1] for table in rows.values() for row in table), "who and where"
    assert outbox.pending() == []


def test_an_unreachable_database_keeps_each_change_and_the_next_sync_sends_it(
        db_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    key, notice = _confirm()
    assert notice.startswith("The confirmation is kept on this computer and sent at the next "
                             "sync: the store database ")
    assert "\n" not in notice and "cannot be reached" in notice
    assert "The part store-rtx-5090 is kept on this computer" in _new_part()
    _import_run(tmp_path)
    assert "The measured runs are kept on this computer" in capsys.readouterr().err
    waiting = outbox.pending()
    assert [e["kind"] for e in waiting] == ["confirmation", "user_part", "calibration_run"]
    assert load_catalog()[GPU].provenance[key].by == "Anna Berg", "used here at once"
    with pytest.raises(Exception, match="cannot be reached"):
        sync(open_store(UNREACHABLE))
    assert len(outbox.pending()) == 3, "a failed sync loses nothing"

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    result = sync(open_store(db_url))
    assert result.sent == 3
    rows = _rows(db_url)
    assert [len(rows[t]) for t in rows] == [1, 1, 1]
    with open_store(db_url).read() as conn:
        stamped = conn.execute(select(ConfirmedValue.changed_at)).scalar()
    assert stamped.isoformat()[:19] == waiting[0]["at"][:19], "the stamp of when it was made"
    assert outbox.pending() == [] and not outbox.outbox_path().exists()


def test_files_of_an_earlier_version_are_taken_in_once(db_url, monkeypatch, tmp_path):
    # Written the way the earlier version did: files only, no database.
    part = load_catalog()[GPU]
    key = next(k for k in part.provenance_keys() if k != "default")
    record_confirmation(user_parts_dir(), part, key, by="Max", ref="manual p. 3")
    data = editing.like(part, "old-rtx-5090")
    editing.save(editing.check("gpu", data, "parts/gpu/old-rtx-5090.toml")[0])
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    _import_run(tmp_path)
    outbox.outbox_path().unlink()

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    first = sync(open_store(db_url))
    assert first.adopted == 3
    before = _rows(db_url)
    assert [len(before[t]) for t in before] == [1, 1, 1]
    again = sync(open_store(db_url))
    assert again.adopted == 0 and _rows(db_url) == before, "idempotent"


@pytest.mark.postgres
def test_another_machine_of_the_chain_has_them_after_its_sync(pg_server, monkeypatch, tmp_path):
    url = pg_server.new_database("configurator_two_machines")
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", url)
    first, second = tmp_path / "first-pc", tmp_path / "second-pc"
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(first))
    key, _ = _confirm("Anna Berg")
    _new_part()
    _import_run(tmp_path)
    factors = load_store()["factors"]

    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(second))
    catalog = load_catalog()
    assert "store-rtx-5090" not in catalog and load_store()["runs"] == []
    assert sync(open_store(url)).info is not None
    catalog = load_catalog()
    assert catalog[GPU].provenance[key].by == "Anna Berg"
    assert "store-rtx-5090" in catalog
    synced = load_store()
    assert len(synced["runs"]) == 1 and synced["factors"] == factors
    assert sync(open_store(url)).adopted == 0, "what came from the chain is not sent back"
    assert len(load_store()["runs"]) == 1


def test_once_found_out_of_reach_the_next_change_waits_without_a_new_attempt(db_url, monkeypatch):
    import time

    from configurator.store import cache

    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", UNREACHABLE)
    assert "cannot be reached" in _confirm()[1]
    assert cache.recently_unreachable() is not None
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("configurator.store.engine.Store.__init__",
                        lambda *a, **k: pytest.fail("tried the database again"))
        started = time.monotonic()
        assert "kept on this computer" in _new_part()
        assert time.monotonic() - started < 1
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    assert sync(open_store(db_url)).sent == 2
    assert cache.recently_unreachable() is None, "an answer clears it"
    assert _confirm("Max")[1] == ""


def test_a_change_is_in_the_outbox_before_the_database_is_tried(db_url, monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_DATABASE_URL", db_url)
    item = {"part": GPU, "field": "tdp_w", "by": "Anna", "ref": "p. 3", "on": "2026-12-01"}
    change = outbox.keep("confirmation", [item], "The confirmation is")
    assert [e["id"] for e in outbox.pending()] == [change.entries[0]["id"]]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("configurator.store.shared.apply_entry",
                        lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):  # the program ends while the database writes
            change.send()
    assert len(outbox.pending()) == 1, "nothing lost"
    assert change.send() == ""
    assert outbox.pending() == [] and not outbox.outbox_path().exists()
    assert sync(open_store(db_url)).sent == 0
    assert len(_rows(db_url)["confirmed_values"]) == 1
