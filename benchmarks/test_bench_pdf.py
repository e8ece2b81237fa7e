"""Quote PDF export speed: a 30-line quote with the workload chart, median under 500 ms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from configurator.build import load_build, resolve
from configurator.parts import load_catalog
from configurator.paths import examples_dir
from configurator.quote import (
    Customer,
    QuoteRegister,
    QuoteSettings,
    ServiceRequest,
    default_request,
    issue_quote,
)
from configurator.quote.workload import workload_section
from configurator.rules import validate

BUDGET_S = 0.5


def test_bench_pdf_export(benchmark, tmp_path):
    catalog = load_catalog(with_user_prices=False)
    resolved = resolve(load_build(examples_dir() / "es620-dual-rtx5090.json"), catalog)
    report = validate(resolved)
    workload = workload_section(resolved)
    assert workload is not None and workload.curve
    settings = QuoteSettings()
    part_lines = len({u.part.id for u in resolved.units})
    services = tuple(
        ServiceRequest(key=f"service-{n}", description=f"On-site service visit {n} & setup",
                       unit_price=Decimal("49.95"), discount_pct=Decimal("7.5"))
        for n in range(30 - part_lines)
    )
    request = default_request(
        settings, issue_date=dt.date(2026, 3, 5), services=services,
        customer=Customer(name="Zoë Łukasiewicz", company="株式会社テスト"),
        tax_rate_pct=Decimal("8.875"),
    )
    register = QuoteRegister(tmp_path / "register.sqlite3")
    counter = iter(range(10_000))

    def export():
        return issue_quote(resolved, request, settings, tmp_path / f"q{next(counter)}.pdf",
                     register=register, report=report, estimate=lambda _: workload)

    result = benchmark(export)
    assert len(result.quote.lines) == 30
    assert benchmark.stats.stats.median < BUDGET_S
