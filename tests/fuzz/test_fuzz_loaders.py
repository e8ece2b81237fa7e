"""Hypothesis fuzzing of every loader of user-supplied data and of the quote fields.

Each property holds for any input: the loader returns a loaded object, or raises the
project's own error type with a one-line message, never another exception and never a hang.
The default run tries a few hundred inputs per loader (derandomized, so CI is repeatable);
``python -m pytest -m fuzz`` runs the long, random version (15,000 inputs in all).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import shutil
import signal
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator import paths
from configurator.build import Build, BuildError, load_build, parse_build
from configurator.cli import quote as quote_cmd
from configurator.cli._common import CliError
from configurator.errors import EnvironmentProblemError
from configurator.estimate.architectures import Architecture
from configurator.estimate.local_calibration import REQUIRED_FIELDS, SavedResult, read_saved_result
from configurator.parts import PART_TYPES, Problem, load_catalog
from configurator.parts.catalog import _load_folder
from configurator.parts.loading import read_toml, validate_record
from configurator.parts.prices import (
    PriceFileError,
    PriceImport,
    load_price_overrides,
    read_price_csv,
)
from configurator.quote import QuoteRegister, QuoteRequest, QuoteSettings, load_settings
from configurator.quote.settings import SettingsError
from configurator.store import engine as store_engine

HANG_S = 10
COMMON = {"database": None, "deadline": None,
          "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                    HealthCheck.function_scoped_fixture]}
NORMAL = settings(max_examples=200, derandomize=True, **COMMON)
LONG = settings(max_examples=1500, **COMMON)

CATALOG = load_catalog(paths.parts_db_dir(), with_user_prices=False)
WORK = Path(tempfile.mkdtemp(prefix="configurator-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


@contextmanager
def no_hang():
    """Fail an input that takes longer than HANG_S seconds, instead of waiting for ever."""

    def hang(*_):
        raise AssertionError(f"no answer after {HANG_S} s: a hang")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, HANG_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def one_line(message: str) -> None:
    assert message and "\n" not in message and "\r" not in message, repr(message)


def contained(call: Callable, loaded: type | tuple, errors: type | tuple):
    """Run ``call``; its result must be ``loaded``, or it must raise ``errors`` with one line."""
    with no_hang():
        try:
            result = call()
        except errors as exc:
            one_line(str(exc))
            return None
    assert isinstance(result, loaded), type(result)
    return result


def pair(strategy, prop):
    """The property as a default-run test and as a long ``fuzz`` test."""

    @NORMAL
    @given(strategy)
    def normal(value):
        prop(value)

    @pytest.mark.fuzz
    @LONG
    @given(strategy)
    def long(value):
        prop(value)

    return normal, long


# --- strategies --------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "\n", "\x1b[2J", "\u202e", "שלום", "مرحبا", "株式会社", "\x00", "😀",
                     "9" * 5000, "1E-1000000", "NaN", "-0", "1e309"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-10**40, 10**40),
                    st.floats(allow_nan=True), hostile_text)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(hostile_text, inner, max_size=4), max_leaves=20)
part_ids = st.one_of(st.sampled_from(sorted(CATALOG.parts)), hostile_text)
items = st.fixed_dictionaries(
    {"part": part_ids},
    optional={"quantity": st.one_of(st.integers(-3, 100), scalars),
              "slots": st.one_of(st.lists(hostile_text, max_size=3),
                                 st.lists(st.sampled_from(["PCIEX16_1", "PCIEX16(G5)_1", "M.2_1"]),
                                          max_size=3), scalars)})
builds = st.fixed_dictionaries(
    {"schema_version": st.one_of(st.just(1), scalars)},
    optional={"name": st.one_of(hostile_text, scalars), "items": st.one_of(st.lists(items, max_size=6),
                                                                            json_values),
              "workload": st.one_of(json_values, st.fixed_dictionaries({"model": hostile_text})),
              "extra": json_values})
build_texts = st.one_of(builds.map(json.dumps), st.text(max_size=200),
                        builds.map(json.dumps).map(lambda t: t[: len(t) // 2]),
                        st.integers(1, 3000).map(lambda n: "[" * n + "]" * n))
toml_scalars = st.one_of(st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True),
                         hostile_text, st.dates())
toml_values = st.recursive(toml_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(min_size=1, max_size=10), inner, max_size=3),
                           max_leaves=12)


def toml_records(fields: list[str]):
    """TOML text built from a real record's field names with hostile values, or garbage."""
    record = st.dictionaries(st.sampled_from(fields) | st.text(min_size=1, max_size=8),
                             toml_values, max_size=12)
    return st.one_of(record.map(tomli_w.dumps), st.text(max_size=300),
                     st.integers(1, 3000).map(lambda n: "a = " + "[" * n + "]" * n))


PART_FIELDS = sorted({f for model in PART_TYPES.values() for f in model.model_fields})
MODEL_FIELDS = sorted(Architecture.model_fields)


def with_real_record(source: Path, strategy):
    """Also mutate one real file: one of its values replaced by a hostile one."""
    base = source.read_text(encoding="utf-8")
    lines = base.splitlines()

    def mutate(args):
        n, value = args
        key_lines = [i for i, line in enumerate(lines) if " = " in line]
        i = key_lines[n % len(key_lines)]
        key = lines[i].split(" = ", 1)[0]
        out = list(lines)
        out[i] = tomli_w.dumps({"x": value}).replace("x = ", f"{key} = ", 1).rstrip("\n")
        return "\n".join(out)

    return st.one_of(strategy, st.tuples(st.integers(0, 500), toml_scalars).map(mutate))


# --- properties --------------------------------------------------------------------------------


def _parse_build(text: str) -> None:
    contained(lambda: parse_build(text, "fuzz.json"), Build, BuildError)


def _load_build_file(data: bytes) -> None:
    path = WORK / "build.json"
    path.write_bytes(data)
    contained(lambda: load_build(path), Build, BuildError)


def _part_file(text: str) -> None:
    root = WORK / "parts_db"
    folder = root / "gpu"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fuzz.toml").write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    with no_hang():
        parts, _ = _load_folder(root, problems)
    assert bool(parts) != bool(problems)
    for problem in problems:
        one_line(str(problem))


def _model_file(text: str) -> None:
    root = WORK / "models_root"
    path = root / "models" / "fuzz.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with no_hang():
        data, problem = read_toml(path, root)
        if problem is None:
            arch, problems = validate_record(Architecture, data, "models/fuzz.toml")
            assert (arch is None) == bool(problems)
        else:
            problems = [problem]
    for p in problems:
        one_line(str(p))


price_cells = st.one_of(hostile_text, st.sampled_from(sorted(CATALOG.parts)),
                        st.sampled_from(["2199.50", "2,199.50", "2.199,50", "USD", "EUR",
                                         "2026-01-01", "2999-01-01", "0", "-5", "x" * 300]))
csv_texts = st.one_of(
    st.lists(st.lists(price_cells, min_size=1, max_size=6), max_size=8).map(
        lambda rows: "part,price,currency,as_of\n" + "\n".join(",".join(r) for r in rows)),
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


def _price_csv(text: str) -> None:
    path = WORK / "prices.csv"
    path.write_text(text, encoding="utf-8")
    result = contained(lambda: read_price_csv(path, CATALOG, today=dt.date(2026, 6, 1)),
                       PriceImport, PriceFileError)
    if result is not None:
        json.dumps(result.to_json())


def _price_overrides(text: str) -> None:
    path = WORK / "price_overrides.json"
    path.write_text(text, encoding="utf-8")
    contained(lambda: load_price_overrides(path, strict=True), dict, PriceFileError)
    assert isinstance(load_price_overrides(path), dict)


override_texts = st.one_of(
    st.dictionaries(part_ids, st.one_of(json_values, st.fixed_dictionaries(
        {"amount": st.one_of(st.sampled_from(["1.00", "1e9999", "-1", "NaN"]), scalars),
         "currency": st.one_of(st.just("USD"), hostile_text),
         "as_of": st.one_of(st.just("2026-01-01"), hostile_text)})), max_size=4).map(
        lambda prices: json.dumps({"schema_version": 1, "prices": prices})),
    json_values.map(json.dumps), st.text(max_size=200))


def _quote_settings(text: str) -> None:
    path = WORK / "quote-settings.json"
    path.write_text(text, encoding="utf-8")
    contained(lambda: load_settings(path), QuoteSettings, SettingsError)


settings_texts = st.one_of(
    st.fixed_dictionaries({}, optional={
        "store_name": hostile_text, "address": hostile_text, "currency": hostile_text,
        "validity_days": scalars, "default_tax_rate": scalars, "number_prefix": hostile_text,
        "paper": st.one_of(st.sampled_from(["letter", "a4", "A4", "legal"]), scalars),
        "contact": hostile_text, "phone": hostile_text, "email": hostile_text,
        "website": hostile_text,
        "services": json_values, "terms": json_values}).map(json.dumps),
    json_values.map(json.dumps), st.text(max_size=200))


def _register_file(data: bytes) -> None:
    path = WORK / "quotes.sqlite3"
    path.write_bytes(data)
    # Each input is opened afresh, as a new app start would, not through the process's open store.
    for store in store_engine._STORES.values():
        store.engine.dispose()
    store_engine._STORES.clear()
    with no_hang():
        try:
            register = QuoteRegister(path, lock_timeout=1)
            entries = register.entries()
        except EnvironmentProblemError as exc:
            one_line(str(exc))
            assert path.read_bytes() == data, "a damaged register was modified"
            return
    assert isinstance(entries, list)


register_bytes = st.one_of(st.binary(max_size=400),
                           st.binary(max_size=400).map(lambda b: b"SQLite format 3\x00" + b))

quote_args = st.fixed_dictionaries({
    "customer": hostile_text, "company": hostile_text, "address": hostile_text,
    "email": hostile_text, "po": hostile_text, "consultant": hostile_text,
    "override_reason": hostile_text,
    "discount": st.one_of(st.sampled_from(["0", "5", "12.5", "100", "100.0001", "1E-1000000",
                                           "-1", "nan", "Infinity", "1,5"]), hostile_text),
    "tax_rate": st.one_of(st.none(), st.sampled_from(["0", "19", "7.25", "1e5"]), hostile_text),
    "paper": st.sampled_from([None, "letter", "a4"]),  # argparse lets only these through
    "services": st.one_of(st.none(), st.just(""), st.sampled_from(["assembly", "burn-in,shipping",
                                                                   "nope"]), hostile_text),
    "date": st.one_of(st.none(), st.dates().map(dt.date.isoformat), hostile_text),
})


saved_results = st.one_of(
    st.fixed_dictionaries({f: st.one_of(st.floats(0, 1e6), scalars) for f in REQUIRED_FIELDS},
                          optional={"model_id": scalars, "max_concurrency": scalars,
                                    "completed": scalars}).map(json.dumps),
    json_values.map(json.dumps), st.text(max_size=200))


def _saved_result(text: str) -> None:
    path = WORK / "result.json"
    path.write_text(text, encoding="utf-8")
    contained(lambda: read_saved_result(path), SavedResult, ValueError)


def _quote_fields(fields: dict) -> None:
    args = argparse.Namespace(**fields)
    contained(lambda: quote_cmd._request(args, QuoteSettings()), QuoteRequest, CliError)


test_build_text, test_build_text_fuzz = pair(build_texts, _parse_build)
test_build_file, test_build_file_fuzz = pair(st.one_of(st.binary(max_size=300),
                                                       build_texts.map(str.encode)),
                                             _load_build_file)
test_part_file, test_part_file_fuzz = pair(
    with_real_record(paths.parts_db_dir() / CATALOG.files["nvidia-rtx-5090-fe"].split("/", 1)[1],
                     toml_records(PART_FIELDS)), _part_file)
test_model_file, test_model_file_fuzz = pair(
    with_real_record(paths.parts_db_dir() / "models" / "llama-3.3-70b.toml",
                     toml_records(MODEL_FIELDS)), _model_file)
test_price_csv, test_price_csv_fuzz = pair(csv_texts, _price_csv)
test_price_overrides, test_price_overrides_fuzz = pair(override_texts, _price_overrides)
test_quote_settings, test_quote_settings_fuzz = pair(settings_texts, _quote_settings)
test_register_file, test_register_file_fuzz = pair(register_bytes, _register_file)
test_quote_fields, test_quote_fields_fuzz = pair(quote_args, _quote_fields)
test_saved_result, test_saved_result_fuzz = pair(saved_results, _saved_result)
