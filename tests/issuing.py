"""Issuing quotes the way an export does, without rendering PDFs: for tests that issue many
numbers from several processes. The rows are complete: the quote, its build, request and
settings."""

from __future__ import annotations

import datetime as dt
import os
import signal

from configurator import paths
from configurator.build import load_build, resolve
from configurator.parts import load_catalog
from configurator.quote import Customer, QuoteRegister, QuoteSettings, default_request
from configurator.quote.compose import compose_quote
from configurator.quote.document import quote_json, sha256_hex
from configurator.rules import validate


class Issuer:
    def __init__(self, url: str, store: str = ""):
        catalog = load_catalog(with_user_prices=False)
        self.resolved = resolve(load_build(paths.examples_dir() / "es620-dual-rtx5090.json"),
                                catalog)
        self.report = validate(self.resolved)
        self.settings = QuoteSettings()
        self.register = QuoteRegister(url=url, store=store)

    def issue(self, customer: str = "Customer", *, die_before_commit: bool = False) -> str:
        request = default_request(self.settings, issue_date=dt.date(2026, 3, 5),
                                  customer=Customer(name=customer, po_reference=f"PO-{customer}"),
                                  consultant="Max")
        with self.register.reserve(self.register.number_prefix("Q"), 2026) as slot:
            quote = compose_quote(self.resolved, self.report, request, self.settings,
                                  number=slot.number, revision=0, workload=None)
            text = quote_json(quote)
            slot.record(quote, text, sha256_hex(text), request, self.settings)
            if die_before_commit:
                os.kill(os.getpid(), signal.SIGKILL)
        return slot.full_number


def issue_many(url: str, store: str, count: int, queue) -> None:
    issuer = Issuer(url, store)
    queue.put([issuer.issue(f"{store}-{os.getpid()}-{n}") for n in range(count)])


def issue_then_die(url: str, store: str) -> None:
    Issuer(url, store).issue("killed", die_before_commit=True)
