"""``configurator estimate`` and ``configurator models list``: the stable contract."""

from __future__ import annotations

import json

import pytest

from configurator import paths
from configurator.cli import main

SPEC = "vram_gb=80,bandwidth_gbps=3350,bf16_tflops=989,fp8_tflops=1979"
MES2X = str(paths.examples_dir() / "mes2x-dual-rtx5090.json")


def run_json(capsys, *argv):
    code = main(["estimate", *argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_json_contract(capsys):
    data = run_json(capsys, "--model", "qwen3-30b-a3b", "--weights", "awq-int4",
                    "--gpu", "nvidia-rtx-5090-fe", "--concurrency", "64")
    assert data["fits"] is True
    assert set(data["per_gpu"][0]) >= {"vram_total_gb", "usable_gb", "weights_gb", "kv_cache_gb",
                                       "activations_gb", "overhead_gb"}
    assert data["max_concurrency"] >= 1
    assert set(data["throughput"]) >= {
        "output_tokens_per_s", "output_tokens_per_s_low", "output_tokens_per_s_high",
        "decode_step_ms", "decode_tokens_per_s", "prefill_tokens_per_s", "ttft_s",
        "per_user_tokens_per_s", "bottleneck"}
    t = data["throughput"]
    assert t["output_tokens_per_s_low"] <= t["output_tokens_per_s"] <= t["output_tokens_per_s_high"]


def test_gpu_spec_and_not_fitting_is_still_exit_0(capsys):
    data = run_json(capsys, "--model", "llama-3.3-70b", "--weights", "bf16", "--gpu-spec", SPEC)
    assert data["fits"] is False and data["throughput"] is None
    assert data["suggestions"]


def test_build_takes_gpus_links_and_workload(capsys):
    data = run_json(capsys, "--build", MES2X, "--parallel", "tp", "--kv-cache", "fp8")
    assert data["model"] == "qwen3-30b-a3b" and len(data["per_gpu"]) == 2
    assert any("chipset" in note for note in data["notes"])


def test_human_report(capsys):
    assert main(["estimate", "--model", "llama-3.3-70b", "--weights", "fp8",
                 "--gpu", "nvidia-rtx-pro-6000-blackwell-ws", "--kv-cache", "fp8"]) == 0
    out = capsys.readouterr().out
    assert "fits with 8k context" in out and "limited by" in out


@pytest.mark.parametrize("argv", [
    ["estimate", "--model", "nope", "--weights", "bf16", "--gpu-spec", SPEC],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf3", "--gpu-spec", SPEC],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--gpu", "no-such-gpu"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--gpu-spec", "vram_gb=x"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--gpu-spec", SPEC, "--context", "0"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--gpu-spec", SPEC, "--gpus", "0"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--gpu-spec", SPEC, "--gpus", "3",
     "--parallel", "tp"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "bf16", "--build", "missing.json"],
    ["estimate", "finetune", "--model", "nope", "--gpu-spec", SPEC],
    ["estimate", "finetune", "--model", "llama-3.1-8b", "--gpu-spec", SPEC, "--seq-len", "999999"],
    ["estimate", "--model", "llama-3.1-8b", "--weights", "mxfp4", "--gpu-spec", SPEC],
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err and len(err.splitlines()) == 1


def test_finetune(capsys):
    assert main(["estimate", "finetune", "--model", "llama-3.1-8b", "--method", "full",
                 "--gpu", "nvidia-rtx-5090-fe", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fits"] is False and data["per_gpu"]["optimizer_gb"] > 90


def test_models_list(capsys):
    assert main(["models", "list", "--json"]) == 0
    ids = {m["id"] for m in json.loads(capsys.readouterr().out)}
    assert {"llama-3.3-70b", "deepseek-v3", "gpt-oss-120b"} <= ids
    assert main(["models", "list"]) == 0
    assert "qwen3-30b-a3b" in capsys.readouterr().out


def test_a_store_enters_its_own_model_in_the_user_parts_folder(capsys):
    import json

    from configurator import paths
    from configurator.cli import main

    text = (paths.parts_db_dir() / "models" / "llama-3.1-8b.toml").read_text(encoding="utf-8")
    folder = paths.user_data_dir() / "parts" / "models"
    folder.mkdir(parents=True)
    (folder / "house-8b.toml").write_text(
        text.replace('id = "llama-3.1-8b"', 'id = "house-8b"', 1), encoding="utf-8")
    assert main(["models", "list", "--json"]) == 0
    assert "house-8b" in {m["id"] for m in json.loads(capsys.readouterr().out)}
    assert main(["estimate", "--model", "house-8b", "--weights", "fp8", "--gpu", "nvidia-rtx-5090-fe",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fits"]
