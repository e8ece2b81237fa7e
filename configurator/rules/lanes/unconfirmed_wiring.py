"""LANE-UNCONFIRMED-WIRING: a graphics card's link rests on slot wiring the sources dispute."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule


class UnconfirmedWiring(Rule):
    """Say when a GPU's link depends on slot wiring nobody has confirmed.

    What it checks: each placed GPU's slot and the board's sharing footnotes that act on it
    this build; a slot or footnote whose own provenance entry is an estimate (the catalog marks
    it so when sources disagree, as on the Crosshair X870E Dark Hero's second x16 slot) makes
    the link shown an assumption, not a fact.
    Why it matters: the consultant would promise a customer, say, x8/x8 from the CPU when the
    manual may say chipset x4 for the second card; on a multi-GPU quote that is the difference
    between a good and a poor tensor-parallel build.
    Fix: check the slot table in the board's manual and record the confirmation (finding's
    context menu), or choose a board whose slots are confirmed.
    """

    code = "LANE-UNCONFIRMED-WIRING"
    name = "lanes.unconfirmed_wiring"
    severity = "warning"
    reads = {"motherboard": ("pcie_slots", "sharing")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        populated = ctx.resolved.populated_slots
        disputed: dict[str, list[str]] = {}
        for link in ctx.links:
            # A disabled slot is LANE-SLOT-DISABLED's, which names its unconfirmed footnote.
            if link.kind != "gpu" or link.disabled:
                continue
            reasons = []
            own = board.provenance.get(f"pcie_slots.{link.slot}")
            if own is not None and own.status == "estimated":
                reasons.append(own.why)
            for n, rule in enumerate(board.sharing, start=1):
                entry = board.provenance.get(f"sharing.{n}")
                if (entry is not None and entry.status == "estimated" and rule.target == link.slot
                        and populated & set(rule.when_populated)):
                    reasons.append(entry.why)
            if reasons:
                disputed[link.unit] = list(dict.fromkeys(reasons))
        if not disputed:
            return []
        units = [u for u in ctx.resolved.gpus if u.key in disputed]
        links = {link.unit: link for link in ctx.links}
        shown = "; ".join(f"{u.part.name} in {u.slot}: {links[u.key].label}" for u in units)
        why = " / ".join(dict.fromkeys(r for reasons in disputed.values() for r in reasons))
        chain = ["board", *(f"slot:{u.slot}" for u in units), *(u.key for u in units)]
        return [self.finding(
            f"the GPU links on {board.name} rest on unconfirmed slot wiring ({shown}): {why}; "
            "check the board's manual before promising these links",
            parts=[board.id, *dict.fromkeys(u.part.id for u in units)], chain=chain)]
