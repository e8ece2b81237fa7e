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
    """The build's price. Amounts in different currencies are never added: ``total`` is the
    sum in ``currency`` (the one most parts use), ``others`` the sums in any other."""

    currency: str
    total: Decimal
    others: tuple[tuple[str, Decimal], ...] = ()

    @property
    def mixed_currencies(self) -> bool:
        return bool(self.others)

    def text(self) -> str:
        return " + ".join(f"{amount:,.2f} {cur}" for cur, amount in ((self.currency, self.total), *self.others))

    def to_json(self) -> dict:
        data = {"currency": self.currency, "total": f"{self.total:.2f}"}
        if self.others:
            data["mixed_currencies"] = True
            data["other_currencies"] = {cur: f"{amount:.2f}" for cur, amount in self.others}
        return data


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
    sums: dict[str, Decimal] = {}
    counts: Counter = Counter()
    for unit in resolved.units:
        price = unit.part.price
        sums[price.currency] = sums.get(price.currency, Decimal("0")) + price.amount
        counts[price.currency] += 1
    if not counts:
        return PriceTotal("USD", Decimal("0.00"))
    currency = counts.most_common(1)[0][0]
    cents = Decimal("0.01")
    others = tuple((cur, sums[cur].quantize(cents)) for cur in sorted(sums) if cur != currency)
    return PriceTotal(currency, sums[currency].quantize(cents), others)


def validate(resolved: ResolvedBuild, circuit: str | None = None, rules=None) -> Report:
    """``circuit`` overrides the build's own site (the command line's ``--circuit``)."""
    from configurator.rules import RULES

    circuit = circuit or resolved.build.circuit
    ctx = CheckContext(resolved, circuit)
    findings: list[Finding] = []
    for rule_cls in rules or RULES:
        findings.extend(rule_cls().check(ctx))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return Report(tuple(findings), tuple(ctx.links), ctx.power, price_total(resolved), circuit)
