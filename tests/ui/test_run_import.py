"""File › Import measured runs: the store's vLLM results calibrate the open build's GPUs."""

from __future__ import annotations

import json

import pytest

from configurator import paths
from configurator.ui.dialogs.run_import import import_measured_runs

pytestmark = pytest.mark.gui


def _result(tmp_path, model: str, output: float) -> str:
    path = tmp_path / "bench.json"
    path.write_text(json.dumps({
        "backend": "vllm", "model_id": model, "num_prompts": 64, "max_concurrency": 8,
        "duration": 64 * 500 / output, "completed": 64, "total_input_tokens": 64 * 2000,
        "total_output_tokens": 64 * 500, "output_throughput": output,
        "total_token_throughput": output * 5, "mean_ttft_ms": 400.0, "mean_tpot_ms": 25.0,
        "mean_itl_ms": 25.0}), encoding="utf-8")
    return str(path)


def test_importing_runs_calibrates_the_workload_estimate(window, tmp_path, message_boxes):
    window.files.open_path(paths.examples_dir() / "es620-dual-pro6000.json", ask=False)
    assert "calibrated" not in window.document.state.estimate.text
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import &measured runs…" in actions
    assert import_measured_runs(window, window.document,
                                [_result(tmp_path, "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic", 300.0)])
    assert message_boxes.shown[-1][0] == "information"
    assert "calibrated on 1 local run" in window.document.state.estimate.text
    assert "calibrated on 1 local run" in window.workload.result.text()


def test_a_run_of_another_model_is_refused_and_nothing_is_imported(window, tmp_path, message_boxes):
    window.files.open_path(paths.examples_dir() / "es620-dual-pro6000.json", ask=False)
    assert not import_measured_runs(window, window.document, [_result(tmp_path, "Qwen/Qwen3-32B", 300.0)])
    kind, _title, text = message_boxes.shown[-1]
    assert kind == "warning" and "not Llama 3.3 70B Instruct" in text and "Nothing was imported" in text
    assert "calibrated" not in window.document.state.estimate.text
