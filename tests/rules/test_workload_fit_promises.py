"""WORKLOAD-FIT's suggestions promise what the changed build shows: a new or swapped card is
estimated in the slot it gets, over that slot's link, as the app places it."""

from __future__ import annotations

import re

import pytest

from configurator.build import Workload, apply_edit, load_build, resolve
from configurator.estimate import build_inputs, estimate_inference
from configurator.graph import auto_place
from configurator.rules import validate


def _promised(text: str) -> tuple[str, str | None]:
    users = re.search(r"fits ([\d,]+) user", text)
    tokens = re.search(r"about ([\d,]+) output tokens/s", text)
    return users.group(1), tokens.group(1) if tokens else None


@pytest.mark.parametrize(("name", "workload"), [
    ("mes2x-dual-rtx5090", {"model": "llama-3.3-70b", "weights": "fp8", "context": 32768, "concurrency": 8}),
    ("es620-dual-rtx5090", {"model": "qwen3-32b", "weights": "bf16", "context": 32768, "concurrency": 16}),
])
def test_every_fix_promises_the_changed_builds_estimate(catalog, example, name, workload):
    build = load_build(example(name)).model_copy(update={"workload": Workload(**workload)})
    finding = next(f for f in validate(resolve(auto_place(build, catalog), catalog)).findings
                   if f.code == "WORKLOAD-FIT")
    hardware = [fix for fix in finding.fixes if fix.edit and fix.edit["action"] != "set_workload"]
    assert hardware, "a larger card or one more card is offered"
    for fix in finding.fixes:
        changed = resolve(auto_place(apply_edit(build, fix.edit), catalog), catalog)
        inputs = build_inputs(changed)
        est = estimate_inference(inputs.arch, inputs.fmt, inputs.gpus, inputs.serving, inputs.links,
                                 host_cores=inputs.host_cores)
        users, tokens = _promised(fix.text)
        assert users == f"{est.max_concurrency:,}", fix.text
        assert tokens == f"{est.throughput.output_tokens_per_s.value:,.0f}", fix.text

