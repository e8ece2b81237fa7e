"""Fine-tuning memory per GPU: full, LoRA and QLoRA, with data parallel or FSDP/ZeRO-3.

Bytes per parameter of the trained model (mixed precision):
- full, AdamW: BF16 weights 2 + BF16 gradients 2 + FP32 master weights 4 + two FP32 moments 8
  = 16; with 8-bit Adam (bitsandbytes, no FP32 master copy) 2 + 2 + 2 = 6; in plain FP32,
  4 + 4 + 8 = 16.
- LoRA: the frozen base in BF16 (2, no gradients or optimizer state) plus the adapters at
  full-training cost. Adapters of rank r on a d_in × d_out matrix add r·(d_in + d_out).
- QLoRA: the base in 4-bit NF4 with double-quantized scales (0.5 + 1/64 + 4/(64·256) bytes on
  linear layers; embeddings and lm_head stay BF16), adapters as in LoRA.
FSDP / ZeRO-3 shards weights, gradients and optimizer state across the GPUs; data parallel
replicates them. Activations (per GPU, per micro-batch) follow Korthikanti et al. with flash
attention: about 34·hidden bytes per token per layer; with gradient checkpointing only each
layer's input (2·hidden bytes) is kept, plus one layer being recomputed.

The trainer decides the rest (``TRAINERS``):
- ``hf`` (Transformers Trainer, PEFT, bitsandbytes): the loss upcasts the whole vocabulary's
  logits to FP32 and shifts a copy: about 16 bytes per token per vocabulary entry (BF16
  logits, FP32 upcast, shifted copy, log-softmax); mixed precision keeps FP32 master weights.
- ``torchtune``: chunked cross-entropy (8 chunks, each upcast on its own: the BF16 logits
  plus two FP32 chunks, 3 bytes); its single-device recipes offload checkpointed activations
  to host memory; full fine-tunes step the optimizer inside backward (each gradient freed as
  soon as it is applied, so only the largest one is held) and train in pure BF16 (no FP32
  master copy, BF16 moments).
- ``unsloth``: fused chunked cross-entropy never holds the vocabulary's logits (half a byte
  per entry for the working chunk), and its gradient checkpointing offloads the layer inputs
  to host memory.
Paged 8-bit Adam (bitsandbytes) keeps its states in unified memory that pages out to host
RAM when VRAM runs short, so its states do not decide whether a run fits (steps slow
instead). On top of the transient tensors (activations, logits) the caching allocator's
fragmentation takes ``FRAGMENTATION`` more; the CUDA context and, across GPUs, NCCL buffers
are fixed. Checked against the published tables of torchtune (Llama 3.1 8B on an RTX 4090
and an A6000) and Unsloth (Llama 3.1 8B QLoRA context lengths, against Hugging Face + FA2)
in ``tests/estimate/test_estimate_finetune_trainers.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from configurator.estimate.architectures import Architecture
from configurator.estimate.calibration import NOMINAL, Constants
from configurator.estimate.gpu import GB, GpuSpec
from configurator.estimate.interconnect import GpuLink, all_reduce_s, group_links
from configurator.parts.vram import gb

Method = Literal["full", "lora", "qlora"]
Optimizer = Literal["adamw", "adamw-8bit", "paged-adamw-8bit"]
Trainer = Literal["hf", "torchtune", "unsloth"]
Sharding = Literal["ddp", "fsdp"]
Precision = Literal["bf16-mixed", "fp32"]
Targets = Literal["attention", "all-linear"]

METHOD_NAMES = {"lora": "LoRA fine-tuning", "qlora": "QLoRA fine-tuning", "full": "Full fine-tuning"}
SHARDING_WORDS = {"fsdp": "FSDP/ZeRO-3", "ddp": "data parallel"}
NF4_BYTES = 0.5 + 1 / 64 + 4 / (64 * 256)
ACTIVATION_BYTES_PER_HIDDEN = 34
CHECKPOINT_BYTES_PER_HIDDEN = 2
CUDA_CONTEXT_BYTES = 0.5 * GB
NCCL_BUFFER_BYTES = 0.5 * GB  # per GPU when several train together
FRAGMENTATION = 0.15  # caching-allocator slack on top of the transient tensors
ADAPTER_TRAIN_BYTES = 16  # adapters train in mixed precision with AdamW
TRAINERS = ("hf", "torchtune", "unsloth")
TRAINER_NAMES = {"hf": "Hugging Face Trainer", "torchtune": "torchtune", "unsloth": "Unsloth"}


@dataclass(frozen=True, slots=True)
class TrainerTraits:
    logit_bytes: float  # per token per vocabulary entry, at the loss
    offloads_checkpoints: bool  # checkpointed layer inputs live in host memory
    optimizer_in_backward: bool  # full fine-tune: gradients freed as they are applied
    pure_bf16: bool  # full fine-tune without FP32 master weights, BF16 moments


TRAITS = {
    "hf": TrainerTraits(16.0, False, False, False),
    "torchtune": TrainerTraits(3.0, True, True, True),
    "unsloth": TrainerTraits(0.5, True, False, False),
}


@dataclass(frozen=True, slots=True)
class FinetuneSetup:
    method: Method = "lora"
    sequence_length: int = 2048
    micro_batch: int = 1
    gradient_checkpointing: bool = True
    optimizer: Optimizer = "adamw"
    sharding: Sharding = "fsdp"
    precision: Precision = "bf16-mixed"
    lora_rank: int = 16
    lora_targets: Targets = "all-linear"
    trainer: Trainer = "hf"

    def check(self, arch: Architecture | None = None) -> None:
        if arch is not None and self.sequence_length > arch.max_context_tokens:
            raise ValueError(f"sequence length {self.sequence_length:,} exceeds {arch.name}'s maximum "
                             f"of {arch.max_context_tokens:,}")
        if self.sequence_length < 1 or self.micro_batch < 1:
            raise ValueError("sequence length and micro-batch must be at least 1")
        if not 1 <= self.lora_rank <= 4096:
            raise ValueError("LoRA rank must be between 1 and 4096")
        if self.method == "qlora" and self.precision == "fp32":
            raise ValueError("QLoRA trains adapters over a 4-bit base; FP32 does not apply")
        if self.trainer not in TRAINERS:
            raise ValueError(f"trainer must be one of {', '.join(TRAINERS)}")


@dataclass(frozen=True, slots=True)
class TrainingMemory:
    weights_bytes: float
    gradients_bytes: float
    optimizer_bytes: float
    activations_bytes: float
    overhead_bytes: float
    vram_bytes: float
    pageable_bytes: float = 0.0  # optimizer states a paged optimizer moves to host memory

    @property
    def total_bytes(self) -> float:
        return (self.weights_bytes + self.gradients_bytes + self.optimizer_bytes
                + self.activations_bytes + self.overhead_bytes)

    @property
    def required_bytes(self) -> float:
        """What must sit in VRAM: everything but states that can page out."""
        return self.total_bytes - self.pageable_bytes

    def to_json(self) -> dict:
        return {
            "vram_total_gb": gb(self.vram_bytes),
            "weights_gb": gb(self.weights_bytes),
            "gradients_gb": gb(self.gradients_bytes),
            "optimizer_gb": gb(self.optimizer_bytes),
            "activations_gb": gb(self.activations_bytes),
            "overhead_gb": gb(self.overhead_bytes),
            "total_gb": gb(self.total_bytes),
            "required_gb": gb(self.required_bytes),
        }


@dataclass(frozen=True)
class FinetuneEstimate:
    model: Architecture
    setup: FinetuneSetup
    gpus: list[GpuSpec]
    per_gpu: TrainingMemory
    trainable_params: float
    notes: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return self.per_gpu.required_bytes <= self.per_gpu.vram_bytes

    @property
    def margin_gb(self) -> float:
        return (self.per_gpu.vram_bytes - self.per_gpu.required_bytes) / GB

    def to_json(self) -> dict:
        s = self.setup
        return {
            "model": self.model.id,
            "method": s.method,
            "gpus": len(self.gpus),
            "sharding": s.sharding if len(self.gpus) > 1 else "none",
            "sequence_length": s.sequence_length,
            "micro_batch": s.micro_batch,
            "gradient_checkpointing": s.gradient_checkpointing,
            "optimizer": s.optimizer,
            "precision": s.precision,
            "trainer": s.trainer,
            "trainable_params_b": round(self.trainable_params / 1e9, 4),
            "fits": self.fits,
            "margin_gb": round(self.margin_gb, 2),
            "per_gpu": self.per_gpu.to_json(),
            "notes": list(self.notes),
        }


def adapter_params(arch: Architecture, rank: int, targets: Targets) -> float:
    """LoRA parameters: r·(d_in + d_out) per targeted matrix, every layer."""
    h, layers = arch.hidden_size, arch.layers
    q = arch.attention_heads * arch.head_dim
    kv = arch.kv_heads * arch.head_dim
    per_layer = rank * ((h + q) * 2 + (h + kv) * 2)  # q, o, k, v
    if targets == "all-linear":
        dense = arch.layers - (arch.layers - arch.dense_layers if arch.is_moe else 0)
        per_layer_mlp = 3 * rank * (h + arch.intermediate_size)
        expert = 3 * rank * (h + arch.moe_intermediate_size)
        moe_layers = layers - dense if arch.is_moe else 0
        experts = arch.experts + arch.shared_experts
        return per_layer * layers + dense * per_layer_mlp + moe_layers * experts * expert
    return per_layer * layers


def estimate_finetune(arch: Architecture, gpus: list[GpuSpec], setup: FinetuneSetup) -> FinetuneEstimate:
    setup.check(arch)
    if not gpus:
        raise ValueError("no GPUs given")
    shape = arch.shape
    params = arch.total_params_b * 1e9 + shape.vision_params
    embeddings = shape.embedding_params + shape.stored_lm_head_params
    count = len(gpus)
    shards = count if setup.sharding == "fsdp" else 1
    traits = TRAITS[setup.trainer]
    notes = []
    paged = setup.optimizer == "paged-adamw-8bit"
    if setup.method == "full":
        trainable = params
        if setup.precision == "fp32":
            weights, grads, optim = 4.0, 4.0, 8.0
        elif setup.optimizer != "adamw":
            weights, grads, optim = 2.0, 2.0, 2.0
            notes.append("8-bit Adam keeps no FP32 master weights")
        elif traits.pure_bf16:
            weights, grads, optim = 2.0, 2.0, 4.0  # BF16 weights and moments
        else:
            weights, grads, optim = 2.0, 2.0, 12.0  # FP32 master copy + two FP32 moments
        weight_bytes = params * weights
        grad_bytes = params * grads
        if traits.optimizer_in_backward:
            # each gradient is applied and freed in backward: the largest one is held at a time
            grad_bytes = max(shape.embedding_params, shape.stored_lm_head_params) * grads
            notes.append(f"{TRAINER_NAMES[setup.trainer]} steps the optimizer inside backward")
        optim_bytes = params * optim
    else:
        trainable = adapter_params(arch, setup.lora_rank, setup.lora_targets)
        if setup.method == "qlora":
            weight_bytes = (params - embeddings) * NF4_BYTES + embeddings * 2.0
        else:
            weight_bytes = params * (4.0 if setup.precision == "fp32" else 2.0)
        weight_bytes += trainable * 2.0
        grad_bytes = trainable * 2.0
        optim_bytes = trainable * (ADAPTER_TRAIN_BYTES - 4.0)
    if paged:
        notes.append("paged 8-bit Adam moves its states to host memory when VRAM runs short "
                     "(steps slow when it pages)")
    tokens = setup.sequence_length * setup.micro_batch
    if setup.gradient_checkpointing:
        kept = 0 if traits.offloads_checkpoints else CHECKPOINT_BYTES_PER_HIDDEN
        activations = (kept * arch.layers + ACTIVATION_BYTES_PER_HIDDEN) * arch.hidden_size * tokens
    else:
        activations = ACTIVATION_BYTES_PER_HIDDEN * arch.hidden_size * tokens * arch.layers
    activations += tokens * arch.vocab_size * traits.logit_bytes
    if setup.precision == "fp32":
        activations *= 2
    activations *= 1 + FRAGMENTATION
    vram = min(g.vram_bytes for g in gpus)
    memory = TrainingMemory(
        weights_bytes=weight_bytes / shards,
        gradients_bytes=grad_bytes / shards,
        optimizer_bytes=optim_bytes / shards,
        activations_bytes=activations,
        overhead_bytes=CUDA_CONTEXT_BYTES + (NCCL_BUFFER_BYTES if count > 1 else 0.0),
        vram_bytes=vram,
        pageable_bytes=optim_bytes / shards if paged else 0.0,
    )
    if count > 1 and setup.sharding == "ddp":
        notes.append("data parallel keeps a full copy of weights, gradients and optimizer state on every GPU")
    if count > 1 and setup.sharding == "fsdp" and not all(g.p2p for g in gpus):
        notes.append("no PCIe peer-to-peer: FSDP's all-gathers go through host memory and slow each step")
    return FinetuneEstimate(arch, setup, list(gpus), memory, trainable, notes)


# Model FLOPs utilisation of LLM training on one node: an assumption from published training
# reports (~35-45 % of dense BF16), not fitted; the step time only weighs links against compute.
TRAINING_MFU = 0.40


@dataclass(frozen=True, slots=True)
class TrainingStep:
    """One optimizer step on every GPU: its compute, and the collectives over the GPUs' links."""

    compute_s: float
    comm_s: float
    comm_bytes: float  # what each GPU sends per step
    sharding: str

    @property
    def step_s(self) -> float:
        """FSDP and DDP overlap collectives with compute; the slower of the two sets the pace."""
        return max(self.compute_s, self.comm_s)


def training_step(arch: Architecture, gpus: list[GpuSpec], setup: FinetuneSetup,
                  links: list[GpuLink] | None = None, k: Constants = NOMINAL) -> TrainingStep:
    """Compute and communication of one step across ``gpus`` (each on its ``links`` entry).

    Compute: 6 FLOPs per active parameter per token for full training, 4 for adapters over a
    frozen base (no weight gradients), plus 2 for the forward recompute under checkpointing.
    Communication per GPU: data parallel all-reduces the trainable gradients; FSDP all-gathers
    the weights for forward and backward and reduce-scatters the gradients.
    """
    setup.check(arch)
    count = len(gpus)
    active = arch.active_params_b * 1e9
    tokens = setup.sequence_length * setup.micro_batch
    flops_per_token = (6 if setup.method == "full" else 4) + (2 if setup.gradient_checkpointing else 0)
    compute_s = flops_per_token * active * tokens / (min(g.bf16_tflops for g in gpus) * 1e12 * TRAINING_MFU)
    if count < 2:
        return TrainingStep(compute_s, 0.0, 0.0, "none")
    links = links or [GpuLink(g.pcie_gbps) for g in gpus]
    path = group_links(gpus, links, k)
    if path.host_staged:
        # Without P2P, bulk collectives copy through pinned host memory: each byte crosses the
        # link twice, so about half the P2P rate (small, latency-bound messages fare far worse).
        bulk = path.wire_gbps * k.p2p_efficiency * 0.5
        path = replace(path, gbps=bulk * (k.chipset_p2p_factor if path.through_chipset else 1.0))
    params = arch.total_params_b * 1e9 + arch.shape.vision_params
    trainable = params if setup.method == "full" else adapter_params(arch, setup.lora_rank, setup.lora_targets)
    grad_bytes = trainable * 2.0
    if setup.sharding == "ddp":
        comm_s = all_reduce_s(grad_bytes, count, path)
        sent = grad_bytes * 2 * (count - 1) / count
    else:
        weight_bytes = params * (NF4_BYTES if setup.method == "qlora" else 2.0)
        # Two all-gathers of the weights and one reduce-scatter of the gradients: each moves
        # (n-1)/n of its message per GPU, half an all-reduce.
        comm_s = all_reduce_s(weight_bytes, count, path) + all_reduce_s(grad_bytes, count, path) / 2
        sent = (2 * weight_bytes + grad_bytes) * (count - 1) / count
    return TrainingStep(compute_s, comm_s, sent, setup.sharding)
