"""Running every rule over a build and collecting what the CLI, the app and the quote show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from configurator.build import ResolvedBuild
from configurator.graph import Link, PowerBudget
from configurator.rules._common import SEVERITY_ORDER, CheckContext, Finding


@dataclass(frozen=True)
class PriceTotal:
    currency: str
    total: Decimal
    mixed_currencies: bool = False

    def to_json(self) -> dict:
        return {"currency": self.currency, "total": f"{self.total:.2f}"}


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    links: tuple[Link, ...]
    power: PowerBudget
    price: PriceTotal
    circuit: str

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    @property
    def status(self) -> str:
        counts = self.counts
        if counts["error"]:
            return "errors"
        return "warnings" if counts["warning"] else "buildable"

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "status": self.status,
            "circuit": self.circuit,
            "findings": [f.to_json() for f in self.findings],
            "links": [link.to_json() for link in self.links],
            "power": self.power.to_json(),
            "price": self.price.to_json(),
        }


def price_total(resolved: ResolvedBuild) -> PriceTotal:
    total = Decimal("0")
    currencies = Counter()
    for unit in resolved.units:
        total += unit.part.price.amount
        currencies[unit.part.price.currency] += 1
    currency = currencies.most_common(1)[0][0] if currencies else "USD"
    return PriceTotal(currency, total.quantize(Decimal("0.01")), len(currencies) > 1)


def validate(resolved: ResolvedBuild, circuit: str = "120v15a", rules=None) -> Report:
    from configurator.rules import RULES

    ctx = CheckContext(resolved, circuit)
    findings: list[Finding] = []
    for rule_cls in rules or RULES:
        findings.extend(rule_cls().check(ctx))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return Report(tuple(findings), tuple(ctx.links), ctx.power, price_total(resolved), circuit)
