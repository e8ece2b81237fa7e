"""The store's quote settings: seller block, defaults, service prices, numbering prefix.

Stored as JSON in the user data folder so an app update never resets them (on a chain, also
on the server, per store). A missing file means the defaults; a damaged one is reported, never
silently replaced.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from configurator import paths
from configurator.errors import OneLineError
from configurator.fileio import MB, InputFileError, atomic_write_text, read_limited
from configurator.quote.model import text_field
from configurator.quote.paper import Paper, locale_paper
from configurator.safeparse import ParseError, parse_json
from configurator.store import cache

SETTINGS_FILE = cache.SETTINGS_FILE

DEFAULT_TERMS = (
    "Prices are in the currency shown on every amount and are valid until the date above. "
    "GPU and memory prices change quickly; after that date the quote must be re-issued.",
    "Ownership passes on full payment. Hardware carries the manufacturers' warranties; "
    "assembly and burn-in are warranted by the store for the period stated on the service line.",
    "To order, send a purchase order quoting the quote number including its revision suffix, "
    "or sign the acceptance block and return this document.",
)


class ServiceOffer(BaseModel):
    """A service the store sells beside the parts (assembly, burn-in, warranty, shipping)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9-]+$", max_length=40)
    description: Annotated[text_field(200), Field(min_length=1)]
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    default: bool = Field(default=True, description="added to a new quote unless removed")


DEFAULT_SERVICES = (
    ServiceOffer(key="assembly", description="Assembly, cable management and BIOS setup",
                 price=Decimal("149.00")),
    ServiceOffer(key="burn-in", description="Burn-in testing: 48 h GPU and memory stress test",
                 price=Decimal("99.00")),
    ServiceOffer(key="warranty", description="Extended warranty: 3 years on-site, parts and labour",
                 price=Decimal("299.00"), default=False),
    ServiceOffer(key="shipping", description="Insured shipping and delivery",
                 price=Decimal("79.00")),
)


class QuoteSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Line bounds keep the seller block within one page of the PDF.
    store_name: text_field(200) = "Workstation Store"
    address: text_field(1000, 8) = ""
    phone: text_field(500) = ""
    email: text_field(500) = ""
    website: text_field(500) = ""
    tax_id: text_field(100) = ""
    logo_path: str = Field(default="", description="image file; empty = the bundled logo")
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    validity_days: int = Field(default=30, ge=1, le=365)
    payment_terms: text_field(300, 3) = "Net 30 days from invoice date"
    lead_time: text_field(300, 3) = "10 business days from order"
    paper: Paper | None = Field(default=None, description="None: the locale's paper")
    default_tax_rate: Decimal = Field(default=Decimal("0"), ge=0, le=100)
    number_prefix: str = Field(default="Q", pattern=r"^[A-Z0-9]{1,8}$")
    services: tuple[ServiceOffer, ...] = DEFAULT_SERVICES
    terms: tuple[text_field(2000, 20), ...] = Field(default=DEFAULT_TERMS, max_length=20)

    @model_validator(mode="before")
    @classmethod
    def _split_old_contact(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("contact"), str):
            data = dict(data)
            for field, value in split_contact(data.pop("contact")).items():
                if value and not data.get(field):
                    data[field] = value
        return data

    def logo_file(self) -> Path:
        if self.logo_path:
            return Path(self.logo_path)
        return paths.resources_dir() / "logo" / "store-logo.png"

    def paper_size(self) -> Paper:
        return self.paper or locale_paper()

    def service(self, key: str) -> ServiceOffer | None:
        return next((s for s in self.services if s.key == key), None)


_PIECES = re.compile(r"\s*(?:\n|;|·|\||,)\s*")
_LABEL = re.compile(r"^(?:tel|telephone|phone|ph|e-?mail|mail|web|web ?site|url)\s*[.:]\s*",
                    re.IGNORECASE)
_WEB = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:/\S*)?$")


def split_contact(contact: str) -> dict[str, str]:
    """The one "contact" text of older settings files as phone, e-mail and web site: each piece
    (split at line breaks, ';', ',', '·', '|'; labels such as 'Tel:' dropped) with an @ is an
    e-mail, a web address is the site, and anything else goes with the phone, so nothing typed
    there is lost."""
    found: dict[str, list[str]] = {"phone": [], "email": [], "website": []}
    for piece in filter(None, _PIECES.split(contact.strip())):
        value = _LABEL.sub("", piece) or piece
        field = "email" if "@" in value else "website" if _WEB.match(value) else "phone"
        found[field].append(value)
    return {field: " · ".join(values) for field, values in found.items()}


class SettingsError(OneLineError):
    """The settings file exists but cannot be read."""


def settings_path() -> Path:
    """On a chain, the store's settings as last synced from the server."""
    return (cache.chain_cache_dir() if cache.uses_server() else paths.user_data_dir()) \
        / SETTINGS_FILE


def load_settings(path: Path | None = None) -> QuoteSettings:
    path = path or settings_path()
    if not path.exists() and not path.is_symlink():
        return QuoteSettings()
    try:
        text = read_limited(path, MB, "quote settings file").decode("utf-8")
    except InputFileError as exc:
        raise SettingsError(str(exc)) from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path} is not a UTF-8 text file") from None
    try:
        return QuoteSettings.model_validate(parse_json(text))
    except ParseError as exc:
        raise SettingsError(f"{path} is not valid quote settings: {exc}") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise SettingsError(f"{path} is not valid quote settings: {where}: "
                            f"{first['msg'].removeprefix('Value error, ')}") from None


def save_settings(settings: QuoteSettings, path: Path | None = None) -> None:
    """Save to the file; on a chain (no ``path`` given) first to the server, as this store's
    settings, so every machine of the store gets them at its next sync."""
    text = settings.model_dump_json(indent=2) + "\n"
    if path is None and cache.uses_server():
        from configurator.store import shared
        from configurator.store.config import load_config
        from configurator.store.engine import open_store

        with open_store().write() as conn:
            shared.write_store_settings(conn, load_config().store, text)
    atomic_write_text(path or settings_path(), text)
