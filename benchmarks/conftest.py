"""Benchmarks run on their own: ``python -m pytest benchmarks --benchmark-only``."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
