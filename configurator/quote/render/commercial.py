"""The commercial part of the quote: parties, quote facts, line items, totals, terms and the
acceptance block."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from configurator.quote.model import Quote
from configurator.quote.money import format_amount, format_pct
from configurator.quote.render.fonts import BOLD, REGULAR, markup
from configurator.quote.render.styles import (
    ACCENT,
    ALERT_BOX,
    CELL,
    CELL_PADDING,
    CELL_RIGHT,
    HEADING,
    LABEL,
    RULE,
    STRONG,
    STRONG_RIGHT,
    SUBHEADING,
    grid_table_style,
    para,
)


def party_blocks(quote: Quote, width: float) -> Table:
    seller, customer = quote.seller, quote.customer
    left = [para("From", LABEL), para(seller.store_name, STRONG)]
    left += [para(text) for text in (
        seller.address,
        seller.phone and f"Phone: {seller.phone}",
        seller.email and f"E-mail: {seller.email}",
        seller.website, seller.contact,
        seller.tax_id and f"Tax ID: {seller.tax_id}",
    ) if text]
    right = [para("Quote for", LABEL)]
    right += [para(text, STRONG) for text in (customer.company,) if text]
    right += [para(text) for text in (customer.name, customer.address, customer.email) if text]
    # splitInRow: a seller or customer block taller than what is left of the page continues on
    # the next one instead of failing the layout.
    table = Table([[left, right]], colWidths=[width / 2, width / 2], splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBEFORE", (1, 0), (1, 0), 0.5, RULE),
        ("LEFTPADDING", (1, 0), (1, 0), 8),
    ]))
    return table


def quote_facts(quote: Quote, width: float) -> Table:
    facts = [
        ("Quote number", quote.full_number),
        ("Issue date", quote.issue_date.isoformat()),
        ("Valid until", quote.valid_until.isoformat()),
        ("Currency", quote.currency),
        ("Customer PO reference", quote.customer.po_reference or "—"),
        ("Consultant", quote.consultant or "—"),
        ("Payment terms", quote.payment_terms),
        ("Lead time", quote.lead_time),
    ]
    cells = [[para(label, LABEL), para(value)] for label, value in facts]
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    col = width / 2
    table = Table(rows, colWidths=[32 * mm, col - 32 * mm, 32 * mm, col - 32 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


LINE_HEAD = ("#", "Part number", "Description", "Qty", "Unit price", "Discount", "Line total")


def line_items(quote: Quote, width: float) -> Table:
    amounts = 25 * mm
    # Wide enough that no part number breaks across lines: a buyer copies it into a PO.
    longest = max((stringWidth(line.mpn or "—", REGULAR, CELL.fontSize) for line in quote.lines),
                  default=0.0)
    mpn_width = min(max(30 * mm, longest + 2 * CELL_PADDING + 2), 50 * mm)
    widths = [7 * mm, mpn_width, None, 10 * mm, amounts, 22 * mm, amounts]
    widths[2] = width - sum(w for w in widths if w)
    rows = [[para(h, LABEL) for h in LINE_HEAD]]
    for line in quote.lines:
        description = line.description
        if line.kind == "service":
            description = f"Service: {description}"
        if line.discount_pct:
            description += f" ({format_pct(line.discount_pct)} discount)"
        discount = f"−{format_amount(line.discount, quote.currency)}" if line.discount else "—"
        rows.append([
            para(str(line.position), CELL), para(line.mpn or "—", CELL), para(description, CELL),
            para(str(line.quantity), CELL_RIGHT),
            para(format_amount(line.unit_price, quote.currency), CELL_RIGHT),
            para(discount, CELL_RIGHT),
            para(format_amount(line.total, quote.currency), CELL_RIGHT),
        ])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid_table_style(right_from_col=3))
    return table


def totals_block(quote: Quote, width: float) -> Table:
    t, cur = quote.totals, quote.currency
    rows = [("Subtotal", format_amount(t.subtotal, cur))]
    if t.discount_pct:
        rows.append((f"Discount on quote ({format_pct(t.discount_pct)})",
                     f"−{format_amount(t.discount, cur)}"))
        rows.append(("Net", format_amount(t.net, cur)))
    rows.append((f"Tax ({format_pct(t.tax_rate_pct)})", format_amount(t.tax, cur)))
    body = [[para(label, CELL_RIGHT), para(value, CELL_RIGHT)] for label, value in rows]
    body.append([para("Total", STRONG_RIGHT), para(format_amount(t.total, cur), STRONG_RIGHT)])
    table = Table(body, colWidths=[width - 45 * mm, 45 * mm])
    table.setStyle(TableStyle([
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
    ]))
    return table


def override_notice(quote: Quote, width: float) -> list[Flowable]:
    """The consultant's reason for quoting a build with errors, boxed. One paragraph, so a long
    reason flows on to the next page rather than leaving most of this one empty."""
    reason = quote.technical.override_reason
    if not reason:
        return []
    heading = "Quoted despite the compatibility errors listed in the technical summary. Reason given by the consultant:"
    text = f'<font name="{BOLD}">{markup(heading, bold=True)}</font><br/>{markup(reason)}'
    return [Spacer(1, 10), Paragraph(text, ALERT_BOX)]


def terms_and_acceptance(quote: Quote, width: float) -> list[Flowable]:
    terms = [para("Terms", HEADING)]
    terms += [para(f"{n}. {text}") for n, text in enumerate(quote.terms, start=1)]
    terms.append(Spacer(1, 4))
    terms.append(para(f"Payment terms: {quote.payment_terms}. Lead time: {quote.lead_time}."))
    fields = [
        ("Accepted for", quote.customer.company or quote.customer.name or ""),
        ("Purchase order number", quote.customer.po_reference),
        ("Name and title", ""), ("Date", ""), ("Signature", ""),
    ]
    rows = [[para(label, LABEL), para(value)] for label, value in fields]
    sign = Table(rows, colWidths=[45 * mm, width - 45 * mm], rowHeights=[9 * mm] * len(rows))
    sign.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    acceptance = [
        para("Acceptance", SUBHEADING),
        para(f"We accept quote {quote.full_number} as issued on {quote.issue_date.isoformat()}, "
             f"total {format_amount(quote.totals.total, quote.currency)}.", CELL),
        sign,
    ]
    return [*terms, KeepTogether(acceptance)]
