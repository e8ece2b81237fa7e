"""Rendering a Quote to PDF bytes.

The output depends only on the quote, the data file's hash and the logo: reportlab runs in
invariant mode and the document's creation date is the quote's issue date, so exporting the
same quote twice gives the same bytes.

Every page carries the full quote number (with its revision suffix) in the header and footer
and "page X of Y"; the page count is known only at the end, so pages are buffered and their
furniture drawn when the document is saved.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer

from configurator.quote.model import Quote
from configurator.quote.money import format_amount
from configurator.quote.render import commercial, technical
from configurator.quote.render.fonts import draw_string, fit_text, register_fonts, text_width
from configurator.quote.render.styles import ACCENT, MUTED, RULE

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm
HEADER_H = 22 * mm
FOOTER_H = 12 * mm
LOGO_H = 12 * mm


def render_pdf(quote: Quote, data_sha256: str, logo: Path | None = None) -> bytes:
    register_fonts()
    page_w, _ = PAGE_SIZES[quote.paper]
    width = page_w - 2 * MARGIN
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE_SIZES[quote.paper], invariant=1,
        leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN + FOOTER_H,
        title=f"Quote {quote.full_number}", author=quote.seller.store_name,
        subject=f"Quote {quote.full_number} for {quote.customer.company or quote.customer.name}",
        creator=quote.generator,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="quote", frames=[frame])])
    story = [
        commercial.party_blocks(quote, width),
        Spacer(1, 8),
        commercial.quote_facts(quote, width),
        Spacer(1, 6),
        *technical.verdict(quote),
        Spacer(1, 8),
        commercial.line_items(quote, width),
        Spacer(1, 4),
        commercial.totals_block(quote, width),
        *commercial.override_notice(quote, width),
        # The technical part starts on a fresh page unless most of this one is still free.
        CondPageBreak(0.6 * doc.height),
        *technical.technical_page(quote, width),
    ]
    if quote.workload is not None:
        story += technical.workload_section(quote.workload, width)
    story += commercial.terms_and_acceptance(quote, width)
    story += technical.appendix(quote, data_sha256, width)
    logo_image = ImageReader(str(logo)) if logo and logo.is_file() else None
    doc.build(story, canvasmaker=_canvas_class(quote, logo_image))
    return buffer.getvalue()


def _canvas_class(quote: Quote, logo: ImageReader | None) -> type[Canvas]:
    class QuoteCanvas(Canvas):
        """Buffers pages so each can say 'page X of Y', and dates the file by the quote."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            issued = quote.issue_date
            self._doc._timeStamp.YMDhms = (issued.year, issued.month, issued.day, 0, 0, 0)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            count = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, quote, logo, number, count)
                super().showPage()
            super().save()

    return QuoteCanvas


def _draw_furniture(canvas: Canvas, quote: Quote, logo: ImageReader | None,
                    page: int, pages: int) -> None:
    page_w, page_h = PAGE_SIZES[quote.paper]
    top = page_h - MARGIN
    if logo is not None:
        logo_w, logo_h = logo.getSize()
        canvas.drawImage(logo, MARGIN, top - LOGO_H, width=LOGO_H * logo_w / logo_h,
                         height=LOGO_H, mask="auto")
    else:
        canvas.setFillColor(ACCENT)
        draw_string(canvas, MARGIN, top - 8 * mm, quote.seller.store_name, 14, bold=True,
                    max_width=page_w / 2 - MARGIN)
    right = page_w - MARGIN
    canvas.setFillColor(ACCENT)
    draw_string(canvas, right, top - 5 * mm, "QUOTATION", 15, bold=True, align="right")
    draw_string(canvas, right, top - 11 * mm, quote.full_number, 11, bold=True, align="right")
    canvas.setFillColor(MUTED)
    draw_string(canvas, right, top - 15.5 * mm,
                f"Total {format_amount(quote.totals.total, quote.currency)} · "
                f"valid until {quote.valid_until.isoformat()}", 7.5, align="right")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - HEADER_H + 4 * mm, right, top - HEADER_H + 4 * mm)

    bottom = MARGIN
    canvas.line(MARGIN, bottom + FOOTER_H - 4 * mm, right, bottom + FOOTER_H - 4 * mm)
    facts = f" · Quote {quote.full_number} · issued {quote.issue_date.isoformat()}"
    room = page_w - 2 * MARGIN - 30 * mm - text_width(facts, 7.5)
    draw_string(canvas, MARGIN, bottom + 3 * mm,
                fit_text(quote.seller.store_name, 7.5, room) + facts, 7.5)
    draw_string(canvas, right, bottom + 3 * mm, f"page {page} of {pages}", 7.5, align="right")
