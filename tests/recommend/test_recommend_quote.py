"""A quote for a recommended build states the workload and the service levels it was chosen for."""

from __future__ import annotations

from configurator.build import ServiceLevels, Workload, resolve
from configurator.quote.workload import workload_section
from configurator.recommend import RecommendRequest, recommend


def test_the_quote_states_the_service_levels_the_build_was_chosen_for(catalog):
    service = ServiceLevels(min_tokens_per_user=15, max_ttft_s=3)
    req = RecommendRequest(Workload(model="qwen3-30b-a3b", weights="awq-int4", concurrency=16),
                           service=service, top=1)
    build = recommend(req, catalog).builds[0].build
    assert build.workload.service == service
    section = workload_section(resolve(build, catalog))
    assert section.concurrency == 16 and section.model.startswith("Qwen3")
    assert section.service_levels[0].startswith("at least 15 output tokens/s per user: about ")
    assert section.service_levels[1].startswith("first token within 3 s: about ")
    assert all(level.endswith("(met)") for level in section.service_levels)


def test_a_level_the_build_misses_says_so(catalog):
    build = next(iter(recommend(RecommendRequest(
        Workload(model="qwen3-30b-a3b", weights="awq-int4", concurrency=16), top=1), catalog).builds)).build
    demanding = build.workload.model_copy(update={"service": ServiceLevels(min_tokens_per_user=5000)})
    section = workload_section(resolve(build.model_copy(update={"workload": demanding}), catalog))
    assert section.service_levels == (section.service_levels[0],)
    assert section.service_levels[0].endswith("(not met)")


def test_a_build_without_service_levels_states_none(catalog):
    build = recommend(RecommendRequest(Workload(model="qwen3-30b-a3b", weights="awq-int4", concurrency=4),
                                       top=1), catalog).builds[0].build
    assert build.workload.service is None
    assert workload_section(resolve(build, catalog)).service_levels == ()
