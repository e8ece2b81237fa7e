"""Speculative decoding: a cheap draft proposes tokens, one target step verifies them all.

Each engine step the draft runs ``tokens`` times (one token each, sequentially) and the target
model then scores every sequence's ``tokens + 1`` positions in one pass: the weights are read
once, the GEMMs and attention do ``tokens + 1`` times the work, and on average
``acceptance`` tokens per sequence come out (vLLM's "mean acceptance length", the bonus token
included). Drafts:

- ``mtp``: the model's own multi-token-prediction layer(s) (DeepSeek-V3, GLM-4.5/4.6,
  Qwen3-Next): one decoder layer of the model (a MoE layer for MoE models) plus a 2h x h
  projection, sharing the embeddings and output head; it keeps its own KV cache.
- ``eagle``: a separately trained one-layer head (EAGLE): one dense decoder layer of the
  target's width plus a 2h x h projection, in BF16, with its own KV cache.
- ``ngram``: prompt lookup on the host; no GPU weights, no cache.

Default acceptance lengths are typical published figures (DeepSeek-V3 report: 85-90 % of
second tokens accepted with one MTP token; vLLM and EAGLE reports: about 2.5 tokens per step
for a 3-token EAGLE chain; prompt lookup about 1.5 on chat, more on code edits). A measured
acceptance length from the store's own runs is better than any default.
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.estimate.architectures import Architecture

METHODS = ("none", "mtp", "eagle", "ngram")
# method: (draft tokens per step, mean acceptance length)
DEFAULTS = {"mtp": (1, 1.85), "eagle": (3, 2.5), "ngram": (3, 1.5)}
EAGLE_BYTES = 2.0
WORDS = {"mtp": "the model's MTP layer", "eagle": "EAGLE head", "ngram": "n-gram lookup"}


@dataclass(frozen=True, slots=True)
class Draft:
    method: str
    tokens: int  # proposed per sequence per step
    acceptance: float  # tokens out per sequence per step
    params: float  # draft weights held (excluding shared embeddings/head)
    core_params: float  # read every draft pass
    experts: bool  # a MoE layer: routed experts read as the batch touches them
    kv_layers: int  # layers of KV cache the draft keeps
    quantized: bool  # held in the checkpoint's format (MTP) or BF16 (EAGLE)


def draft_for(arch: Architecture, method: str, tokens: int = 0, acceptance: float = 0.0) -> Draft | None:
    """The draft for ``method`` with its defaults filled in; None for ``none``."""
    if method not in METHODS:
        raise ValueError(f"speculative decoding must be one of {', '.join(METHODS)}")
    if method == "none":
        return None
    default_tokens, default_acceptance = DEFAULTS[method]
    tokens = tokens or default_tokens
    acceptance = acceptance or min(default_acceptance, tokens + 1)
    if not 1 <= tokens <= 16:
        raise ValueError("draft tokens must be between 1 and 16")
    if not 1.0 <= acceptance <= tokens + 1:
        raise ValueError(f"acceptance length must be between 1 and {tokens + 1} (draft tokens + 1)")
    shape = arch.shape
    h = arch.hidden_size
    if method == "ngram":
        return Draft(method, tokens, acceptance, 0.0, 0.0, False, 0, False)
    if method == "mtp":
        if not arch.mtp_layers:
            raise ValueError(f"{arch.name} has no multi-token-prediction layer; use eagle or ngram")
        core = shape.core_params / arch.layers + 2.0 * h * h
        routed = arch.experts * shape.expert_params if arch.is_moe else 0.0
        return Draft(method, tokens, acceptance, arch.mtp_layers * (core + routed),
                     arch.mtp_layers * core, arch.is_moe, arch.mtp_layers, True)
    full_layers = arch.layers - arch.linear_attention_layers
    attention = shape.module_params["attention"] / max(full_layers, 1)
    mlp = 3.0 * h * (arch.intermediate_size or 4 * h)
    params = attention + mlp + 2.0 * h * h
    return Draft(method, tokens, acceptance, params, params, False, 1, False)
