"""Quote fixtures: a checked example build, a store's settings and a customer with hostile text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from configurator.build import load_build, resolve
from configurator.quote import Customer, QuoteRegister, QuoteSettings, default_request
from configurator.rules import validate

ISSUE_DATE = dt.date(2026, 3, 5)


@pytest.fixture
def resolved(catalog, example):
    return resolve(load_build(example("es620-dual-rtx5090")), catalog)


@pytest.fixture
def report(resolved):
    return validate(resolved)


@pytest.fixture
def settings():
    return QuoteSettings(store_name="Workstations & <Sons>", address="1 Main St\nSpringfield",
                         tax_id="US-12-3456789", phone="+1 555 0100",
                         email="sales@example.com", website="www.example.com")


@pytest.fixture
def request_(settings):
    return default_request(
        settings, issue_date=ISSUE_DATE,
        customer=Customer(name="Zoë Łukasiewicz, 株式会社テスト",
                          company="<b>Bold & Co</b> </para> 😀🚀", address="2 Elm Rd",
                          email="zoe@example.com", po_reference="PO-7781"),
        consultant="Max Mustermann", tax_rate_pct=Decimal("8.875"), discount_pct=Decimal("2.5"),
        line_discounts={"nvidia-rtx-5090-fe": Decimal("5")},
    )


@pytest.fixture
def register(db_url):
    return QuoteRegister(url=db_url)
