"""Reading and writing build files (JSON). Saves are atomic; a bad file gives a clear message."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from configurator.build.errors import BuildError
from configurator.build.model import SCHEMA_VERSION, Build
from configurator.fileio import MB, InputFileError, atomic_write_text, read_limited
from configurator.safeparse import ParseError, parse_json

MAX_BUILD_FILE_BYTES = 16 * MB


def parse_build(text: str, source: str = "build") -> Build:
    try:
        data = parse_json(text)
    except ParseError as exc:
        raise BuildError(f"{source}: {exc}") from None
    if not isinstance(data, dict):
        raise BuildError(f"{source} must hold a JSON object, not {type(data).__name__}")
    if "schema_version" not in data:
        raise BuildError(f"{source} has no schema_version; a build file starts with "
                         f'"schema_version": {SCHEMA_VERSION}')
    try:
        return Build.model_validate(data)
    except ValidationError as exc:
        parts = []
        for err in exc.errors(include_url=False)[:8]:
            loc = _where(err["loc"])
            msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
            parts.append(f"{loc}: {msg}")
        raise BuildError(f"{source} is not a valid build: " + "; ".join(parts)) from None


def _where(loc: tuple) -> str:
    """'item 2 slots' for ('items', 1, 'slots'): items counted from 1, as a person counts."""
    words = []
    for n, p in enumerate(loc):
        if isinstance(p, int) and n and loc[n - 1] == "items":
            words[-1] = f"item {p + 1}"
        else:
            words.append(str(p))
    return " ".join(words) or "(file)"


def load_build(path: Path | str) -> Build:
    path = Path(path)
    try:
        raw = read_limited(path, MAX_BUILD_FILE_BYTES, "build file")
    except InputFileError as exc:
        raise BuildError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BuildError(f"{path.name} is not a UTF-8 text file") from None
    return parse_build(text, path.name)


def dump_build(build: Build) -> str:
    return json.dumps(build.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False) + "\n"


def save_build(build: Build, path: Path | str) -> None:
    atomic_write_text(path, dump_build(build))
