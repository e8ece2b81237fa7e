"""The buyer's-guide claims of fit-claims.md, answered right."""

from __future__ import annotations

from configurator.estimate import (
    FinetuneSetup,
    InferenceWorkload,
    custom_architecture,
    estimate_finetune,
    estimate_inference,
    get_architecture,
    weight_format,
)
from tests.estimate.gpus_measured import PRO_6000, RTX_5090

SEVEN_B = dict(total_params_b=7.24, active_params_b=7.24, layers=32, hidden_size=4096,
               attention_heads=32, kv_heads=8, head_dim=128, intermediate_size=14336,
               vocab_size=32000, max_context_tokens=32768)
THIRTEEN_B = dict(total_params_b=13.0, active_params_b=13.0, layers=40, hidden_size=5120,
                  attention_heads=40, kv_heads=40, head_dim=128, intermediate_size=13824,
                  vocab_size=32000, max_context_tokens=4096)
FOURTEEN_B = dict(total_params_b=14.8, active_params_b=14.8, layers=48, hidden_size=5120,
                  attention_heads=40, kv_heads=8, head_dim=128, intermediate_size=13824,
                  vocab_size=152064, max_context_tokens=32768)
THIRTY_B = dict(total_params_b=30.0, active_params_b=30.0, layers=60, hidden_size=6656,
                attention_heads=52, kv_heads=52, head_dim=128, intermediate_size=17920,
                vocab_size=32000, max_context_tokens=4096)


def serve(arch, fmt, gpus, context=4096, kv="bf16"):
    workload = InferenceWorkload(context=context, kv_cache=kv)
    return estimate_inference(arch, weight_format(fmt), gpus, workload)


def test_7b_qlora_fits_32gb():
    est = estimate_finetune(custom_architecture(**SEVEN_B), [RTX_5090], FinetuneSetup(method="qlora"))
    assert est.fits and est.per_gpu.weights_bytes / 1e9 < 5.5


def test_7b_lora_fits_32gb():
    est = estimate_finetune(custom_architecture(**SEVEN_B), [RTX_5090], FinetuneSetup(method="lora"))
    assert est.fits and 13 < est.per_gpu.weights_bytes / 1e9 < 16


def test_13b_4bit_inference_fits_32gb():
    est = serve(custom_architecture(**THIRTEEN_B), "awq-int4", [RTX_5090])
    assert est.fits and 6.5 < est.per_gpu[0].weight_bytes / 1e9 < 8.5


def test_llama_8b_full_finetune_does_not_fit_32gb():
    arch = get_architecture("llama-3.1-8b")
    adam = estimate_finetune(arch, [RTX_5090], FinetuneSetup(method="full"))
    assert not adam.fits
    assert 125 < (adam.per_gpu.weights_bytes + adam.per_gpu.gradients_bytes
                  + adam.per_gpu.optimizer_bytes) / 1e9 < 132
    eight_bit = estimate_finetune(arch, [RTX_5090], FinetuneSetup(method="full", optimizer="adamw-8bit"))
    assert not eight_bit.fits
    assert 46 < (eight_bit.per_gpu.total_bytes - eight_bit.per_gpu.activations_bytes
                 - eight_bit.per_gpu.overhead_bytes) / 1e9 < 50


def test_70b_qlora_needs_between_32_and_96gb():
    arch = get_architecture("llama-3.3-70b")
    on_96 = estimate_finetune(arch, [PRO_6000], FinetuneSetup(method="qlora"))
    on_32 = estimate_finetune(arch, [RTX_5090], FinetuneSetup(method="qlora"))
    assert on_96.fits and not on_32.fits
    assert 38 < on_96.per_gpu.total_bytes / 1e9 < 55


def test_70b_bf16_inference_does_not_fit_96gb():
    est = serve(get_architecture("llama-3.3-70b"), "bf16", [PRO_6000])
    assert not est.fits
    assert est.per_gpu[0].weight_bytes / 1e9 > 140


def test_70b_fp8_fits_96gb_with_kv_room():
    est = serve(get_architecture("llama-3.3-70b"), "fp8", [PRO_6000], context=8192)
    assert est.fits
    assert 70 < est.per_gpu[0].weight_bytes / 1e9 < 74
    assert est.per_gpu[0].kv_bytes / 1e9 > 12
    assert est.max_concurrency >= 4


def test_mixtral_bf16_has_no_room_but_fp8_fits():
    arch = get_architecture("mixtral-8x7b")
    assert not serve(arch, "bf16", [PRO_6000]).fits
    fp8 = serve(arch, "fp8", [PRO_6000], context=32768)
    assert fp8.fits and fp8.per_gpu[0].kv_bytes / 1e9 > 30


def test_30b_full_finetune_does_not_fit_96gb():
    est = estimate_finetune(custom_architecture(**THIRTY_B), [PRO_6000], FinetuneSetup(method="full"))
    assert not est.fits
    assert est.per_gpu.total_bytes / 1e9 > 470


def test_14b_fp32_full_finetune_needs_more_than_96gb():
    est = estimate_finetune(custom_architecture(**FOURTEEN_B), [PRO_6000],
                            FinetuneSetup(method="full", precision="fp32"))
    assert not est.fits
    assert est.per_gpu.total_bytes / 1e9 > 224


def test_70b_full_finetune_on_two_pro6000_does_not_fit_even_sharded():
    arch = get_architecture("llama-3.3-70b")
    est = estimate_finetune(arch, [PRO_6000, PRO_6000], FinetuneSetup(method="full", sharding="fsdp"))
    assert not est.fits
    assert 550 < est.per_gpu.total_bytes / 1e9 < 600


def test_70b_awq_is_about_39_8_gb_and_too_big_for_32gb():
    arch = get_architecture("llama-3.3-70b")
    est = serve(arch, "awq-int4", [PRO_6000])
    assert abs(est.per_gpu[0].weight_bytes / 1e9 - 39.8) < 0.5
    assert not serve(arch, "awq-int4", [RTX_5090]).fits
