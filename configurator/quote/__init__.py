"""PDF quotes and the quote register. Pure Python: no Qt, no CLI.

The GUI and the CLI use:

- ``load_settings`` / ``save_settings`` / ``QuoteSettings``: the store's seller block and defaults;
- ``default_request`` / ``QuoteRequest`` / ``Customer`` / ``ServiceRequest``: what the consultant enters;
- ``preview_totals``: the totals a request would print, for a live preview;
- ``issue_quote``: number the quote in the register and write its PDF and JSON;
- ``QuoteRegister``: list, reopen, re-export (``reexport``), mark, expire and export as CSV.
"""

from configurator.quote.compose import (
    QuoteError,
    UnquotableBuildError,
    compute_totals,
    default_request,
    preview_totals,
)
from configurator.quote.document import QuoteDataError, load_quote, quote_json
from configurator.quote.export import ExportResult, data_path_for, issue_quote, reexport
from configurator.quote.model import Customer, Quote, QuoteRequest, ServiceRequest, Totals
from configurator.quote.money import MoneyError, format_amount, format_pct, percentage
from configurator.quote.register import (
    REGISTER_FILE,
    STATUSES,
    QuoteRegister,
    RegisterBusyError,
    RegisterDamagedError,
    RegisterEntry,
    RegisterError,
    RegisterFilter,
    StoredQuote,
    move_aside,
)
from configurator.quote.settings import (
    QuoteSettings,
    ServiceOffer,
    SettingsError,
    load_settings,
    save_settings,
)
from configurator.quote.workload import workload_section

__all__ = [
    "REGISTER_FILE",
    "STATUSES", "UnquotableBuildError", "Customer", "ExportResult", "MoneyError", "Quote",
    "QuoteDataError", "QuoteError", "QuoteRegister", "QuoteRequest", "QuoteSettings",
    "RegisterBusyError", "RegisterDamagedError", "RegisterEntry", "RegisterError", "RegisterFilter", "ServiceOffer", "ServiceRequest", "SettingsError",
    "StoredQuote", "Totals", "compute_totals", "data_path_for", "default_request",
    "format_amount", "format_pct", "issue_quote", "load_quote", "load_settings", "move_aside",
    "percentage",
    "preview_totals", "quote_json", "reexport", "save_settings", "workload_section",
]
