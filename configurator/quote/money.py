"""Money arithmetic for quotes: Decimal only, rounded half-up to cents at each printed figure.

Every amount the PDF prints is rounded once, where it is printed, and every total is the sum
of the rounded figures above it. So a buyer re-adding the printed column gets the printed
total to the cent, whatever the tax rate or discount percentage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from configurator.errors import OneLineError

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")


class MoneyError(OneLineError):
    """A figure that cannot be a price, a percentage or a quantity."""


def cents(value: Decimal | int | str) -> Decimal:
    """Round half-up to cents (2.345 -> 2.35, -2.345 -> -2.35)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# Plain notation with bounded digits: an exponent (1E-1000000) would make every later sum and
# printed figure a million digits long.
_PLAIN_NUMBER = re.compile(r"[+-]?\d{1,12}(\.\d{0,6})?|[+-]?\.\d{1,6}")


def parse_decimal(text: str | Decimal | int | float, what: str) -> Decimal:
    """A finite Decimal from user input, in plain notation with at most 12 digits before the
    point and 6 after; floats go through str() so 0.1 stays 0.1."""
    if isinstance(text, float):
        text = str(text)
    if isinstance(text, Decimal):
        text = f"{text:f}" if text.is_finite() and abs(text.as_tuple().exponent) < 40 else "nan"
    cleaned = str(text).strip().replace(",", "")
    if len(cleaned) > 40 or not _PLAIN_NUMBER.fullmatch(cleaned):
        shown = cleaned if len(cleaned) <= 40 else cleaned[:37] + "…"
        raise MoneyError(f"{what}: '{shown}' is not a number like 12.5")
    return Decimal(cleaned)


def percentage(text: str | Decimal | int | float, what: str) -> Decimal:
    """A percentage from 0 to 100 inclusive."""
    value = parse_decimal(text, what)
    if not ZERO <= value <= HUNDRED:
        raise MoneyError(f"{what}: {value} % is outside 0–100 %")
    return value


def percent_of(amount: Decimal, pct: Decimal) -> Decimal:
    return cents(amount * pct / HUNDRED)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def format_amount(amount: Decimal, currency: str) -> str:
    """'1,234.50 USD': grouped, two decimals, currency code on every amount."""
    return f"{amount:,.2f} {currency}"


def format_pct(pct: Decimal) -> str:
    """'7.5 %', '20 %': no trailing zeros, a space before the sign."""
    text = f"{pct.normalize():f}"
    return f"{text} %"
