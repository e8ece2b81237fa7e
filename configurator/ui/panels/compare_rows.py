"""What the compare window lists for two builds, row by row, as plain text."""

from __future__ import annotations

from collections import Counter

from configurator.ui.panels.part_columns import KINDS
from configurator.ui.state import BuildState


def _parts(state: BuildState, kind: str) -> str:
    names = Counter(u.part.name for u in state.resolved.units if u.part.kind == kind)
    return "\n".join(f"{n} × {name}" if n > 1 else name for name, n in names.items()) or "—"


def _links(state: BuildState, kind: str) -> list[str]:
    return [f"{link.slot}: {link.label}" + (" (chipset)" if link.source == "chipset" else "")
            for link in state.report.links if link.kind == kind]


def _estimate(state: BuildState) -> str:
    estimate = state.estimate
    if estimate is None:
        return "no workload"
    if estimate.inference and estimate.inference.throughput:
        t = estimate.inference.throughput.output_tokens_per_s
        return f"{t.value:,.0f} tokens/s ({t.low:,.0f}–{t.high:,.0f})"
    return "does not fit" if estimate.fits is False else estimate.text


def compare_rows(left: BuildState, right: BuildState) -> list[tuple[str, str, str]]:
    """(label, left, right) rows; the window highlights rows whose two sides differ."""
    rows = [(label, _parts(left, kind), _parts(right, kind)) for kind, label in KINDS]
    lp, rp = left.report, right.report
    rows += [
        ("Price", lp.price.text(), rp.price.text()),
        ("Status", lp.status, rp.status),
        ("Power, sustained", f"{lp.power.sustained_w:,.0f} W", f"{rp.power.sustained_w:,.0f} W"),
        ("Power, peak", f"{lp.power.peak_w:,.0f} W", f"{rp.power.peak_w:,.0f} W"),
        ("VRAM", f"{left.total_vram_gb:g} GB", f"{right.total_vram_gb:g} GB"),
    ]
    lg, rg = _links(left, "gpu"), _links(right, "gpu")
    for n in range(max(len(lg), len(rg))):
        rows.append((f"GPU {n + 1} link", lg[n] if n < len(lg) else "—", rg[n] if n < len(rg) else "—"))
    rows.append(("Drive links", "\n".join(_links(left, "nvme")) or "—", "\n".join(_links(right, "nvme")) or "—"))
    rows.append(("Findings", _codes(left), _codes(right)))
    rows.append(("Estimate for its workload", _estimate(left), _estimate(right)))
    return rows


def _codes(state: BuildState) -> str:
    return "\n".join(f"{f.severity}: {f.code}" for f in state.report.findings) or "none"
