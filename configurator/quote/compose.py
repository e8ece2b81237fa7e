"""Turning a checked build and a consultant's request into a Quote: lines, totals, tech page."""

from __future__ import annotations

import datetime as dt
import hashlib

from configurator import __version__
from configurator.build import BuildError, ResolvedBuild, dump_build, parse_build
from configurator.errors import OneLineError
from configurator.parts.vram import total_text
from configurator.quote.model import (
    BuildFile,
    Customer,
    FindingRow,
    LinkRow,
    PowerSummary,
    Quote,
    QuoteLine,
    QuoteRequest,
    Seller,
    ServiceRequest,
    SpecRow,
    Technical,
    Totals,
    WorkloadSection,
)
from configurator.quote.money import ZERO, cents, percent_of, total
from configurator.quote.settings import QuoteSettings
from configurator.rules import Report

SPEC_ORDER = ("case", "motherboard", "cpu", "cooler", "memory", "gpu", "storage", "psu")
SPEC_LABELS = {
    "case": "Case", "motherboard": "Motherboard", "cpu": "CPU", "cooler": "CPU cooler",
    "memory": "Memory", "gpu": "GPUs", "storage": "Storage", "psu": "Power supply",
}


class QuoteError(OneLineError):
    """The quote cannot be made from this input (bad figures, mixed currencies)."""


class UnquotableBuildError(QuoteError):
    """The build fails validation and the consultant gave no override reason."""


def default_request(settings: QuoteSettings, *, issue_date: dt.date,
                    customer: Customer | None = None, **fields) -> QuoteRequest:
    """A new request with the store's default services, tax rate and validity."""
    services = tuple(
        ServiceRequest(key=s.key, description=s.description, unit_price=s.price)
        for s in settings.services if s.default
    )
    values = {
        "customer": customer or Customer(),
        "services": services,
        "tax_rate_pct": settings.default_tax_rate,
        "validity_days": settings.validity_days,
        "issue_date": issue_date,
    }
    values.update(fields)
    return QuoteRequest(**values)


def make_line(position: int, kind: str, ref: str, mpn: str, description: str,
              quantity: int, unit_price, discount_pct) -> QuoteLine:
    unit_price = cents(unit_price)
    gross = unit_price * quantity
    discount = percent_of(gross, discount_pct)
    return QuoteLine(
        position=position, kind=kind, ref=ref, mpn=mpn, description=description,
        quantity=quantity, unit_price=unit_price, discount_pct=discount_pct,
        gross=gross, discount=discount, total=gross - discount,
    )


def quote_lines(resolved: ResolvedBuild, request: QuoteRequest) -> list[QuoteLine]:
    """One line per part (units of the same part merged, in build order), then the services."""
    counts: dict[str, int] = {}
    for unit in resolved.units:
        counts[unit.part.id] = counts.get(unit.part.id, 0) + 1
    lines: list[QuoteLine] = []
    for part_id, quantity in counts.items():
        part = resolved.catalog[part_id]
        lines.append(make_line(
            len(lines) + 1, "part", part_id, part.mpn or "", part.name, quantity,
            part.price.amount, request.line_discounts.get(part_id, ZERO),
        ))
    for service in request.services:
        lines.append(make_line(
            len(lines) + 1, "service", service.key, "", service.description,
            service.quantity, service.unit_price, service.discount_pct,
        ))
    return lines


def compute_totals(lines: list[QuoteLine], discount_pct, tax_rate_pct) -> Totals:
    subtotal = total(line.total for line in lines)
    discount = percent_of(subtotal, discount_pct)
    net = subtotal - discount
    tax = percent_of(net, tax_rate_pct)
    return Totals(subtotal=subtotal, discount_pct=discount_pct, discount=discount, net=net,
                  tax_rate_pct=tax_rate_pct, tax=tax, total=net + tax)


def preview_totals(resolved: ResolvedBuild, request: QuoteRequest) -> Totals:
    """Totals as the quote would print them, for a live preview while editing."""
    return compute_totals(quote_lines(resolved, request), request.discount_pct, request.tax_rate_pct)


def quote_currency(resolved: ResolvedBuild, settings: QuoteSettings) -> str:
    if not resolved.units:
        raise QuoteError(f"'{resolved.build.name}' has no parts; add parts before quoting it")
    currencies = sorted({u.part.price.currency for u in resolved.units})
    if len(currencies) > 1:
        raise QuoteError(f"the build's parts are priced in several currencies ({', '.join(currencies)}); "
                         "set price overrides in one currency before quoting")
    currency = currencies[0] if currencies else settings.currency
    if currency != settings.currency:
        raise QuoteError(f"the parts are priced in {currency} but the store quotes in "
                         f"{settings.currency}; change the currency in the quote settings")
    return currency


def check_quotable(report: Report, request: QuoteRequest) -> None:
    if not report.ok and not request.override_reason.strip():
        errors = [f.code for f in report.findings if f.severity == "error"]
        raise UnquotableBuildError(f"the build has errors ({', '.join(errors)}); "
                             "quoting it needs an override reason")


def technical_summary(resolved: ResolvedBuild, report: Report, override_reason: str) -> Technical:
    power = report.power
    return Technical(
        build_name=resolved.build.name,
        status=report.status,
        spec=tuple(_spec_rows(resolved)),
        links=tuple(
            LinkRow(slot=link.slot, device=_device_name(resolved, link.device), link=link.label,
                    source=link.source)
            for link in report.links
        ),
        power=PowerSummary(
            sustained_w=round(power.sustained_w), peak_w=round(power.peak_w),
            psu_w=round(power.psu_w), load_pct=round(power.load_pct, 1),
            wall_w=round(power.wall_w), circuit=report.circuit,
        ),
        findings=tuple(FindingRow(severity=f.severity, code=f.code, message=f.message,
                                  unconfirmed=tuple(u.text for u in f.unconfirmed))
                       for f in report.findings),
        override_reason=override_reason.strip() if not report.ok else "",
    )


def _device_name(resolved: ResolvedBuild, part_id: str) -> str:
    part = resolved.catalog.get(part_id)
    return part.name if part else part_id


def _spec_rows(resolved: ResolvedBuild) -> list[SpecRow]:
    rows = []
    for kind in SPEC_ORDER:
        counts: dict[str, int] = {}
        for unit in resolved.units_of(kind):
            counts[unit.part.name] = counts.get(unit.part.name, 0) + 1
        if counts:
            value = "; ".join(f"{n} × {name}" if n > 1 else name for name, n in counts.items())
            rows.append(SpecRow(label=SPEC_LABELS[kind], value=value))
    if resolved.gpus:
        rows.append(SpecRow(label="Total GPU memory", value=total_text([u.part.vram_bytes for u in resolved.gpus])))
    return rows


def build_file(resolved: ResolvedBuild, source_text: str | None = None) -> BuildFile:
    """The build as quoted: the customer's file byte for byte when it is given and says
    exactly this build, so its hash can be checked against the file; else the build saved."""
    text = source_text if source_text is not None and _same_build(source_text, resolved) \
        else dump_build(resolved.build)
    return BuildFile(name=resolved.build.name, text=text,
                     sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _same_build(text: str, resolved: ResolvedBuild) -> bool:
    try:
        return parse_build(text) == resolved.build
    except BuildError:
        return False


def compose_quote(resolved: ResolvedBuild, report: Report, request: QuoteRequest,
                  settings: QuoteSettings, *, number: str, revision: int,
                  workload: WorkloadSection | None, build_text: str | None = None) -> Quote:
    check_quotable(report, request)
    currency = quote_currency(resolved, settings)
    lines = quote_lines(resolved, request)
    return Quote(
        number=number,
        revision=revision,
        issue_date=request.issue_date,
        valid_until=request.issue_date + dt.timedelta(days=request.validity_days),
        currency=currency,
        payment_terms=settings.payment_terms,
        lead_time=settings.lead_time,
        seller=Seller(store_name=settings.store_name, address=settings.address,
                      phone=settings.phone, email=settings.email, website=settings.website,
                      tax_id=settings.tax_id),
        customer=request.customer,
        consultant=request.consultant,
        lines=tuple(lines),
        totals=compute_totals(lines, request.discount_pct, request.tax_rate_pct),
        technical=technical_summary(resolved, report, request.override_reason),
        workload=workload,
        terms=settings.terms,
        build=build_file(resolved, build_text),
        generator=f"configurator {__version__}",
        paper=request.paper or settings.paper_size(),
    )
