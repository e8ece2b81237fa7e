"""LANE-WORKLOAD-LINK: what a slow GPU link costs the workload the customer asked about."""

from __future__ import annotations

from configurator.estimate import (
    GpuLink,
    build_inputs,
    finetune_setup_from_build,
    get_architecture,
    gpus_from_build,
    link_cost_for_build,
)
from configurator.estimate.finetune import METHOD_NAMES, SHARDING_WORDS, training_step
from configurator.estimate.inference import plan_layout
from configurator.estimate.placement import copy_weight_bytes
from configurator.graph import link_gbps
from configurator.rules._common import CheckContext, Finding, Fix, Rule, slot_node

SLOW_GBPS = link_gbps(4, 8)
CPU_X16_GBPS = link_gbps(5, 16)
PARALLEL_WORDS = {"tp": "tensor parallel", "pp": "pipeline parallel", "replicas": "independent replicas"}
TRAINING_SLOWDOWN_WARN = 1.10


class WorkloadLink(Rule):
    """Weigh a chipset-fed or narrow GPU link against the build's workload.

    What it checks: when the build carries a workload and runs on two or more GPUs, and a GPU
    sits on a chipset-fed link or one slower than PCIe 4.0 x8, the estimated output tokens/s
    over the real links against the same GPUs each on a full CPU link.
    Why it matters: tensor parallel runs an all-reduce over PCIe in every layer, so a slow
    link throttles every token (a warning, with its cost); pipeline stages and replicas pass
    little data between GPUs and barely notice (info, with its cost). Fine-tuning across the
    GPUs exchanges gradients (data parallel) or weights and gradients (FSDP) every step: a
    warning when the link stretches the step by 10 % or more, with the step times.
    Fix: a board that puts every GPU on CPU lanes, or pipeline parallel instead of tensor
    parallel.
    """

    code = "LANE-WORKLOAD-LINK"
    name = "lanes.workload_link"
    severity = "warning"
    reads = {
        "motherboard": ("pcie_slots", "sharing"),
        "gpu": ("pcie_gen", "pcie_lanes", "vram_gb", "bandwidth_gbps"),
    }

    def check(self, ctx: CheckContext) -> list[Finding]:
        workload = ctx.resolved.build.workload
        if workload is None:
            return []
        slow = [link for link in ctx.links if link.kind == "gpu" and not link.disabled
                and (link.source == "chipset" or link.gbps + 1e-6 < SLOW_GBPS)]
        if not slow:
            return []
        worst = min(slow, key=lambda link: link.gbps)
        unit = next(u for u in ctx.resolved.gpus if u.key == worst.unit)
        if workload.task == "finetune":
            return self._training_cost(ctx, workload, worst, unit)
        inputs = _inputs(ctx)
        layout = _spanning_layout(inputs)
        if workload.parallel == "replicas" and layout is None:
            return [self._replica_note(ctx, workload, worst, unit, inputs)]
        try:
            cost = link_cost_for_build(ctx.resolved)
        except ValueError:
            return []
        if cost is None or not cost.fits:
            return []
        # A model too large for one GPU runs split across them even when replicas were asked for.
        mode = layout or PARALLEL_WORDS.get(cost.parallel, cost.parallel)
        model_name = get_architecture(workload.model).name
        message = (
            f"{model_name} with {mode} over the {worst.slot} link (PCIe {worst.gen}.0 "
            f"x{worst.width}, ~{worst.gbps:.1f} GB/s{', chipset-fed' if worst.source == 'chipset' else ''}): "
            f"~{cost.tokens_per_s_actual:,.0f} output tokens/s instead of "
            f"~{cost.tokens_per_s_ideal:,.0f} with every GPU on a CPU x16 link "
            f"({100 * cost.loss_fraction:.0f} % less)"
        )
        severity = "warning" if cost.parallel == "tp" and cost.loss_fraction >= 0.05 else "info"
        fixes = []
        if cost.parallel == "tp":
            fixes.append(Fix("Serve with pipeline parallel across the GPUs instead of tensor "
                             "parallel: stages pass only activations over the link"))
        return [self.finding(
            message, severity=severity,
            parts=[unit.part.id, ctx.resolved.motherboard.id],
            chain=[slot_node(worst.slot), unit.key], fixes=fixes,
        )]

    def _replica_note(self, ctx: CheckContext, workload, worst, unit, inputs) -> Finding:
        """Replicas exchange nothing over the link; only loading the weights takes longer."""
        arch = inputs.arch if inputs is not None else None
        load = ""
        if inputs is not None:
            weights_gb = copy_weight_bytes(inputs.arch, inputs.fmt, inputs.gpus[0]) / 1e9
            load = (f"; loading ~{weights_gb:.0f} GB of weights onto it takes "
                    f"~{weights_gb / worst.gbps:.1f} s instead of ~{weights_gb / CPU_X16_GBPS:.1f} s")
        return self.finding(
            f"{arch.name if arch else workload.model} as independent replicas: the GPU in "
            f"{worst.slot} (PCIe {worst.gen}.0 x{worst.width}, ~{worst.gbps:.1f} GB/s) serves on its "
            f"own, so the link costs no tokens/s once running{load}",
            severity="info", parts=[unit.part.id, ctx.resolved.motherboard.id],
            chain=[slot_node(worst.slot), unit.key])

    def _training_cost(self, ctx: CheckContext, workload, worst, unit) -> list[Finding]:
        gpus, links = gpus_from_build(ctx.resolved)
        count = workload.gpus or len(gpus)
        gpus, links = gpus[:count], links[:count]
        if len(gpus) < 2:
            return []
        try:
            arch = get_architecture(workload.model)
            setup = finetune_setup_from_build(workload)
            actual = training_step(arch, gpus, setup, links)
            ideal = training_step(arch, gpus, setup, [GpuLink(g.pcie_gbps) for g in gpus])
        except ValueError:
            return []
        slowdown = actual.step_s / ideal.step_s
        message = (
            f"{METHOD_NAMES[setup.method]} of {arch.name} with {SHARDING_WORDS[setup.sharding]} "
            f"across {len(gpus)} GPUs sends ~{actual.comm_bytes / 1e9:,.1f} GB per GPU every step; "
            f"over the {worst.slot} link (PCIe {worst.gen}.0 x{worst.width}, ~{worst.gbps:.1f} GB/s"
            f"{', chipset-fed' if worst.source == 'chipset' else ''}) a step takes "
            f"~{actual.step_s:,.2f} s instead of ~{ideal.step_s:,.2f} s with every GPU on a CPU "
            f"x16 link ({slowdown:,.1f}x)"
        )
        fixes = [] if setup.sharding == "ddp" or setup.method == "full" else [
            Fix("Train the adapters with data parallel instead of FSDP: only the adapter "
                "gradients cross the link (each GPU then holds the whole base model)")]
        return [self.finding(
            message, severity="warning" if slowdown >= TRAINING_SLOWDOWN_WARN else "info",
            parts=[unit.part.id, ctx.resolved.motherboard.id],
            chain=[slot_node(worst.slot), unit.key], fixes=fixes,
        )]


def _inputs(ctx: CheckContext):
    try:
        return build_inputs(ctx.resolved)
    except ValueError:
        return None


def _spanning_layout(inputs) -> str | None:
    """The layout when one copy of the model needs several GPUs, whatever was asked for."""
    if inputs is None:
        return None
    try:
        return plan_layout(inputs.arch, inputs.fmt, inputs.gpus, inputs.serving, inputs.links)
    except ValueError:
        return None
