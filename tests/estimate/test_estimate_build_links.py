"""A build's GPUs, their real links, and what the links cost the build's workload."""

from __future__ import annotations

from configurator import paths
from configurator.build import load_build, resolve
from configurator.estimate import gpus_from_build, link_cost_for_build
from configurator.parts import load_catalog


def resolved(name: str, **workload):
    build = load_build(paths.examples_dir() / name)
    if workload:
        build = build.model_copy(update={"workload": build.workload.model_copy(update=workload)})
    return resolve(build, load_catalog(with_user_prices=False))


def test_chipset_slot_is_seen():
    gpus, links = gpus_from_build(resolved("mes2x-dual-rtx5090.json"))
    assert len(gpus) == 2
    assert [link.chipset for link in links] == [False, True]
    assert links[1].gbps < 10 < links[0].gbps


def test_tensor_parallel_over_the_chipset_costs_tokens():
    cost = link_cost_for_build(resolved("mes2x-dual-rtx5090.json", parallel="tp"))
    assert cost.fits and cost.loss_fraction > 0.3


def test_replicas_over_the_chipset_cost_little():
    cost = link_cost_for_build(resolved("mes2x-dual-rtx5090.json", parallel="replicas"))
    assert cost.fits and cost.loss_fraction < 0.05
