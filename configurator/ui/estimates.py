"""Every call into the estimator, in one place: the panels only read what this returns."""

from __future__ import annotations


class Estimator:
    """Estimates the build's workload; returns None when there is no workload or no GPU."""

    def estimate(self, resolved, report):
        return None
