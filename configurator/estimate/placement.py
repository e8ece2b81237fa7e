"""Where an instance's weights and cache sit, stage by stage, and what one step reads there.

An instance is ``pipeline`` stages of ``tensor`` GPUs each. Stages take consecutive layers
(vLLM's split: the remainder goes to the stages just before the last, which carries lm_head);
the first stage also holds the embeddings (and any vision encoder), the last the output head.
Tensor parallelism divides every matrix, the vocabulary and the KV heads across the stage's
GPUs; an MLA latent cache cannot be split and is held whole on each.
All figures are per GPU.
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.estimate.architectures import STATE_BYTES, Architecture
from configurator.estimate.formats import WeightFormat
from configurator.estimate.gpu import GpuSpec
from configurator.estimate.speculative import EAGLE_BYTES, Draft

VISION_BYTES = 2.0


@dataclass(frozen=True, slots=True)
class Stage:
    gpu: GpuSpec  # the slowest GPU of the stage's tensor-parallel group
    layers: int
    moe_layers: int
    full_attention_layers: float
    sliding_layers: float
    linear_layers: float  # linear attention: a fixed-size state per sequence, no KV cache
    state_bytes_per_sequence: float
    weight_bytes: float  # held
    core_read_bytes: float  # read every step whatever the batch
    expert_read_bytes: float  # one routed expert in one layer
    decode_flops_per_token: float  # GEMMs, lm_head included
    prefill_flops_per_token: float  # GEMMs, no lm_head (only the last prompt token needs it)
    kv_bytes_per_layer_token: float
    attention_flops_per_layer_token: float  # per query token per cached token
    draft: Draft | None = None  # speculative draft, on the last stage
    draft_read_bytes: float = 0.0  # one draft pass: its dense weights and the output head
    draft_flops_per_token: float = 0.0


def layer_split(layers: int, stages: int) -> list[int]:
    parts = [layers // stages] * stages
    for i in range(2, layers % stages + 2):
        parts[-i] += 1
    return parts


def core_bytes_per_param(arch: Architecture, fmt: WeightFormat) -> float:
    """Average bytes per core parameter: the modules the format's checkpoints keep 16-bit at
    2 bytes (all of them for expert-only formats; always the MoE router), the rest quantized."""
    shape = arch.shape
    if fmt.experts_only or fmt.linear_bytes >= 2.0 or shape.core_params <= 0:
        return 2.0 if fmt.experts_only else fmt.linear_bytes
    kept = {"router", *arch.unquantized.get(fmt.id, ())}
    sixteen = sum(shape.module_params[m] for m in kept)
    return (sixteen * 2.0 + (shape.core_params - sixteen) * fmt.linear_bytes) / shape.core_params


def place(arch: Architecture, fmt: WeightFormat, kv_bytes: float, stage_gpus: list[GpuSpec],
          tensor: int, draft: Draft | None = None) -> list[Stage]:
    shape = arch.shape
    stages = len(stage_gpus)
    core_bytes = core_bytes_per_param(arch, fmt)
    head_read = shape.lm_head_params * (
        fmt.embedding_bytes if arch.tie_word_embeddings else fmt.lm_head_bytes
    )
    kv_split = 1 if arch.attention == "mla" else min(tensor, arch.kv_heads)
    kv_per_layer_token = shape.kv_elements_per_layer * kv_bytes / kv_split
    attention_flops = 2.0 * shape.attention_width / tensor
    sliding_share = arch.sliding_window_layers / arch.layers
    linear_share = arch.linear_attention_layers / arch.layers
    state_per_layer = arch.linear_state_elements * STATE_BYTES / tensor
    out: list[Stage] = []
    first = 0
    for index, (gpu, layers) in enumerate(zip(stage_gpus, layer_split(arch.layers, stages),
                                              strict=True)):
        last = index == stages - 1
        moe_layers = max(0, first + layers - max(first, arch.dense_layers)) if arch.is_moe else 0
        core_params = shape.core_params * layers / arch.layers
        held = core_params * core_bytes + moe_layers * arch.experts * shape.expert_params * fmt.linear_bytes
        if index == 0:
            held += shape.embedding_params * fmt.embedding_bytes + shape.vision_params * VISION_BYTES
        if last:
            stored_head = shape.lm_head_params if stages > 1 else shape.stored_lm_head_params
            held += stored_head * (fmt.embedding_bytes if arch.tie_word_embeddings else fmt.lm_head_bytes)
        active_params = core_params + moe_layers * arch.active_experts * shape.expert_params
        prefill_flops = 2.0 * active_params / tensor
        extra: dict = {}
        full_layers = layers * (1 - sliding_share - linear_share)
        if last and draft is not None and draft.params:
            draft_bytes = fmt.linear_bytes if draft.quantized else EAGLE_BYTES
            held += draft.params * draft_bytes
            full_layers += draft.kv_layers
            extra = {"draft": draft,
                     "draft_read_bytes": (draft.core_params * draft_bytes + head_read) / tensor,
                     "draft_flops_per_token": 2.0 * (draft.core_params + shape.lm_head_params
                                                     + (arch.active_experts * shape.expert_params
                                                        if draft.experts else 0.0)) / tensor}
        elif last and draft is not None:
            extra = {"draft": draft}
        out.append(Stage(
            gpu=gpu,
            layers=layers,
            moe_layers=moe_layers,
            full_attention_layers=full_layers,
            sliding_layers=layers * sliding_share,
            linear_layers=layers * linear_share,
            state_bytes_per_sequence=layers * linear_share * state_per_layer,
            weight_bytes=held / tensor,
            core_read_bytes=(core_params * core_bytes + (head_read if last else 0.0)) / tensor,
            expert_read_bytes=shape.expert_params * fmt.linear_bytes / tensor,
            decode_flops_per_token=prefill_flops + (2.0 * shape.lm_head_params / tensor if last else 0.0),
            prefill_flops_per_token=prefill_flops,
            kv_bytes_per_layer_token=kv_per_layer_token,
            attention_flops_per_layer_token=attention_flops,
            **extra,
        ))
        first += layers
    return out


def copy_weight_bytes(arch: Architecture, fmt: WeightFormat, gpu: GpuSpec) -> float:
    """Bytes of one whole copy of the weights on one GPU (embeddings, layers, head)."""
    return place(arch, fmt, 2.0, [gpu], 1)[0].weight_bytes


def cached_layer_tokens(stage: Stage, context: float, window: int) -> float:
    """Layer-tokens one sequence at ``context`` keeps on this stage."""
    if stage.sliding_layers:
        return stage.full_attention_layers * context + stage.sliding_layers * min(context, window)
    return stage.full_attention_layers * context
