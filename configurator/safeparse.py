"""JSON and TOML from files a person handed us, within bounds.

Python's parsers accept integers of thousands of digits (then fail converting them) and nest
until the interpreter's recursion limit; here both are refused with a plain message
(``ParseError``), as are JSON's non-standard NaN and Infinity.
"""

from __future__ import annotations

import json
import tomllib

MAX_DEPTH = 32
MAX_INT_DIGITS = 30


class ParseError(ValueError):
    """The text is not valid JSON/TOML, or exceeds the nesting or number limits."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ParseError(f"a number has {len(text.lstrip('-'))} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _constant(name: str) -> float:
    raise ParseError(f"{name} is not a JSON number")


def parse_json(text: str):
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ParseError(f"nests too deeply (more than {MAX_DEPTH} levels)") from None
    check_shape(data)
    return data


def parse_toml(text: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ParseError(f"nests too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError:  # int() of a number longer than Python converts
        raise ParseError(f"a number is longer than {MAX_INT_DIGITS} digits") from None
    check_shape(data)
    return data


def check_shape(data, depth: int = 0) -> None:
    """Refuse nesting deeper than MAX_DEPTH and integers longer than MAX_INT_DIGITS."""
    if depth > MAX_DEPTH:
        raise ParseError(f"nests too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(data, dict):
        for value in data.values():
            check_shape(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            check_shape(value, depth + 1)
    elif isinstance(data, int) and not isinstance(data, bool) and abs(data) >= 10**MAX_INT_DIGITS:
        raise ParseError(f"a number is longer than {MAX_INT_DIGITS} digits")
