"""Speed of one serving instance: a roofline per engine step, stage by stage.

One decode step of a micro-batch on one stage costs
- GEMMs: the weights it reads (all dense weights; of a MoE layer only the experts the batch's
  tokens touch, E·(1-(1-k/E)^tokens)) against the FLOPs of its tokens, combined as a soft
  roofline ((mem^p + flops^p)^(1/p)) because kernels near the ridge reach neither peak;
- attention: the KV cache its sequences hold, against the attention FLOPs (MLA's wide heads
  make this compute-heavy);
- tensor parallel: two all-reduces of the step's activations per layer over the real link;
- a fixed cost per kernel launched: a dense layer launches about 9 kernels, a MoE layer about
  16 (router, top-k, align/permute, two grouped GEMMs, activation, un-permute and sum), plus 3
  for shared experts.
Pipeline parallel runs up to ``pipeline`` micro-batches at once: a cycle lasts as long as the
slowest stage times the micro-batches in flight, or one trip through every stage (plus the
activation sends between stages) when there are too few requests to fill the pipeline; every
micro-batch is also one engine step on the host (scheduling, input preparation, sampling:
a per-step and a per-request cost), which the GPUs wait for, so the host steps add to the
cycle. ``host_factor`` stretches the host work when several engines share too few CPU cores.

Prefix caching: the first ``prefix`` tokens of every prompt are one shared block chain, read
once per step (cascade attention) and never prefilled again. Speculative decoding (see
``speculative``): the target verifies ``tokens + 1`` positions per sequence per step and the
draft runs ``tokens`` passes; ``acceptance`` tokens come out per sequence per step.

Prompts are prefilled in chunks mixed into decode steps (chunked prefill); each chunk adds what
its extra tokens cost on top of the decode step it rides. With ``output`` tokens per request,
N running requests start N/output prompts per step on average.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from configurator.estimate import engine
from configurator.estimate.architectures import Architecture
from configurator.estimate.calibration import Constants
from configurator.estimate.formats import WeightFormat
from configurator.estimate.gpu import GB
from configurator.estimate.interconnect import GroupLinks, all_reduce_s, send_s
from configurator.estimate.local_calibration import gpu_key
from configurator.estimate.placement import Stage, cached_layer_tokens

TERA = 1e12
ACTIVATION_BYTES = 2.0


@dataclass(slots=True)
class StepTime:
    """Seconds of one step, by what bounds them."""

    memory: float = 0.0
    compute: float = 0.0
    interconnect: float = 0.0
    overhead: float = 0.0

    @property
    def total(self) -> float:
        return self.memory + self.compute + self.interconnect + self.overhead

    def add(self, other: StepTime, scale: float = 1.0) -> None:
        self.memory += other.memory * scale
        self.compute += other.compute * scale
        self.interconnect += other.interconnect * scale
        self.overhead += other.overhead * scale

    def scaled(self, factor: float) -> StepTime:
        return StepTime(self.memory * factor, self.compute * factor,
                        self.interconnect * factor, self.overhead * factor)


class Speed(NamedTuple):
    """Steady state of one instance serving ``running`` requests. A NamedTuple, not a
    dataclass: a curve makes a hundred of these per estimate."""

    running: float
    output_tokens_per_s: float
    step_s: float  # average engine step, prefill share included
    decode_step_s: float  # a pure decode step
    prefill_tokens_per_s: float
    prefill_latency_s: float  # one prompt, without queueing
    parts: StepTime
    tokens_per_step: float = 1.0  # per request: above 1 with speculative decoding


class _StageRates:
    __slots__ = ("stage", "weight_bw", "kv_bw", "flops", "attention_flops", "layer_s")

    def __init__(self, stage: Stage, fmt: WeightFormat, k: Constants, shared_experts: bool,
                 factor: float = 1.0):
        gpu = stage.gpu
        self.stage = stage
        # ``factor``: the store's local efficiency factor for this GPU model (1 = none)
        self.weight_bw = gpu.bandwidth_gbps * GB * k.bandwidth_efficiency(gpu.memory) * factor
        self.kv_bw = self.weight_bw * k.kv_read_efficiency
        efficiency = k.compute_efficiency(fmt.kernel, gpu.memory)
        self.flops = gpu.tensor_tflops(fmt.compute) * TERA * efficiency * factor
        self.attention_flops = gpu.bf16_tflops * TERA * k.attention_compute_efficiency * factor
        self.layer_s = k.kernel_launch_s * layer_kernels(stage.layers, stage.moe_layers, shared_experts) / factor


def layer_kernels(layers: float, moe_layers: float, shared_experts: bool) -> float:
    moe = engine.MOE_LAYER_KERNELS + (engine.SHARED_EXPERT_KERNELS if shared_experts else 0)
    return (layers - moe_layers) * engine.DENSE_LAYER_KERNELS + moe_layers * moe


class InstanceModel:
    """Step-time arithmetic for one instance, with one set of constants."""

    def __init__(self, arch: Architecture, fmt: WeightFormat, stages: list[Stage], tensor: int,
                 links: GroupLinks | None, k: Constants, batch_tokens: int,
                 host_factor: float = 1.0, prefix: float = 0.0,
                 gpu_factors: dict[str, float] | None = None):
        self.arch = arch
        self.k = k
        self.tensor = tensor
        self.links = links
        self.batch_tokens = batch_tokens
        self.host_factor = host_factor
        self.prefix = prefix
        shared = arch.shared_experts > 0
        factors = gpu_factors or {}
        self.rates = [_StageRates(s, fmt, k, shared, factors.get(gpu_key(s.gpu), 1.0)) for s in stages]
        self.pipeline = len(stages)
        self.window = arch.sliding_window_tokens
        self.hit_fraction = arch.active_experts / arch.experts if arch.is_moe else 0.0
        self.p = k.roofline_sharpness
        self.activation_row = arch.hidden_size * ACTIVATION_BYTES
        self._prefill_rates: dict[float, float] = {}
        self.draft = stages[-1].draft
        self.verify = self.draft.tokens + 1 if self.draft else 1
        self.acceptance = self.draft.acceptance if self.draft else 1.0
        self.draft_kernels = (layer_kernels(1, 1 if self.draft and self.draft.experts else 0, shared) + 1
                              if self.draft and self.draft.params else 0)

    def _experts_touched(self, tokens: float) -> float:
        experts = self.arch.experts
        if not experts or tokens <= 0:
            return 0.0
        return experts * (1.0 - (1.0 - self.hit_fraction) ** tokens)

    def _roof(self, mem: float, flops: float, out: StepTime) -> float:
        if mem <= 0 or flops <= 0:
            t = mem + flops
        else:
            p = self.p
            t = (mem**p + flops**p) ** (1.0 / p)
        if mem >= flops:
            out.memory += t
        else:
            out.compute += t
        return t

    def stage_step(self, rates: _StageRates, seqs: float, context: float, prefill: float,
                   prompt: float) -> StepTime:
        """One micro-batch of ``seqs`` decoding at ``context`` plus ``prefill`` prompt tokens
        (their attention reaching half of ``prompt`` on average)."""
        stage = rates.stage
        out = StepTime(overhead=rates.layer_s)
        queries = seqs * self.verify
        tokens = queries + prefill
        weight_bytes = stage.core_read_bytes
        if stage.moe_layers:
            weight_bytes += stage.moe_layers * self._experts_touched(tokens) * stage.expert_read_bytes
        gemm_flops = queries * stage.decode_flops_per_token + prefill * stage.prefill_flops_per_token
        self._roof(weight_bytes / rates.weight_bw, gemm_flops / rates.flops, out)
        if seqs:
            window = self.window
            cached = cached_layer_tokens(stage, context, window)
            shared = cached_layer_tokens(stage, min(self.prefix, context), window)
            read = ((cached - shared) * seqs + shared) * stage.kv_bytes_per_layer_token
            read += 2 * seqs * stage.state_bytes_per_sequence  # linear-attention state in and out
            self._roof(read / rates.kv_bw,
                       cached * queries * stage.attention_flops_per_layer_token / rates.attention_flops, out)
        if prefill:
            causal = cached_layer_tokens(stage, prompt / 2, self.window) * prefill
            out.compute += causal * stage.attention_flops_per_layer_token / rates.attention_flops
        if self.tensor > 1 and self.links is not None:
            message = tokens * self.activation_row
            out.interconnect += 2 * stage.layers * all_reduce_s(message, self.tensor, self.links)
        if seqs and stage.draft is not None and stage.draft.params:
            out.add(self._draft_passes(rates, seqs))
        return out

    def _draft_passes(self, rates: _StageRates, seqs: float) -> StepTime:
        """The draft's sequential passes, one token per sequence each."""
        stage, draft = rates.stage, rates.stage.draft
        one = StepTime(overhead=self.draft_kernels * self.k.kernel_launch_s)
        read = stage.draft_read_bytes
        if draft.experts:
            read += self._experts_touched(seqs) * stage.expert_read_bytes
        self._roof(read / rates.weight_bw, seqs * stage.draft_flops_per_token / rates.flops, one)
        if self.tensor > 1 and self.links is not None:
            one.interconnect += 2 * all_reduce_s(seqs * self.activation_row, self.tensor, self.links)
        return one.scaled(draft.tokens)

    def _sends(self, tokens: float, pp_links: GroupLinks | None) -> float:
        if self.pipeline == 1 or pp_links is None:
            return 0.0
        # hidden state and residual cross each stage boundary
        return (self.pipeline - 1) * send_s(2 * tokens * self.activation_row, pp_links)

    def _prefill_rate(self, reach: float) -> float:
        """Prefill alone: a full step budget of prompt tokens, pipelined across stages (the same
        for every batch size, so worked out once per prompt length)."""
        rate = self._prefill_rates.get(reach)
        if rate is None:
            batch = float(self.batch_tokens)
            alone = [self.stage_step(r, 0.0, 0.0, batch, reach) for r in self.rates]
            rate = batch / (max(s.total for s in alone) + self.host_step_s(0.0))
            self._prefill_rates[reach] = rate
        return rate

    def host_step_s(self, seqs: float) -> float:
        """One engine step's host work for ``seqs`` requests (scheduling, inputs, sampling)."""
        return (self.k.step_overhead_s + seqs * self.k.sequence_overhead_s) * self.host_factor

    def speed(self, running: float, input_tokens: float, output_tokens: float,
              pp_links: GroupLinks | None, context: float | None = None) -> Speed:
        """Steady state with ``running`` requests of ``input_tokens`` in, ``output_tokens`` out.

        ``context`` overrides the cache each running request holds (default: its prompt plus
        half its output, as with on-demand block allocation).
        """
        running = max(running, 1.0)
        held = context if context is not None else input_tokens + output_tokens / 2
        micro = min(float(self.pipeline), running)
        seqs = running / micro
        queries = seqs * self.verify
        stage_step = self.stage_step
        decode = [stage_step(r, seqs, held, 0.0, 0.0) for r in self.rates]
        sends = self._sends(queries, pp_links)
        # The step's parts as plain floats (memory, compute, interconnect, overhead), added in
        # StepTime's order: this runs for every point of every curve.
        totals = [s.total for s in decode]
        through = sum(totals) + sends
        slowest = decode[totals.index(max(totals))]  # the first of the slowest, as max() picks
        if micro * slowest.total >= through:
            mem, comp, link, over = (slowest.memory * micro, slowest.compute * micro,
                                     slowest.interconnect * micro, slowest.overhead * micro)
        else:
            mem = comp = link = over = 0.0
            for s in decode:
                mem += s.memory
                comp += s.compute
                link += s.interconnect
                over += s.overhead
            link += sends
        over += micro * self.host_step_s(seqs)
        decode_step = mem + comp + link + over

        # prefix-cache hits skip their prefill; the new tokens still attend to the prefix
        fresh = max(1.0, input_tokens - min(self.prefix, input_tokens - 1))
        reach = input_tokens + (input_tokens - fresh)
        chunk = min(fresh, max(self.batch_tokens - queries, self.batch_tokens / 4))
        chunks = fresh / chunk
        # What one prompt's chunks add on top of the decode steps they ride.
        e_mem = e_comp = e_link = e_over = 0.0
        for rates, base in zip(self.rates, decode, strict=True):
            with_chunk = stage_step(rates, seqs, held, chunk, reach)
            e_mem = e_mem + with_chunk.memory - base.memory
            e_comp = e_comp + with_chunk.compute - base.compute
            e_link = e_link + with_chunk.interconnect - base.interconnect
            e_over = e_over + with_chunk.overhead - base.overhead
        e_link += self._sends(chunk + queries, pp_links) - sends
        e_mem, e_comp, e_link, e_over = e_mem * chunks, e_comp * chunks, e_link * chunks, e_over * chunks
        steps_per_request = max(output_tokens / self.acceptance, 1.0)
        share = running / steps_per_request / micro
        parts = StepTime(mem + e_mem * share, comp + e_comp * share, link + e_link * share,
                         over + e_over * share)
        step = parts.total

        prefill_rate = self._prefill_rate(reach)
        latency = chunks * (decode_step + (e_mem + e_comp + e_link + e_over) / chunks)
        return Speed(running, running * self.acceptance / step, step, decode_step, prefill_rate,
                     latency, parts, self.acceptance)


def soft_min(total: float, ceiling: float, sharpness: float = 4.0) -> float:
    """``total`` bent under ``ceiling``: near-linear well below it, never above it."""
    if total <= 0:
        return 0.0
    return total * (1.0 + (total / ceiling) ** sharpness) ** (-1.0 / sharpness)
