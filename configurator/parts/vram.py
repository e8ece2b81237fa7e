"""GPU memory in one basis for every view: bytes inside, decimal GB (10⁹ bytes) on screen and paper.

Spec sheets print memory sizes in binary units: a card sold as "32 GB" holds 32 GiB (an RTX 5090
shows 32,607 MiB in nvidia-smi after the driver's share). The catalog's ``vram_gb`` is that
printed figure, so it becomes bytes here, once. Checkpoints and model footprints are published in
decimal GB, so every figure (total, usable, weights, cache) is shown in 10⁹-byte GB through
``gb_text`` and every view states the basis once with ``BASIS``.

Total is the card's memory; usable is the share the serving engine may take
(``--gpu-memory-utilization``, 0.90 by default), the budget the fit is checked against.
"""

from __future__ import annotations

GIB = 1024**3
GB = 1e9


def card_bytes(vram_gb: float) -> float:
    """A card's memory in bytes from its spec-sheet size ("32 GB" = 32 GiB)."""
    return vram_gb * GIB


def gb(n_bytes: float) -> float:
    """Bytes as decimal GB, rounded to the one decimal every view prints."""
    return round(n_bytes / GB, 1)


def gb_text(n_bytes: float) -> str:
    """34359738368 -> '34.4 GB'."""
    return gb_label(gb(n_bytes))


def gb_label(value_gb: float) -> str:
    """A figure already in decimal GB (a quote's stored field) as every view prints it."""
    return f"{value_gb:,.1f} GB"


def total_text(cards: list[float]) -> str:
    """Several cards' memory in bytes as '68.7 GB (2 × 34.4 GB)', so the build's total and each
    card's total read as the same figures."""
    total = gb_text(sum(cards))
    if len(cards) < 2:
        return total
    each = sorted({gb(c) for c in cards}, reverse=True)
    split = f"{len(cards)} × {gb_label(each[0])}" if len(each) == 1 else " + ".join(gb_text(c) for c in cards)
    return f"{total} ({split})"


def budget_label(usable_gb: float, total_gb: float) -> str:
    """'30.9 GB usable (34.4 GB total)'; a budget that is the whole card reads '34.4 GB total'."""
    if usable_gb == total_gb:
        return f"{gb_label(total_gb)} total"
    return f"{gb_label(usable_gb)} usable ({gb_label(total_gb)} total)"


BASIS = (f"GB = 10⁹ bytes; GPU memory is sold in binary units, so a card sold as 32 GB holds "
         f"32 GiB = {gb_text(card_bytes(32))}")
