"""Recommendation speed: the bundled catalog under 1 s, a catalog ten times its size under 3 s
(median). The large catalog is generated here: every bundled part plus nine variants of it, as
a store's catalog holds several makers' versions of one chip, board or case. Variants differ in
price and in the physical figures that decide fit (card length and power, case clearances,
PSU rating); a third of the GPU variants are factory-overclocked (a few percent more compute
and bandwidth), so they are distinct to the estimator too."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from configurator.build import Workload
from configurator.parts import Catalog, load_catalog
from configurator.recommend import RecommendRequest, recommend

REQUEST = RecommendRequest(
    Workload(model="llama-3.3-70b", weights="fp8", context=32768, concurrency=8),
    circuit="120v15a",
)
ANY_FORMAT = RecommendRequest(Workload(model="glm-4.5-air", weights="any", concurrency=64))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(with_user_prices=False)


@pytest.fixture(scope="module")
def large_catalog(catalog):
    return synthetic_catalog(catalog, copies=9)


def synthetic_catalog(base: Catalog, copies: int, seed: int = 11) -> Catalog:
    rng = random.Random(seed)
    parts = dict(base.parts)
    for part in base:
        for n in range(copies):
            price = part.price.model_copy(update={
                "amount": (part.price.amount * Decimal(str(round(rng.uniform(0.92, 1.35), 3)))).quantize(Decimal("0.01")),
            })
            update = {"id": f"{part.id}-v{n + 1}", "model": f"{part.model} V{n + 1}", "price": price,
                      **_physical(part, rng)}
            parts[update["id"]] = part.model_copy(update=update)
    return Catalog(parts, dict(base.files), base.root)


def _physical(part, rng: random.Random) -> dict:
    scale = rng.uniform(0.95, 1.06)
    if part.kind == "gpu":
        out = {"length_mm": min(450.0, round(part.length_mm * scale)),
               "board_power_w": round(part.board_power_w * rng.uniform(0.97, 1.05))}
        if rng.random() < 1 / 3:
            boost = rng.uniform(1.02, 1.05)
            out.update(bf16_tflops=round(part.bf16_tflops * boost, 1),
                       bandwidth_gbps=round(part.bandwidth_gbps * rng.uniform(1.0, 1.03)))
            if part.fp8_tflops:
                out["fp8_tflops"] = round(part.fp8_tflops * boost, 1)
            if part.fp4_tflops:
                out["fp4_tflops"] = round(part.fp4_tflops * boost, 1)
        return out
    if part.kind == "case":
        return {"max_gpu_length_mm": min(600.0, round(part.max_gpu_length_mm * scale)),
                "airflow_w": round(part.airflow_w * scale)}
    if part.kind == "psu":
        return {"length_mm": round(part.length_mm * scale)}
    if part.kind == "cooler":
        return {"height_mm": round(part.height_mm * scale, 1)}
    return {}


def test_bench_recommend_bundled_catalog(benchmark, catalog):
    result = benchmark(recommend, REQUEST, catalog)
    assert result.builds
    print(f"bundled catalog ({len(catalog)} parts): {result.evaluated} evaluated")
    assert benchmark.stats["median"] < 1.0


def test_bench_recommend_any_format_bundled_catalog(benchmark, catalog):
    result = benchmark(recommend, ANY_FORMAT, catalog)
    assert result.builds
    print(f"bundled catalog, any format: {result.evaluated} evaluated")
    assert benchmark.stats["median"] < 1.0


def test_bench_recommend_ten_times_the_catalog(benchmark, large_catalog):
    result = benchmark.pedantic(recommend, (REQUEST, large_catalog), rounds=5, iterations=1)
    assert result.builds
    print(f"synthetic catalog ({len(large_catalog)} parts): {result.evaluated} evaluated")
    assert benchmark.stats["median"] < 3.0


def test_bench_recommend_any_format_ten_times_the_catalog(benchmark, large_catalog):
    result = benchmark.pedantic(recommend, (ANY_FORMAT, large_catalog), rounds=5, iterations=1)
    assert result.builds
    print(f"synthetic catalog, any format: {result.evaluated} evaluated")
    assert benchmark.stats["median"] < 3.0
