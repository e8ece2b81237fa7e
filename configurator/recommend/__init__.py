"""Recommend: from a customer's workload, budget and site to ranked, buildable, priced builds.

    from configurator.recommend import RecommendRequest, recommend
    result = recommend(request, catalog, progress=None, cancelled=None)

- ``progress(done, total)`` is called from the search loop (on the caller's thread);
  ``cancelled()`` is polled before every platform is checked. A cancelled search returns what
  it found so far with ``result.cancelled`` set (no exception), so a window can show it.
- ``result.builds``: ``Recommendation`` (rank, build with its workload set, price, currency,
  power, estimate, findings, why, throughput, per-user tokens/s, time to first token), best
  first; ``result.frontier``: price against throughput over every evaluated build that
  meets the workload; ``result.nearest_misses`` (only when no build qualifies);
  ``result.evaluated`` (candidates fully checked: validated and estimated);
  ``result.elapsed_ms``; ``result.to_json()`` is what ``configurator recommend --json`` prints.
- Bad input raises ``RecommendError`` with a one-line message.

Every candidate is built from the catalog the caller passes (load it with the user parts
folder and price overrides, as validation does), placed by the app's auto-placement,
validated by the rules on the request's circuit (no errors allowed, warnings kept) and
estimated over its real PCIe links. How the search prunes is in ``search``; how a platform
is completed in ``assemble``; the relaxations in ``misses``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from configurator.parts import Catalog
from configurator.recommend.misses import nearest_misses
from configurator.recommend.request import (
    ANY_FORMAT,
    FORMS,
    GPU_CLASSES,
    OBJECTIVES,
    RecommendError,
    RecommendRequest,
    check_request,
    working_currency,
)
from configurator.recommend.result import (
    FrontierPoint,
    NearMiss,
    Recommendation,
    RecommendResult,
    frontier,
    recommendations,
)
from configurator.recommend.search import Search, Shared


def recommend(request: RecommendRequest, catalog: Catalog, *,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> RecommendResult:
    """Ranked builds for ``request`` from ``catalog``; see the module docstring."""
    start = time.perf_counter()
    check_request(request, catalog)
    currency = working_currency(request, catalog)
    shared = Shared()
    search = Search(request, catalog, currency, progress, cancelled, shared)
    state = search.run()
    ranked = search.best()[: request.top]
    meeting = [c for c in state.candidates if c.report.ok and c.outcome.meets(request.service)]
    evaluated = len(state.candidates)
    misses = []
    if not ranked and not state.cancelled:
        misses, extra = nearest_misses(request, catalog, currency, cancelled, shared)
        evaluated += extra
    return RecommendResult(
        builds=recommendations(ranked, catalog, request.objective, currency, request.service.any),
        frontier=frontier(meeting, ranked),
        nearest_misses=misses,
        evaluated=evaluated,
        elapsed_ms=(time.perf_counter() - start) * 1000,
        currency=currency,
        objective=request.objective,
        cancelled=state.cancelled,
        candidates=state.candidates,
    )


__all__ = [
    "ANY_FORMAT", "FORMS", "GPU_CLASSES", "OBJECTIVES", "FrontierPoint", "NearMiss",
    "RecommendError", "RecommendRequest", "RecommendResult", "Recommendation", "recommend",
]
