"""Every rule has a unique code, the docstring sections, and data-driven cases."""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml

from configurator.rules import RULES

CASES_DIR = Path(__file__).parent / "cases"


def test_codes_and_names_are_unique():
    codes = [r.code for r in RULES] + [a for r in RULES for a in r.aliases]
    assert len(codes) == len(set(codes))
    assert len({r.name for r in RULES}) == len(RULES)


def test_docstrings_say_what_why_and_fix():
    for rule in RULES:
        doc = inspect.getdoc(rule) or ""
        for section in ("What it checks:", "Why it matters:", "Fix:"):
            assert section in doc, f"{rule.code} docstring lacks '{section}'"
        assert rule.severity in {"error", "warning", "info"}


def test_every_rule_has_passing_and_failing_cases():
    for rule in RULES:
        path = CASES_DIR / f"{rule.code}.yaml"
        assert path.exists(), f"no cases for {rule.code}"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["fail"] for c in cases), f"{rule.code} has no failing case"
        assert any(not c["fail"] for c in cases), f"{rule.code} has no passing case"


def test_rule_modules_do_not_import_each_other():
    rules_dir = Path(inspect.getfile(RULES[0])).parents[1]
    for module in rules_dir.glob("*/*.py"):
        text = module.read_text(encoding="utf-8")
        for group in ("fit", "lanes", "power", "thermal"):
            assert f"configurator.rules.{group}." not in text, f"{module.name} imports another rule"
