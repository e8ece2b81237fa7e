"""A build's GPUs and the links they really get, and what its link layout costs the workload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from configurator.estimate.architectures import Architecture, get_architecture
from configurator.estimate.finetune import FinetuneSetup
from configurator.estimate.formats import WeightFormat, weight_format
from configurator.estimate.gpu import GpuSpec
from configurator.estimate.inference import InferenceWorkload, estimate_inference
from configurator.estimate.interconnect import GpuLink

if TYPE_CHECKING:
    from configurator.build import ResolvedBuild, Workload


def gpus_from_build(resolved: ResolvedBuild) -> tuple[list[GpuSpec], list[GpuLink]]:
    """The build's working GPUs in slot order, each with its effective link.

    A card in a slot the board's sharing rules disable is left out; a card not placed in a
    slot is assumed to get its full interface from the CPU.
    """
    from configurator.graph import effective_links

    by_unit = {link.unit: link for link in effective_links(resolved) if link.kind == "gpu"}
    placed, unplaced = [], []
    for unit in resolved.gpus:
        link = by_unit.get(unit.key)
        spec = GpuSpec.from_part(unit.part)
        if link is None:
            unplaced.append((spec, GpuLink(spec.pcie_gbps, chipset=False)))
        elif not link.disabled:
            placed.append((link.slot, spec, GpuLink(link.gbps, chipset=link.source == "chipset")))
    order = [(s, g) for _, s, g in placed] + unplaced
    return [s for s, _ in order], [g for _, g in order]


def workload_from_build(workload: Workload) -> InferenceWorkload:
    return InferenceWorkload(
        context=workload.context,
        concurrency=workload.concurrency,
        input_tokens=workload.input_tokens,
        output_tokens=workload.output_tokens,
        kv_cache=workload.kv_cache,
        parallel=workload.parallel,
        mem_util=workload.mem_util,
    )


def finetune_setup_from_build(workload: Workload) -> FinetuneSetup:
    """The build's fine-tuning options (same names) as the estimator's set-up."""
    return FinetuneSetup(**workload.training.model_dump())


@dataclass(frozen=True, slots=True)
class BuildInputs:
    """Everything an estimate of a build's own workload needs, looked up once."""

    arch: Architecture
    fmt: WeightFormat
    gpus: list[GpuSpec]
    links: list[GpuLink]
    serving: InferenceWorkload
    training: FinetuneSetup
    task: str = "inference"
    host_cores: int | None = None  # the build's CPU cores, for engines sharing the host


def build_inputs(resolved: ResolvedBuild) -> BuildInputs | None:
    """The build's workload with its GPUs (the first ``workload.gpus`` of them) and links;
    None without a workload or a working GPU. Raises ValueError for an unknown model or format.
    Looked up once per resolved build: the workload check and the estimate both read them."""
    return resolved.derived("estimate inputs", _build_inputs)


def _build_inputs(resolved: ResolvedBuild) -> BuildInputs | None:
    workload = resolved.build.workload
    if workload is None:
        return None
    gpus, links = gpus_from_build(resolved)
    if workload.gpus:
        gpus, links = gpus[: workload.gpus], links[: workload.gpus]
    if not gpus:
        return None
    cpu = resolved.cpu
    return BuildInputs(get_architecture(workload.model), weight_format(workload.weights),
                       gpus, links, workload_from_build(workload), finetune_setup_from_build(workload),
                       workload.task, cpu.cores if cpu else None)


@dataclass(frozen=True, slots=True)
class LinkCost:
    """Output tokens/s over the build's links against the same GPUs each on a full CPU link."""

    parallel: str
    tokens_per_s_actual: float
    tokens_per_s_ideal: float
    fits: bool

    @property
    def loss_tokens_per_s(self) -> float:
        return max(0.0, self.tokens_per_s_ideal - self.tokens_per_s_actual)

    @property
    def loss_fraction(self) -> float:
        if self.tokens_per_s_ideal <= 0:
            return 0.0
        return self.loss_tokens_per_s / self.tokens_per_s_ideal


def interconnect_penalty(workload: Workload, gpus: list[GpuSpec], links_actual: list[GpuLink],
                         links_ideal: list[GpuLink] | None = None) -> LinkCost:
    """What the links cost ``workload`` (a build's Workload) on ``gpus``.

    ``links_ideal`` defaults to every GPU on its own full-width CPU link. Uses the first
    ``workload.gpus`` GPUs when set. Raises ValueError for an unknown model or format, or a
    layout the GPUs cannot run (tensor parallel over a count that does not divide the heads).
    """
    count = workload.gpus or len(gpus)
    gpus, links_actual = gpus[:count], links_actual[:count]
    ideal = (links_ideal or [GpuLink(g.pcie_gbps) for g in gpus])[:count]
    arch = get_architecture(workload.model)
    fmt = weight_format(workload.weights)
    serving = workload_from_build(workload)
    actual = estimate_inference(arch, fmt, gpus, serving, links_actual)
    best = estimate_inference(arch, fmt, gpus, serving, ideal)
    if actual.throughput is None or best.throughput is None:
        return LinkCost(serving.parallel, 0.0, 0.0, fits=False)
    return LinkCost(serving.parallel, actual.throughput.output_tokens_per_s.value,
                    best.throughput.output_tokens_per_s.value, fits=True)


def link_cost_for_build(resolved: ResolvedBuild) -> LinkCost | None:
    """``interconnect_penalty`` for a build's own workload, GPUs and links; None without them."""
    workload = resolved.build.workload
    if workload is None:
        return None
    gpus, links = gpus_from_build(resolved)
    if len(gpus) < 2:
        return None
    return interconnect_penalty(workload, gpus, links)
