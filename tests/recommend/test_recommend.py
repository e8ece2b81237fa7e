"""The recommender on the real catalog: the seed cases, what every returned build must satisfy,
the ranking, the frontier, and bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from configurator.build import ServiceLevels, Workload, resolve
from configurator.cli import main
from configurator.estimate import build_inputs, estimate_inference
from configurator.recommend import RecommendError, RecommendRequest, recommend
from configurator.recommend.search import objective_key
from configurator.rules import CIRCUITS, validate


def request(model: str, users: int, **kw) -> RecommendRequest:
    workload = {k: kw.pop(k) for k in ("weights", "context", "kv_cache", "input_tokens", "output_tokens")
                if k in kw}
    return RecommendRequest(Workload(model=model, concurrency=users, **{"weights": "any", **workload}), **kw)


SEEDS = {
    "70b-fp8-8-users-32k-120v": request("llama-3.3-70b", 8, weights="fp8", context=32768, circuit="120v15a"),
    "qwen3-30b-awq-100-users-5000-usd": request("qwen3-30b-a3b", 100, weights="awq-int4",
                                                budget=Decimal(5000), currency="USD"),
    "glm-4.5-air-64-users": request("glm-4.5-air", 64),
    "70b-with-service-levels": request("llama-3.3-70b", 8, weights="fp8",
                                       service=ServiceLevels(min_tokens_per_user=20, max_ttft_s=2)),
}


@pytest.fixture(scope="module")
def results(catalog):
    return {name: recommend(req, catalog) for name, req in SEEDS.items()}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_build_validates_clean_on_the_circuit_and_meets_the_service_levels(name, results, catalog):
    req, result = SEEDS[name], results[name]
    assert result.builds, name
    assert result.evaluated >= len(result.builds)
    for rec in result.builds:
        assert rec.build.circuit == req.circuit
        resolved = resolve(rec.build, catalog)
        report = validate(resolved)
        assert report.ok, [f.message for f in report.findings if f.severity == "error"]
        assert [f.code for f in report.findings] == [f.code for f in rec.findings]
        assert report.price.total == rec.price
        if req.budget is not None:
            assert rec.price <= req.budget
        inputs = build_inputs(resolved)
        est = estimate_inference(inputs.arch, inputs.fmt, inputs.gpus, inputs.serving, inputs.links)
        t = est.throughput
        assert est.fits and t.running_requests >= req.users
        if req.service.min_tokens_per_user:
            assert t.per_user_tokens_per_s.value >= req.service.min_tokens_per_user
        if req.service.max_ttft_s:
            assert t.ttft_s.value <= req.service.max_ttft_s
        assert rec.build.workload.model == req.workload.model
        assert rec.build.workload.weights != "any"
        assert rec.why


@pytest.mark.parametrize("objective", ["cheapest", "fastest", "value"])
def test_ranking_is_monotone_in_the_objective(objective, catalog):
    req = request("qwen3-30b-a3b", 32, weights="awq-int4", objective=objective, budget=Decimal(12000),
                  top=6)
    result = recommend(req, catalog)
    assert len(result.builds) >= 2
    keys = [objective_key(req, r.price, r.throughput)[0] for r in result.builds]
    assert keys == sorted(keys)
    assert [r.rank for r in result.builds] == list(range(1, len(result.builds) + 1))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_no_evaluated_candidate_dominates_a_frontier_build(name, results):
    req, result = SEEDS[name], results[name]
    assert result.frontier
    meeting = [c for c in result.candidates if c.report.ok and c.outcome.meets(req.service)]
    for point in result.frontier:
        for c in meeting:
            dominates = (c.price <= point.price and c.throughput >= point.throughput
                         and (c.price < point.price or c.throughput > point.throughput))
            assert not dominates, (c.build.name, point.name)


def test_the_top_build_is_on_the_frontier_when_cheapest(results):
    result = results["glm-4.5-air-64-users"]
    assert result.frontier[0].rank == 1


def test_a_budget_too_low_gives_nearest_misses_with_the_budget_that_would_do(catalog):
    req = request("llama-3.3-70b", 8, weights="fp8", context=32768, budget=Decimal(3000), currency="USD")
    result = recommend(req, catalog)
    assert result.builds == []
    kinds = {m.kind: m for m in result.nearest_misses}
    budget = kinds["budget"]
    assert budget.relaxation.startswith("budget ") and budget.relaxation.endswith(" USD")
    needed = Decimal(budget.relaxation.split()[1].replace(",", ""))
    assert budget.price <= needed < budget.price + 100
    resolved = resolve(budget.build, catalog)
    assert validate(resolved, req.circuit).ok


def test_a_circuit_too_small_names_the_circuit_that_would_do(catalog):
    # 405 B parameters at FP8 need more GPUs than a 120 V / 15 A breaker carries.
    req = request("llama-3.1-405b", 4, weights="fp8", circuit="120v15a")
    result = recommend(req, catalog)
    assert not result.builds
    circuit = next(m for m in result.nearest_misses if m.kind == "circuit")
    assert circuit.relaxation in {f"a {c.name} circuit" for c in CIRCUITS.values()}
    key = next(k for k, c in CIRCUITS.items() if circuit.relaxation == f"a {c.name} circuit")
    assert validate(resolve(circuit.build, catalog), key).ok
    assert not validate(resolve(circuit.build, catalog), "120v15a").ok


def test_fewer_users_relaxation_is_the_most_that_qualify(catalog):
    req = request("llama-3.3-70b", 64, weights="bf16", context=32768, budget=Decimal(12000),
                  currency="USD")
    result = recommend(req, catalog)
    assert not result.builds
    users = [m for m in result.nearest_misses if m.kind == "users"]
    if users:
        n = int(users[0].relaxation.split()[0].replace(",", ""))
        assert 1 <= n < 64
        more = recommend(request("llama-3.3-70b", n + 1, weights="bf16", context=32768,
                                 budget=Decimal(12000), currency="USD"), catalog)
        assert not more.builds


def test_must_include_parts_are_in_every_build(catalog):
    req = request("qwen3-30b-a3b", 16, weights="awq-int4", must_include=("fractal-meshify-2-xl",))
    result = recommend(req, catalog)
    assert result.builds
    for rec in result.builds:
        assert "fractal-meshify-2-xl" in {i.part for i in rec.build.items}


def test_gpu_class_and_form_constraints_hold(catalog):
    req = request("qwen3-30b-a3b", 16, weights="awq-int4", gpu_classes=("workstation",), form="tower")
    result = recommend(req, catalog)
    assert result.builds
    for rec in result.builds:
        parts = [catalog[i.part] for i in rec.build.items]
        assert all(p.gpu_class == "workstation" for p in parts if p.kind == "gpu")
        assert all(p.rack_units is None for p in parts if p.kind == "case")


def test_progress_is_reported_and_cancel_returns_what_was_found(catalog):
    seen = []
    result = recommend(SEEDS["glm-4.5-air-64-users"], catalog, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] <= seen[-1][1]
    stopped = recommend(SEEDS["glm-4.5-air-64-users"], catalog, cancelled=lambda: True)
    assert stopped.cancelled and stopped.builds == [] and stopped.nearest_misses == []
    assert result.evaluated > stopped.evaluated


def test_finetune_recommendation(catalog):
    from configurator.build import FinetuneOptions

    workload = Workload(task="finetune", model="llama-3.1-8b", finetune=FinetuneOptions(method="lora"))
    result = recommend(RecommendRequest(workload, top=3), catalog)
    assert result.builds
    for rec in result.builds:
        assert rec.estimate.fits
        assert rec.build.workload.task == "finetune"


@pytest.mark.parametrize(("req", "words"), [
    (request("no-such-model", 8), "unknown model"),
    (request("llama-3.3-70b", 8, budget=Decimal(5000), currency="JPY"), "JPY"),
    (request("llama-3.3-70b", 8, form="tower", must_include=("silverstone-rm44",)), "rack case"),
    (request("llama-3.3-70b", 8, form="tower", must_include=("nvidia-h100-pcie-80gb",)), "tower case"),
    (request("llama-3.3-70b", 8, must_include=("no-such-part",)), "not in the catalog"),
    (request("llama-3.3-70b", 8, weights="mxfp4"), "mixture-of-experts"),
])
def test_bad_input_is_one_clear_error(req, words, catalog):
    with pytest.raises(RecommendError) as err:
        recommend(req, catalog)
    assert words in str(err.value)
    assert "\n" not in str(err.value)


# --- command line --------------------------------------------------------------------------------


def test_cli_json_keys_and_save_dir(tmp_path, capsys):
    code = main(["recommend", "--model", "qwen3-30b-a3b", "--weights", "awq-int4", "--users", "100",
                 "--budget", "5000", "--currency", "USD", "--top", "3", "--json",
                 "--save-dir", str(tmp_path / "builds")])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert {"builds", "frontier", "nearest_misses", "evaluated", "elapsed_ms"} <= set(data)
    first = data["builds"][0]
    assert {"rank", "build", "price", "power", "estimate", "findings", "why"} <= set(first)
    assert first["build"]["schema_version"] == 1 and first["build"]["workload"]["concurrency"] == 100
    assert {"currency", "total"} <= set(first["price"])
    assert {"sustained_w", "peak_w", "psu_w", "load_pct", "wall_w"} <= set(first["power"])
    assert {"fits", "per_gpu", "max_concurrency", "throughput"} <= set(first["estimate"])
    saved = sorted((tmp_path / "builds").glob("*.json"))
    assert len(saved) == len(data["builds"])
    assert main(["validate", str(saved[0])]) == 0


def test_cli_exit_1_with_nearest_misses(capsys):
    code = main(["recommend", "--model", "llama-3.3-70b", "--weights", "fp8", "--context", "32768",
                 "--users", "8", "--budget", "3000"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Nearest misses" in out and "budget" in out


@pytest.mark.parametrize("argv", [
    ["recommend", "--model", "nope", "--users", "8"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "0"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "-3"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--budget", "9000", "--currency", "JPY"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--budget", "lots"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--form", "tower", "--include", "silverstone-rm44"],
    ["recommend", "finetune", "--model", "nope", "--method", "lora"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--context", "0"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--max-ttft", "-1"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--top", "0"],
    ["recommend", "--model", "llama-3.3-70b", "--users", "8", "--include", "x:y"],
])
def test_cli_bad_input_exits_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("configurator: ")
    assert "Input should" not in err and "Traceback" not in err


# --- every objective, and a catalog with many makers' versions of each part ----------------------

OBJECTIVE_CASES = [
    request("llama-3.3-70b", 8, weights="fp8", context=32768, objective=objective, budget=Decimal(30000))
    for objective in ("fastest", "value")
] + [request("qwen3-30b-a3b", 64, weights="any", objective="value", circuit="230v16a",
             service=ServiceLevels(min_tokens_per_user=25))]


@pytest.mark.parametrize("req", OBJECTIVE_CASES, ids=lambda r: f"{r.workload.model}-{r.objective}")
def test_every_objective_returns_valid_qualifying_builds_and_a_clean_frontier(req, catalog):
    result = recommend(req, catalog)
    assert result.builds
    for rec in result.builds:
        assert validate(resolve(rec.build, catalog)).ok
        assert rec.price <= (req.budget or rec.price)
        assert rec.per_user_tokens_per_s >= (req.service.min_tokens_per_user or 0)
    keys = [objective_key(req, r.price, r.throughput)[0] for r in result.builds]
    assert keys == sorted(keys)
    meeting = [c for c in result.candidates if c.report.ok and c.outcome.meets(req.service)]
    for point in result.frontier:
        assert not any(c.price <= point.price and c.throughput > point.throughput for c in meeting)
        assert not any(c.price < point.price and c.throughput >= point.throughput for c in meeting)


def test_the_fastest_build_within_the_budget_is_at_least_as_fast_as_the_cheapest(catalog):
    cheapest = recommend(replace(OBJECTIVE_CASES[0], objective="cheapest"), catalog)
    fastest = recommend(OBJECTIVE_CASES[0], catalog)
    assert fastest.builds[0].throughput >= max(b.throughput for b in cheapest.builds)
    assert cheapest.builds[0].price <= min(b.price for b in fastest.builds)


def test_a_catalog_of_variants_gives_the_same_kind_of_answer(catalog):
    from benchmarks.test_bench_recommend import synthetic_catalog

    large = synthetic_catalog(catalog, copies=2)
    req = SEEDS["qwen3-30b-awq-100-users-5000-usd"]
    result = recommend(req, large)
    assert result.builds
    for rec in result.builds:
        assert validate(resolve(rec.build, large)).ok and rec.price <= req.budget
    assert result.builds[0].price <= recommend(req, catalog).builds[0].price


def test_a_kept_part_that_rules_everything_out_is_named_as_the_relaxation(catalog):
    # One RTX 5090 cannot hold a 70B model at FP8, and the customer allows only one GPU.
    req = request("llama-3.3-70b", 8, weights="fp8", max_gpus=1, must_include=("nvidia-rtx-5090-fe",))
    result = recommend(req, catalog)
    assert not result.builds
    kept = next(m for m in result.nearest_misses if m.kind == "must_include")
    assert kept.relaxation == "another GPU than NVIDIA GeForce RTX 5090 Founders Edition"
    assert "nvidia-rtx-5090-fe" not in {i.part for i in kept.build.items}


def test_progress_only_moves_forward_for_every_objective(catalog):
    for objective in ("cheapest", "fastest", "value"):
        seen = []
        recommend(replace(SEEDS["glm-4.5-air-64-users"], objective=objective), catalog,
                  progress=lambda done, total, seen=seen: seen.append((done, total)))
        assert seen[-1][0] == seen[-1][1]
        assert all(a[0] <= b[0] and a[1] == b[1] for a, b in zip(seen, seen[1:], strict=False))


def test_when_no_one_change_is_enough_the_hardware_constraints_give_way_together(catalog):
    req = request("llama-3.3-70b", 64, weights="bf16", context=32768, budget=Decimal(12000),
                  currency="USD", form="tower", max_gpus=2, service=ServiceLevels(min_tokens_per_user=30))
    result = recommend(req, catalog)
    assert not result.builds
    # 30 tokens/s for each of 64 users of a BF16 70B model takes more than two GPUs.
    assert [m.kind for m in result.nearest_misses] == ["hardware"]
    miss = result.nearest_misses[0]
    assert miss.relaxation.startswith("budget ") and "GPUs" in miss.relaxation
    assert miss.price > req.budget
    assert validate(resolve(miss.build, catalog)).ok
    assert miss.per_user_tokens_per_s >= 30


def test_finetune_with_the_format_left_open(catalog):
    from configurator.build import FinetuneOptions

    workload = Workload(task="finetune", model="llama-3.1-8b", weights="any",
                        finetune=FinetuneOptions(method="qlora"))
    result = recommend(RecommendRequest(workload, top=2, objective="fastest"), catalog)
    assert result.builds
    for rec in result.builds:
        assert rec.build.workload.weights == "bf16"
        assert validate(resolve(rec.build, catalog)).ok


def test_fine_tuning_that_fits_nowhere_in_full_names_a_lighter_method(catalog):
    from configurator.build import FinetuneOptions

    workload = Workload(task="finetune", model="llama-3.3-70b", finetune=FinetuneOptions(method="full"))
    result = recommend(RecommendRequest(workload, budget=Decimal(20000), currency="USD"), catalog)
    assert not result.builds
    miss = next(m for m in result.nearest_misses if m.kind == "method")
    assert miss.relaxation in ("LoRA instead of full fine-tuning", "QLoRA instead of full fine-tuning")
    assert miss.build.workload.finetune.method in ("lora", "qlora")
    assert miss.price <= 20000


def test_an_open_format_choice_picks_fp4_only_on_cards_with_fp4_tensor_cores(results):
    candidates = results["glm-4.5-air-64-users"].candidates
    formats = {c.build.workload.weights for c in candidates}
    assert len(formats) > 1
    for c in candidates:
        if c.build.workload.weights == "nvfp4":
            assert c.plan.gpu.fp4_tflops, c.build.name
