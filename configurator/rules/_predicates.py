"""Fit predicates shared by the rules, the part pickers and the catalog lint.

Each returns why a pair of parts does not fit, or None.
"""

from __future__ import annotations

from configurator.parts import Case, Cooler, Cpu, Gpu, MemoryKit, Motherboard, Psu

# A case that takes a larger standard also takes the smaller ones mounted on the same holes.
IMPLIED = {
    "SSI-EEB": {"EEB", "E-ATX", "SSI-CEB", "CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "EEB": {"E-ATX", "SSI-CEB", "CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "SSI-CEB": {"CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "CEB": {"ATX", "Micro-ATX", "Mini-ITX"},
    "E-ATX": {"ATX", "Micro-ATX", "Mini-ITX"},
    "ATX": {"Micro-ATX", "Mini-ITX"},
    "Micro-ATX": {"Mini-ITX"},
}


def board_fits_case(board: Motherboard, case: Case) -> str | None:
    """Why the board does not fit, or None."""
    supported = set(case.form_factors)
    for ff in case.form_factors:
        supported |= IMPLIED.get(ff, set())
    if board.form_factor not in supported:
        listed = ", ".join(case.form_factors)
        return f"{case.name} takes {listed} boards; {board.name} is {board.form_factor}"
    if case.max_board_width_mm and board.depth_mm > case.max_board_width_mm:
        return (f"{board.name} is {board.depth_mm:.0f} mm wide; {case.name} takes boards up to "
                f"{case.max_board_width_mm:.0f} mm")
    return None


def gpu_fits_case(gpu: Gpu, case: Case) -> str | None:
    if gpu.length_mm > case.max_gpu_length_mm:
        return (f"{gpu.name} is {gpu.length_mm:.0f} mm long; {case.name} takes cards up to "
                f"{case.max_gpu_length_mm:.0f} mm")
    return None


def cooler_fits_case(cooler: Cooler, case: Case) -> str | None:
    if cooler.height_mm > case.max_cooler_height_mm:
        return (f"{cooler.name} is {cooler.height_mm:.0f} mm tall; {case.name} clears "
                f"{case.max_cooler_height_mm:.0f} mm")
    return None


def psu_fits_case(psu: Psu, case: Case) -> str | None:
    if psu.form_factor == "CRPS" and case.rack_units is None:
        return f"{psu.name} is a CRPS server module; {case.name} has an ATX PSU bay"
    if psu.length_mm > case.max_psu_length_mm:
        return (f"{psu.name} is {psu.length_mm:.0f} mm long; {case.name} takes PSUs up to "
                f"{case.max_psu_length_mm:.0f} mm")
    return None


def cpu_fits_board(cpu: Cpu, board: Motherboard) -> str | None:
    if cpu.socket != board.socket:
        return f"{cpu.name} needs socket {cpu.socket}; {board.name} has {board.socket}"
    return None


def cooler_fits_socket(cooler: Cooler, socket: str) -> str | None:
    if socket not in cooler.sockets:
        return f"{cooler.name} mounts on {', '.join(cooler.sockets)}, not {socket}"
    return None


def memory_problems(kits: list[MemoryKit], board: Motherboard, cpu: Cpu | None) -> list[str]:
    out = []
    for kit in {k.id: k for k in kits}.values():
        if kit.memory_type != board.memory_type:
            out.append(f"{kit.name} is {kit.memory_type}; {board.name} takes {board.memory_type}")
        elif kit.module != board.memory_module:
            out.append(f"{kit.name} is {kit.module}; {board.name} takes {board.memory_module} modules")
        elif cpu and kit.module not in cpu.memory_module:
            out.append(f"{cpu.name} does not support {kit.module} modules")
    modules = sum(k.modules for k in kits)
    if modules > board.dimm_slots:
        out.append(f"{modules} memory modules for {board.dimm_slots} DIMM slots on {board.name}")
    capacity = sum(k.capacity_gb for k in kits)
    if capacity > board.max_memory_gb:
        out.append(f"{capacity} GB of memory; {board.name} supports up to {board.max_memory_gb} GB")
    return out
