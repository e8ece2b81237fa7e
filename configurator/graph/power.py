"""Power budget of a build: sustained load, short peaks, and what reaches the wall socket.

Method (stated so a consultant can repeat it by hand):
- sustained: every GPU at its board power, the CPU at its package power limit (PPT/PL2, what an
  all-core load settles at), plus platform: board, memory, drives, fans, pump.
- peak: GPUs' millisecond-scale excursions at 1.5 × board power (what reviewers measure on
  high-end cards at 1 ms resolution) on top of everything else at sustained load.
- wall: sustained ÷ the PSU's efficiency at 50 % load.
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.build import ResolvedBuild

GPU_EXCURSION_FACTOR = 1.5
BOARD_W = {"workstation": 80.0, "desktop": 45.0}
MEMORY_W_PER_MODULE = {"RDIMM": 10.0, "UDIMM": 5.0}
FAN_W = 3.0
PUMP_W = 10.0
# 80 PLUS rates internal PSUs at 115 V; on 230 V the same unit converts about two points
# better (the 230 V EU Internal levels sit ~2 points above the 115 V ones).
HIGH_LINE_EFFICIENCY_GAIN = 0.02
# ATX 3.x PSUs must ride through 180 % of rating for 1 ms; earlier designs are tested to 145 %.
PEAK_TOLERANCE_ATX3 = 1.8
PEAK_TOLERANCE_LEGACY = 1.45


@dataclass(frozen=True)
class PowerBudget:
    gpu_w: float
    cpu_w: float
    platform_w: float
    sustained_w: float
    peak_w: float
    psu_w: float
    psu_peak_w: float
    wall_w: float

    @property
    def load_pct(self) -> float:
        return 100.0 * self.sustained_w / self.psu_w if self.psu_w else 0.0

    def to_json(self) -> dict:
        return {
            "sustained_w": round(self.sustained_w),
            "peak_w": round(self.peak_w),
            "psu_w": round(self.psu_w),
            "load_pct": round(self.load_pct, 1),
            "wall_w": round(self.wall_w),
            "gpu_w": round(self.gpu_w),
            "cpu_w": round(self.cpu_w),
            "platform_w": round(self.platform_w),
        }


def low_line_rating(psu) -> float:
    """Continuous rating on a 100-120 V line: derated, or nothing for a 230 V-only unit."""
    if psu.high_line_only:
        return 0.0
    return psu.wattage_115v_w or psu.wattage_w


def psu_rating(resolved: ResolvedBuild, low_line: bool) -> float:
    """Continuous rating the build can count on, on the selected mains voltage.

    Redundant server modules do not add up: with N+1 the largest module is spare, with N+N
    half of them are.
    """
    ratings = [low_line_rating(u.part) if low_line else u.part.wattage_w for u in resolved.units_of("psu")]
    case = resolved.case
    redundancy = case.psu_redundancy if case else "none"
    if redundancy == "n+1" and len(ratings) > 1:
        return sum(ratings) - max(ratings)
    if redundancy == "n+n" and len(ratings) > 1:
        return sum(sorted(ratings)[: len(ratings) // 2])
    return sum(ratings)


def power_budget(resolved: ResolvedBuild, low_line: bool = True) -> PowerBudget:
    gpu_w = sum(u.part.board_power_w for u in resolved.gpus)
    cpu_w = sum(u.part.peak_power_w for u in resolved.units_of("cpu"))
    board = resolved.motherboard
    platform = 0.0
    if board:
        platform += BOARD_W["workstation" if board.memory_module == "RDIMM" else "desktop"]
    for kit in resolved.memory_kits:
        platform += kit.modules * MEMORY_W_PER_MODULE[kit.module]
    platform += sum(u.part.power_w for u in resolved.drives)
    if resolved.case:
        platform += resolved.case.fans_included * FAN_W
    cooler = resolved.cooler
    if cooler and cooler.cooler_type == "liquid":
        platform += PUMP_W
    sustained = gpu_w + cpu_w + platform
    peak = gpu_w * GPU_EXCURSION_FACTOR + cpu_w + platform
    psu_w = psu_rating(resolved, low_line)
    psu = resolved.psu
    tolerance = PEAK_TOLERANCE_LEGACY
    if psu and psu.atx_version.startswith("3"):
        tolerance = PEAK_TOLERANCE_ATX3
    efficiency = psu.efficiency_at_50pct if psu else 0.9
    if not low_line:
        efficiency = min(0.97, efficiency + HIGH_LINE_EFFICIENCY_GAIN)
    return PowerBudget(
        gpu_w=gpu_w, cpu_w=cpu_w, platform_w=platform, sustained_w=sustained, peak_w=peak,
        psu_w=psu_w, psu_peak_w=psu_w * tolerance, wall_w=sustained / efficiency,
    )
