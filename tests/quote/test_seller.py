"""The seller profile: name, address, phone, e-mail, web site, tax id and logo, each printed in
the PDF's seller block; settings files with the older single contact field still load."""

from __future__ import annotations

import json
import re

import pypdf
import pytest

from configurator.quote import QuoteSettings, issue_quote, load_quote, load_settings, save_settings
from configurator.quote.render.pdf import render_pdf
from configurator.quote.settings import split_contact


def seller_block(path) -> str:
    """Page 1 between 'From' and 'Quote for': the seller's column."""
    text = pypdf.PdfReader(path).pages[0].extract_text()
    return re.sub(r"\s+", " ", text.split("From", 1)[1].split("Quote number", 1)[0])


def test_seller_block_prints_every_field(resolved, report, request_, register, tmp_path):
    settings = QuoteSettings(store_name="Northwind Workstations", address="1 Harbour Road\nSpringfield",
                             phone="+1 555 0100", email="sales@northwind.example",
                             website="www.northwind.example", tax_id="US-12-3456789")
    result = issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                         report=report)
    block = seller_block(result.pdf_path)
    for text in ("Northwind Workstations", "1 Harbour Road", "Springfield", "Phone: +1 555 0100",
                 "E-mail: sales@northwind.example", "www.northwind.example",
                 "Tax ID: US-12-3456789"):
        assert text in block
    assert block.index("Phone") < block.index("E-mail") < block.index("Tax ID")


def test_empty_fields_print_no_label(resolved, report, request_, register, tmp_path):
    result = issue_quote(resolved, request_, QuoteSettings(store_name="Solo"), tmp_path / "q.pdf",
                         register=register, report=report)
    block = seller_block(result.pdf_path)
    assert "Solo" in block
    assert not any(label in block for label in ("Phone", "E-mail", "Tax ID"))


@pytest.mark.parametrize(("contact", "phone", "email", "website"), [
    ("+1 555 0100 · sales@northwind.example", "+1 555 0100", "sales@northwind.example", ""),
    ("Tel: +49 30 1234567\nE-Mail: info@example.de\nwww.example.de",
     "+49 30 1234567", "info@example.de", "www.example.de"),
    ("https://shop.example.com, +1 (555) 010-0100; Mon-Fri 9-5",
     "+1 (555) 010-0100 · Mon-Fri 9-5", "", "https://shop.example.com"),
    ("a@example.com; b@example.com", "", "a@example.com · b@example.com", ""),
    ("", "", "", ""),
])
def test_older_contact_is_split(contact, phone, email, website):
    assert split_contact(contact) == {"phone": phone, "email": email, "website": website}


def test_older_settings_file_still_loads(tmp_path):
    path = tmp_path / "quote-settings.json"
    path.write_text(json.dumps({"store_name": "Old Store", "tax_id": "DE123",
                                "contact": "+49 30 1234567 · info@example.de"}), encoding="utf-8")
    settings = load_settings(path)
    assert (settings.phone, settings.email, settings.tax_id) == ("+49 30 1234567", "info@example.de", "DE123")
    save_settings(settings, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert "contact" not in saved and saved["phone"] == "+49 30 1234567"
    assert load_settings(path) == settings


def test_a_quote_issued_with_the_contact_field_prints_it_again(resolved, report, request_, settings,
                                                               register, tmp_path):
    result = issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                         report=report)
    old = result.quote.model_dump(mode="json")
    old["seller"] = {"store_name": "Old Store", "address": "", "tax_id": "",
                     "contact": "+1 555 0199 · old@example.com"}
    del old["paper"]
    quote = load_quote(json.dumps(old))
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(render_pdf(quote, "0" * 64))
    assert "+1 555 0199 · old@example.com" in seller_block(pdf)
