"""``configurator calibrate import RESULT.json… --build BUILD …`` and ``calibrate report``."""

from __future__ import annotations

import sys

from configurator.cli._common import CliError, add_catalog_arg, print_json
from configurator.cli.estimate import _architecture, _gpus_and_host, _setting
from configurator.estimate import weight_format
from configurator.estimate.local_calibration import read_saved_result, share_runs
from configurator.estimate.local_fit import Rig, RunReport, import_runs, report, still_off
from configurator.estimate.words import calibrated


def register(subparsers) -> None:
    cal = subparsers.add_parser(
        "calibrate", help="fit the estimator to the store's own measured runs",
        description="Import `vllm bench serve --save-result` files measured on the store's rig and "
                    "fit one bounded efficiency factor per GPU model that has runs.")
    actions = cal.add_subparsers(dest="calibrate_action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="import saved results measured on a build")
    imp.add_argument("results", nargs="+", metavar="RESULT.json")
    imp.add_argument("--build", required=True, metavar="BUILD", help="the build the runs were measured on")
    imp.add_argument("--model", metavar="ID", help="architecture id (default: the build's workload)")
    imp.add_argument("--weights", metavar="FORMAT", help="weight format served (default: the build's workload)")
    imp.add_argument("--parallel", choices=("replicas", "pp", "tp"), help="how vLLM spread the model")
    imp.add_argument("--gpus", type=int, metavar="N", help="GPUs the runs used (default: the build's)")
    imp.add_argument("--context", type=int, metavar="N", help="--max-model-len of the runs")
    imp.add_argument("--kv-cache", choices=("bf16", "fp8"))
    imp.add_argument("--mem-util", type=float, metavar="F", help="--gpu-memory-utilization, default 0.9")
    imp.add_argument("--host-cores", type=int, metavar="N", help="the host's CPU cores (default: the build's CPU)")
    imp.add_argument("--json", action="store_true")
    add_catalog_arg(imp)
    imp.set_defaults(func=run_import, gpu=None, gpu_spec=None)
    rep = actions.add_parser("report", help="measured vs estimated, before and after the local fit")
    rep.add_argument("--json", action="store_true")
    rep.set_defaults(func=run_report)


def run_import(args) -> int:
    results = []
    for path in args.results:
        try:
            results.append(read_saved_result(path))
        except ValueError as exc:
            raise CliError(str(exc)) from None
    gpus, links, build_workload, cores = _gpus_and_host(args)
    arch = _architecture(args.model or (build_workload.model if build_workload else None), args.catalog)
    format_id = _setting(args, build_workload, "weights")
    if not format_id:
        raise CliError("--weights is required (the format the runs served: awq-int4, fp8, …)")
    try:
        rig = Rig(build=args.build, arch=arch, fmt=weight_format(format_id), gpus=gpus,
                  links=links or [], host_cores=args.host_cores or cores,
                  parallel=_setting(args, build_workload, "parallel"),
                  context=_setting(args, build_workload, "context"),
                  kv_cache=_setting(args, build_workload, "kv_cache"),
                  mem_util=_setting(args, build_workload, "mem_util"))
        if not rig.links:
            raise CliError(f"{args.build}: the build has no working GPU")
        runs, factors = import_runs(results, rig)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if notice := share_runs(runs).send():
        print(f"note: {notice}", file=sys.stderr)
    reports, _ = report()
    ids = {r["id"] for r in runs}
    mine = [r for r in reports if r.run["id"] in ids]
    if args.json:
        print_json({"imported": sorted(ids),
                    "factors": {k: {"factor": f.factor, "runs": f.runs} for k, f in factors.items()},
                    "runs": [r.to_json() for r in mine], "notes": still_off(mine)})
        return 0
    print(f"Imported {len(runs)} run(s) measured on {args.build}.")
    for key, f in factors.items():
        print(f"  {key}: efficiency factor {f.factor:.3f}, {calibrated(f.runs)}")
    _print_runs(mine)
    for note in still_off(mine):
        print(f"  note: {note}")
    return 0


def run_report(args) -> int:
    try:
        reports, factors = report()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json({"factors": {k: {"factor": f.factor, "runs": f.runs} for k, f in factors.items()},
                    "runs": [r.to_json() for r in reports]})
        return 0
    if not reports:
        print("No local runs yet: import some with `configurator calibrate import RESULT.json --build BUILD …`.")
        return 0
    for key, f in factors.items():
        print(f"{key}: efficiency factor {f.factor:.3f}, {calibrated(f.runs)}")
    _print_runs(reports)
    return 0


def _print_runs(reports: list[RunReport]) -> None:
    print(f"  {'run':>4} {'file':24} {'GPUs':24} {'model':20} {'users':>5} {'measured':>9} "
          f"{'before':>16} {'after':>16}   (output tokens/s)")
    for r in reports:
        run = r.run
        head = (f"  {run['id']:>4} {run['file'][:24]:24} {r.to_json()['gpus'][:24]:24} "
                f"{run['model'][:20]:20} {run['workload']['concurrency']:>5}")
        measured = run["measured"]["output_throughput"]
        if r.error:
            print(f"{head} {measured:9,.0f}  cannot estimate: {r.error}")
            continue
        print(f"{head} {measured:9,.0f} {_versus(r.before, measured):>16} {_versus(r.after, measured):>16}")


def _versus(figures: dict[str, float], measured: float) -> str:
    value = figures.get("output_throughput")
    if not value:
        return "does not fit"
    return f"{value:,.0f} ({value / measured - 1:+.1%})"
