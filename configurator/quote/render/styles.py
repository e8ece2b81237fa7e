"""Paragraph and table styles shared by the quote's sections, and the ``para`` helper that
every piece of user-typed text goes through."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from configurator.quote.render.fonts import BOLD, REGULAR, markup

INK = colors.HexColor("#1b2530")
ACCENT = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#5b6b7b")
RULE = colors.HexColor("#c9d3dd")
SHADE = colors.HexColor("#eef2f6")
ALERT = colors.HexColor("#a1261b")
ALERT_SHADE = colors.HexColor("#fbeceb")

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=11, textColor=INK)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=9, textColor=MUTED)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8, leading=10)
CELL_RIGHT = ParagraphStyle("cell-right", parent=CELL, alignment=TA_RIGHT)
LABEL = ParagraphStyle("label", parent=BODY, fontName=BOLD, fontSize=7.5, leading=10,
                       textColor=MUTED)
STRONG = ParagraphStyle("strong", parent=BODY, fontName=BOLD)
STRONG_RIGHT = ParagraphStyle("strong-right", parent=STRONG, alignment=TA_RIGHT)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD, fontSize=12, leading=15,
                         textColor=ACCENT, spaceBefore=10, spaceAfter=5, keepWithNext=1)
SUBHEADING = ParagraphStyle("subheading", parent=HEADING, fontSize=9.5, leading=12,
                            spaceBefore=8, spaceAfter=3)
ALERT_TEXT = ParagraphStyle("alert", parent=BODY, textColor=ALERT)
ALERT_BOX = ParagraphStyle("alert-box", parent=ALERT_TEXT, borderWidth=0.8, borderColor=ALERT,
                           borderPadding=5, backColor=ALERT_SHADE)

BOLD_STYLES = {STRONG.name, STRONG_RIGHT.name, HEADING.name, SUBHEADING.name, LABEL.name}


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph printing ``text`` exactly as typed (markup characters escaped)."""
    return Paragraph(markup(str(text), bold=style.name in BOLD_STYLES), style)


CELL_PADDING = 3  # points, left and right of every table cell


def grid_table_style(header_rows: int = 1, right_from_col: int | None = None) -> TableStyle:
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.3, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
    ]
    if right_from_col is not None:
        commands.append(("ALIGN", (right_from_col, 0), (-1, -1), "RIGHT"))
    return TableStyle(commands)
