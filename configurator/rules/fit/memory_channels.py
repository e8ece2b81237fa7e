"""FIT-MEMORY-CHANNELS: populated DIMMs against the memory channels the CPU drives."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule


class MemoryChannels(Rule):
    """The memory modules sit on channels the CPU drives, one per channel where possible.

    What it checks: the board wires its DIMM slots to a number of channels (two per channel on
    most desktop boards, one on workstation boards); the CPU drives only its own channel count.
    More modules than the slots on driven channels: the rest are not used. More modules than
    driven channels: two per channel, which lowers the memory speed.
    Why it matters: a 4-channel Xeon W-2500 on an 8-channel W790 board sees only four of eight
    modules; four DDR5 modules on a 2-channel desktop CPU run well below the kit's rated speed.
    Both change the memory a customer pays for.
    Fix: as many modules as the CPU has channels (larger modules for more capacity), or a CPU
    with as many channels as the board.
    """

    code = "FIT-MEMORY-CHANNELS"
    name = "fit.memory_channels"
    severity = "warning"
    reads = {"cpu": ("memory_channels",), "motherboard": ("memory_channels", "dimm_slots")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        r = ctx.resolved
        board, cpu, kits = r.motherboard, r.cpu, r.memory_kits
        if board is None or cpu is None or not kits or not board.memory_channels:
            return []
        cpus = len(r.units_of("cpu"))
        cpu_channels = cpu.memory_channels * cpus
        driven = min(cpu_channels, board.memory_channels)
        per_channel = board.dimm_slots // board.memory_channels
        usable = driven * per_channel
        modules = sum(k.modules for k in kits)
        parts = [cpu.id, board.id, *sorted({k.id for k in kits})]
        chain = ["memory#1", "board", "cpu"]
        cpu_words = f"{cpu.name} drives {cpu_channels} memory channels"
        if modules > usable:
            return [self.finding(
                f"{cpu_words}; {board.name} wires its {board.dimm_slots} DIMM slots to "
                f"{board.memory_channels} channels, so only {usable} slots work with this CPU: "
                f"{modules - usable} of the {modules} modules sit on channels the CPU does not drive "
                f"and are not used{_capacity_words(kits, usable)}",
                parts=parts, chain=chain)]
        if modules > driven:
            speed = min(k.speed_mts for k in kits)
            return [self.finding(
                f"{cpu_words}; {modules} modules put two on a channel, and DDR5 at two modules per "
                f"channel runs well below the kit's {speed} MT/s rating (less memory bandwidth for "
                f"CPU-offloaded layers); {driven} larger modules keep the full speed",
                parts=parts, chain=chain)]
        return []


def _capacity_words(kits, usable: int) -> str:
    sizes = {k.module_gb for k in kits}
    if len(sizes) != 1:
        return ""
    return f" ({usable * sizes.pop()} GB usable, not {sum(k.capacity_gb for k in kits)} GB)"
