"""Training-step model: compute against the collectives over the build's links."""

from __future__ import annotations

import pytest

from configurator.estimate import FinetuneSetup, GpuLink, get_architecture
from configurator.estimate.finetune import training_step
from tests.estimate.gpus_measured import PRO_6000, RTX_5090

CPU_X16 = [GpuLink(63.0), GpuLink(63.0)]
CHIPSET_X4 = [GpuLink(63.0), GpuLink(7.9, chipset=True)]


def test_one_gpu_sends_nothing():
    step = training_step(get_architecture("llama-3.1-8b"), [PRO_6000], FinetuneSetup(method="full"))
    assert step.comm_s == 0 and step.comm_bytes == 0 and step.step_s == step.compute_s


def test_compute_follows_six_flops_per_parameter_and_token():
    arch = get_architecture("llama-3.1-8b")
    full = training_step(arch, [PRO_6000], FinetuneSetup(method="full", gradient_checkpointing=False))
    flops = 6 * arch.active_params_b * 1e9 * 2048
    assert full.compute_s == pytest.approx(flops / (PRO_6000.bf16_tflops * 1e12 * 0.40))
    lora = training_step(arch, [PRO_6000], FinetuneSetup(method="lora", gradient_checkpointing=False))
    assert lora.compute_s == pytest.approx(full.compute_s * 4 / 6)


def test_fsdp_moves_weights_and_data_parallel_adapters_only_their_gradients():
    arch = get_architecture("llama-3.1-8b")
    fsdp = training_step(arch, [PRO_6000] * 2, FinetuneSetup(method="lora", sharding="fsdp"), CPU_X16)
    ddp = training_step(arch, [PRO_6000] * 2, FinetuneSetup(method="lora", sharding="ddp"), CPU_X16)
    # Two all-gathers of 16 GB of BF16 weights, half of each crossing the link.
    assert fsdp.comm_bytes == pytest.approx(16e9, rel=0.05)
    assert ddp.comm_bytes < fsdp.comm_bytes / 100


def test_a_chipset_link_stretches_a_communication_bound_step():
    arch = get_architecture("llama-3.1-8b")
    setup = FinetuneSetup(method="full", sharding="fsdp")
    fast = training_step(arch, [PRO_6000] * 2, setup, CPU_X16)
    slow = training_step(arch, [PRO_6000] * 2, setup, CHIPSET_X4)
    assert slow.compute_s == fast.compute_s
    # 63 → 7.9 GB/s and the chipset's peer-to-peer penalty: well over 8x the collective time.
    assert slow.comm_s > 8 * fast.comm_s
    assert slow.step_s > 5 * fast.step_s


def test_without_peer_to_peer_bulk_collectives_run_at_about_half_the_rate():
    arch = get_architecture("llama-3.1-8b")
    setup = FinetuneSetup(method="qlora", sharding="fsdp")
    p2p = training_step(arch, [PRO_6000] * 2, setup, CPU_X16)
    staged = training_step(arch, [RTX_5090] * 2, setup, CPU_X16)
    assert staged.comm_s == pytest.approx(2 * p2p.comm_s, rel=0.05)
