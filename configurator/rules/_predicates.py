"""Fit predicates shared by the rules, the part pickers and the catalog lint.

Each returns why a pair of parts does not fit, or None.
"""

from __future__ import annotations

from functools import lru_cache

from configurator.parts import Case, Cooler, Cpu, Gpu, MemoryKit, Motherboard, Psu

# A case that takes a larger consumer standard also takes the smaller ones on the same holes.
IMPLIED = {
    "E-ATX": {"ATX", "Micro-ATX", "Mini-ITX"},
    "ATX": {"Micro-ATX", "Mini-ITX"},
    "Micro-ATX": {"Mini-ITX"},
}
# Server-board standards and their SSI names: CEB is SSI-CEB, EEB is SSI-EEB. Their mounting
# holes differ from E-ATX, so only a case that lists them takes them; SSI-EEB cases carry the
# SSI-CEB holes too (SSI-CEB is the EEB layout cut to 10.5 in).
SERVER_STANDARDS = {"CEB": "SSI-CEB", "SSI-CEB": "SSI-CEB", "EEB": "SSI-EEB", "SSI-EEB": "SSI-EEB"}
SERVER_IMPLIED = {"SSI-EEB": {"SSI-CEB"}}


@lru_cache(maxsize=256)
def _supported_form_factors(listed: tuple[str, ...]) -> frozenset[str]:
    supported = set(listed)
    for ff in listed:
        supported |= IMPLIED.get(ff, set())
        if ff in SERVER_STANDARDS:
            # A case with server standoffs also takes consumer boards up to E-ATX.
            supported |= {"E-ATX", *IMPLIED["E-ATX"]}
    return frozenset(supported)


@lru_cache(maxsize=256)
def _supported_server_standards(listed: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for ff in listed:
        if (std := SERVER_STANDARDS.get(ff)) is not None:
            out |= {std, *SERVER_IMPLIED.get(std, set())}
    return frozenset(out)


def board_standard_problem(board: Motherboard, case: Case) -> str | None:
    """Why a CEB/SSI-CEB/EEB/SSI-EEB board has no mounting holes in the case, or None."""
    std = SERVER_STANDARDS.get(board.form_factor)
    if std is None or std in _supported_server_standards(tuple(case.form_factors)):
        return None
    listed = ", ".join(case.form_factors)
    return (f"{board.name} is {board.form_factor} ({std}); {case.name} lists {listed}, none with "
            f"{std} mounting holes (E-ATX support does not include them)")


def board_size_problem(board: Motherboard, case: Case) -> str | None:
    """Why a consumer-standard board, or any board too wide, does not fit the case, or None."""
    if board.form_factor not in SERVER_STANDARDS and board.form_factor not in _supported_form_factors(
            tuple(case.form_factors)):
        listed = ", ".join(case.form_factors)
        return f"{case.name} takes {listed} boards; {board.name} is {board.form_factor}"
    if case.max_board_width_mm and board.depth_mm > case.max_board_width_mm:
        return (f"{board.name} is {board.depth_mm:.0f} mm wide; {case.name} takes boards up to "
                f"{case.max_board_width_mm:.0f} mm")
    return None


def chassis_board_problem(board: Motherboard, case: Case) -> str | None:
    """Why a barebone chassis, built around its own board, does not take this one, or None."""
    if not case.boards or board.id in case.boards:
        return None
    own = ", ".join(case.boards)
    return (f"{case.name} is a barebone built around its own board ({own}); it has no standoffs, "
            f"risers or power harness for {board.name}")


def board_fits_case(board: Motherboard, case: Case) -> str | None:
    """Why the board does not fit, or None."""
    return (chassis_board_problem(board, case) or board_standard_problem(board, case)
            or board_size_problem(board, case))


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
    if case.psu_form_factors and psu.form_factor not in case.psu_form_factors:
        bays = " or ".join(case.psu_form_factors)
        return f"{case.name} takes {bays} power supply modules; {psu.name} is {psu.form_factor}"
    if psu.length_mm > case.max_psu_length_mm:
        return (f"{psu.name} is {psu.length_mm:.0f} mm long; {case.name} takes PSUs up to "
                f"{case.max_psu_length_mm:.0f} mm")
    return None


def cpu_fits_board(cpu: Cpu, board: Motherboard) -> str | None:
    if cpu.socket != board.socket:
        return f"{cpu.name} needs socket {cpu.socket}; {board.name} has {board.socket}"
    return None


def cpu_chipset_problem(cpu: Cpu, board: Motherboard) -> str | None:
    """Why a CPU that seats in the socket is not supported by the board's chipset, or None."""
    if cpu.socket != board.socket or not cpu.chipsets or board.chipset in cpu.chipsets:
        return None
    return (f"{cpu.name} runs on {' or '.join(cpu.chipsets)} boards only; {board.name} is a "
            f"{board.chipset} board, which does not support it")


def cooler_fits_socket(cooler: Cooler, socket: str) -> str | None:
    if socket not in cooler.sockets:
        return f"{cooler.name} mounts on {', '.join(cooler.sockets)}, not {socket}"
    return None


def memory_problems(kits: list[MemoryKit], board: Motherboard, cpu: Cpu | None) -> list[str]:
    out = [msg for kit in {k.id: k for k in kits}.values() if (msg := kit_problem(kit, board, cpu))]
    out.extend(memory_size_problems(sum(k.modules for k in kits), sum(k.capacity_gb for k in kits), board))
    return out


def kit_problem(kit: MemoryKit, board: Motherboard, cpu: Cpu | None) -> str | None:
    if kit.memory_type != board.memory_type:
        return f"{kit.name} is {kit.memory_type}; {board.name} takes {board.memory_type}"
    if kit.module != board.memory_module:
        return f"{kit.name} is {kit.module}; {board.name} takes {board.memory_module} modules"
    if cpu and kit.module not in cpu.memory_module:
        return f"{cpu.name} does not support {kit.module} modules"
    return None


def memory_size_problems(modules: int, capacity: int, board: Motherboard) -> list[str]:
    out = []
    if modules > board.dimm_slots:
        out.append(f"{modules} memory modules for {board.dimm_slots} DIMM slots on {board.name}")
    if capacity > board.max_memory_gb:
        out.append(f"{capacity} GB of memory; {board.name} supports up to {board.max_memory_gb} GB")
    return out
