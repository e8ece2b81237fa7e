"""The store's own measured runs and the efficiency factors fitted to them.

A store runs ``vllm bench serve --save-result`` on its demo machine and imports the JSON
(``local_fit.import_runs``). Each run is kept in the user data folder with everything needed
to estimate it again (GPUs, links, host cores, model, format, workload) and what vLLM
measured, and recorded in the store database (``share_runs``); a sync adds the runs other
machines of the store recorded, and the factors are then fitted again. The fit (``local_fit``) sets one bounded efficiency factor per GPU model that has
local runs; this module only reads and writes that file, so every estimate can look the
factors up cheaply.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configurator import paths
from configurator.estimate.gpu import GpuSpec
from configurator.fileio import MB, InputFileError, atomic_write_text, read_limited
from configurator.safeparse import ParseError, parse_json
from configurator.store import cache

if TYPE_CHECKING:
    from configurator.store.outbox import KeptChange

FACTOR_BOUNDS = (0.6, 1.6)  # a GPU model reaches at most this much below/above the shared constants
STORE_VERSION = 1
MAX_RESULT_BYTES = 16 * MB

# What ``vllm bench serve --save-result`` writes (benchmarks/benchmark_serving.py, vllm/benchmarks/serve.py)
REQUIRED_FIELDS = ("duration", "num_prompts", "total_input_tokens", "total_output_tokens", "output_throughput")
OPTIONAL_FIELDS = ("completed", "max_concurrency", "total_token_throughput", "mean_ttft_ms",
                   "mean_tpot_ms", "mean_itl_ms")
MEASURES = ("output_throughput", "total_token_throughput", "mean_ttft_ms", "mean_tpot_ms", "mean_itl_ms")


@dataclass(frozen=True, slots=True)
class LocalFactor:
    factor: float
    runs: int


@dataclass(frozen=True, slots=True)
class SavedResult:
    """One vLLM saved result: the workload it ran and what it measured."""

    path: str
    model_id: str
    concurrency: int
    prompts: int
    input_tokens: int  # per request, average
    output_tokens: int
    measured: dict[str, float]
    metadata: dict[str, Any]


def gpu_key(gpu: GpuSpec) -> str:
    """One GPU model: its catalog part id, else its name."""
    return gpu.part_id or gpu.name


def store_path() -> Path:
    return cache.local_runs_file()


def read_saved_result(path: str | Path) -> SavedResult:
    """Parse a ``--save-result`` file; ValueError with one line naming the problem."""
    name = Path(path).name
    try:
        text = read_limited(path, MAX_RESULT_BYTES, "saved result").decode("utf-8")
    except InputFileError as exc:
        raise ValueError(f"{name}: cannot read ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: cannot read ({exc.__class__.__name__})") from None
    try:
        data = parse_json(text)
    except ParseError as exc:
        raise ValueError(f"{name}: not a vLLM saved result (not JSON: {exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{name}: not a vLLM saved result (not a JSON object)")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise ValueError(f"{name}: not a vLLM saved result (missing {', '.join(missing)})")
    numbers = {f: _number(name, f, data[f]) for f in REQUIRED_FIELDS}
    for f in OPTIONAL_FIELDS:
        if data.get(f) is not None:
            numbers[f] = _number(name, f, data[f])
    if numbers["duration"] <= 0:
        raise ValueError(f"{name}: duration is {data['duration']}: the run measured nothing")
    completed = numbers.get("completed", numbers["num_prompts"])
    if completed < 1 or numbers["total_output_tokens"] <= 0:
        raise ValueError(f"{name}: no request completed")
    if numbers["output_throughput"] <= 0:
        raise ValueError(f"{name}: output_throughput is 0")
    prompts = int(numbers["num_prompts"])
    concurrency = int(numbers.get("max_concurrency") or prompts)
    model_id = data.get("model_id") or ""
    if not isinstance(model_id, str):
        raise ValueError(f"{name}: model_id must be text")
    return SavedResult(
        path=str(path),
        model_id=model_id,
        concurrency=max(1, min(concurrency, prompts)),
        prompts=prompts,
        input_tokens=max(1, round(numbers["total_input_tokens"] / completed)),
        output_tokens=max(1, round(numbers["total_output_tokens"] / completed)),
        measured={m: numbers[m] for m in MEASURES if m in numbers},
        metadata={k: v for k, v in data.items() if isinstance(v, str | int | float | bool)},
    )


def _number(name: str, field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}: {field} must be a number, not {json.dumps(value)[:40]}")
    if value < 0:
        raise ValueError(f"{name}: {field} is negative")
    return float(value)


def load_store() -> dict:
    """The stored runs and factors (empty when nothing was imported)."""
    path = store_path()
    if not path.is_file():
        return {"version": STORE_VERSION, "runs": [], "factors": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: the local calibration file is damaged ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        raise ValueError(f"{path}: the local calibration file is damaged")
    data["runs"] = [r for r in data["runs"] if _well_formed(r)]
    if not isinstance(data.get("factors"), dict):
        data["factors"] = _fitted(data["runs"])
    return data


def _fitted(runs: list[dict]) -> dict:
    """Factors for runs a sync added (it leaves fitting to the estimator)."""
    if not runs:
        return {}
    from configurator.estimate.local_fit import fit

    return {key: {"factor": f.factor, "runs": f.runs} for key, f in fit(runs).items()}


def share_runs(runs: list[dict]) -> KeptChange:
    """Keep newly imported runs for the store database; its ``send`` records them there."""
    from configurator.store.outbox import keep

    return keep("calibration_run", [{"run": run} for run in runs], "The measured runs are")


_RUN_FIELDS = {"id": int, "file": str, "build": str, "model": str, "weights": str, "gpus": list,
               "links": list, "workload": dict, "measured": dict}


def _well_formed(run: object) -> bool:
    """A stored run with every field the report reads (a hand-edited file may lack some)."""
    if not isinstance(run, dict):
        return False
    if not all(isinstance(run.get(k), t) for k, t in _RUN_FIELDS.items()):
        return False
    measured = run["measured"].get("output_throughput")
    return isinstance(measured, int | float) and measured > 0


def parse_factors(raw: dict) -> dict[str, LocalFactor]:
    """The stored factors, bounded; entries that are not a factor and a run count are skipped."""
    factors = {}
    for key, value in raw.items():
        try:
            factor, runs = float(value["factor"]), int(value["runs"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(factor) and runs > 0:
            factors[str(key)] = LocalFactor(_bounded(factor), runs)
    return factors


def save_store(data: dict) -> None:
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({**data, "version": STORE_VERSION}, indent=1) + "\n")


_cache: dict[str, tuple[tuple[int, int], dict[str, LocalFactor]]] = {}


def local_factors() -> dict[str, LocalFactor]:
    """Fitted factors by GPU model; read once per change of the file. A damaged file counts as
    no calibration here (``configurator calibrate report`` says what is wrong with it)."""
    path = _runs_file(paths.user_data_dir())
    try:
        stat = os.stat(path)
    except OSError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        factors = parse_factors(load_store()["factors"])
    except ValueError:
        factors = {}
    _cache[path] = (stamp, factors)
    return factors


@lru_cache(maxsize=8)
def _runs_file(user_data: Path) -> str:
    """Named once per folder: the estimator reads the factors on every change."""
    return str(user_data / "calibration" / "runs.json")


def _bounded(value: float) -> float:
    low, high = FACTOR_BOUNDS
    return min(high, max(low, value))
