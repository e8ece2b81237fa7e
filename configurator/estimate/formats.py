"""Weight formats and KV-cache dtypes: what a parameter and a cached token cost in bytes.

Quantized checkpoints do not quantize everything. The bytes per parameter below are for the
layers a format does quantize, scales and zero-points included; embeddings and lm_head keep the
byte width given separately (16-bit for the GPU formats, as the public checkpoints ship them).

- AWQ / GPTQ int4, group 128: 4 bits + an FP16 scale and a packed 4-bit zero per 128 weights
  = 0.5 + 2.5/128 ≈ 0.520 B. (Llama-3.3-70B: 68.4 B × 0.520 + 2.1 B × 2 ≈ 39.8 GB, the size of
  the public AWQ checkpoint.)
- NVFP4: 4-bit E2M1 + an FP8 scale per 16 weights = 0.5625 B.
- MXFP4 (gpt-oss's own release): 4 bits + an 8-bit exponent per 32 = 0.53125 B, on MoE experts
  only; attention, router, embeddings and lm_head stay BF16.
- Expert-only int4 / NVFP4 (``int4-experts``, ``nvfp4-experts``): the routed experts in W4A16
  group-128 or NVFP4, attention, shared experts, dense layers and router in BF16, as MoE
  checkpoints made with llm-compressor's ``ignore`` lists ship them.
- Which other modules a model's public checkpoints keep 16-bit in a format is recorded per
  model (``unquantized`` in its TOML); the MoE router is never quantized (vLLM builds it
  without a quantization config).
- GGUF Q8_0: blocks of 32 int8 + an FP16 scale = 34/32 B, embeddings and output included.
- GGUF Q4_K_M: Q4_K (144 B per 256 = 0.5625 B) with about half of attn_v/ffn_down in Q6_K
  (0.82 B): 0.60 B on average for the linear layers, token_embd in Q4_K, output in Q6_K.
  (Llama-3.1-8B Q4_K_M: 6.98 B × 0.60 + 0.53 B × 0.5625 + 0.53 B × 0.82 ≈ 4.9 GB, as shipped.)

``kernel`` names the kernel family that runs the matmuls; its efficiency constants live in
``calibration``. ``compute`` is the tensor-core rate it runs at: weight-only formats dequantize
to 16-bit and multiply at the BF16 rate; FP8 and NVFP4 use their own tensor cores where the
GPU has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kernel = Literal["dense16", "fp8", "int8", "marlin", "fp4", "gguf"]
ComputeRate = Literal["bf16", "fp8", "int8", "fp4"]


@dataclass(frozen=True, slots=True)
class WeightFormat:
    id: str
    label: str
    linear_bytes: float
    embedding_bytes: float
    lm_head_bytes: float
    kernel: Kernel
    compute: ComputeRate
    experts_only: bool = False  # only MoE expert weights are quantized (gpt-oss MXFP4)
    bits_label: str = ""

    def __str__(self) -> str:
        return self.label


_INT4_GROUP128 = 0.5 + 2.5 / 128

WEIGHT_FORMATS: dict[str, WeightFormat] = {
    f.id: f
    for f in (
        WeightFormat("bf16", "BF16", 2.0, 2.0, 2.0, "dense16", "bf16"),
        WeightFormat("fp8", "FP8", 1.0, 2.0, 2.0, "fp8", "fp8"),
        WeightFormat("int8", "INT8 (W8A8)", 1.0 + 2 / 4096, 2.0, 2.0, "int8", "int8"),
        WeightFormat("awq-int4", "AWQ INT4", _INT4_GROUP128, 2.0, 2.0, "marlin", "bf16"),
        WeightFormat("gptq-int4", "GPTQ INT4", _INT4_GROUP128, 2.0, 2.0, "marlin", "bf16"),
        WeightFormat("nvfp4", "NVFP4", 0.5625, 2.0, 2.0, "fp4", "fp4"),
        WeightFormat("mxfp4", "MXFP4 (experts)", 0.53125, 2.0, 2.0, "marlin", "bf16",
                     experts_only=True),
        WeightFormat("int4-experts", "INT4 experts, BF16 attention", _INT4_GROUP128, 2.0, 2.0,
                     "marlin", "bf16", experts_only=True),
        WeightFormat("nvfp4-experts", "NVFP4 experts, BF16 attention", 0.5625, 2.0, 2.0, "fp4", "fp4",
                     experts_only=True),
        WeightFormat("gguf-q8_0", "GGUF Q8_0", 34 / 32, 34 / 32, 34 / 32, "gguf", "bf16"),
        WeightFormat("gguf-q4_k_m", "GGUF Q4_K_M", 0.60, 0.5625, 0.8203, "gguf", "bf16"),
    )
}

KV_CACHE_BYTES: dict[str, float] = {"bf16": 2.0, "fp8": 1.0}


def weight_format(format_id: str) -> WeightFormat:
    try:
        return WEIGHT_FORMATS[format_id]
    except KeyError:
        known = ", ".join(WEIGHT_FORMATS)
        raise ValueError(f"unknown weight format '{format_id}' (known: {known})") from None


def kv_cache_bytes(dtype: str) -> float:
    try:
        return KV_CACHE_BYTES[dtype]
    except KeyError:
        raise ValueError(f"unknown KV-cache dtype '{dtype}' (known: bf16, fp8)") from None
