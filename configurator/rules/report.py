"""Running every rule over a build and collecting what the CLI, the app and the quote show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from configurator.build import ResolvedBuild
from configurator.graph import DiGraph, Link, PowerBudget
from configurator.parts.models import ITEM_FIELDS
from configurator.parts.provenance import is_confirmed, item_keys, key_words, unconfirmed_label
from configurator.rules._common import SEVERITY_ORDER, CheckContext, Finding, Unconfirmed


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
    return _checked(resolved, circuit, rules)[0]


def validate_with_graph(resolved: ResolvedBuild, circuit: str | None = None) -> tuple[Report, DiGraph]:
    """The report and the build graph its rules read, for a caller that shows both: the graph
    is built once."""
    report, ctx = _checked(resolved, circuit, None)
    return report, ctx.graph


def _checked(resolved: ResolvedBuild, circuit: str | None, rules) -> tuple[Report, CheckContext]:
    from configurator.rules import RULES

    circuit = circuit or resolved.build.circuit
    ctx = CheckContext(resolved, circuit)
    findings: list[Finding] = []
    for rule_cls in rules or RULES:
        findings.extend(with_unconfirmed(f, rule_cls.reads, resolved) for f in rule_cls().check(ctx))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return Report(tuple(findings), tuple(ctx.links), ctx.power, price_total(resolved), circuit), ctx


SINGLE_KINDS = ("case", "motherboard", "cpu", "psu", "cooler")


def rested_on(finding: Finding, reads: dict[str, tuple[str, ...]], resolved: ResolvedBuild):
    """(part, provenance key) pairs a finding rests on: the fields its rule reads, of the parts
    it names (or the build's one board, case, CPU or PSU). Slot and footnote fields narrow to
    the slots on the finding's causal chain."""
    named = {pid: resolved.catalog[pid] for pid in finding.parts if pid in resolved.catalog}
    chain_slots = {node.removeprefix("slot:") for node in finding.chain if node.startswith("slot:")}
    for kind, fields in reads.items():
        parts = [p for p in named.values() if p.kind == kind]
        if not parts and kind in SINGLE_KINDS:
            parts = [u.part for u in resolved.units_of(kind)][:1]
        for part in parts:
            for field in fields:
                if field not in ITEM_FIELDS:
                    yield part, field
                    continue
                if not chain_slots:  # no slot on the chain: none of the field's items count
                    continue
                for key in item_keys(part, field):
                    if _on_chain(part, key, chain_slots):
                        yield part, key


def _on_chain(part, key: str, chain_slots: set[str]) -> bool:
    field, _, item = key.partition(".")
    if field == "sharing":
        rule = part.sharing[int(item) - 1]
        return rule.target in chain_slots and bool(chain_slots & set(rule.when_populated))
    return item in chain_slots


def with_unconfirmed(finding: Finding, reads, resolved: ResolvedBuild) -> Finding:
    found = {(part.id, key): Unconfirmed(part.id, key, unconfirmed_label(part, key), key_words(part, key))
             for part, key in rested_on(finding, reads, resolved) if not is_confirmed(part, key)}
    if not found:
        return finding
    return replace(finding, unconfirmed=tuple(found.values()))
