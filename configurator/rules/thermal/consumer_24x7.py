"""THERMAL-CONSUMER-24x7: consumer graphics cards in a machine meant for sustained load."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule


class Consumer24x7(Rule):
    """Say when consumer cards are used for around-the-clock work.

    What it checks: GeForce-class cards in the build.
    Why it matters: they are validated for gaming duty cycles, have no ECC on their memory and
    their warranty usually excludes data-centre use; workstation cards are specified for
    sustained load. Fine for development; worth saying for production serving.
    Fix: a workstation card (RTX PRO) of similar memory, if the machine runs 24/7.
    """

    code = "THERMAL-CONSUMER-24x7"
    name = "thermal.consumer_24x7"
    severity = "info"
    reads = {"gpu": ("gpu_class",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        consumer = sorted({u.part.id: u.part for u in ctx.resolved.gpus if u.part.gpu_class == "consumer"}.items())
        if not consumer:
            return []
        names = ", ".join(p.name for _, p in consumer)
        return [self.finding(
            f"{names}: consumer card(s), not specified for 24/7 sustained load and without ECC "
            f"memory; right for development, a risk for production serving or multi-day training",
            parts=[pid for pid, _ in consumer],
            chain=[u.key for u in ctx.resolved.gpus if u.part.gpu_class == "consumer"])]
