"""Issuing a quote: number from the register, PDF and JSON written beside each other.

Files are written to temporary names in the target folder, the register transaction commits,
and only then are the files moved to their final names with ``os.replace`` (atomic on one file
system). Why this order keeps numbering gapless is explained in ``configurator.quote.register``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.build import ResolvedBuild
from configurator.fileio import write_temp_beside
from configurator.quote.compose import QuoteError, check_quotable, compose_quote, quote_currency
from configurator.quote.document import quote_json, sha256_hex
from configurator.quote.model import Quote, QuoteRequest, WorkloadSection
from configurator.quote.register import QuoteRegister, StoredQuote
from configurator.quote.render.pdf import render_pdf
from configurator.quote.settings import QuoteSettings
from configurator.quote.workload import workload_section
from configurator.rules import Report, validate
from configurator.store.errors import StoreError, StoreUnreachableError

if TYPE_CHECKING:
    from configurator.store.engine import Cancellation

Estimator = Callable[[ResolvedBuild], WorkloadSection | None]


@dataclass(frozen=True)
class ExportResult:
    quote: Quote
    pdf_path: Path
    data_path: Path
    data_sha256: str

    @property
    def full_number(self) -> str:
        return self.quote.full_number


def data_path_for(pdf_path: Path) -> Path:
    """The machine-readable JSON sits beside the PDF: quote.pdf -> quote.json."""
    return pdf_path.with_suffix(".json")


class _StagedFiles:
    """Finished files under temporary names in their final folder, until ``publish``."""

    def __init__(self, contents: dict[Path, bytes]):
        self._moves: list[tuple[str, Path]] = []
        try:
            for final, data in contents.items():
                # Anything that would stop the final move (a folder or a read-only file under
                # that name) fails here, before a number is taken.
                if final.exists() and not os.access(final, os.W_OK):
                    raise PermissionError(errno.EACCES, "the file is read-only", str(final))
                self._moves.append((write_temp_beside(final, data), final))
        except BaseException:
            self.discard()
            raise

    def publish(self) -> None:
        for tmp, final in self._moves:
            os.replace(tmp, final)

    def discard(self) -> None:
        for tmp, _ in self._moves:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _stage(quote: Quote, settings: QuoteSettings, pdf_path: Path) -> tuple[_StagedFiles, str, str]:
    text = quote_json(quote)
    digest = sha256_hex(text)
    pdf = render_pdf(quote, digest, settings.logo_file())
    staged = _StagedFiles({pdf_path: pdf, data_path_for(pdf_path): text.encode("utf-8")})
    return staged, text, digest


def issue_quote(resolved: ResolvedBuild, request: QuoteRequest, settings: QuoteSettings,
                pdf_path: Path | str, *, register: QuoteRegister | None = None,
                report: Report | None = None, revision_of: str | None = None,
                estimate: Estimator = workload_section, build_text: str | None = None,
                on_wait: Callable[[], None] | None = None,
                cancellation: Cancellation | None = None) -> ExportResult:
    """Issue a new quote (or the next revision of ``revision_of``) and write its PDF and JSON.

    ``on_wait`` is called once if the register is held by another quote being issued;
    ``cancellation`` ends the wait (or the export) with WriteCancelledError before the number
    is committed: then no number is taken and no file is written.

    Raises UnquotableBuildError when the build has errors and the request gives no override reason,
    QuoteError for input that cannot be quoted; nothing is numbered or written then.
    ``build_text`` is the build file as the customer has it; it is quoted (and hashed) as is
    when it describes exactly this build.
    """
    pdf_path = Path(pdf_path)
    register = register or QuoteRegister()
    report = report or validate(resolved)
    check_quotable(report, request)
    quote_currency(resolved, settings)
    workload = estimate(resolved)
    held = {"on_wait": on_wait, "cancellation": cancellation}
    reserve = (register.reserve_revision(revision_of, **held) if revision_of
               else register.reserve(register.number_prefix(settings.number_prefix),
                                     request.issue_date.year, **held))
    staged = None
    try:
        with reserve as slot:
            quote = compose_quote(resolved, report, request, settings, number=slot.number,
                                  revision=slot.revision, workload=workload, build_text=build_text)
            staged, text, digest = _stage(quote, settings, pdf_path)
            slot.record(quote, text, digest, request, settings)
    except StoreUnreachableError as exc:
        if staged is not None:
            staged.discard()
        raise StoreUnreachableError(f"{exc}; no quote number was taken and no file was written") from None
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    try:
        staged.publish()
    except OSError as exc:
        staged.discard()
        reason = f"its files could not be written ({exc.strerror or exc})"
        try:
            register.void(quote.full_number, reason)
        except StoreError as void_exc:
            raise QuoteError(f"{quote.full_number} was issued but {reason}, and it could not be "
                             f"marked void ({void_exc}); mark it void in the register") from exc
        raise QuoteError(f"{quote.full_number} is recorded as void: {reason}; quote again for a "
                         "new number") from exc
    return ExportResult(quote, pdf_path, data_path_for(pdf_path), digest)


def reexport(stored: StoredQuote, pdf_path: Path | str) -> ExportResult:
    """Write an issued quote's PDF and JSON again, identical to the first export."""
    pdf_path = Path(pdf_path)
    quote = stored.quote()
    staged, _, digest = _stage(quote, stored.settings(), pdf_path)
    staged.publish()
    return ExportResult(quote, pdf_path, data_path_for(pdf_path), digest)
