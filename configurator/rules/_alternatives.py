"""Other boards from the catalog that would give every GPU a CPU-wired link."""

from __future__ import annotations

from configurator.build import BuildError, resolve
from configurator.graph import auto_place, effective_links
from configurator.parts import Motherboard
from configurator.rules._common import CheckContext, Fix
from configurator.rules._predicates import board_fits_case


def better_boards(ctx: CheckContext, limit: int = 2) -> list[Fix]:
    current = ctx.resolved.motherboard
    cpu, case = ctx.resolved.cpu, ctx.resolved.case
    gpu_count = len(ctx.resolved.gpus)
    out: list[Fix] = []
    # Cheapest first, stopping at ``limit``: placing parts on a board is the costly step.
    for board in sorted(ctx.catalog.of_kind("motherboard"), key=lambda b: b.price.amount):
        if len(out) >= limit:
            break
        assert isinstance(board, Motherboard)
        if board.id == current.id or (cpu and board.socket != cpu.socket):
            continue
        if case and board_fits_case(board, case):
            continue
        if sum(1 for s in board.pcie_slots if s.source == "cpu") < gpu_count:
            continue
        build = ctx.resolved.build
        unplaced = build.with_items([i.model_copy(update={"slots": []}) for i in build.items])
        swapped = unplaced.with_items([
            i.model_copy(update={"part": board.id}) if i.part == current.id else i
            for i in unplaced.items
        ])
        try:
            placed = auto_place(swapped, ctx.catalog)
            links = effective_links(resolve(placed, ctx.catalog))
        except BuildError:
            continue
        gpu_links = [link for link in links if link.kind == "gpu"]
        if len(gpu_links) < gpu_count or any(link.source != "cpu" or link.disabled for link in gpu_links):
            continue
        placements = {i.part: list(i.slots) for i in placed.items if i.slots}
        widths = "/".join(f"x{link.width}" for link in gpu_links)
        delta = board.price.amount - current.price.amount
        text = (f"Use {board.name}: every GPU on CPU lanes ({widths}, PCIe {gpu_links[0].gen}.0), "
                f"{'+' if delta >= 0 else '−'}{abs(delta):,.0f} {board.price.currency}")
        out.append(Fix(text, {
            "action": "replace", "from_part": current.id, "to_part": board.id,
            "placements": placements,
        }))
    return out
