"""What every panel reads: one resolve + validate + estimate pass per change of the build.

Plain Python (no Qt) so it can be computed before an undo command is pushed: an edit that
does not resolve never reaches the undo stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.build import Build, ResolvedBuild, resolve
from configurator.graph import DiGraph
from configurator.graph.power import psu_rating
from configurator.parts import Catalog
from configurator.rules import CIRCUITS, Report, validate_with_graph


@dataclass(frozen=True)
class BuildChanges:
    """Which aspects of the build an update touched; panels skip work for the others."""

    parts: bool = False
    placement: bool = False
    workload: bool = False
    circuit: bool = False
    meta: bool = False

    @classmethod
    def everything(cls) -> BuildChanges:
        return cls(True, True, True, True, True)

    @classmethod
    def between(cls, before: Build, after: Build) -> BuildChanges:
        return cls(
            parts=[(i.part, i.quantity) for i in before.items] != [(i.part, i.quantity) for i in after.items],
            placement=[i.slots for i in before.items] != [i.slots for i in after.items],
            workload=before.workload != after.workload,
            circuit=before.circuit != after.circuit,
            meta=(before.name, before.notes) != (after.name, after.notes),
        )

    @property
    def hardware(self) -> bool:
        return self.parts or self.placement or self.circuit


@dataclass(frozen=True)
class BuildState:
    build: Build
    resolved: ResolvedBuild
    report: Report
    graph: DiGraph
    estimate: object | None = None

    @property
    def working_gpus(self) -> list:
        """GPUs not in a slot that the board's sharing rules switch off."""
        disabled = {link.unit for link in self.report.links if link.disabled}
        return [u for u in self.resolved.gpus if u.key not in disabled]

    @property
    def psu_line_volts(self) -> int | None:
        """The circuit's voltage when the PSU's rating on it differs from its label (derated on
        100-120 V, or a 230 V-only unit); None when the label holds."""
        power = self.report.power
        if power.psu_w and abs(psu_rating(self.resolved, low_line=False) - power.psu_w) > 0.5:
            return CIRCUITS[self.report.circuit].volts
        return None

    @property
    def total_vram_bytes(self) -> float:
        return sum(u.part.vram_bytes for u in self.working_gpus)


def compute_state(build: Build, catalog: Catalog, estimator=None) -> BuildState:
    """Checked on the build's own site circuit. Raises BuildError when the build names parts or
    slots the catalog does not have."""
    resolved = resolve(build, catalog)
    report, graph = validate_with_graph(resolved)
    estimate = estimator.estimate(resolved, report) if estimator else None
    return BuildState(build, resolved, report, graph, estimate)
