"""What the serving engine (vLLM, V1 engine defaults) does with memory and requests.

- Memory budget per GPU = total × ``--gpu-memory-utilization``. Inside it: the weights, the
  peak activations of a profiling pass at ``max_num_batched_tokens`` (or the sampler's logits
  for ``max_num_seqs`` sequences, whichever is larger), the CUDA context and framework buffers.
  What is left becomes KV cache.
- Default caps for the OpenAI server: on GPUs with at least 70 GiB, 1,024 running requests and
  8,192 tokens per step; below, 256 and 2,048.
- KV blocks are allocated on demand, so a running request holds on average its prompt plus half
  of its output.
"""

from __future__ import annotations

from configurator.estimate.architectures import Architecture
from configurator.estimate.gpu import GB, GIB, GpuSpec

LARGE_GPU_BYTES = 70 * GIB
CUDA_CONTEXT_BYTES = 0.5 * GB
FRAMEWORK_BYTES = 0.4 * GB  # cuBLAS workspaces, allocator slack, CUDA-graph pools
COLLECTIVE_BUFFER_BYTES = 0.3 * GB  # NCCL / custom all-reduce buffers, per GPU in a group
ACTIVATION_BYTES = 2.0
LOGIT_BYTES = 8.0  # FP32 logits plus the sampler's probabilities


def max_num_seqs(gpu: GpuSpec) -> int:
    return 1024 if gpu.vram_bytes >= LARGE_GPU_BYTES else 256


def max_num_batched_tokens(gpu: GpuSpec) -> int:
    return 8192 if gpu.vram_bytes >= LARGE_GPU_BYTES else 2048


def held_tokens(input_tokens: int, output_tokens: int) -> float:
    """Average context a running request holds in the KV cache."""
    return input_tokens + output_tokens / 2


def activation_bytes(arch: Architecture, gpu: GpuSpec, tensor_parallel: int) -> float:
    """Peak of the engine's profiling pass on one GPU."""
    tokens = max_num_batched_tokens(gpu)
    if arch.is_moe:
        ffn = arch.active_experts * arch.moe_intermediate_size
    else:
        ffn = arch.intermediate_size
    forward = tokens * ACTIVATION_BYTES * (6 * arch.hidden_size + 3 * ffn / tensor_parallel)
    sampler = max_num_seqs(gpu) * arch.vocab_size * LOGIT_BYTES
    return max(forward, sampler)


def runtime_overhead_bytes(group_size: int) -> float:
    """CUDA context, framework buffers, and collective buffers when GPUs work together."""
    extra = COLLECTIVE_BUFFER_BYTES if group_size > 1 else 0.0
    return CUDA_CONTEXT_BYTES + FRAMEWORK_BYTES + extra


# Kernels one decoder layer launches per step (vLLM with CUDA graphs, fused norms): a dense
# layer qkv, rope + cache write, attention, o-proj, gate-up, activation, down, two fused
# norm/residuals; a MoE layer replaces the MLP with router GEMM, top-k softmax, block
# alignment, two grouped GEMMs, activation and the weighted sum, and shared experts add an
# MLP of their own.
DENSE_LAYER_KERNELS = 9
MOE_LAYER_KERNELS = 16
SHARED_EXPERT_KERNELS = 3

# Host: each engine (one replica) keeps its API server and its engine-core loop busy, and a
# multi-GPU engine one worker process per GPU besides.
ENGINE_HOST_THREADS = 2
DEFAULT_HOST_CORES = 32  # a serving host when the build does not say (EPYC-class)


def engine_threads(gpus_per_engine: int) -> int:
    return ENGINE_HOST_THREADS + (gpus_per_engine if gpus_per_engine > 1 else 0)


def host_factor(engines: int, gpus_per_engine: int, cores: int) -> float:
    """How much slower each engine's host work runs when the engines want more busy threads
    (plus one for the load balancer when there are several) than the host has cores."""
    threads = engines * engine_threads(gpus_per_engine) + (1 if engines > 1 else 0)
    return max(1.0, threads / cores)
