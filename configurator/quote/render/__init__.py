"""Rendering quotes with reportlab: fonts, styles, sections and the PDF document."""
