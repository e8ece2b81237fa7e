"""Money: half-up rounding to cents at every printed figure, totals that re-add exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configurator.quote.compose import compute_totals, make_line
from configurator.quote.money import MoneyError, cents, format_amount, percentage


@pytest.mark.parametrize(("value", "expected"), [
    ("2.345", "2.35"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("0.005", "0.01"), ("10", "10.00"),
])
def test_cents_rounds_half_up(value, expected):
    assert cents(Decimal(value)) == Decimal(expected)


def test_awkward_values_add_up_exactly():
    lines = [
        make_line(1, "part", "a", "", "A", 3, Decimal("33.33"), Decimal("7.5")),
        make_line(2, "part", "b", "", "B", 7, Decimal("0.07"), Decimal("33.333")),
        make_line(3, "service", "c", "", "C", 1, Decimal("1999.995"), Decimal("0")),
    ]
    assert lines[0].discount == Decimal("7.50")  # 99.99 × 7.5 % = 7.49925
    assert lines[1].discount == Decimal("0.16")  # 0.49 × 33.333 % = 0.16333
    assert lines[2].unit_price == Decimal("2000.00")
    totals = compute_totals(lines, Decimal("2.5"), Decimal("8.875"))
    assert totals.subtotal == sum(line.total for line in lines)
    assert totals.net == totals.subtotal - totals.discount
    assert totals.total == totals.net + totals.tax
    for amount in (totals.subtotal, totals.discount, totals.tax, totals.total):
        assert amount == cents(amount)


def test_percentage_rejects_out_of_range_and_junk():
    assert percentage("7.25", "tax") == Decimal("7.25")
    for bad in ("-1", "100.01", "abc", "nan"):
        with pytest.raises(MoneyError):
            percentage(bad, "tax")


def test_amounts_carry_their_currency():
    assert format_amount(Decimal("1234.5"), "EUR") == "1,234.50 EUR"
