"""Estimator speed: one estimate under 0.5 ms, a 200-point concurrency curve under 20 ms."""

from __future__ import annotations

from configurator.estimate import (
    GpuSpec,
    InferenceWorkload,
    concurrency_curve,
    estimate_inference,
    get_architecture,
    inference,
    weight_format,
)

GPU = GpuSpec("RTX PRO 6000 Blackwell", 96, 1792, 503.8, 1007.6)
ARCH = get_architecture("qwen3-30b-a3b")
FMT = weight_format("awq-int4")
WORKLOAD = InferenceWorkload(context=8192, concurrency=64, input_tokens=1000, output_tokens=1000)


# Each round from scratch: the estimator keeps what it worked out for the last few inputs.
FROM_SCRATCH = {"setup": inference._kept.clear, "rounds": 200, "warmup_rounds": 5}


def test_bench_estimate(benchmark):
    est = benchmark.pedantic(estimate_inference, (ARCH, FMT, [GPU], WORKLOAD), **FROM_SCRATCH)
    assert est.fits
    assert benchmark.stats.stats.median < 0.5e-3


def test_bench_concurrency_curve(benchmark):
    curve = benchmark.pedantic(concurrency_curve, (ARCH, FMT, [GPU], WORKLOAD), {"points": 200},
                               **FROM_SCRATCH)
    assert len(curve) == 200
    assert benchmark.stats.stats.median < 20e-3
