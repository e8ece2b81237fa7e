"""Every published measurement in calibration.md within ±15 %, with the error printed per row."""

from __future__ import annotations

import sys

import pytest

from configurator.estimate import (
    InferenceWorkload,
    estimate_inference,
    get_architecture,
    weight_format,
)
from tests.estimate.gpus_measured import H200_SXM, PRO_6000, RTX_4090, RTX_5090

# model, weights, GPU, count, layout, max-model-len, KV cache, concurrency, output tokens/s
ROWS = [
    ("qwen3-30b-a3b", "awq-int4", RTX_4090, 1, "replicas", 8192, "bf16", 400, 1131),
    ("qwen3-30b-a3b", "awq-int4", RTX_5090, 1, "replicas", 8192, "bf16", 400, 2288),
    ("qwen3-30b-a3b", "awq-int4", PRO_6000, 1, "replicas", 8192, "bf16", 400, 4218),
    ("qwen3-30b-a3b", "awq-int4", RTX_4090, 4, "replicas", 8192, "bf16", 400, 4458),
    ("llama-3.3-70b", "awq-int4", PRO_6000, 1, "replicas", 2048, "bf16", 400, 516),
    ("glm-4.5-air", "awq-int4", H200_SXM, 1, "replicas", 8192, "fp8", 256, 2797),
    ("glm-4.5-air", "awq-int4", RTX_5090, 4, "tp", 8192, "fp8", 200, 1154),
]
TOLERANCE = 0.15


def predict(row) -> tuple[float, float, float]:
    model, fmt, gpu, count, layout, context, kv, concurrency, _ = row
    workload = InferenceWorkload(context=context, concurrency=concurrency, input_tokens=1000,
                                 output_tokens=1000, kv_cache=kv, parallel=layout)
    est = estimate_inference(get_architecture(model), weight_format(fmt), [gpu] * count, workload)
    t = est.throughput.output_tokens_per_s
    return t.value, t.low, t.high


def test_calibration_table(capsys):
    lines = [f"{'model':15} {'GPUs':30} {'layout':9} {'measured':>9} {'estimate':>9} {'range':>13} {'error':>7}"]
    worst = 0.0
    for row in ROWS:
        value, low, high = predict(row)
        measured = row[-1]
        error = value / measured - 1
        worst = max(worst, abs(error))
        lines.append(f"{row[0]:15} {f'{row[3]} × {row[2].name}':30} {row[4]:9} {measured:9,} "
                     f"{value:9,.0f} {f'{low:,.0f}-{high:,.0f}':>13} {error:+7.1%}")
        assert low <= value <= high
    lines.append(f"largest error {worst:.1%}")
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(lines) + "\n")
    assert worst <= TOLERANCE


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r[0]}-{r[3]}x{r[2].name}-{r[4]}")
def test_row_within_tolerance(row):
    value, _, _ = predict(row)
    assert abs(value / row[-1] - 1) <= TOLERANCE
