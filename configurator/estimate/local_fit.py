"""Calibration from the store's own rig: import vLLM saved results, fit, report.

The fit moves one efficiency factor per GPU model, and only for GPU models with local runs:
the factor scales what that GPU's kernels reach of its datasheet rates (bandwidth, tensor and
attention throughput, per-kernel cost), never the physics (bytes, FLOPs, memory, links, host).
It is bounded (``FACTOR_BOUNDS``) so a wrong import cannot turn a GPU into a different one, and
chosen to minimise the squared log error of output tokens/s over that GPU's runs; with one run
the estimate then matches it unless the bound is reached.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from configurator.estimate.architectures import Architecture, get_architecture
from configurator.estimate.formats import WeightFormat, weight_format
from configurator.estimate.gpu import GpuSpec
from configurator.estimate.inference import InferenceEstimate, InferenceWorkload, estimate_inference
from configurator.estimate.interconnect import GpuLink
from configurator.estimate.local_calibration import (
    FACTOR_BOUNDS,
    LocalFactor,
    SavedResult,
    gpu_key,
    load_store,
    parse_factors,
    read_saved_result,
    save_store,
)

if TYPE_CHECKING:
    from configurator.build import ResolvedBuild

_GPU_COUNT_KEYS = ("num_gpus", "gpu_count", "gpus")
_TP_KEYS = ("tensor_parallel_size", "tp")
_PP_KEYS = ("pipeline_parallel_size", "pp")
_GPU_NAME_KEYS = ("gpu", "gpu_name", "gpu_model")
_GPU_SPEC_FIELDS = ("name", "vram_gb", "bandwidth_gbps", "bf16_tflops", "fp8_tflops", "fp4_tflops",
                    "int8_tops", "memory", "p2p", "nvlink", "part_id", "pcie_gbps")


@dataclass(frozen=True, slots=True)
class Rig:
    """What the runs were measured on, as the estimator needs it."""

    build: str  # the build's name, for the report
    arch: Architecture
    fmt: WeightFormat
    gpus: list[GpuSpec]
    links: list[GpuLink]
    host_cores: int | None
    parallel: str = "replicas"
    context: int = 8192
    kv_cache: str = "bf16"
    mem_util: float = 0.9


@dataclass(frozen=True, slots=True)
class RunReport:
    run: dict
    before: dict[str, float]
    after: dict[str, float]
    error: str = ""  # the run can no longer be estimated (its model was removed)

    def to_json(self) -> dict:
        measured = self.run["measured"]
        return {
            "id": self.run["id"], "file": self.run["file"], "build": self.run["build"],
            "model": self.run["model"], "weights": self.run["weights"], "gpus": _gpu_label(self.run),
            "concurrency": self.run["workload"]["concurrency"],
            "input_tokens": self.run["workload"]["input_tokens"],
            "output_tokens": self.run["workload"]["output_tokens"],
            "measured": measured, "estimated_before": self.before, "estimated_after": self.after,
            "error": self.error or None,
        }


def workload_for(result: SavedResult, rig: Rig) -> InferenceWorkload:
    return InferenceWorkload(
        context=max(rig.context, result.input_tokens + result.output_tokens),
        concurrency=result.concurrency, input_tokens=result.input_tokens,
        output_tokens=result.output_tokens, kv_cache=rig.kv_cache, parallel=rig.parallel,
        mem_util=rig.mem_util)


def check_matches(result: SavedResult, rig: Rig) -> None:
    """Refuse a run whose own record names another model or GPU set-up than ``rig``."""
    name = result.path.rsplit("/", 1)[-1]
    if result.model_id and not model_matches(result.model_id, rig.arch):
        raise ValueError(f"{name}: measured {result.model_id}, not {rig.arch.name} "
                         f"(--model {rig.arch.id}); import it with the model it ran")
    meta = result.metadata
    count = len(rig.gpus)
    given = _int_meta(meta, _GPU_COUNT_KEYS)
    if given is not None and given != count:
        raise ValueError(f"{name}: ran on {given} GPU(s), the build gives {count}")
    tp, pp = _int_meta(meta, _TP_KEYS) or 1, _int_meta(meta, _PP_KEYS) or 1
    if tp * pp > count:
        raise ValueError(f"{name}: tensor x pipeline parallel {tp} x {pp} needs {tp * pp} GPUs, "
                         f"the build gives {count}")
    if tp > 1 and rig.parallel != "tp":
        raise ValueError(f"{name}: ran tensor parallel over {tp} GPUs; import it with --parallel tp")
    if pp > 1 and rig.parallel == "tp":
        raise ValueError(f"{name}: ran pipeline parallel over {pp} GPUs; import it with --parallel pp")
    gpu_name = next((str(meta[k]) for k in _GPU_NAME_KEYS if k in meta), "")
    if gpu_name and not any(_names_match(gpu_name, g.name) or _names_match(gpu_name, g.part_id or "")
                            for g in rig.gpus):
        raise ValueError(f"{name}: ran on {gpu_name}, the build's GPUs are {rig.gpus[0].name}")


def model_matches(model_id: str, arch: Architecture) -> bool:
    """Whether a served model name (a Hugging Face repo or a local folder) is ``arch``: one of
    the repos its sources name, or its id, appears in the name (quantized repos add a suffix)."""
    served = _squash(model_id.rstrip("/").rsplit("/", 1)[-1])
    names = {_squash(arch.id)}
    for url in arch.sources:
        match = re.match(r"https?://huggingface\.co/[^/]+/([^/]+)", str(url))
        if match:
            names.add(_squash(match.group(1)))
    return any(n and n in served for n in names)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _names_match(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    return bool(a and b) and (a in b or b in a)


def _int_meta(meta: dict, keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = meta.get(key)
        if value is None:
            continue
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"metadata {key} must be a whole number, not {value!r}") from None
    return None


def import_runs(results: list[SavedResult], rig: Rig) -> tuple[list[dict], dict[str, LocalFactor]]:
    """Check every result against ``rig``, store them all (or none) and refit.

    Returns the stored runs and the new factors. ValueError names the first result refused.
    """
    records = []
    for result in results:
        check_matches(result, rig)
        workload = workload_for(result, rig)
        est = estimate_inference(rig.arch, rig.fmt, rig.gpus, workload, rig.links,
                                 host_cores=rig.host_cores, local_calibration=False)
        name = result.path.rsplit("/", 1)[-1]
        if est.throughput is None:
            raise ValueError(f"{name}: {rig.arch.name} in {rig.fmt.label} does not fit these GPUs "
                             f"as given ({rig.parallel}); check --weights, --parallel and --gpus")
        records.append({
            "file": name, "imported": datetime.now(UTC).isoformat(timespec="seconds"),
            "build": rig.build, "model": rig.arch.id, "weights": rig.fmt.id,
            "served_model": result.model_id,
            "gpus": [{f: getattr(g, f) for f in _GPU_SPEC_FIELDS} for g in rig.gpus],
            "links": [asdict(link) for link in rig.links], "host_cores": rig.host_cores,
            "workload": asdict(workload), "measured": result.measured,
        })
    store = load_store()
    next_id = max((r["id"] for r in store["runs"] if isinstance(r.get("id"), int)), default=0) + 1
    for offset, record in enumerate(records):
        record["id"] = next_id + offset
    store["runs"].extend(records)
    factors = fit(store["runs"])
    store["factors"] = {key: {"factor": f.factor, "runs": f.runs} for key, f in factors.items()}
    save_store(store)
    return records, factors


def import_for_build(resolved: ResolvedBuild, files: list[str], name: str
                     ) -> tuple[list[dict], dict[str, LocalFactor]]:
    """Import ``files`` as measured on a build with the workload it describes (model, format,
    layout, GPUs, context, KV cache); ValueError names what is wrong."""
    from configurator.estimate.build_input import build_inputs

    results = [read_saved_result(f) for f in files]
    inputs = build_inputs(resolved)
    if inputs is None or inputs.task != "inference":
        raise ValueError("set the build's workload to what the runs served (model, weights, layout) first")
    w = inputs.serving
    rig = Rig(build=name, arch=inputs.arch, fmt=inputs.fmt, gpus=inputs.gpus, links=inputs.links,
              host_cores=inputs.host_cores, parallel=w.parallel, context=w.context, kv_cache=w.kv_cache,
              mem_util=w.mem_util)
    return import_runs(results, rig)


def run_estimate(run: dict, factors: dict[str, LocalFactor] | bool) -> InferenceEstimate:
    gpus = [GpuSpec(**g) for g in run["gpus"]]
    links = [GpuLink(**link) for link in run["links"]]
    return estimate_inference(get_architecture(run["model"]), weight_format(run["weights"]), gpus,
                              InferenceWorkload(**run["workload"]), links,
                              host_cores=run.get("host_cores"), local_calibration=factors)


def _log_error(run: dict, factors: dict[str, LocalFactor]) -> float:
    est = run_estimate(run, factors)
    value = est.throughput.output_tokens_per_s.value if est.throughput else 0.0
    return math.log(max(value, 1e-9) / run["measured"]["output_throughput"])


def fit(runs: list[dict]) -> dict[str, LocalFactor]:
    """One bounded factor per GPU model with runs, by golden-section search on each in turn."""
    usable = []
    for run in runs:
        try:
            run_estimate(run, False)
        except (ValueError, KeyError, TypeError):
            continue  # a run whose model or format is gone no longer counts
        usable.append(run)
    keys: dict[str, list[dict]] = {}
    for run in usable:
        for key in {gpu_key(GpuSpec(**g)) for g in run["gpus"]}:
            keys.setdefault(key, []).append(run)
    factors = {key: LocalFactor(1.0, len(rs)) for key, rs in keys.items()}
    for _ in range(2 if len(keys) > 1 else 1):
        for key, key_runs in keys.items():
            def loss(log_f: float, key=key, key_runs=key_runs) -> float:
                trial = {**factors, key: LocalFactor(math.exp(log_f), len(key_runs))}
                return sum(_log_error(r, trial) ** 2 for r in key_runs)

            best = _golden(loss, *(math.log(b) for b in FACTOR_BOUNDS))
            factors[key] = LocalFactor(round(math.exp(best), 4), len(key_runs))
    return factors


def _golden(f, low: float, high: float, iterations: int = 40) -> float:
    ratio = (math.sqrt(5) - 1) / 2
    a, b = low, high
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    ends = {low: f(low), high: f(high), (a + b) / 2: f((a + b) / 2)}
    return min(ends, key=ends.get)


def figures(est: InferenceEstimate) -> dict[str, float]:
    """The estimate in the units vLLM reports."""
    t = est.throughput
    if t is None:
        return {}
    w = est.workload
    draft = w.draft(est.model)
    per_token_ms = 1000.0 / t.per_user_tokens_per_s.value
    return {
        "output_throughput": round(t.output_tokens_per_s.value, 1),
        "total_token_throughput": round(t.output_tokens_per_s.value * (w.input_tokens + w.output_tokens)
                                        / w.output_tokens, 1),
        "mean_ttft_ms": round(t.ttft_s.value * 1000, 1),
        "mean_tpot_ms": round(per_token_ms, 2),
        # tokens of one speculative step arrive together: the gap between arrivals is a step
        "mean_itl_ms": round(per_token_ms * (draft.acceptance if draft else 1.0), 2),
    }


def report() -> tuple[list[RunReport], dict[str, LocalFactor]]:
    """Every stored run, measured against the estimate without and with the local factors."""
    store = load_store()
    factors = parse_factors(store["factors"])
    out = []
    for run in store["runs"]:
        try:
            before = figures(run_estimate(run, False))
            after = figures(run_estimate(run, factors))
        except (ValueError, KeyError, TypeError) as exc:
            out.append(RunReport(run, {}, {}, str(exc)))
            continue
        out.append(RunReport(run, before, after))
    return out, factors


def still_off(reports: list[RunReport], tolerance: float = 0.05) -> list[str]:
    """Sentences for runs the bounded factor could not bring within ``tolerance``."""
    out = []
    for r in reports:
        value = r.after.get("output_throughput")
        measured = r.run["measured"]["output_throughput"]
        if value and abs(value / measured - 1) > tolerance:
            out.append(f"run {r.run['id']} ({r.run['file']}) is still {value / measured - 1:+.0%} off: the "
                       f"factor stops at {FACTOR_BOUNDS[0]}-{FACTOR_BOUNDS[1]}; check that the weights, layout "
                       f"and context given match what the run served")
    return out


def _gpu_label(run: dict) -> str:
    names: dict[str, int] = {}
    for g in run["gpus"]:
        names[g["name"]] = names.get(g["name"], 0) + 1
    return " + ".join(f"{n} × {name}" for name, n in names.items())
