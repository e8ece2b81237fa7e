"""Reading human-edited TOML records and turning validation failures into plain problems.

Shared by the parts catalog and by anything else kept as data in parts_db/ (LLM architectures).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ValidationError

from configurator.errors import escape_control
from configurator.fileio import MB, InputFileError, read_limited
from configurator.safeparse import ParseError, parse_toml

MAX_PART_FILE_BYTES = 16 * MB


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry: which file, which record, which field, what."""

    file: str
    part_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.part_id:
            where += f" [{self.part_id}]"
        if self.field:
            where += f" {self.field}"
        return escape_control(f"{where}: {self.message}")


class CatalogError(Exception):
    """The data could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the catalog:\n{lines}")


M = TypeVar("M", bound=BaseModel)

MAX_URL_CHARS = 2083


def _web_address(text: str) -> str:
    # Checked here rather than with pydantic's HttpUrl, whose module costs every start ~15 ms.
    if len(text) > MAX_URL_CHARS:
        raise ValueError(f"a web address is at most {MAX_URL_CHARS} characters")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ValueError("a web address has no spaces or control characters")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as exc:
        raise ValueError(f"not a valid web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError("not a web address: it starts with http:// or https:// and names a host")
    return text


WebAddress = Annotated[str, AfterValidator(_web_address)]


def read_toml(path: Path, root: Path) -> tuple[dict | None, Problem | None]:
    rel = _relative(path, root)
    try:
        return parse_toml(read_limited(path, MAX_PART_FILE_BYTES, "part file").decode("utf-8")), None
    except ParseError as exc:
        return None, Problem(rel, "", "", str(exc))
    except InputFileError as exc:
        return None, Problem(rel, "", "", f"cannot be read: {exc}")
    except UnicodeDecodeError:
        return None, Problem(rel, "", "", "not a UTF-8 text file")


def validate_record(model: type[M], data: dict, file: str) -> tuple[M | None, list[Problem]]:
    part_id = str(data.get("id", "")) if isinstance(data, dict) else ""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, file, part_id)


_NAMED_FIELD = re.compile(r"(provenance\.[^:\s]+|[a-z_][a-z0-9_]*(?:\[\d+\])?): (.+)", re.DOTALL)


def problems_from_validation(exc: ValidationError, file: str, part_id: str) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        # A model-level check names its field first ("lanes: ..."); report it as the field.
        named = _NAMED_FIELD.match(msg)
        if err["type"] == "value_error" and named:
            field = f"{field}.{named[1]}" if field else named[1]
            msg = named[2]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling and the unit suffix)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        out.append(Problem(file, part_id, field, msg))
    return out


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def toml_files(directory: Path) -> list[Path]:
    # Not only regular files: a FIFO or device named *.toml is reported, not silently skipped.
    return sorted(p for p in directory.rglob("*.toml") if not p.is_dir())
