"""Calibration from the store's rig: vLLM saved results in, bounded per-GPU factors out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator import paths
from configurator.cli import main
from configurator.estimate import (
    InferenceWorkload,
    estimate_inference,
    get_architecture,
    weight_format,
)
from configurator.estimate.local_calibration import FACTOR_BOUNDS, read_saved_result
from tests.estimate.gpus_measured import PRO_6000

MES2X = str(paths.examples_dir() / "mes2x-dual-rtx5090.json")
QUAD = str(paths.examples_dir() / "trpro-quad-pro6000-maxq.json")
QWEN = ("--model", "qwen3-30b-a3b", "--weights", "awq-int4")


def saved_result(tmp_path, name="run.json", *, output=2000.0, concurrency=64, prompts=256,
                 input_tokens=1000, output_tokens=1000, model="Qwen/Qwen3-Coder-30B-A3B-Instruct-AWQ",
                 **extra):
    """A result as ``vllm bench serve --save-result`` writes it."""
    duration = prompts * output_tokens / output
    data = {
        "date": "20261201-120000", "backend": "vllm", "label": None, "model_id": model,
        "tokenizer_id": model, "num_prompts": prompts, "request_rate": "inf", "burstiness": 1.0,
        "max_concurrency": concurrency, "duration": duration, "completed": prompts,
        "total_input_tokens": prompts * input_tokens, "total_output_tokens": prompts * output_tokens,
        "request_throughput": prompts / duration, "request_goodput": None,
        "output_throughput": output, "total_token_throughput": output * (input_tokens + output_tokens) / output_tokens,
        "mean_ttft_ms": 900.0, "median_ttft_ms": 850.0, "std_ttft_ms": 100.0, "p99_ttft_ms": 2000.0,
        "mean_tpot_ms": 30.0, "median_tpot_ms": 29.0, "std_tpot_ms": 2.0, "p99_tpot_ms": 40.0,
        "mean_itl_ms": 30.0, "median_itl_ms": 29.0, "std_itl_ms": 3.0, "p99_itl_ms": 45.0,
        **extra,
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def estimate_json(capsys, *argv) -> dict:
    assert main(["estimate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def bad(capsys, *argv) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    return err


def test_import_brings_the_estimate_within_5_percent(tmp_path, capsys):
    args = (*QWEN, "--build", MES2X, "--gpus", "1", "--concurrency", "64")
    before = estimate_json(capsys, *args)["throughput"]["output_tokens_per_s"]
    measured = round(before * 0.82)
    other = estimate_json(capsys, *QWEN, "--build", QUAD, "--gpus", "1", "--concurrency", "64")
    assert main(["calibrate", "import", saved_result(tmp_path, output=measured), "--build", MES2X,
                 *QWEN, "--gpus", "1", "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert imported["factors"]["nvidia-rtx-5090-fe"]["runs"] == 1
    after = estimate_json(capsys, *args)
    assert after["throughput"]["output_tokens_per_s"] == pytest.approx(measured, rel=0.05)
    assert after["calibrated_on_local_runs"] == 1
    assert "calibrated on 1 local run" in after["summary"]
    # a GPU model with no local runs is untouched
    again = estimate_json(capsys, *QWEN, "--build", QUAD, "--gpus", "1", "--concurrency", "64")
    assert again["throughput"] == other["throughput"] and again["calibrated_on_local_runs"] == 0
    assert main(["estimate", *args]) == 0
    assert "calibrated on 1 local run" in capsys.readouterr().out


def test_report_shows_measured_before_and_after(tmp_path, capsys):
    for n, (users, output) in enumerate(((16, 900.0), (64, 1900.0)), start=1):
        assert main(["calibrate", "import", saved_result(tmp_path, f"r{n}.json", output=output,
                                                         concurrency=users),
                     "--build", MES2X, *QWEN, "--gpus", "1"]) == 0
    capsys.readouterr()
    assert main(["calibrate", "report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["factors"]["nvidia-rtx-5090-fe"]["runs"] == 2
    low, high = FACTOR_BOUNDS
    assert low <= data["factors"]["nvidia-rtx-5090-fe"]["factor"] <= high
    for run in data["runs"]:
        assert set(run["measured"]) >= {"output_throughput", "total_token_throughput", "mean_ttft_ms",
                                        "mean_tpot_ms", "mean_itl_ms"}
        assert set(run["estimated_after"]) == set(run["estimated_before"]) >= set(run["measured"])
    errors = [abs(r["estimated_after"]["output_throughput"] / r["measured"]["output_throughput"] - 1)
              for r in data["runs"]]
    before = [abs(r["estimated_before"]["output_throughput"] / r["measured"]["output_throughput"] - 1)
              for r in data["runs"]]
    assert sum(errors) < sum(before)
    assert main(["calibrate", "report"]) == 0
    text = capsys.readouterr().out
    assert "calibrated on 2 local runs" in text and "r1.json" in text


def test_factors_are_bounded(tmp_path, capsys):
    before = estimate_json(capsys, *QWEN, "--build", MES2X, "--gpus", "1", "--concurrency", "64")
    wild = before["throughput"]["output_tokens_per_s"] * 10
    assert main(["calibrate", "import", saved_result(tmp_path, output=wild), "--build", MES2X, *QWEN,
                 "--gpus", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["factors"]["nvidia-rtx-5090-fe"]["factor"] == pytest.approx(FACTOR_BOUNDS[1])
    assert "still" in data["notes"][0] and "check that the weights" in data["notes"][0]


def test_estimates_without_local_calibration_ignore_the_factors(tmp_path, capsys):
    assert main(["calibrate", "import", saved_result(tmp_path, output=2200.0), "--build", QUAD, *QWEN,
                 "--gpus", "1"]) == 0
    arch, fmt = get_architecture("qwen3-30b-a3b"), weight_format("awq-int4")
    work = InferenceWorkload(concurrency=64)
    from configurator.estimate import GpuSpec
    from configurator.parts import load_catalog

    gpu = GpuSpec.from_part(load_catalog(with_user_prices=False).get("nvidia-rtx-pro-6000-blackwell-max-q"))
    local = estimate_inference(arch, fmt, [gpu], work)
    plain = estimate_inference(arch, fmt, [gpu], work, local_calibration=False)
    assert local.calibrated_runs == 1 and plain.calibrated_runs == 0
    assert local.throughput.output_tokens_per_s.value < plain.throughput.output_tokens_per_s.value
    # the same card entered by hand is another GPU model: untouched
    assert estimate_inference(arch, fmt, [PRO_6000], work).calibrated_runs == 0


@pytest.mark.parametrize(("extra", "message"), [
    ({"model": "meta-llama/Llama-3.3-70B-Instruct"}, "not Qwen3"),
    ({"num_gpus": 4}, "ran on 4 GPU(s), the build gives 1"),
    ({"tensor_parallel_size": 2}, "needs 2 GPUs"),
    ({"gpu": "NVIDIA H100 80GB HBM3"}, "ran on NVIDIA H100"),
])
def test_a_run_from_another_set_up_is_refused(tmp_path, capsys, extra, message):
    path = saved_result(tmp_path, **extra)
    err = bad(capsys, "calibrate", "import", path, "--build", MES2X, *QWEN, "--gpus", "1")
    assert message in err
    assert main(["calibrate", "report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == []


def test_matching_metadata_is_accepted(tmp_path, capsys):
    path = saved_result(tmp_path, num_gpus=2, tensor_parallel_size=2, gpu="NVIDIA GeForce RTX 5090")
    assert main(["calibrate", "import", path, "--build", MES2X, *QWEN, "--parallel", "tp"]) == 0


def test_bad_saved_results_exit_2_with_one_line(tmp_path, capsys):
    not_vllm = tmp_path / "other.json"
    not_vllm.write_text(json.dumps({"tokens_per_second": 12.5}), encoding="utf-8")
    assert "not a vLLM saved result" in bad(capsys, "calibrate", "import", str(not_vllm), "--build", MES2X, *QWEN)
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    assert "not a vLLM saved result" in bad(capsys, "calibrate", "import", str(listing), "--build", MES2X, *QWEN)
    text = tmp_path / "log.txt"
    text.write_text("Serving Benchmark Result\n", encoding="utf-8")
    assert "not JSON" in bad(capsys, "calibrate", "import", str(text), "--build", MES2X, *QWEN)
    zero = saved_result(tmp_path, "zero.json")
    _edit(zero, duration=0)
    assert "duration is 0" in bad(capsys, "calibrate", "import", zero, "--build", MES2X, *QWEN)
    typed = saved_result(tmp_path, "typed.json")
    _edit(typed, output_throughput="fast")
    assert "output_throughput must be a number" in bad(capsys, "calibrate", "import", typed, "--build", MES2X,
                                                       *QWEN)
    assert "cannot read" in bad(capsys, "calibrate", "import", str(tmp_path / "missing.json"),
                                "--build", MES2X, *QWEN)


def _edit(path: str, **fields) -> None:
    file = Path(path)
    file.write_text(json.dumps({**json.loads(file.read_text(encoding="utf-8")), **fields}), encoding="utf-8")


def test_a_model_config_field_of_the_wrong_type_exits_2(tmp_path, capsys):
    text = (paths.parts_db_dir() / "models" / "llama-3.1-8b.toml").read_text(encoding="utf-8")
    folder = paths.user_data_dir() / "parts" / "models"
    folder.mkdir(parents=True)
    (folder / "house-8b.toml").write_text(
        text.replace('id = "llama-3.1-8b"', 'id = "house-8b"', 1).replace("layers = 32", 'layers = "many"', 1),
        encoding="utf-8")
    err = bad(capsys, "estimate", "--model", "house-8b", "--weights", "fp8", "--gpu-spec",
              "vram_gb=32,bandwidth_gbps=1792,bf16_tflops=209")
    assert "house-8b" in err and "layers" in err
    # reading the catalog for a build also warns that the file was left out, then refuses
    assert main(["calibrate", "import", saved_result(tmp_path), "--build", MES2X, "--model", "house-8b",
                 "--weights", "fp8"]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "house-8b" in last and "layers" in last


def test_saved_result_reader_takes_the_per_request_lengths(tmp_path):
    result = read_saved_result(saved_result(tmp_path, prompts=100, input_tokens=512, output_tokens=128,
                                            concurrency=None))
    assert (result.input_tokens, result.output_tokens, result.concurrency) == (512, 128, 100)


def test_a_hand_edited_store_is_read_as_far_as_it_makes_sense(tmp_path, capsys):
    assert main(["calibrate", "import", saved_result(tmp_path), "--build", MES2X, *QWEN, "--gpus", "1"]) == 0
    capsys.readouterr()
    store = paths.user_data_dir() / "calibration" / "runs.json"
    data = json.loads(store.read_text(encoding="utf-8"))
    data["runs"] += [7, {"id": 9}, {**data["runs"][0], "id": 10, "model": "gone-model"}]
    data["factors"]["broken"] = {"factor": "x"}
    store.write_text(json.dumps(data), encoding="utf-8")
    assert main(["calibrate", "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in report["runs"]] == [1, 10]
    assert report["runs"][1]["error"] and "broken" not in report["factors"]
    store.write_text("{not json", encoding="utf-8")
    assert "damaged" in bad(capsys, "calibrate", "report")
    assert estimate_json(capsys, *QWEN, "--build", MES2X, "--gpus", "1")["calibrated_on_local_runs"] == 0
