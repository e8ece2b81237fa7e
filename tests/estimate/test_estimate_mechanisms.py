"""Each serving mechanism on a case where it dominates the answer."""

from __future__ import annotations

import math

import pytest

from configurator.estimate import (
    GpuLink,
    GpuSpec,
    InferenceWorkload,
    custom_architecture,
    estimate_inference,
    get_architecture,
    weight_format,
)
from configurator.estimate.calibration import NOMINAL
from configurator.estimate.engine import DENSE_LAYER_KERNELS, MOE_LAYER_KERNELS
from configurator.estimate.interconnect import all_reduce_s, group_links
from configurator.estimate.throughput import InstanceModel, layer_kernels
from tests.estimate.gpus_measured import H200_SXM, PRO_6000, RTX_4090

GB = 1e9


def _arch_fields(model_id: str) -> dict:
    fields = get_architecture(model_id).model_dump(mode="json")
    for name in ("id", "name", "sources"):
        fields.pop(name)
    return fields


# --- all-reduce: log2(n) latency for decode-size messages, ring bandwidth for large ones ------


def test_small_all_reduce_latency_grows_with_log2_of_the_group():
    path = group_links([PRO_6000] * 8, [GpuLink()] * 8, NOMINAL)
    tiny = 16 * 1024  # one decode token's activations
    two, four, eight = (all_reduce_s(tiny, n, path) for n in (2, 4, 8))
    assert four / two == pytest.approx(2, rel=0.05)
    assert eight / two == pytest.approx(3, rel=0.05)  # a ring would be 7x
    # large messages are bandwidth-bound: the ring's 2(n-1)/n of the message per GPU
    big = 256e6
    assert all_reduce_s(big, 8, path) == pytest.approx(big * 2 * 7 / 8 / (path.gbps * GB), rel=0.01)


def test_eight_way_tensor_parallel_beats_four_way_for_one_user():
    """70B FP8 at concurrency 1 on RTX PRO 6000s over PCIe: halving the weights each GPU reads
    outweighs one more latency step per all-reduce (a 2(n-1)-hop latency would reverse this)."""
    arch, fmt = get_architecture("llama-3.3-70b"), weight_format("fp8")
    work = InferenceWorkload(context=8192, concurrency=1, parallel="tp")
    four = estimate_inference(arch, fmt, [PRO_6000] * 4, work).throughput
    eight = estimate_inference(arch, fmt, [PRO_6000] * 8, work).throughput
    assert eight.per_user_tokens_per_s.value > 1.1 * four.per_user_tokens_per_s.value


# --- replicas share the host's cores ------------------------------------------------------------


def test_replicas_slow_down_on_a_host_with_few_cores():
    """Eight single-GPU engines of a small MoE at low load are host-bound: on an 8-core CPU
    their 17 busy threads share 8 cores; on a 64-core CPU they do not."""
    arch, fmt = get_architecture("qwen3-30b-a3b"), weight_format("awq-int4")
    work = InferenceWorkload(context=8192, concurrency=16, input_tokens=200, output_tokens=500)
    small = estimate_inference(arch, fmt, [PRO_6000] * 8, work, host_cores=8).throughput
    large = estimate_inference(arch, fmt, [PRO_6000] * 8, work, host_cores=64).throughput
    assert small.output_tokens_per_s.value < 0.8 * large.output_tokens_per_s.value
    one = [estimate_inference(arch, fmt, [PRO_6000], work, host_cores=c).throughput for c in (8, 64)]
    assert one[0].output_tokens_per_s.value == pytest.approx(one[1].output_tokens_per_s.value)


def test_host_ceiling_scales_with_the_cpu():
    arch, fmt = get_architecture("qwen3-30b-a3b"), weight_format("awq-int4")
    work = InferenceWorkload(context=8192, concurrency=800)
    values = [estimate_inference(arch, fmt, [PRO_6000] * 8, work, host_cores=c)
              .throughput.output_tokens_per_s.value for c in (16, 32, 96)]
    assert values[0] < values[1] < values[2]


# --- pipeline: every micro-batch is a host step ------------------------------------------------


def _model(est, k=NOMINAL) -> InstanceModel:
    inst = est.instances[0]
    return InstanceModel(est.model, est.weights, inst.stages, inst.tensor, inst.links, k, 2048)


def test_pipeline_cycle_adds_a_host_step_per_micro_batch():
    arch, fmt = get_architecture("qwen3-30b-a3b"), weight_format("awq-int4")
    work = InferenceWorkload(context=8192, concurrency=64, parallel="pp")
    est = estimate_inference(arch, fmt, [RTX_4090] * 4, work)
    model = _model(est)
    path = group_links([RTX_4090] * 4, [GpuLink()] * 4, NOMINAL)
    speed = model.speed(64, 1000, 1000, path)
    assert speed.parts.overhead >= 4 * model.host_step_s(16)
    single = _model(estimate_inference(arch, fmt, [RTX_4090], InferenceWorkload(context=8192)))
    assert single.speed(16, 1000, 1000, None).parts.overhead < speed.parts.overhead


def test_modules_kept_16_bit_take_memory_from_the_cache():
    """Llama 4 Scout's quantized checkpoints keep self-attention in BF16: more weight bytes
    than the same shape with everything quantized, so fewer requests fit."""
    fields = _arch_fields("llama-4-scout")
    recorded = get_architecture("llama-4-scout")
    plain = custom_architecture(**{**fields, "unquantized": {}})
    fmt = weight_format("awq-int4")
    work = InferenceWorkload(context=8192, concurrency=64)
    kept = estimate_inference(recorded, fmt, [PRO_6000], work)
    all_quantized = estimate_inference(plain, fmt, [PRO_6000], work)
    extra = recorded.shape.module_params["attention"] * (2.0 - fmt.linear_bytes) / GB
    assert kept.per_gpu[0].weight_bytes / GB - all_quantized.per_gpu[0].weight_bytes / GB \
        == pytest.approx(extra, rel=0.01)
    assert kept.max_concurrency < all_quantized.max_concurrency


# --- kernel launches per layer type -------------------------------------------------------------


def test_moe_layers_launch_more_kernels_than_dense_ones():
    assert layer_kernels(10, 10, False) == 10 * MOE_LAYER_KERNELS
    assert layer_kernels(10, 0, False) == 10 * DENSE_LAYER_KERNELS
    assert layer_kernels(10, 10, True) > layer_kernels(10, 10, False)


def test_moe_at_concurrency_one_pays_its_launches():
    """Qwen3-30B-A3B on an H200 at one request: 3 B active parameters stream in well under a
    millisecond, so the 48 MoE layers' launches are most of the step."""
    arch, fmt = get_architecture("qwen3-30b-a3b"), weight_format("awq-int4")
    est = estimate_inference(arch, fmt, [H200_SXM], InferenceWorkload(concurrency=1))
    speed = _model(est).speed(1, 1000, 1000, None)
    launches = 48 * MOE_LAYER_KERNELS * NOMINAL.kernel_launch_s
    assert launches > speed.parts.memory
    dense_launches = 48 * DENSE_LAYER_KERNELS * NOMINAL.kernel_launch_s
    assert speed.parts.overhead >= launches > dense_launches


# --- prefix caching -----------------------------------------------------------------------------


def test_shared_prefix_is_stored_once_and_not_prefilled_again():
    arch, fmt = get_architecture("llama-3.1-8b"), weight_format("bf16")
    base = InferenceWorkload(context=8192, concurrency=400, input_tokens=4000, output_tokens=200)
    shared = InferenceWorkload(context=8192, concurrency=400, input_tokens=4000, output_tokens=200,
                               shared_prefix_tokens=3500)
    plain = estimate_inference(arch, fmt, [RTX_4090], base)
    cached = estimate_inference(arch, fmt, [RTX_4090], shared)
    assert cached.throughput.running_requests > 3 * plain.throughput.running_requests
    assert cached.throughput.output_tokens_per_s.value > 2 * plain.throughput.output_tokens_per_s.value
    one = [estimate_inference(arch, fmt, [RTX_4090], InferenceWorkload(
        context=8192, input_tokens=4000, output_tokens=200, shared_prefix_tokens=p)).throughput
        for p in (0, 3500)]
    assert one[1].ttft_s.value < 0.5 * one[0].ttft_s.value


def test_shared_prefix_must_be_shorter_than_the_prompt():
    with pytest.raises(ValueError, match="shared prefix"):
        InferenceWorkload(input_tokens=100, shared_prefix_tokens=100).check(get_architecture("llama-3.1-8b"))


# --- speculative decoding -----------------------------------------------------------------------


def test_speculative_decoding_speeds_up_a_single_user():
    arch, fmt = get_architecture("llama-3.1-8b"), weight_format("bf16")
    plain = estimate_inference(arch, fmt, [PRO_6000], InferenceWorkload(concurrency=1))
    eagle = estimate_inference(arch, fmt, [PRO_6000], InferenceWorkload(
        concurrency=1, speculative="eagle", draft_tokens=3, acceptance_length=2.5))
    gain = eagle.throughput.per_user_tokens_per_s.value / plain.throughput.per_user_tokens_per_s.value
    assert 1.5 < gain < 2.5
    assert eagle.per_gpu[0].weight_bytes > plain.per_gpu[0].weight_bytes  # the draft head


def test_speculative_gain_shrinks_when_the_batch_is_compute_bound():
    arch, fmt = get_architecture("llama-3.1-8b"), weight_format("bf16")

    def gain(concurrency: int) -> float:
        work = dict(concurrency=concurrency, input_tokens=200, output_tokens=200, context=2048)
        plain = estimate_inference(arch, fmt, [RTX_4090], InferenceWorkload(**work))
        spec = estimate_inference(arch, fmt, [RTX_4090], InferenceWorkload(
            **work, speculative="ngram", draft_tokens=4, acceptance_length=1.6))
        return spec.throughput.output_tokens_per_s.value / plain.throughput.output_tokens_per_s.value

    assert gain(1) > 1.3
    assert gain(256) < gain(1)


def test_mtp_uses_the_models_own_layer():
    arch, fmt = get_architecture("deepseek-v3.1"), weight_format("fp8")
    gpus = [H200_SXM] * 8
    plain = estimate_inference(arch, fmt, gpus, InferenceWorkload(concurrency=1, parallel="tp"))
    mtp = estimate_inference(arch, fmt, gpus, InferenceWorkload(concurrency=1, parallel="tp",
                                                                speculative="mtp"))
    layer = arch.experts * arch.shape.expert_params + arch.shape.core_params / arch.layers
    added = (mtp.per_gpu[0].weight_bytes - plain.per_gpu[0].weight_bytes) * 8
    assert added == pytest.approx(layer + 2 * arch.hidden_size**2, rel=0.02)
    assert mtp.throughput.per_user_tokens_per_s.value > 1.3 * plain.throughput.per_user_tokens_per_s.value
    with pytest.raises(ValueError, match="multi-token-prediction"):
        InferenceWorkload(speculative="mtp").check(get_architecture("llama-3.1-8b"))
    with pytest.raises(ValueError, match="acceptance length"):
        InferenceWorkload(speculative="eagle", draft_tokens=2, acceptance_length=3.5).check(arch)


# --- linear attention keeps a fixed state -------------------------------------------------------


def test_linear_attention_state_does_not_grow_with_context():
    from configurator.estimate.architectures import kv_bytes_per_sequence, state_bytes_per_sequence

    arch = get_architecture("qwen3-next-80b-a3b")
    state = state_bytes_per_sequence(arch)
    assert state == 36 * 548_864 * 2
    per_token = (kv_bytes_per_sequence(arch, 200_000, 2.0) - kv_bytes_per_sequence(arch, 100_000, 2.0)) / 100_000
    assert per_token == 12 * 2 * 2 * 256 * 2  # 12 full-attention layers, 2 KV heads of 256, BF16
    fields = _arch_fields("qwen3-next-80b-a3b")
    full = custom_architecture(**{**fields, "linear_attention_layers": 0, "linear_state_elements": 0,
                                  "unquantized": {}})
    work = InferenceWorkload(context=131072, concurrency=64, input_tokens=100_000, output_tokens=1000)
    hybrid = estimate_inference(arch, weight_format("fp8"), [PRO_6000], work)
    dense_cache = estimate_inference(full, weight_format("fp8"), [PRO_6000], work)
    assert hybrid.max_concurrency > 3 * dense_cache.max_concurrency


# --- the models stores ask about ----------------------------------------------------------------

CARDS = {  # model card totals / active, billions
    "glm-4.6": (355, 32), "qwen3-coder-480b-a35b": (480, 35), "gpt-oss-20b": (21, 3.6),
    "gpt-oss-120b": (117, 5.1), "deepseek-v3.1": (671, 37), "kimi-k2": (1040, 32),
    "minimax-m2": (230, 10), "llama-4-scout": (109, 17), "qwen3-next-80b-a3b": (80, 3),
}


@pytest.mark.parametrize("model_id", sorted(CARDS))
def test_new_models_match_their_cards(model_id):
    arch = get_architecture(model_id)
    total, active = CARDS[model_id]
    assert arch.total_params_b + arch.vision_params_b == pytest.approx(total, rel=0.03)
    assert arch.active_params_b == pytest.approx(active, rel=0.2)
    assert arch.is_moe and arch.sources


def test_mla_models_cache_the_latent():
    for model_id in ("deepseek-v3.1", "kimi-k2"):
        arch = get_architecture(model_id)
        assert arch.shape.kv_elements_per_layer == 512 + 64


def test_gpt_oss_alternates_sliding_window_layers():
    arch = get_architecture("gpt-oss-120b")
    assert arch.sliding_window_layers * 2 == arch.layers and arch.sliding_window_tokens == 128
    assert weight_format("mxfp4").experts_only


@pytest.mark.parametrize("fmt_id", ["int4-experts", "nvfp4-experts", "mxfp4"])
def test_expert_only_formats_keep_attention_16_bit(fmt_id):
    arch, fmt = get_architecture("glm-4.6"), weight_format(fmt_id)
    est = estimate_inference(arch, fmt, [H200_SXM] * 4, InferenceWorkload(parallel="tp"))
    shape = arch.shape
    expected = (shape.core_params * 2 + shape.routed_params * fmt.linear_bytes
                + (shape.embedding_params + shape.stored_lm_head_params) * 2) / 4
    assert est.per_gpu[0].weight_bytes == pytest.approx(expected, rel=1e-6)
    with pytest.raises(ValueError, match="only the experts"):
        InferenceWorkload().check(get_architecture("llama-3.1-8b"), fmt)


def test_unquantized_names_a_known_format():
    with pytest.raises(ValueError, match="unknown weight format"):
        custom_architecture(**{**_arch_fields("llama-4-scout"), "unquantized": {"awq4": ["attention"]}})


def test_estimates_stay_finite_for_every_new_model():
    gpus = [GpuSpec("B200", 180, 8000, 2250, 4500, 9000, memory="hbm", p2p=True, nvlink=True)] * 8
    for model_id in CARDS:
        arch = get_architecture(model_id)
        fmt = weight_format("mxfp4" if arch.native_format == "mxfp4" else "fp8")
        est = estimate_inference(arch, fmt, gpus, InferenceWorkload(concurrency=32, parallel="pp"))
        assert est.fits, model_id
        assert math.isfinite(est.throughput.output_tokens_per_s.value)
