"""``configurator --self-test``: checks an installation headlessly, one line per step.

    ok   catalog: 63 parts
    FAIL quote: no PDF written

Steps: version, catalog, catalog check, the user's own part and model files, example builds,
estimate, quote PDF, user data, and the store database: a configured server must be reachable
and its schema not newer than this app's.
``--gui`` adds a last step that opens the main window offscreen and closes it. The exit code
is 0 only if no step failed. Quotes go to a temporary folder and the user's quote register
and settings are not touched; the real user data folder is only probed for writing.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

# Article builds and the codes they must produce (both sides of the lane-sharing story).
EXPECTED_CODES = {
    "mes2x-dual-pro6000-nvme-m2d-sb": {"LANE-SLOT-DISABLED"},
    "mes2x-dual-rtx5090-nvme-m2d-sb": {"LANE-SLOT-DISABLED"},
}


class StepError(Exception):
    """The step ran and its result is wrong."""


class StepSkippedError(Exception):
    """The step cannot run: its part of the app is absent or an earlier step failed."""


@dataclass
class Context:
    """Where the steps work, and what earlier steps produced for later ones."""

    workdir: Path
    real_user_data: Path
    catalog: object = None
    builds: dict[str, tuple] = field(default_factory=dict)  # name -> (resolved, report)


Step = Callable[[Context], str]


def _has_package(name: str) -> bool:
    """True if ``name`` is a regular package of this installation (not a bare folder)."""
    try:
        spec = find_spec(name)
    except ImportError:
        return False
    return spec is not None and spec.origin is not None


def _needs_catalog(ctx: Context) -> None:
    if ctx.catalog is None:
        raise StepSkippedError("needs the catalog, which did not load")


def step_version(ctx: Context) -> str:
    from configurator.paths import bundle_root, read_version

    version = read_version()
    if version == "0+unknown":
        raise StepError(f"no readable pyproject.toml in {bundle_root()}")
    return version


def step_catalog(ctx: Context) -> str:
    from configurator.parts import CatalogError, load_catalog
    from configurator.parts.prices import OVERRIDES_FILE, load_price_overrides

    # The user's own price overrides are read, never written.
    prices = load_price_overrides(ctx.real_user_data / OVERRIDES_FILE)
    try:
        ctx.catalog = load_catalog(with_user_prices=False).with_prices(prices)
    except CatalogError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise StepError(f"{first}{more}") from None
    overridden = len(ctx.catalog.overridden_prices)
    note = f", {overridden} user price(s)" if overridden else ""
    return f"{len(ctx.catalog)} parts{note}"


def step_user_parts(ctx: Context) -> str:
    """The store's own part and model files: each one that the app would leave out fails."""
    from configurator.estimate.architectures import load_user_models
    from configurator.parts.catalog import load_user_parts

    folder = ctx.real_user_data / "parts"
    parts, _, problems = load_user_parts(folder)
    models, model_problems = load_user_models(folder)
    problems = [*problems, *model_problems]
    if problems:
        files = {p.file for p in problems}
        more = f" (and {len(files) - 1} more file(s))" if len(files) > 1 else ""
        raise StepError(f"left out {problems[0]}{more}")
    return f"{len(parts)} part(s), {len(models)} model(s) in {folder}"


def step_catalog_check(ctx: Context) -> str:
    from configurator.rules.catalog_lint import lint_catalog

    _needs_catalog(ctx)
    problems = lint_catalog(ctx.catalog)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise StepError(f"{problems[0]}{more}")
    return "no problems"


def step_examples(ctx: Context) -> str:
    from configurator.build import load_build, resolve
    from configurator.paths import examples_dir
    from configurator.rules import validate

    _needs_catalog(ctx)
    files = sorted(examples_dir().glob("*.json"))
    if not files:
        raise StepError(f"no example builds in {examples_dir()}")
    with_errors = 0
    for path in files:
        resolved = resolve(load_build(path), ctx.catalog)
        report = validate(resolved)
        missing = EXPECTED_CODES.get(path.stem, set()) - set(report.codes())
        if missing:
            raise StepError(f"{path.name} lacks {', '.join(sorted(missing))}")
        ctx.builds[path.stem] = (resolved, report)
        with_errors += not report.ok
    checked = sum(name in ctx.builds for name in EXPECTED_CODES)
    return f"{len(files)} builds validated, {with_errors} with errors, {checked} lane cases as expected"


def _quotable_build(ctx: Context) -> tuple[str, object, object]:
    """The first example build without errors that names a workload: (name, resolved, report)."""
    for name, (resolved, report) in ctx.builds.items():
        if report.ok and resolved.build.workload is not None:
            return name, resolved, report
    raise StepError("no example build without errors has a workload")


def step_estimate(ctx: Context) -> str:
    if not _has_package("configurator.estimate"):
        raise StepSkippedError("the estimator is not part of this installation")
    from configurator.estimate import (
        estimate_inference,
        get_architecture,
        gpus_from_build,
        weight_format,
        workload_from_build,
    )

    if not ctx.builds:
        raise StepSkippedError("needs the example builds, which did not load")
    fitting: list[tuple[str, float]] = []
    estimated = 0
    for name, (resolved, _) in ctx.builds.items():
        workload = resolved.build.workload
        if workload is None:
            continue
        gpus, links = gpus_from_build(resolved)
        if not gpus:
            continue
        est = estimate_inference(get_architecture(workload.model), weight_format(workload.weights),
                                 gpus, workload_from_build(workload), links)
        estimated += 1
        if est.fits:
            rate = est.throughput.output_tokens_per_s.value if est.throughput else 0.0
            if not 0 < rate < float("inf"):
                raise StepError(f"{name}: the model fits but the speed is {rate} tokens/s")
            fitting.append((name, rate))
    if not fitting:
        raise StepError(f"none of {estimated} example workloads fits its build")
    name, rate = fitting[0]
    return f"{estimated} workloads estimated, {len(fitting)} fit; {name}: {rate:,.0f} tokens/s"


def step_quote(ctx: Context) -> str:
    if not _has_package("configurator.quote"):
        raise StepSkippedError("quotes are not part of this installation")
    import datetime as dt

    from configurator.quote import (
        Customer,
        QuoteRegister,
        default_request,
        issue_quote,
        load_settings,
    )
    from configurator.quote.settings import SETTINGS_FILE

    if not ctx.builds:
        raise StepSkippedError("needs the example builds, which did not load")
    name, resolved, report = _quotable_build(ctx)
    # The store's own settings and logo, so a damaged settings file shows here.
    settings = load_settings(ctx.real_user_data / SETTINGS_FILE)
    request = default_request(settings, issue_date=dt.date.today(), customer=Customer(name="Self-test"))
    result = issue_quote(resolved, request, settings, ctx.workdir / "self-test-quote.pdf",
                         register=QuoteRegister(ctx.workdir / "register.sqlite"), report=report)
    size = _check_pdf(result.pdf_path)
    if not result.data_path.is_file() or result.data_path.stat().st_size == 0:
        raise StepError(f"no quote data written beside the PDF ({result.data_path.name})")
    return f"{result.full_number} for {name}, {len(result.quote.lines)} lines, PDF {size // 1024} KiB"


def _check_pdf(path: Path) -> int:
    if not path.is_file():
        raise StepError(f"no PDF written at {path}")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise StepError(f"{path.name} is not a complete PDF ({len(data)} bytes)")
    return len(data)


def step_user_data(ctx: Context) -> str:
    real_dir = ctx.real_user_data
    probe = real_dir / f".self-test-{os.getpid()}"
    try:
        real_dir.mkdir(parents=True, exist_ok=True)
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise StepError(f"{real_dir} cannot be used: {exc.strerror}") from None
    return str(real_dir)


def step_store_database(ctx: Context) -> str:
    """The configured store database (the environment's URL, else the saved one): reachable,
    and its schema one this version can use. Changes nothing; never shows the password."""
    from configurator.errors import EnvironmentProblemError
    from configurator.store.config import CONFIG_FILE, URL_ENV, load_config

    try:
        config = load_config(ctx.real_user_data / CONFIG_FILE)
        if not (os.environ.get(URL_ENV, "").strip() or config.database_url):
            return "this computer's own register (no server configured)"
        from configurator.store.engine import check_schema

        return check_schema(config.url)
    except EnvironmentProblemError as exc:
        raise StepError(str(exc)) from None


def step_window(ctx: Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from configurator.ui.app import run_app
    except ImportError as exc:
        raise StepError(f"the desktop app cannot be imported: {exc}") from None
    out = io.StringIO()
    with redirect_stdout(out):  # keeps the report at one line per step
        code = run_app(["--smoke-test"])
    if code:
        raise StepError(f"the window smoke test exited with {code}")
    shown = [line for line in out.getvalue().splitlines() if "window shown" in line]
    return shown[0].removeprefix("smoke-test: ") if shown else "opened offscreen and closed"


def _emit(status: str, name: str, detail: str) -> None:
    from configurator.errors import one_line

    detail = one_line(" ".join(str(detail).split()))
    _say(f"{status:<4} {name}: {detail}")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@contextmanager
def _user_data_in(folder: Path) -> Iterator[None]:
    """Point the app's user data folder at ``folder`` for the duration."""
    saved = os.environ.get("CONFIGURATOR_USER_DATA")
    os.environ["CONFIGURATOR_USER_DATA"] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("CONFIGURATOR_USER_DATA", None)
        else:
            os.environ["CONFIGURATOR_USER_DATA"] = saved


def run_self_test(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="configurator --self-test", description=__doc__.split("\n")[0])
    parser.add_argument("--gui", action="store_true", help="also open the main window offscreen")
    parser.add_argument("--debug", action="store_true",
                        help="print the traceback of a step that crashed")
    args = parser.parse_args(argv)

    from configurator.paths import user_data_dir

    steps: list[tuple[str, Step]] = [
        ("version", step_version),
        ("catalog", step_catalog),
        ("catalog check", step_catalog_check),
        ("user parts", step_user_parts),
        ("examples", step_examples),
        ("estimate", step_estimate),
        ("quote", step_quote),
        ("user data", step_user_data),
        ("store database", step_store_database),
    ]
    if args.gui:
        steps.append(("window", step_window))
    started = time.perf_counter()
    failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="configurator-self-test-", ignore_cleanup_errors=True) as tmp:
        ctx = Context(Path(tmp), user_data_dir())
        with _user_data_in(ctx.workdir / "user-data"):
            for name, step in steps:
                try:
                    _emit("ok", name, step(ctx))
                except StepSkippedError as exc:
                    skipped += 1
                    _emit("skip", name, exc)
                except StepError as exc:
                    failed += 1
                    _emit("FAIL", name, exc)
                except Exception as exc:  # a crash in a step is that step's failure
                    failed += 1
                    _emit("FAIL", name, f"{type(exc).__name__}: {exc}")
                    if args.debug:
                        traceback.print_exception(exc, file=sys.stderr)
    passed = len(steps) - failed - skipped
    verdict = "FAILED" if failed else "passed"
    _say(f"self-test {verdict}: {passed} ok, {failed} failed, {skipped} skipped "
         f"in {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0
