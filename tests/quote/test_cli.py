"""``configurator quote``: the JSON contract and exit codes."""

from __future__ import annotations

import json
from decimal import Decimal

from configurator.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["quote", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output(capsys, example, tmp_path):
    code, out, _ = run(capsys, str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                       "--customer", "Zoë Łukasiewicz", "--company", "株式会社テスト", "--po", "PO-1",
                       "--tax-rate", "7.25", "--discount", "3", "--date", "2026-03-05", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["number"] == "Q-2026-0001" and data["revision"] == 0
    assert data["currency"] == "USD"
    subtotal, discount, tax, total = (Decimal(data[k]) for k in ("subtotal", "discount", "tax", "total"))
    assert subtotal - discount + tax == total
    assert (tmp_path / "q.pdf").is_file()
    saved = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert data["data"] == str(tmp_path / "q.json")
    assert saved["full_number"] == data["number"]
    assert saved["customer"]["company"] == "株式会社テスト"


def test_errors_without_override_exit_1(capsys, example, tmp_path):
    build = str(example("mes2x-dual-rtx5090-nvme-m2d-sb"))
    code, _, err = run(capsys, build, "-o", str(tmp_path / "q.pdf"))
    assert code == 1 and "LANE-SLOT-DISABLED" in err
    assert not (tmp_path / "q.pdf").exists()
    code, out, _ = run(capsys, build, "-o", str(tmp_path / "q.pdf"), "--json",
                       "--override-reason", "customer moves the SSD")
    assert code == 0 and json.loads(out)["number"].startswith("Q-")


def test_bad_input_exit_2(capsys, example, tmp_path):
    build = str(example("es620-dual-rtx5090"))
    for extra in (["--discount", "150"], ["--tax-rate", "abc"], ["--date", "05/03/2026"],
                  ["--services", "polishing"]):
        code, _, err = run(capsys, build, "-o", str(tmp_path / "q.pdf"), *extra)
        assert code == 2, extra
        assert err.startswith("configurator: ") and err.count("\n") == 1
    code, _, _ = run(capsys, build, "-o", str(tmp_path / "q.txt"))
    assert code == 2
    code, _, _ = run(capsys, str(tmp_path / "missing.json"), "-o", str(tmp_path / "q.pdf"))
    assert code == 2
    assert not list(tmp_path.glob("*.pdf"))


def test_the_quoted_build_hash_is_the_customers_file_hash(capsys, example, tmp_path):
    import hashlib

    path = example("es620-dual-rtx5090")
    code, _, _ = run(capsys, str(path), "-o", str(tmp_path / "q.pdf"), "--date", "2026-03-05")
    assert code == 0
    saved = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert saved["build"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_revision_of_accepts_a_revised_number(capsys, example, tmp_path):
    build = str(example("es620-dual-rtx5090"))
    run(capsys, build, "-o", str(tmp_path / "a.pdf"), "--date", "2026-03-05")
    run(capsys, build, "-o", str(tmp_path / "b.pdf"), "--revision-of", "Q-2026-0001", "--json")
    code, out, _ = run(capsys, build, "-o", str(tmp_path / "c.pdf"), "--revision-of", "Q-2026-0001-R1",
                       "--json")
    assert code == 0 and json.loads(out)["number"] == "Q-2026-0001-R2"


def test_a_folder_in_the_way_is_bad_input_and_uses_no_number(capsys, example, tmp_path):
    (tmp_path / "q.json").mkdir()
    code, _, err = run(capsys, str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                       "--force")
    assert code == 2 and "q.json" in err and "no quote number was used" in err
    code, out, _ = run(capsys, str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "r.pdf"),
                       "--json")
    assert json.loads(out)["number"].endswith("-0001")
