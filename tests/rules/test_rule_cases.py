"""Runs every rule's data-driven cases (tests/rules/cases/<CODE>.yaml) on real catalog builds.

A case names an example build from parts_db/examples (``build``) or lists ``items`` inline,
optionally applies ``edits`` and sets a ``workload`` first, and states what the rule must report: ``fail: true`` with
optional ``parts`` (all must appear in one finding), ``message`` (substrings) and
``severity``; or ``fail: false``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from configurator.build import Build, Workload, apply_edit, load_build, resolve
from configurator.rules import RULES, CheckContext

CASES_DIR = Path(__file__).parent / "cases"
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}::{case['name']}")


def _build_for(case, example) -> Build:
    if "build" in case:
        build = load_build(example(case["build"]))
    else:
        build = Build(name=case["name"], items=case["items"])
    for edit in case.get("edits", []):
        build = apply_edit(build, edit)
    if "workload" in case:
        build = build.model_copy(update={"workload": case["workload"] and Workload(**case["workload"])})
    return build


@pytest.mark.parametrize(("code", "case"), list(_load_cases()))
def test_rule_case(code, case, catalog, example):
    rule = RULES_BY_CODE[code]
    ctx = CheckContext(resolve(_build_for(case, example), catalog), case.get("circuit", "120v15a"))
    findings = rule().check(ctx)
    if not case["fail"]:
        assert findings == [], [f.message for f in findings]
        return
    assert findings, f"{code} reported nothing"
    matching = [f for f in findings if set(case.get("parts", [])) <= set(f.parts)]
    assert matching, [f.parts for f in findings]
    finding = matching[0]
    for text in case.get("message", []):
        assert text in finding.message
    if "severity" in case:
        assert finding.severity == case["severity"]
    # Every finding explains its causal chain, except a part that is not there at all.
    assert finding.chain or case.get("no_chain"), "every finding explains its causal chain"
    for fix in finding.fixes:
        if fix.edit:
            # A one-click fix must apply cleanly to the build it was offered for.
            resolve(apply_edit(ctx.resolved.build, fix.edit), catalog)
    if case.get("fix_clears"):
        fixed = apply_edit(ctx.resolved.build, finding.fixes[0].edit)
        after = rule().check(CheckContext(resolve(fixed, catalog), ctx.circuit))
        assert not after, [f.message for f in after]
