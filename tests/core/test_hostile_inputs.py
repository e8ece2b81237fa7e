"""Hostile and unlucky input on the command line: each gives one line and the right exit code
(2 bad input, 3 the machine), never a traceback or a hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from configurator.cli import main

BUILD_START = '{"schema_version": 1, "name": "x", "items": ['


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("configurator: ") and "Traceback" not in err
    return lines[0]


@contextmanager
def answer_within(seconds: int):
    """Fail instead of hanging the test run."""

    def hang(*_):
        raise AssertionError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_5000_digit_number_in_a_build_is_bad_input(capsys, tmp_path):
    build = tmp_path / "big.json"
    build.write_text('{"schema_version": 1, "items": [{"part": "x", "quantity": ' + "9" * 5000 + "}]}")
    code, _, err = run(capsys, "validate", str(build))
    assert code == 2
    assert "5000 digits (at most 30)" in one_line_error(err)


@pytest.mark.parametrize("value", ['"1"', "true", "1.0"])
def test_schema_version_and_quantity_are_strict_integers(capsys, tmp_path, value):
    for text in (f'{{"schema_version": {value}, "items": []}}',
                 f'{{"schema_version": 1, "items": [{{"part": "x", "quantity": {value}}}]}}'):
        build = tmp_path / "b.json"
        build.write_text(text)
        code, _, err = run(capsys, "validate", str(build))
        assert code == 2, text
        assert "integer" in one_line_error(err)


def test_a_newline_in_a_part_id_cannot_fake_output_lines(capsys, tmp_path):
    build = tmp_path / "b.json"
    build.write_text(json.dumps({"schema_version": 1,
                                 "items": [{"part": "gpu\nok   catalog: fine\x1b[2J"}]}))
    code, _, err = run(capsys, "validate", str(build))
    assert code == 2
    line = one_line_error(err)
    assert "\\n" in line and "\x1b" not in line


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom"])
def test_special_files_are_refused_at_once(capsys, tmp_path, special):
    if special == "fifo":
        special = tmp_path / "pipe.json"
        os.mkfifo(special)
    for argv in (["validate", str(special)], ["catalog", "import-prices", str(special), "--dry-run"]):
        with answer_within(10):
            code, _, err = run(capsys, *argv)
        assert code == 2
        assert "not a regular file" in one_line_error(err)


def test_a_build_file_over_the_size_limit_is_refused(capsys, tmp_path):
    build = tmp_path / "huge.json"
    with build.open("wb") as fh:
        fh.truncate(17 * 1024 * 1024)
    code, _, err = run(capsys, "validate", str(build))
    assert code == 2 and "at most 16 MB" in one_line_error(err)


def test_quoting_a_build_without_items_is_bad_input(capsys, tmp_path):
    build = tmp_path / "empty.json"
    build.write_text('{"schema_version": 1, "name": "Empty", "items": []}')
    code, _, err = run(capsys, "quote", str(build), "-o", str(tmp_path / "q.pdf"),
                       "--override-reason", "test", "--services", "")
    assert code == 2 and "no parts" in one_line_error(err)
    assert not (tmp_path / "q.pdf").exists()


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--customer", "l\n" * 60, "one line"),
    ("--address", "line\n" * 20, "at most 8"),
    ("--discount", "1E-1000000", "not a number"),
    ("--tax-rate", "1e5", "not a number"),
    ("--discount", "101", "outside 0–100"),
    ("--date", "9999-12-31", "outside 2000–2100"),
    ("--date", "0001-01-01", "outside 2000–2100"),
])
def test_quote_fields_are_bounded(capsys, example, tmp_path, option, value, words):
    started = time.perf_counter()
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")),
                       "-o", str(tmp_path / "q.pdf"), option, value)
    assert code == 2
    line = one_line_error(err)
    assert option in line and words in line
    assert time.perf_counter() - started < 10


def test_long_quote_text_wraps_and_flows(capsys, example, tmp_path):
    pdf = tmp_path / "q.pdf"
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")), "-o", str(pdf),
                       "--customer", "W" * 200, "--company", "Wide " * 40,
                       "--address", "\n".join(["Street " * 17] * 8),
                       "--override-reason", "\n".join(["Reason " * 6] * 40))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_an_existing_quote_pdf_is_not_replaced_without_force(capsys, example, tmp_path):
    pdf = tmp_path / "q.pdf"
    pdf.write_bytes(b"the customer's signed copy")
    build = str(example("es620-dual-rtx5090"))
    code, _, err = run(capsys, "quote", build, "-o", str(pdf))
    assert code == 2 and "--force" in one_line_error(err)
    assert pdf.read_bytes() == b"the customer's signed copy"
    code, _, err = run(capsys, "quote", build, "-o", str(pdf), "--force")
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_a_csv_cell_over_the_csv_module_limit_is_bad_input(capsys, tmp_path):
    csv_file = tmp_path / "prices.csv"
    csv_file.write_text("part,price,currency,as_of\n\"" + "x" * 140_000 + "\",1,USD,2026-01-01\n")
    for extra in ([], ["--dry-run"]):
        code, _, err = run(capsys, "catalog", "import-prices", str(csv_file), *extra)
        assert code == 2
        assert "line 2" in one_line_error(err)


def test_long_csv_cells_are_rejected_per_row(capsys, tmp_path):
    csv_file = tmp_path / "prices.csv"
    csv_file.write_text("part,price,currency,as_of\n" + "y" * 5000 + ",1,USD,2026-01-01\n")
    code, out, _ = run(capsys, "catalog", "import-prices", str(csv_file), "--dry-run")
    assert code == 1 and "longer than 200 characters" in out


def test_a_damaged_register_is_left_unchanged_and_named(capsys, example, tmp_path, monkeypatch):
    user_data = tmp_path / "ud"
    user_data.mkdir()
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(user_data))
    register = user_data / "quotes.sqlite3"
    garbage = b"this is not a database " * 100
    register.write_bytes(garbage)
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"))
    assert code == 3
    line = one_line_error(err)
    assert "quotes.sqlite3" in line and "move it aside" in line
    assert register.read_bytes() == garbage
    assert not (tmp_path / "q.pdf").exists()


def test_a_locked_register_waits_with_feedback_then_fails(capsys, example, tmp_path, monkeypatch):
    import sqlite3

    from configurator.quote import register as register_module

    user_data = tmp_path / "ud"
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(user_data))
    monkeypatch.setattr(register_module, "LOCK_TIMEOUT_S", 0.5)
    register_module.QuoteRegister()
    holder = sqlite3.connect(user_data / "quotes.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")),
                           "-o", str(tmp_path / "q.pdf"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 3
    waiting, failure = err.strip().splitlines()
    assert "another quote is being issued" in waiting
    assert "locked" in failure and "Traceback" not in err


def test_an_impossible_user_data_folder_is_one_line_and_exit_3(capsys, tmp_path, example,
                                                                monkeypatch):
    from configurator.selftest import run_self_test

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(not_a_folder / "ud"))
    assert run(capsys, "validate", str(example("es620-dual-rtx5090")))[0] in (0, 1)
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"))
    assert code == 3
    assert "Not a directory" in one_line_error(err)
    assert run_self_test([]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    assert any(line.startswith("FAIL user data") for line in out.splitlines())


def test_an_unexpected_error_is_one_line_and_logged(capsys, monkeypatch, tmp_path, example):
    from configurator.cli import validate_cmd

    def broken(*_args, **_kwargs):
        raise RuntimeError("something\nunforeseen")

    monkeypatch.setattr(validate_cmd, "validate", broken)
    code, _, err = run(capsys, "validate", str(example("es620-dual-rtx5090")))
    assert code == 4
    line = one_line_error(err)
    assert "something\\nunforeseen" in line and "configurator.log" in line
    from configurator.errors import log_file

    assert "RuntimeError" in log_file().read_text()
    code, _, err = run(capsys, "validate", str(example("es620-dual-rtx5090")), "--debug")
    assert code == 4 and "Traceback" in err


def test_leftover_temporary_files_are_removed_at_start(capsys, tmp_path, monkeypatch, example):
    user_data = tmp_path / "ud"
    (user_data / "parts" / "gpu").mkdir(parents=True)
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(user_data))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = [user_data / f".quote-settings.json.{dead}.abc123.tmp",
             user_data / "parts" / "gpu" / f".x.toml.{dead}.zz9.tmp"]
    live = user_data / f".autosave.json.{os.getpid()}.keep.tmp"
    for path in (*stale, live):
        path.write_text("partial")
    run(capsys, "validate", str(example("es620-dual-rtx5090")))
    assert not any(p.exists() for p in stale)
    assert live.exists()


def test_a_2000_line_build_validates_quickly(capsys, tmp_path, example):
    data = json.loads(example("es620-dual-rtx5090").read_text())
    data["items"] += [{"part": "nvidia-rtx-5090-fe"}] * 1000 + [{"part": "samsung-990-pro-4tb"}] * 1000
    build = tmp_path / "long.json"
    build.write_text(json.dumps(data, indent=1))
    started = time.perf_counter()
    code, out, _ = run(capsys, "validate", str(build), "--json")
    assert code == 1 and "FIT-NO-FREE-SLOT" in out
    assert time.perf_counter() - started < 3


def test_a_quantity_no_board_could_hold_is_refused_at_once(capsys, tmp_path):
    build = tmp_path / "b.json"
    build.write_text(json.dumps({"schema_version": 1, "items": [
        {"part": "nvidia-rtx-5090-fe", "quantity": 64},
        {"part": "samsung-990-pro-4tb", "quantity": 64}]}))
    code, _, err = run(capsys, "validate", str(build))
    assert code == 2
    line = one_line_error(err)
    assert "64 × 'nvidia-rtx-5090-fe', but no board in the catalog holds more than" in line
    assert "M.2 drives" in line


def test_the_largest_allowed_quote_fields_still_fit_the_pages(capsys, example, tmp_path, monkeypatch):
    from configurator.quote import QuoteSettings, save_settings

    def block(lines: int, chars: int) -> str:
        return "\n".join(("Wide" + "W" * chars)[:chars] for _ in range(lines))

    user_data = tmp_path / "ud"
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(user_data))
    save_settings(QuoteSettings(store_name="S" * 200, address=block(8, 124), tax_id="T" * 100,
                                phone="P" * 500, email="E" * 500, website="W" * 500, payment_terms=block(3, 99),
                                lead_time=block(3, 99), terms=tuple(block(20, 99) for _ in range(20))))
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                       "--customer", "N" * 200, "--company", "C" * 200, "--email", "e" * 200,
                       "--address", block(8, 124), "--po", "P" * 100, "--consultant", "K" * 200,
                       "--override-reason", block(40, 49))
    assert code == 0, err


def test_seller_settings_over_the_line_bounds_are_bad_input(capsys, example, tmp_path, monkeypatch):
    user_data = tmp_path / "ud"
    user_data.mkdir()
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(user_data))
    (user_data / "quote-settings.json").write_text(json.dumps({"address": "x\n" * 300}))
    code, _, err = run(capsys, "quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"))
    assert code == 2
    assert "address: has 301 lines, at most 8" in one_line_error(err)
