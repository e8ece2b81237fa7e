"""Formats, GPU specs and the architecture catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.estimate import (
    WEIGHT_FORMATS,
    GpuSpec,
    custom_architecture,
    get_architecture,
    load_architectures,
    weight_format,
)
from configurator.estimate.architectures import kv_bytes_per_sequence
from configurator.parts import CatalogError, load_catalog

REQUIRED_MODELS = {
    "llama-3.1-8b", "llama-3.3-70b", "llama-3.1-405b", "qwen3-30b-a3b", "qwen3-32b",
    "glm-4.5-air", "mixtral-8x7b", "mixtral-8x22b", "deepseek-v3", "gpt-oss-20b",
    "gpt-oss-120b", "gemma-3-27b",
}


def test_required_models_and_formats_present():
    assert set(load_architectures()) >= REQUIRED_MODELS
    assert {"bf16", "fp8", "int8", "awq-int4", "gptq-int4", "nvfp4", "gguf-q8_0",
            "gguf-q4_k_m"} <= set(WEIGHT_FORMATS)


@pytest.mark.parametrize("model_id", sorted(REQUIRED_MODELS))
def test_every_architecture_has_sources_and_consistent_counts(model_id):
    arch = get_architecture(model_id)
    assert arch.sources
    shape = arch.shape
    active = shape.core_params + shape.lm_head_params + (
        shape.moe_layers * arch.active_experts * shape.expert_params)
    assert active / 1e9 == pytest.approx(arch.active_params_b, rel=0.12)


@pytest.mark.parametrize(("model_id", "kib"), [
    ("llama-3.1-8b", 128), ("llama-3.3-70b", 320), ("qwen3-30b-a3b", 96), ("qwen3-32b", 256),
    ("glm-4.5-air", 184), ("deepseek-v3", 68.625), ("gpt-oss-120b", 72),
])
def test_kv_cache_per_token_matches_the_fact_sheet(model_id, kib):
    assert kv_bytes_per_sequence(get_architecture(model_id), 1, 2.0) / 1024 == pytest.approx(kib)


def test_sliding_window_layers_cap_the_cache():
    arch = get_architecture("gpt-oss-120b")
    long = kv_bytes_per_sequence(arch, 100_000, 2.0) / 100_000
    assert long / 1024 == pytest.approx(36, rel=0.01)


def test_gguf_q4_k_m_llama_8b_is_about_4_9_gb():
    arch = get_architecture("llama-3.1-8b")
    fmt = weight_format("gguf-q4_k_m")
    s = arch.shape
    size = s.core_params * fmt.linear_bytes + s.embedding_params * fmt.embedding_bytes \
        + s.stored_lm_head_params * fmt.lm_head_bytes
    assert size / 1e9 == pytest.approx(4.92, rel=0.03)


def test_unknown_ids_are_value_errors():
    with pytest.raises(ValueError, match="unknown model"):
        get_architecture("llama-9")
    with pytest.raises(ValueError, match="unknown weight format"):
        weight_format("int3")


def test_spec_string_parses_and_infers_hbm():
    spec = GpuSpec.from_spec_string("vram_gb=80,bandwidth_gbps=3350,bf16_tflops=989,fp8_tflops=1979")
    assert (spec.vram_gb, spec.fp8_tflops, spec.memory, spec.p2p) == (80, 1979, "hbm", True)
    gddr = GpuSpec.from_spec_string("vram_gb=32, bandwidth_gbps=1792, bf16_tflops=209.5, p2p=no")
    assert gddr.memory == "gddr" and not gddr.p2p


@pytest.mark.parametrize(("text", "message"), [
    ("vram_gb=80", "missing"),
    ("vram_gb=80,bandwidth_gbps=fast,bf16_tflops=1", "must be a number"),
    ("vram_gb=80,bandwidth_gbps=3350,bf16_tflops=989,colour=green", "unknown key"),
    ("vram_gb=0,bandwidth_gbps=3350,bf16_tflops=989", "outside"),
    ("vram_gb=80,,bandwidth_gbps", "not key=value"),
    ("vram_gb=80,vram_gb=40,bandwidth_gbps=1,bf16_tflops=1", "twice"),
])
def test_bad_spec_strings_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        GpuSpec.from_spec_string(text)


def test_catalog_gpus_convert():
    for part in load_catalog(with_user_prices=False).of_kind("gpu"):
        spec = GpuSpec.from_part(part)
        assert spec.vram_bytes > 0 and spec.pcie_gbps > 0


def test_custom_architecture_is_validated():
    with pytest.raises(ValueError, match="active_experts"):
        custom_architecture(total_params_b=10, active_params_b=2, layers=10, hidden_size=1024,
                            attention_heads=8, kv_heads=8, head_dim=128, intermediate_size=0,
                            vocab_size=32000, max_context_tokens=4096, experts=8,
                            moe_intermediate_size=1024)


def test_bad_architecture_files_are_reported_with_file_and_field(tmp_path: Path):
    models = tmp_path / "parts_db" / "models"
    models.mkdir(parents=True)
    (models / "broken.toml").write_text('id = "broken"\nname = "Broken"\nlayers = "many"\n')
    (models / "garbled.toml").write_text("id = [\n")
    with pytest.raises(CatalogError) as info:
        load_architectures(tmp_path / "parts_db")
    text = str(info.value)
    assert "models/broken.toml [broken] layers" in text
    assert "models/garbled.toml" in text and "not valid TOML" in text
