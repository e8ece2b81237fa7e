"""The part pickers and validation agree: a part the picker offers as compatible does not
bring a fit, slot or power error when it goes into the build."""

from __future__ import annotations

import pytest

from configurator.build import apply_edit, load_build, resolve
from configurator.rules import validate
from configurator.rules.options import rank_options

EXAMPLES = ["mes2x-dual-rtx5090", "es620-dual-pro6000", "trpro-quad-pro6000-maxq", "quad-rtx5090-tower"]
CIRCUITS = ["120v15a", "230v16a"]
CHECKED = ("FIT-", "POWER-PSU-WATTAGE", "POWER-CONNECTORS", "THERMAL-PASSIVE-GPU")


@pytest.mark.parametrize("circuit", CIRCUITS)
@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("kind", ["gpu", "psu", "case", "cooler"])
def test_compatible_options_bring_no_new_error(catalog, example, name, kind, circuit):
    build = load_build(example(name))
    resolved = resolve(build, catalog)
    current = next(u.part.id for u in resolved.units if u.part.kind == kind)
    before = {f.code for f in validate(resolved, circuit).findings if f.severity == "error"}
    for option in rank_options(resolved, kind, circuit=circuit):
        if not option.compatible or option.selected:
            continue
        trial = apply_edit(build, {"action": "replace", "from_part": current, "to_part": option.part.id})
        report = validate(resolve(trial, catalog), circuit)
        new = [f"{f.code}: {f.message}" for f in report.findings if f.severity == "error"
               and f.code.startswith(CHECKED) and f.code not in before]
        assert not new, f"{option.part.id} is offered as compatible for {name}: {new}"
