"""Names and sentences for recommended builds, as a consultant would say them."""

from __future__ import annotations

from decimal import Decimal

from configurator.build import BuildItem
from configurator.parts import Catalog


def build_name(catalog: Catalog, items: tuple[BuildItem, ...] | list[BuildItem]) -> str:
    """'2 × RTX PRO 6000 Blackwell Max-Q, Threadripper PRO 7975WX on Pro WS WRX90E-SAGE SE,
    Enthoo Pro 2 Server': what tells two recommended builds apart."""
    parts = {kind: (catalog[i.part], i.quantity) for i in items
             for kind in [catalog[i.part].kind] if kind in ("gpu", "cpu", "motherboard", "case")}
    words = []
    if "gpu" in parts:
        gpu, n = parts["gpu"]
        words.append(f"{n} × {gpu.model}" if n > 1 else gpu.model)
    if "cpu" in parts:
        cpu, n = parts["cpu"]
        board = f" on {parts['motherboard'][0].model}" if "motherboard" in parts else ""
        words.append((f"{n} × {cpu.model}" if n > 1 else cpu.model) + board)
    if "case" in parts:
        words.append(parts["case"][0].model)
    return ", ".join(words)[:200] or "Recommended build"


def money(amount: Decimal | float, currency: str) -> str:
    return f"{Decimal(amount):,.0f} {currency}"


def percent(new: float, old: float) -> str:
    if old <= 0:
        return "more"
    change = new / old - 1
    if abs(change) < 0.005:
        return "the same"
    return f"{abs(change):.0%} {'more' if change >= 0 else 'less'}"
