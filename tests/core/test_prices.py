"""Price imports: a report of what changed, nothing applied from a malformed file."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from configurator.cli import main
from configurator.parts import load_catalog
from configurator.parts.prices import PriceFileError, load_price_overrides, read_price_csv


def write(tmp_path, text):
    path = tmp_path / "prices.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_reports_changed_unknown_and_rejected(tmp_path, catalog):
    path = write(tmp_path, "part,price,currency,as_of\n"
                 "nvidia-rtx-5090-fe,2199.00,USD,2026-11-20\n"
                 "X870 AORUS ELITE WIFI7,249.50,usd,2026-11-20\n"
                 "no-such-part,1,USD,2026-11-20\n"
                 "amd-ryzen-9-9950x,lots,USD,2026-11-20\n"
                 "amd-ryzen-9-9950x3d,-5,USD,2026-11-20\n")
    result = read_price_csv(path, catalog)
    assert [c.part_id for c in result.changed] == ["nvidia-rtx-5090-fe", "gigabyte-x870-aorus-elite-wifi7"]
    assert result.unknown == [(4, "no-such-part")]
    assert [n for n, _ in result.rejected] == [5, 6]


def test_cli_applies_overrides_that_survive_a_reload(tmp_path, capsys):
    path = write(tmp_path, "id,amount,currency,date\nnvidia-rtx-5090-fe,2222.22,USD,2026-11-21\n")
    assert main(["catalog", "import-prices", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] and report["changed"][0]["new"] == "2222.22 USD"
    assert load_catalog()["nvidia-rtx-5090-fe"].price.amount == Decimal("2222.22")


@pytest.mark.parametrize("text", ["", "name,cost\nx,1\n", "part,price,currency,as_of\nnvidia-rtx-5090-fe,1\n"])
def test_malformed_file_applies_nothing(tmp_path, capsys, catalog, text):
    path = write(tmp_path, text)
    with pytest.raises(PriceFileError):
        read_price_csv(path, catalog)
    assert main(["catalog", "import-prices", str(path)]) == 2
    assert "nothing was changed" in capsys.readouterr().err
    assert load_price_overrides() == {}


@pytest.mark.parametrize("stored", ['{"prices": {"nvidia-rtx-5090-fe": ', '{"prices": {"amd-ryzen-9-9950x": {"amount": "x"}}}'])
def test_unreadable_overrides_are_never_written_over(tmp_path, capsys, stored):
    from configurator.parts.prices import overrides_path

    overrides_path().parent.mkdir(parents=True, exist_ok=True)
    overrides_path().write_text(stored, encoding="utf-8")
    path = write(tmp_path, "part,price,currency,as_of\nnvidia-rtx-5090-fe,2100,USD,2026-11-21\n")
    assert main(["catalog", "import-prices", str(path)]) == 2
    err = capsys.readouterr().err
    assert "price_overrides.json" in err and "nothing was changed" in err
    assert overrides_path().read_text(encoding="utf-8") == stored
    assert load_catalog()["nvidia-rtx-5090-fe"].price.amount > 0, "the app still starts"


@pytest.mark.parametrize(("text", "amount"), [
    ("2199.50", "2199.50"), ("2,199.50", "2199.50"), ("2199,50", "2199.50"), ("2.199,50", "2199.50"),
    (" 1 299 ", "1299"), ("12,345,678", "12345678"),
])
def test_prices_as_price_lists_write_them(text, amount):
    from configurator.parts.prices import parse_amount

    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["1,2,3", "12.345.6", "1,2345", "abc", "", "1e3"])
def test_ambiguous_prices_are_refused_not_guessed(text):
    from decimal import InvalidOperation

    from configurator.parts.prices import parse_amount

    with pytest.raises(InvalidOperation):
        parse_amount(text)


def test_semicolon_lists_duplicates_future_dates_and_shared_part_numbers(tmp_path, catalog):
    import datetime as dt

    shared = next(p for p in catalog.parts.values() if p.mpn and len(catalog.all_by_mpn(p.mpn)) > 1)
    path = write(tmp_path, "part;price;currency;as_of\n"
                 "nvidia-rtx-5090-fe;2199,50;USD;2026-11-20\n"
                 "nvidia-rtx-5090-fe;2099,00;USD;2026-11-21\n"
                 "amd-ryzen-9-9950x;599;USD;2030-01-01\n"
                 f"{shared.mpn};309,99;USD;2026-11-20\n")
    result = read_price_csv(path, catalog, today=dt.date(2026, 12, 1))
    assert [(c.part_id, c.new.amount) for c in result.changed] == [("nvidia-rtx-5090-fe", Decimal("2199.50"))]
    reasons = dict(result.rejected)
    assert "already priced on line 2" in reasons[3]
    assert "in the future" in reasons[4]
    assert "several parts" in reasons[5]


def test_a_build_priced_in_two_currencies_is_never_summed_across_them(catalog, example):
    import datetime as dt

    from configurator.build import load_build, resolve
    from configurator.parts.models import Price
    from configurator.rules import validate

    eur = catalog.with_prices({"nvidia-rtx-5090-fe": Price(amount=Decimal("1999"), currency="EUR",
                                                           as_of=dt.date(2026, 11, 1))})
    usd = validate(resolve(load_build(example("mes2x-dual-rtx5090")), catalog)).price
    mixed = validate(resolve(load_build(example("mes2x-dual-rtx5090")), eur)).price
    gpus_usd = 2 * catalog["nvidia-rtx-5090-fe"].price.amount
    assert mixed.currency == "USD" and mixed.total == usd.total - gpus_usd
    assert mixed.to_json()["other_currencies"] == {"EUR": "3998.00"} and mixed.to_json()["mixed_currencies"]
    assert mixed.text().endswith("+ 3,998.00 EUR")
