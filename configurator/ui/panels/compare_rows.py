"""What the compare window lists for two builds, row by row, as plain text."""

from __future__ import annotations

from collections import Counter

from configurator.parts.vram import gb_text
from configurator.ui.panels.part_columns import KINDS
from configurator.ui.state import BuildState


def _parts(state: BuildState, kind: str) -> str:
    names = Counter(u.part.name for u in state.resolved.units if u.part.kind == kind)
    return "\n".join(f"{n} × {name}" if n > 1 else name for name, n in names.items()) or "—"


def _links(state: BuildState, kind: str) -> list[str]:
    return [f"{link.slot}: {link.label}" + (" (chipset)" if link.source == "chipset" else "")
            for link in state.report.links if link.kind == kind]


def _tokens(state: BuildState) -> float | None:
    estimate = state.estimate
    if estimate and estimate.inference and estimate.inference.throughput:
        return estimate.inference.throughput.output_tokens_per_s.value
    return None


def _estimate(state: BuildState) -> str:
    estimate = state.estimate
    if estimate is None:
        return "no workload"
    if _tokens(state) is not None:
        t = estimate.inference.throughput.output_tokens_per_s
        return f"{t.value:,.0f} output tokens/s in total ({t.low:,.0f}–{t.high:,.0f})"
    return "does not fit" if estimate.fits is False else estimate.text


def _delta(left: float, right: float, unit: str, money: bool = False) -> str:
    """How the right-hand build differs from the left, in the unit of the row."""
    diff = right - left
    if abs(diff) < 0.5:
        return "same"
    amount = f"{abs(diff):,.2f}" if money else f"{abs(diff):,.0f}"
    return f"{'+' if diff > 0 else '−'}{amount} {unit}".strip()


def _findings(state: BuildState) -> str:
    words = {"error": "Error", "warning": "Warning", "info": "Note"}
    return "\n".join(f"{words[f.severity]}: {f.message[:1].upper()}{f.message[1:]}"
                     for f in state.report.findings) or "none"


def compare_rows(left: BuildState, right: BuildState) -> list[tuple[str, str, str]]:
    """(label, left, right) rows; the window highlights rows whose two sides differ."""
    rows = [(label, _parts(left, kind), _parts(right, kind)) for kind, label in KINDS]
    lp, rp = left.report, right.report
    same_currency = lp.price.currency == rp.price.currency and not (
        lp.price.mixed_currencies or rp.price.mixed_currencies)
    rows += [
        ("Price", lp.price.text(), rp.price.text()),
        ("Price difference", "",
         _delta(float(lp.price.total), float(rp.price.total), rp.price.currency, money=True)
         if same_currency else "in different currencies"),
        ("Status", lp.status, rp.status),
        ("Power, sustained", f"{lp.power.sustained_w:,.0f} W", f"{rp.power.sustained_w:,.0f} W"),
        ("Power, peak", f"{lp.power.peak_w:,.0f} W", f"{rp.power.peak_w:,.0f} W"),
        ("Power difference, sustained", "", _delta(lp.power.sustained_w, rp.power.sustained_w, "W")),
        ("VRAM, total", gb_text(left.total_vram_bytes), gb_text(right.total_vram_bytes)),
    ]
    lg, rg = _links(left, "gpu"), _links(right, "gpu")
    for n in range(max(len(lg), len(rg))):
        rows.append((f"GPU {n + 1} link", lg[n] if n < len(lg) else "—", rg[n] if n < len(rg) else "—"))
    rows.append(("Drive links", "\n".join(_links(left, "nvme")) or "—", "\n".join(_links(right, "nvme")) or "—"))
    rows.append(("Estimate on the chosen workload", _estimate(left), _estimate(right)))
    lt, rt = _tokens(left), _tokens(right)
    rows.append(("Throughput difference", "",
                 _delta(lt, rt, "output tokens/s") if lt is not None and rt is not None else "—"))
    rows.append(("Findings", _findings(left), _findings(right)))
    return rows
