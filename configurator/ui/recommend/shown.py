"""What the results list and the preview show of a recommended build, a frontier point or a near
miss: plain data in words, so the views only lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from configurator.build import Build
from configurator.estimate import InferenceEstimate
from configurator.estimate.words import summary
from configurator.parts import Catalog
from configurator.recommend import FrontierPoint, NearMiss, Recommendation


def money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


@dataclass(frozen=True)
class Shown:
    """One build as the results show it."""

    build: Build
    title: str
    spot: tuple[float, float]  # (price, tokens/s in all) for the chart
    price: str
    per_user: str
    total: str
    power: str = "—"
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    why: str = ""
    estimate: str = ""
    rank: int | None = None
    relaxation: str = ""
    training: bool = False  # a fine-tuning build: tokens/s trained, no users

    @property
    def figures(self) -> str:
        speed = ([f"{self.total} trained tokens/s"] if self.training else
                 [f"{self.per_user} tokens/s per user", f"{self.total} tokens/s in all"])
        power = [f"{self.power} at the wall"] if self.power != "—" else []
        return " · ".join([self.price, *speed, *power])

    @property
    def tip(self) -> str:
        lines = [self.title, self.figures]
        if self.relaxation:
            lines.append(f"Qualifies with {self.relaxation}")
        return "\n".join(lines)

    @property
    def warnings_text(self) -> str:
        count = len(self.warnings)
        return "none" if not count else "1 warning" if count == 1 else f"{count} warnings"


def parts_list(build: Build, catalog: Catalog) -> list[tuple[int, str, str]]:
    """(quantity, part name, line price) for each line of the build."""
    rows = []
    for item in build.items:
        part = catalog.get(item.part)
        if part is None:
            rows.append((item.quantity, item.part, ""))
            continue
        rows.append((item.quantity, part.name,
                     money(part.price.amount * item.quantity, part.price.currency)))
    return rows


def shown_recommendation(rec: Recommendation) -> Shown:
    estimate = summary(rec.estimate) if isinstance(rec.estimate, InferenceEstimate) else ""
    return Shown(
        build=rec.build, title=rec.build.name, spot=(float(rec.price), rec.throughput),
        price=money(rec.price, rec.currency),
        per_user=rate(rec.per_user_tokens_per_s), total=rate(rec.throughput),
        power=f"{rec.power.wall_w:,.0f} W",
        warnings=[f.message for f in rec.findings if f.severity == "warning"],
        errors=[f.message for f in rec.findings if f.severity == "error"],
        why=rec.why, estimate=estimate, rank=rec.rank,
        training=not isinstance(rec.estimate, InferenceEstimate),
    )


def shown_point(point: FrontierPoint, currency: str) -> Shown:
    return Shown(build=point.build, title=point.name, spot=(float(point.price), point.throughput),
                 price=money(point.price, currency),
                 per_user=rate(point.per_user_tokens_per_s), total=rate(point.throughput),
                 rank=point.rank, training=point.per_user_tokens_per_s is None,
                 why="" if point.rank else "On the price–speed frontier, outside the ranked list.")


def shown_miss(miss: NearMiss) -> Shown:
    return Shown(build=miss.build, title=miss.build.name, spot=(float(miss.price), miss.throughput),
                 price=money(miss.price, miss.currency),
                 per_user=rate(miss.per_user_tokens_per_s), total=rate(miss.throughput),
                 relaxation=miss.relaxation, training=miss.per_user_tokens_per_s is None,
                 why=f"Qualifies with {miss.relaxation}.")
