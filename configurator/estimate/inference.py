"""Will this model run on these GPUs, and how fast: the inference estimate.

Layouts (``parallel``):
- ``replicas``: the fewest GPUs that hold the model form one instance (pipeline parallel inside
  it when that takes more than one); the other GPUs run copies behind a load balancer. Copies
  share one host: each engine's per-step host work slows when the engines want more busy
  threads than the host has cores, and their sum bends under what the host's cores can stream
  through API servers and the balancer.
- ``pp``: one instance, one pipeline stage per GPU.
- ``tp``: one instance, every matrix split across all GPUs.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property

from configurator.estimate import engine
from configurator.estimate.architectures import Architecture
from configurator.estimate.calibration import NOMINAL, OPTIMISTIC, PESSIMISTIC
from configurator.estimate.formats import WeightFormat, kv_cache_bytes
from configurator.estimate.gpu import GB, GpuSpec
from configurator.estimate.interconnect import GpuLink, GroupLinks, group_links
from configurator.estimate.local_calibration import LocalFactor, gpu_key, local_factors
from configurator.estimate.placement import Stage, place
from configurator.estimate.speculative import WORDS as SPECULATIVE_WORDS
from configurator.estimate.speculative import Draft, draft_for
from configurator.estimate.throughput import InstanceModel, Speed, soft_min
from configurator.estimate.vram import GpuMemory, kv_capacity, sequences_that_fit, stage_memory

PARALLEL_MODES = ("replicas", "pp", "tp")
CONSTANT_SETS = (NOMINAL, PESSIMISTIC, OPTIMISTIC)


@dataclass(frozen=True, slots=True)
class InferenceWorkload:
    context: int = 8192  # longest request the server accepts (max-model-len)
    concurrency: int = 1
    input_tokens: int = 1000
    output_tokens: int = 1000
    kv_cache: str = "bf16"
    parallel: str = "replicas"
    mem_util: float = 0.90
    shared_prefix_tokens: int = 0  # prompt tokens every request shares (prefix caching)
    speculative: str = "none"  # none, mtp, eagle, ngram
    draft_tokens: int = 0  # 0: the method's default
    acceptance_length: float = 0.0  # mean tokens per step per request; 0: the method's default

    def check(self, arch: Architecture, fmt: WeightFormat | None = None) -> None:
        for name in ("context", "concurrency", "input_tokens", "output_tokens"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name.replace('_', ' ')} must be at least 1")
        if not 0 <= self.shared_prefix_tokens < self.input_tokens:
            raise ValueError("shared prefix tokens must be at least 0 and fewer than the input tokens")
        self.draft(arch)
        if not 0.1 < self.mem_util <= 1.0:
            raise ValueError("memory utilization must be between 0.1 and 1.0")
        if self.parallel not in PARALLEL_MODES:
            raise ValueError(f"parallel must be one of {', '.join(PARALLEL_MODES)}")
        kv_cache_bytes(self.kv_cache)
        if fmt is not None and fmt.experts_only and not arch.is_moe:
            raise ValueError(f"{fmt.label} quantizes only the experts of a mixture-of-experts model; "
                             f"{arch.name} has none, so its weights would stay BF16")
        if self.context > arch.max_context_tokens:
            raise ValueError(
                f"context {self.context:,} exceeds {arch.name}'s maximum of {arch.max_context_tokens:,}"
            )
        if self.input_tokens + self.output_tokens > self.context:
            raise ValueError(
                f"input + output tokens ({self.input_tokens + self.output_tokens:,}) exceed the "
                f"context ({self.context:,})"
            )

    def draft(self, arch: Architecture) -> Draft | None:
        return draft_for(arch, self.speculative, self.draft_tokens, self.acceptance_length)


@dataclass(frozen=True, slots=True)
class Range:
    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Throughput:
    output_tokens_per_s: Range
    decode_tokens_per_s: Range
    prefill_tokens_per_s: Range
    per_user_tokens_per_s: Range
    ttft_s: Range
    decode_step_ms: Range
    running_requests: int
    bottleneck: str

    def to_json(self) -> dict:
        out: dict = {}
        for name in ("output_tokens_per_s", "decode_step_ms", "decode_tokens_per_s",
                     "prefill_tokens_per_s", "ttft_s", "per_user_tokens_per_s"):
            r: Range = getattr(self, name)
            digits = 3 if name == "ttft_s" else 1
            out[name] = round(r.value, digits)
            out[f"{name}_low"] = round(r.low, digits)
            out[f"{name}_high"] = round(r.high, digits)
        out["running_requests"] = self.running_requests
        out["bottleneck"] = self.bottleneck
        return out


@dataclass(frozen=True, slots=True)
class Instance:
    """One serving engine: its GPUs (stage-major), stages and memory."""

    gpu_indices: tuple[int, ...]
    tensor: int
    stages: list[Stage]
    memory: list[GpuMemory]
    links: GroupLinks | None
    prefix: float = 0.0  # shared prompt tokens, cached once

    @property
    def fits(self) -> bool:
        return all(m.free_bytes >= 0 for m in self.memory)

    @property
    def lead_gpu(self) -> GpuSpec:
        return self.stages[0].gpu


@dataclass(frozen=True)
class InferenceEstimate:
    model: Architecture
    weights: WeightFormat
    workload: InferenceWorkload
    gpus: list[GpuSpec]
    parallel: str
    instances: list[Instance]
    fits: bool
    margin_gb: float  # free budget on the tightest GPU; negative = short by this much
    max_concurrency: int
    max_context: int
    throughput: Throughput | None
    notes: list[str] = field(default_factory=list)
    calibrated_runs: int = 0  # local runs behind the efficiency factors of these GPUs

    @property
    def fullest(self) -> GpuMemory:
        """The GPU whose weights, activations and runtime take the most memory."""
        return max(self.per_gpu, key=lambda m: m.needed_bytes)

    @property
    def uncalibrated_stacks(self) -> list[str]:
        """Serving stacks of these GPUs the throughput model was not calibrated on."""
        return sorted({UNCALIBRATED_STACKS[g.vendor] for g in self.gpus if g.vendor in UNCALIBRATED_STACKS})

    @property
    def per_gpu(self) -> list[GpuMemory]:
        out = []
        for inst in self.instances:
            for mem in inst.memory:
                out.extend([mem] * inst.tensor)
        return out

    @property
    def layout(self) -> str:
        inst = self.instances[0]
        stages, tensor = len(inst.stages), inst.tensor
        if tensor > 1:
            one = f"tensor parallel over {tensor} GPUs"
        elif stages > 1:
            one = f"pipeline parallel over {stages} GPUs"
        else:
            one = "one GPU"
        if len(self.instances) > 1:
            return f"{len(self.instances)} replicas, each on {one}"
        return one

    def to_json(self) -> dict:
        from configurator.estimate.words import summary

        return {
            "model": self.model.id,
            "weights": self.weights.id,
            "kv_cache": self.workload.kv_cache,
            "context": self.workload.context,
            "concurrency": self.workload.concurrency,
            "input_tokens": self.workload.input_tokens,
            "output_tokens": self.workload.output_tokens,
            "parallel": self.parallel,
            "layout": self.layout,
            "fits": self.fits,
            "margin_gb": round(self.margin_gb, 2),
            "per_gpu": [m.to_json() for m in self.per_gpu],
            "max_concurrency": self.max_concurrency,
            "max_context": self.max_context,
            "throughput": self.throughput.to_json() if self.throughput else None,
            "shared_prefix_tokens": self.workload.shared_prefix_tokens,
            "speculative": self.workload.speculative,
            "calibrated_on_local_runs": self.calibrated_runs,
            "throughput_uncalibrated_for": self.uncalibrated_stacks,
            "summary": summary(self),
            "notes": list(self.notes),
        }


def estimate_inference(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
                       workload: InferenceWorkload,
                       links: list[GpuLink] | None = None, *, host_cores: int | None = None,
                       local_calibration: bool | dict[str, LocalFactor] = True) -> InferenceEstimate:
    """Memory fit and serving speed of ``arch`` in ``fmt`` on ``gpus``.

    ``links`` gives each GPU's effective PCIe link (same order as ``gpus``); by default every
    GPU sits on its own PCIe 5.0 x16 link to the CPU. ``host_cores`` is the serving host's CPU
    cores (default: a 32-core server). With ``local_calibration`` the efficiency factors fitted
    to the store's own measured runs apply to the GPU models they were measured on (or the
    factors given, by GPU model).
    """
    return _checked_prepare(arch, fmt, gpus, workload, links, host_cores, local_calibration).estimate()


def estimate_fit(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
                 workload: InferenceWorkload, links: list[GpuLink] | None = None, *,
                 host_cores: int | None = None,
                 local_calibration: bool | dict[str, LocalFactor] = True) -> tuple[bool, int]:
    """``estimate_inference``'s ``fits`` and ``max_concurrency`` alone, without the speeds: for
    trying many changes and estimating only those that do what was missing."""
    return _checked_prepare(arch, fmt, gpus, workload, links, host_cores, local_calibration).fit


def _checked_prepare(arch, fmt, gpus, workload, links, host_cores, local_calibration):
    """The prepared estimate for these inputs, once they are checked."""
    workload.check(arch, fmt)
    if not gpus:
        raise ValueError("no GPUs given")
    links = links or [GpuLink()] * len(gpus)
    if len(links) != len(gpus):
        raise ValueError("give one link per GPU")
    return _prepare(arch, fmt, gpus, workload, links, _host(host_cores), _factors(local_calibration))


def concurrency_curve(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
                      workload: InferenceWorkload, links: list[GpuLink] | None = None,
                      points: int = 200, max_concurrency: int | None = None, *,
                      host_cores: int | None = None,
                      local_calibration: bool | dict[str, LocalFactor] = True,
                      ) -> list[tuple[int, float, float, float]]:
    """Output tokens/s (value, low, high) against concurrency, from 1 to ``max_concurrency``.

    The default range runs to twice the concurrency the cache holds at the workload's lengths.
    """
    workload.check(arch, fmt)
    links = links or [GpuLink()] * len(gpus)
    prepared = _prepare(arch, fmt, gpus, workload, links, _host(host_cores), _factors(local_calibration))
    if not all(inst.fits for inst in prepared.instances):
        return []
    server = prepared.server()
    top = max_concurrency or max(2, 2 * server.kv_limit_total())
    steps = sorted({max(1, round(1 + i * (top - 1) / max(points - 1, 1))) for i in range(points)})
    curve = []
    for concurrency in steps:
        values = [server.output_tps(concurrency, n) for n in range(3)]
        curve.append((concurrency, values[0], values[1], values[2]))
    return curve


def _factors(local_calibration: bool | dict[str, LocalFactor]) -> dict[str, LocalFactor]:
    if local_calibration is True:
        return local_factors()
    return dict(local_calibration or {})


def _host(cores: int | None) -> int:
    if cores is not None and cores < 1:
        raise ValueError("host CPU cores must be at least 1")
    return cores or engine.DEFAULT_HOST_CORES


class _Prepared:
    """The instances of one set of inputs and, made on first use, their step models and the
    estimate (read, never changed, by whoever asks)."""

    def __init__(self, arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
                 workload: InferenceWorkload, links: list[GpuLink], host_cores: int,
                 factors: dict[str, LocalFactor]):
        self.arch, self.fmt, self.gpus, self.workload, self.links = arch, fmt, gpus, workload, links
        self.host_cores, self.factors = host_cores, factors
        self.instances = _instances(arch, fmt, gpus, links, workload)
        self._server: _Server | None = None
        self._estimate: InferenceEstimate | None = None

    def server(self) -> _Server:
        if self._server is None:
            self._server = _Server(self.arch, self.fmt, self.instances, self.workload, self.links,
                                   self.host_cores, self.factors)
        return self._server

    @cached_property
    def fit(self) -> tuple[bool, int]:
        """Whether the model fits at the full context, and how many requests at it fit at once."""
        arch, instances, context = self.arch, self.instances, self.workload.context
        seqs_at_context = [_seqs_at(arch, inst, context) for inst in instances]
        fits = all(inst.fits for inst in instances) and min(seqs_at_context) >= 1
        caps = [engine.max_num_seqs(inst.lead_gpu) for inst in instances]
        max_concurrency = sum(min(math.floor(s), c) for s, c in zip(seqs_at_context, caps, strict=True))
        return fits, max(0, max_concurrency)

    def estimate(self) -> InferenceEstimate:
        if self._estimate is None:
            self._estimate = _evaluate(self.arch, self.fmt, self.gpus, self.workload, self)
        return self._estimate


KEPT_PREPARED = 32
_kept: OrderedDict[tuple, _Prepared] = OrderedDict()
_kept_lock = threading.Lock()


def _prepare(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec], workload: InferenceWorkload,
             links: list[GpuLink], host_cores: int, factors: dict[str, LocalFactor]) -> _Prepared:
    """Kept for the last few inputs: an estimate, its curve and the workload check of the same
    build ask for the same instances, and the speeds their server works out serve them all."""
    key = (id(arch), fmt, tuple(gpus), tuple(links), workload, host_cores, tuple(sorted(factors.items())))
    with _kept_lock:  # the recommender estimates on its own thread
        prepared = _kept.get(key)
        if prepared is not None and prepared.arch is arch:  # the same model, not one at a reused id
            _kept.move_to_end(key)
            return prepared
    prepared = _Prepared(arch, fmt, gpus, workload, links, host_cores, factors)
    with _kept_lock:
        _kept[key] = prepared
        if len(_kept) > KEPT_PREPARED:
            _kept.popitem(last=False)
    return prepared


# --- layout -------------------------------------------------------------------------------------


def plan_layout(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
                workload: InferenceWorkload, links: list[GpuLink] | None = None) -> str | None:
    """How one copy of the model spreads over the GPUs when it needs several of them
    ("pipeline parallel over 2 GPUs"); None when every GPU holds a whole copy. Memory
    placement only, no throughput: cheap enough for a compatibility check."""
    workload.check(arch, fmt)
    instances = _instances(arch, fmt, gpus, links or [GpuLink()] * len(gpus), workload)
    inst = instances[0]
    if inst.tensor > 1:
        return f"tensor parallel over {inst.tensor} GPUs"
    if len(inst.stages) > 1:
        return f"pipeline parallel over {len(inst.stages)} GPUs"
    return None


def _instances(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec], links: list[GpuLink],
               workload: InferenceWorkload) -> list[Instance]:
    count = len(gpus)
    if workload.parallel == "tp":
        if count > 1 and (arch.attention_heads % count or (
                arch.attention == "gqa" and arch.kv_heads % count and count % arch.kv_heads)):
            raise ValueError(
                f"tensor parallel needs the GPU count to divide the {arch.attention_heads} "
                f"attention heads and {arch.kv_heads} KV heads; {count} does not"
            )
        return [_instance(arch, fmt, gpus, links, tuple(range(count)), 1, count, workload)]
    if workload.parallel == "pp":
        if count > arch.layers:
            raise ValueError(f"pipeline parallel needs at most {arch.layers} GPUs (one per layer)")
        return [_instance(arch, fmt, gpus, links, tuple(range(count)), count, 1, workload)]
    for size in range(1, count + 1):
        first = _instance(arch, fmt, gpus, links, tuple(range(size)), size, 1, workload)
        if first.fits and _seqs_at(arch, first, workload.context) >= 1:
            break
    replicas = count // size
    out = [first]
    same = ([gpus[i] for i in first.gpu_indices], [links[i] for i in first.gpu_indices])
    for r in range(1, replicas):
        indices = tuple(range(r * size, (r + 1) * size))
        if ([gpus[i] for i in indices], [links[i] for i in indices]) == same:
            out.append(replace(first, gpu_indices=indices))  # equal GPUs and links: laid out alike
        else:
            out.append(_instance(arch, fmt, gpus, links, indices, size, 1, workload))
    return out


def _instance(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec], links: list[GpuLink],
              indices: tuple[int, ...], pipeline: int, tensor: int,
              workload: InferenceWorkload) -> Instance:
    members = [gpus[i] for i in indices]
    stage_gpus = [_slowest(members[s * tensor:(s + 1) * tensor]) for s in range(pipeline)]
    stages = place(arch, fmt, kv_cache_bytes(workload.kv_cache), stage_gpus, tensor, workload.draft(arch))
    memory = stage_memory(arch, stages, tensor, workload.mem_util)
    path = group_links(members, [links[i] for i in indices], NOMINAL) if len(indices) > 1 else None
    return Instance(indices, tensor, stages, memory, path, float(workload.shared_prefix_tokens))


def _slowest(gpus: list[GpuSpec]) -> GpuSpec:
    return min(gpus, key=lambda g: (g.vram_bytes, g.bandwidth_gbps))


def _seqs_at(arch: Architecture, inst: Instance, context: float) -> float:
    return sequences_that_fit(arch, inst.stages, inst.memory, context, inst.prefix)


# --- evaluation ---------------------------------------------------------------------------------


class _Server:
    """The instances with their step models for the three constant sets."""

    def __init__(self, arch: Architecture, fmt: WeightFormat, instances: list[Instance],
                 workload: InferenceWorkload, links: list[GpuLink], host_cores: int,
                 factors: dict[str, LocalFactor]):
        self.arch = arch
        self.workload = workload
        self.instances = instances
        self.host_cores = host_cores
        self._speeds: dict[tuple, Speed] = {}
        gpus_each = len(instances[0].gpu_indices)
        spare = max(1.0, host_cores - len(instances) * engine.engine_threads(gpus_each))
        self.ceilings = [spare * k.host_core_tps for k in CONSTANT_SETS]
        host = engine.host_factor(len(instances), gpus_each, host_cores)
        self.calibrated_runs = max((factors[gpu_key(s.gpu)].runs for inst in instances
                                    for s in inst.stages if gpu_key(s.gpu) in factors), default=0)
        self.models: list[list[InstanceModel]] = []
        self.pp_links: list[list[GroupLinks | None]] = []
        held = engine.held_tokens(workload.input_tokens, workload.output_tokens)
        self.kv_limits = [math.floor(_seqs_at(arch, inst, held)) for inst in instances]
        self.seq_caps = [engine.max_num_seqs(inst.lead_gpu) for inst in instances]
        # Copies on equal GPUs over equal links run at equal speeds: each is modelled once.
        firsts: dict[tuple, int] = {}
        self.twin: list[int] = []
        for n, inst in enumerate(instances):
            per_links = []
            for k in CONSTANT_SETS:
                path = None
                if len(inst.gpu_indices) > 1:
                    members = [s.gpu for s in inst.stages]
                    path = group_links(members, [links[i] for i in inst.gpu_indices], k)
                per_links.append(path)
            self.pp_links.append(per_links)
            twin = firsts.setdefault((tuple(inst.stages), inst.tensor, inst.prefix, tuple(per_links)), n)
            self.twin.append(twin)
            if twin != n:
                self.models.append(self.models[twin])
                continue
            batch = engine.max_num_batched_tokens(inst.lead_gpu)
            gpu_factors = {key: f.factor for key, f in factors.items()}
            self.models.append([InstanceModel(arch, fmt, inst.stages, inst.tensor, path, k, batch, host,
                                              inst.prefix, gpu_factors)
                                for k, path in zip(CONSTANT_SETS, per_links, strict=True)])

    def kv_limit_total(self) -> int:
        return sum(min(kv, cap) for kv, cap in zip(self.kv_limits, self.seq_caps, strict=True))

    def shares(self, concurrency: int) -> list[int]:
        n = len(self.instances)
        return [concurrency // n + (1 if i < concurrency % n else 0) for i in range(n)]

    def speeds(self, concurrency: int, which: int, context: float | None = None) -> list[Speed]:
        w = self.workload
        out = []
        for i, share in enumerate(self.shares(concurrency)):
            if share == 0:
                continue
            if context is None:
                running = max(1, min(share, self.kv_limits[i], self.seq_caps[i]))
            else:
                fit = math.floor(_seqs_at(self.arch, self.instances[i], context))
                running = max(1, min(share, fit, self.seq_caps[i]))
            twin = self.twin[i]
            key = (twin, which, running, context)
            speed = self._speeds.get(key)
            if speed is None:
                # past the cache's limit more users only queue: the same step, worked out once
                speed = self.models[twin][which].speed(running, w.input_tokens, w.output_tokens,
                                                       self.pp_links[twin][which], context)
                self._speeds[key] = speed
            out.append(speed)
        return out

    def output_tps(self, concurrency: int, which: int) -> float:
        total = sum(s.output_tokens_per_s for s in self.speeds(concurrency, which))
        if len(self.instances) > 1:
            total = soft_min(total, self.ceilings[which])
        return total


def _evaluate(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec],
              workload: InferenceWorkload, prepared: _Prepared) -> InferenceEstimate:
    instances = prepared.instances
    memory = [m for inst in instances for m in inst.memory]
    margin = min(m.free_bytes for m in memory) / GB
    fits, max_concurrency = prepared.fit
    per_instance_users = max(1, math.ceil(workload.concurrency / len(instances)))
    max_context = longest_context(arch, instances, per_instance_users)
    notes = _notes(arch, fmt, gpus, instances, workload)
    server = prepared.server() if fits else None
    throughput = _throughput(server) if server else None
    return InferenceEstimate(
        model=arch, weights=fmt, workload=workload, gpus=gpus, parallel=workload.parallel,
        instances=instances, fits=fits, margin_gb=margin, max_concurrency=max_concurrency,
        max_context=max_context, throughput=throughput, notes=notes,
        calibrated_runs=server.calibrated_runs if server else 0,
    )


def longest_context(arch: Architecture, instances: list[Instance], users: int) -> int:
    """The longest context ``users`` requests on every instance can hold at once. Copies on
    equal GPUs hold equal contexts: each is searched once."""
    distinct = {(tuple(inst.stages), tuple(inst.memory), inst.prefix): inst for inst in instances}
    return min(max_context_for(arch, inst, users) for inst in distinct.values())


def max_context_for(arch: Architecture, inst: Instance, users: int) -> int:
    """Longest context every one of ``users`` requests can hold at once (0 if none)."""
    if not inst.fits:
        return 0
    seqs_at = kv_capacity(arch, inst.stages, inst.memory, inst.prefix)
    if seqs_at(1) < users:
        return 0
    low, high = 1, arch.max_context_tokens
    if seqs_at(high) >= users:
        return high
    while high - low > 1:
        mid = (low + high) // 2
        if seqs_at(mid) >= users:
            low = mid
        else:
            high = mid
    return low


def _throughput(server: _Server) -> Throughput:
    workload = server.workload
    concurrency = workload.concurrency
    results = []
    for which in range(3):
        speeds = server.speeds(concurrency, which)
        output = server.output_tps(concurrency, which)
        at_context = server.speeds(concurrency, which, float(workload.context))
        decode = sum(s.running * s.tokens_per_step / s.decode_step_s for s in at_context)
        prefill = sum(s.prefill_tokens_per_s for s in speeds)
        lead = speeds[0]
        share = server.shares(concurrency)[0]
        service = lead.prefill_latency_s + workload.output_tokens / lead.tokens_per_step * lead.step_s
        wait = service * max(0.0, share - lead.running) / lead.running
        results.append((output, decode, prefill, lead.tokens_per_step / lead.step_s,
                        lead.prefill_latency_s + wait, lead.decode_step_s * 1000))
    nominal, pessimistic, optimistic = results

    def rng(i: int, lower_is_better: bool = False) -> Range:
        lo, hi = pessimistic[i], optimistic[i]
        if lower_is_better:
            lo, hi = hi, lo
        return Range(nominal[i], min(lo, hi, nominal[i]), max(lo, hi, nominal[i]))

    speeds = server.speeds(concurrency, 0)
    running = sum(int(s.running) for s in speeds)
    return Throughput(
        output_tokens_per_s=rng(0),
        decode_tokens_per_s=rng(1),
        prefill_tokens_per_s=rng(2),
        per_user_tokens_per_s=rng(3),
        ttft_s=rng(4, lower_is_better=True),
        decode_step_ms=rng(5, lower_is_better=True),
        running_requests=running,
        bottleneck=_bottleneck(server, speeds, concurrency, nominal[0]),
    )


def _bottleneck(server: _Server, speeds: list[Speed], concurrency: int, output: float) -> str:
    if len(server.instances) > 1:
        linear = sum(s.output_tokens_per_s for s in speeds)
        if output < 0.85 * linear:
            return "scheduler"
    shares = server.shares(concurrency)
    for i, s in enumerate(speeds):
        if s.running < min(shares[i], server.seq_caps[i]) and server.kv_limits[i] < shares[i]:
            return "vram-limited-batch"
    parts = speeds[0].parts
    label = max(
        (("memory-bandwidth", parts.memory), ("compute", parts.compute),
         ("interconnect", parts.interconnect), ("scheduler", parts.overhead)),
        key=lambda item: item[1],
    )
    return label[0]


# The throughput model's efficiencies are fitted to vLLM on NVIDIA GPUs; on other vendors'
# stacks the memory fit holds but the speed is the same model, not a measurement.
UNCALIBRATED_STACKS = {"amd": "AMD ROCm", "intel": "Intel oneAPI / XPU"}


def _notes(arch: Architecture, fmt: WeightFormat, gpus: list[GpuSpec], instances: list[Instance],
           workload: InferenceWorkload) -> list[str]:
    notes = []
    stacks = sorted({UNCALIBRATED_STACKS[g.vendor] for g in gpus if g.vendor in UNCALIBRATED_STACKS})
    if stacks:
        notes.append(f"throughput uncalibrated for {' and '.join(stacks)}: the speed model is fitted "
                     "to vLLM on NVIDIA GPUs; the memory fit holds, the tokens/s are not measured")
    used = sum(len(inst.gpu_indices) for inst in instances)
    if used < len(gpus):
        notes.append(f"{len(gpus) - used} GPU(s) left idle: the copies need "
                     f"{len(instances[0].gpu_indices)} GPU(s) each")
    for inst in instances:
        path = inst.links
        if path is None:
            continue
        if inst.tensor > 1 and path.host_staged:
            notes.append("these GPUs have no PCIe peer-to-peer: tensor-parallel all-reduces go "
                         "through host memory")
        if path.through_chipset:
            notes.append("a GPU sits behind the chipset: GPU-to-GPU traffic shares its x4 uplink")
        break
    draft = workload.draft(arch)
    if draft is not None:
        notes.append(f"speculative decoding ({SPECULATIVE_WORDS[draft.method]}): {draft.tokens} draft "
                     f"token(s) per step, {draft.acceptance:g} accepted on average")
    if workload.shared_prefix_tokens:
        notes.append(f"the {workload.shared_prefix_tokens:,}-token shared prefix is cached once and "
                     "not prefilled again")
    kept = [m.replace("_", " ") for m in arch.unquantized.get(fmt.id, []) if m != "router"]
    if kept:
        notes.append(f"{arch.name} checkpoints in {fmt.label} keep {', '.join(kept)} in 16-bit")
    if arch.native_format != "bf16" and fmt.id == "bf16":
        notes.append(f"{arch.name} is released in {arch.native_format.upper()}; BF16 weights "
                     "mean a converted checkpoint")
    return notes
