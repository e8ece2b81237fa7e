"""Workload estimator: will this model run on these GPUs, and how fast. Pure Python, no Qt.

Public entry points:
- ``load_architectures()``, ``get_architecture(id)``, ``custom_architecture(**fields)``
- ``WEIGHT_FORMATS``, ``weight_format(id)``
- ``GpuSpec.from_part(gpu)``, ``GpuSpec.from_spec_string(text)``, ``GpuLink``
- ``estimate_inference(arch, fmt, gpus, InferenceWorkload(...), links) -> InferenceEstimate``
- ``concurrency_curve(arch, fmt, gpus, workload, links, points=200)``
- ``suggest_changes(estimate, candidates, links) -> list[Suggestion]``
- ``estimate_finetune(arch, gpus, FinetuneSetup(...)) -> FinetuneEstimate``
- ``build_inputs(resolved)``, ``gpus_from_build(resolved)``, ``interconnect_penalty(...)``,
  ``link_cost_for_build(resolved)``
"""

from configurator.estimate.advice import Suggestion, suggest_changes
from configurator.estimate.architectures import (
    Architecture,
    custom_architecture,
    get_architecture,
    load_architectures,
    user_model_problems,
)
from configurator.estimate.build_input import (
    BuildInputs,
    LinkCost,
    build_inputs,
    finetune_setup_from_build,
    gpus_from_build,
    interconnect_penalty,
    link_cost_for_build,
    workload_from_build,
)
from configurator.estimate.finetune import FinetuneEstimate, FinetuneSetup, estimate_finetune
from configurator.estimate.formats import (
    KV_CACHE_BYTES,
    WEIGHT_FORMATS,
    WeightFormat,
    weight_format,
)
from configurator.estimate.gpu import GpuSpec
from configurator.estimate.inference import (
    InferenceEstimate,
    InferenceWorkload,
    Throughput,
    concurrency_curve,
    estimate_inference,
)
from configurator.estimate.interconnect import GpuLink

__all__ = [
    "KV_CACHE_BYTES", "WEIGHT_FORMATS", "Architecture", "BuildInputs", "FinetuneEstimate", "FinetuneSetup",
    "GpuLink", "GpuSpec", "InferenceEstimate", "InferenceWorkload", "LinkCost", "Suggestion",
    "Throughput", "WeightFormat", "build_inputs", "concurrency_curve", "custom_architecture", "estimate_finetune",
    "estimate_inference", "finetune_setup_from_build", "get_architecture", "gpus_from_build", "interconnect_penalty",
    "link_cost_for_build", "load_architectures", "user_model_problems", "suggest_changes", "weight_format",
    "workload_from_build",
]
