"""Fine-tuning memory by trainer, against the trainers' own published tables.

torchtune README ("Memory and training speed", Llama 3.1 8B, batch size 2, packed 2048-token
sequences, activation checkpointing): full fine-tune on one RTX 4090 18.9 GiB (paged 8-bit
AdamW, optimizer in backward) and on one A6000 37.4 GiB; LoRA on one RTX 4090 16.2 GiB; QLoRA
7.4 GiB. Unsloth README (Llama 3.1 8B QLoRA, rank 32 on every linear layer, batch 1): the
longest sequence that fits a 16 / 24 / 48 GB card, 40,724 / 78,475 / 191,728 tokens with
Unsloth and 2,551 / 5,789 / 15,502 with Hugging Face + FlashAttention 2. Unsloth's
requirements page: QLoRA of a 70B model needs at least 41 GB.
"""

from __future__ import annotations

import pytest

from configurator.estimate import (
    FinetuneSetup,
    GpuSpec,
    custom_architecture,
    estimate_finetune,
    get_architecture,
)

GIB = 1024**3
LLAMA_8B = get_architecture("llama-3.1-8b")
# Unsloth measured past the native context (RoPE scaling); same shape, longer limit
LLAMA_8B_LONG = custom_architecture(**{**LLAMA_8B.model_dump(exclude={"id", "name", "sources"}),
                                       "max_context_tokens": 262_144})
RTX_4090 = GpuSpec("RTX 4090", 24, 1008, 165.2)
A6000 = GpuSpec("RTX A6000", 48, 768, 154.8)
TOLERANCE = 0.15


@pytest.mark.parametrize(("method", "optimizer", "gpu", "published_gib"), [
    ("full", "paged-adamw-8bit", RTX_4090, 18.9),
    ("full", "paged-adamw-8bit", A6000, 37.4),
    ("lora", "adamw", RTX_4090, 16.2),
    ("qlora", "adamw", RTX_4090, 7.4),
])
def test_torchtune_table(method, optimizer, gpu, published_gib):
    setup = FinetuneSetup(method=method, sequence_length=2048, micro_batch=2, optimizer=optimizer,
                          lora_rank=8, trainer="torchtune")
    est = estimate_finetune(LLAMA_8B, [gpu], setup)
    m = est.per_gpu
    # on a card with room the paged states stay in VRAM; on a full one they page out
    used = m.total_bytes if m.total_bytes <= m.vram_bytes else m.required_bytes
    assert used / GIB == pytest.approx(published_gib, rel=TOLERANCE)
    assert est.fits


@pytest.mark.parametrize(("vram_gb", "unsloth_tokens", "hf_tokens"), [
    (16, 40_724, 2_551), (24, 78_475, 5_789), (48, 191_728, 15_502),
])
def test_unsloth_and_hugging_face_context_tables(vram_gb, unsloth_tokens, hf_tokens):
    card = GpuSpec(f"{vram_gb} GB", vram_gb, 1000, 150)
    for trainer, tokens in (("unsloth", unsloth_tokens), ("hf", hf_tokens)):
        setup = FinetuneSetup(method="qlora", sequence_length=tokens, lora_rank=32, trainer=trainer)
        used = estimate_finetune(LLAMA_8B_LONG, [card], setup).per_gpu.total_bytes
        assert used == pytest.approx(card.vram_bytes, rel=TOLERANCE), trainer


def test_unsloth_70b_qlora_minimum():
    card = GpuSpec("80 GB", 80, 2000, 300)
    setup = FinetuneSetup(method="qlora", sequence_length=512, trainer="unsloth")
    used = estimate_finetune(get_architecture("llama-3.3-70b"), [card], setup).per_gpu.total_bytes
    assert used / 1e9 == pytest.approx(41, rel=TOLERANCE)


def test_loss_chunking_is_what_separates_the_trainers():
    """At long sequences the full-vocabulary FP32 logits dominate the Hugging Face loss."""
    long = dict(method="qlora", sequence_length=16_384)
    hf, tune, sloth = (estimate_finetune(LLAMA_8B, [A6000], FinetuneSetup(**long, trainer=t)).per_gpu
                       for t in ("hf", "torchtune", "unsloth"))
    assert hf.activations_bytes > 3 * tune.activations_bytes > 3 * sloth.activations_bytes
    assert hf.weights_bytes == tune.weights_bytes == sloth.weights_bytes


def test_optimizer_in_backward_holds_one_gradient():
    full = dict(method="full", optimizer="adamw-8bit")
    hf = estimate_finetune(LLAMA_8B, [A6000], FinetuneSetup(**full)).per_gpu
    tune = estimate_finetune(LLAMA_8B, [A6000], FinetuneSetup(**full, trainer="torchtune")).per_gpu
    assert hf.gradients_bytes == pytest.approx(LLAMA_8B.total_params_b * 1e9 * 2)
    assert tune.gradients_bytes == pytest.approx(LLAMA_8B.shape.embedding_params * 2)


def test_paged_optimizer_states_do_not_decide_the_fit():
    setup = FinetuneSetup(method="full", optimizer="paged-adamw-8bit", trainer="torchtune")
    est = estimate_finetune(LLAMA_8B, [RTX_4090], setup)
    assert est.per_gpu.total_bytes > est.per_gpu.vram_bytes
    assert est.fits and any("host memory" in n for n in est.notes)
    assert not estimate_finetune(LLAMA_8B, [RTX_4090], FinetuneSetup(method="full", optimizer="adamw-8bit",
                                                                    trainer="torchtune")).fits
