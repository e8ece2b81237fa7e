"""The serving model's physics: what helps, what hurts, and by how much."""

from __future__ import annotations

import pytest

from configurator.estimate import (
    GpuLink,
    InferenceWorkload,
    concurrency_curve,
    estimate_inference,
    get_architecture,
    suggest_changes,
    weight_format,
)
from tests.estimate.gpus_measured import PRO_6000, RTX_4090, RTX_5090

X16_GEN5 = GpuLink(63.0)
CHIPSET_X4 = GpuLink(7.9, chipset=True)


def run(model, fmt, gpus, links=None, **workload):
    w = InferenceWorkload(**workload)
    return estimate_inference(get_architecture(model), weight_format(fmt), gpus, w, links)


def tps(est):
    return est.throughput.output_tokens_per_s.value


def test_fp8_kv_cache_doubles_room():
    bf16 = run("llama-3.3-70b", "fp8", [PRO_6000], context=8192)
    fp8 = run("llama-3.3-70b", "fp8", [PRO_6000], context=8192, kv_cache="fp8")
    assert fp8.max_concurrency >= 2 * bf16.max_concurrency - 1


def test_single_user_speed_is_bandwidth_bound():
    est = run("llama-3.1-8b", "bf16", [RTX_4090], concurrency=1)
    weights_read_s = 16.0e9 / (RTX_4090.bandwidth_gbps * 1e9)
    assert est.throughput.per_user_tokens_per_s.value < 1 / weights_read_s
    assert est.throughput.bottleneck == "memory-bandwidth"


def test_throughput_grows_with_concurrency_until_the_cache_is_full():
    curve = concurrency_curve(get_architecture("qwen3-30b-a3b"), weight_format("awq-int4"),
                              [RTX_5090], InferenceWorkload(), points=50)
    values = [v for _, v, _, _ in curve]
    assert values[-1] > 10 * values[0]
    assert all(b >= a * 0.999 for a, b in zip(values, values[1:], strict=False))
    assert all(low <= v <= high for _, v, low, high in curve)


def test_moe_reads_more_experts_as_the_batch_grows():
    one = run("qwen3-30b-a3b", "awq-int4", [PRO_6000], concurrency=1)
    many = run("qwen3-30b-a3b", "awq-int4", [PRO_6000], concurrency=64)
    assert many.throughput.decode_step_ms.value > 2 * one.throughput.decode_step_ms.value


def test_vram_limited_batch_is_named():
    est = run("qwen3-30b-a3b", "awq-int4", [RTX_4090], concurrency=400)
    assert est.throughput.bottleneck == "vram-limited-batch"
    assert est.throughput.running_requests < 400


def test_pipeline_parallel_barely_notices_the_link():
    kw = dict(concurrency=32, parallel="pp")
    wide = run("llama-3.3-70b", "fp8", [PRO_6000] * 2, [X16_GEN5] * 2, **kw)
    narrow = run("llama-3.3-70b", "fp8", [PRO_6000] * 2, [X16_GEN5, CHIPSET_X4], **kw)
    assert tps(narrow) > 0.95 * tps(wide)


def test_tensor_parallel_pays_for_a_chipset_link():
    kw = dict(concurrency=32, parallel="tp")
    wide = run("llama-3.3-70b", "fp8", [PRO_6000] * 2, [X16_GEN5] * 2, **kw)
    narrow = run("llama-3.3-70b", "fp8", [PRO_6000] * 2, [X16_GEN5, CHIPSET_X4], **kw)
    assert tps(narrow) < 0.6 * tps(wide)
    assert narrow.throughput.prefill_tokens_per_s.value < wide.throughput.prefill_tokens_per_s.value / 2


def test_geforce_tensor_parallel_goes_through_host_memory():
    kw = dict(concurrency=32, parallel="tp", kv_cache="fp8")
    geforce = run("glm-4.5-air", "awq-int4", [RTX_5090] * 4, **kw)
    assert geforce.throughput.bottleneck == "interconnect"
    assert any("peer-to-peer" in note for note in geforce.notes)


def test_replicas_scale_below_linear_under_the_server_ceiling():
    one = run("qwen3-30b-a3b", "awq-int4", [RTX_5090], concurrency=100)
    four = run("qwen3-30b-a3b", "awq-int4", [RTX_5090] * 4, concurrency=400)
    assert 2.5 * tps(one) < tps(four) < 4 * tps(one)


def test_replicas_group_gpus_when_one_is_too_small():
    est = run("llama-3.3-70b", "awq-int4", [RTX_5090] * 4, concurrency=8, context=4096)
    assert len(est.instances) == 2 and est.layout.startswith("2 replicas")


def test_tensor_parallel_rejects_a_gpu_count_that_does_not_divide_the_heads():
    with pytest.raises(ValueError, match="tensor parallel"):
        run("llama-3.3-70b", "fp8", [PRO_6000] * 3, parallel="tp")


def test_workload_limits_are_checked():
    with pytest.raises(ValueError, match="exceeds"):
        run("qwen3-32b", "bf16", [PRO_6000], context=100_000)
    with pytest.raises(ValueError, match="exceed the context"):
        run("qwen3-32b", "bf16", [PRO_6000], context=2048, input_tokens=2000, output_tokens=100)


def test_suggestions_make_it_fit():
    est = run("llama-3.3-70b", "bf16", [PRO_6000], context=8192)
    changes = suggest_changes(est, [RTX_5090, PRO_6000])
    assert changes and all(s.estimate.fits for s in changes)
    assert any("FP8 weights" in s.change for s in changes)
    assert any("one more" in s.change for s in changes)


def test_words_a_customer_understands():
    est = run("llama-3.3-70b", "fp8", [PRO_6000], context=8192, kv_cache="fp8", concurrency=4)
    text = est.to_json()["summary"]
    assert "fits with 8k context for" in text and "FP8 KV cache" in text
