"""The machine-readable quote: canonical JSON text and its SHA-256.

The text is canonical (sorted keys, fixed indentation, amounts as decimal strings) so the same
quote always hashes the same; the hash is printed on the PDF, letting a purchase system or a
later revision check that the data file is the one that was quoted.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import ValidationError

from configurator.quote.model import Quote


class QuoteDataError(ValueError):
    """A quote data file that cannot be read back."""


def quote_json(quote: Quote) -> str:
    data = quote.model_dump(mode="json")
    data["full_number"] = quote.full_number
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_quote(text: str) -> Quote:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuoteDataError(f"quote data is not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise QuoteDataError("quote data nests too deeply to be a quote") from None
    if not isinstance(data, dict):
        raise QuoteDataError("quote data must be a JSON object")
    data.pop("full_number", None)
    try:
        return Quote.model_validate(data)
    except ValidationError as exc:
        raise QuoteDataError(f"quote data is not a valid quote: {exc}") from None
