"""Large builds: a build of 1,000 units is loaded, placed and validated in under a second, and
automatic placement grows linearly with the number of units."""

from __future__ import annotations

import json
import time

import pytest

from configurator import paths
from configurator.build import parse_build, resolve
from configurator.graph import auto_place
from configurator.parts import load_catalog
from configurator.rules import validate

BASE = paths.examples_dir() / "rack-8x-pro6000-server.json"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(with_user_prices=False)


def build_text(catalog, units: int) -> str:
    """The rack server example with its cards, drives and memory repeated, one line per unit,
    up to ``units`` units."""
    data = json.loads(BASE.read_text())
    fixed = [i for i in data["items"] if catalog[i["part"]].kind in ("case", "motherboard", "cpu",
                                                                     "cooler", "psu")]
    repeated = [i["part"] for i in data["items"] if i not in fixed]
    count = sum(i.get("quantity", 1) for i in fixed)
    lines = []
    while count < units:
        lines.append({"part": repeated[len(lines) % len(repeated)]})
        count += 1
    data["items"] = fixed + lines
    return json.dumps(data)


def check(text: str, catalog):
    resolved = resolve(auto_place(parse_build(text), catalog), catalog)
    return validate(resolved)


def test_bench_validate_1000_units(benchmark, catalog):
    text = build_text(catalog, 1000)
    report = benchmark(check, text, catalog)
    assert not report.ok and len(report.findings) > 400
    print(f"1,000-unit build: median {benchmark.stats['median'] * 1000:.0f} ms")
    assert benchmark.stats["median"] < 1.0


def test_placement_grows_linearly(catalog):
    def seconds(units: int) -> float:
        build = parse_build(build_text(catalog, units))
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            auto_place(build, catalog)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(1000), seconds(4000)
    print(f"auto_place: 1,000 units {small * 1000:.0f} ms, 4,000 units {large * 1000:.0f} ms")
    # Four times the units: about four times the time (quadratic placement took sixteen).
    assert large < 4 * small * 2.5
