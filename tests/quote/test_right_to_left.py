"""Right-to-left names print in reading order: Hebrew runs reversed for drawing, Arabic joined."""

from __future__ import annotations

from pypdf import PdfReader

from configurator.quote.render.fonts import markup, visual_order


def test_hebrew_is_drawn_right_to_left_and_latin_is_untouched():
    assert visual_order("שלום") == "םולש"
    assert visual_order("Dana Cohen, 42 Main St") == "Dana Cohen, 42 Main St"
    # An RTL paragraph keeps the number and the Latin run readable, to the left of the Hebrew.
    assert visual_order("שלום Cohen 42") == "Cohen 42 םולש"
    assert visual_order("אב\nגד") == "בא\nדג"


def test_arabic_letters_are_joined_in_drawing_order():
    drawn = visual_order("مرحبا")
    assert len(drawn) == 5
    assert all("\ufe70" <= ch <= "\ufeff" for ch in drawn), "presentation (joined) forms"
    assert drawn[-1] == "\ufee3", "the first letter, meem in its initial form, is drawn rightmost"
    assert "&lt;" in markup("<שלום>")


def test_a_quote_with_right_to_left_names_renders(resolved, report, settings, tmp_path):
    import datetime as dt

    from configurator.quote import Customer, QuoteRegister, default_request, issue_quote

    request = default_request(settings, issue_date=dt.date(2026, 3, 5),
                              customer=Customer(name="דנה כהן", company="شركة الحاسوب"))
    result = issue_quote(resolved, request, settings, tmp_path / "q.pdf", report=report,
                         register=QuoteRegister(tmp_path / "r.sqlite3"))
    text = PdfReader(str(result.pdf_path)).pages[0].extract_text()
    # pypdf puts right-to-left runs back in reading order when it extracts them.
    assert "דנה כהן" in text
