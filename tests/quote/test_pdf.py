"""The PDF: number on every page, every line, totals that add up, literal hostile text,
page X of Y, deterministic output."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pypdf
import pytest

from configurator.build import load_build, resolve
from configurator.quote import QuoteRegister, UnquotableBuildError, issue_quote, load_quote
from configurator.quote.money import format_amount
from configurator.rules import validate


@pytest.fixture
def exported(resolved, report, request_, settings, register, tmp_path):
    return issue_quote(resolved, request_, settings, tmp_path / "out" / "quote.pdf",
                       register=register, report=report)


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_every_page_has_number_and_page_x_of_y(exported):
    pages = page_texts(exported.pdf_path)
    assert len(pages) >= 2
    for n, text in enumerate(pages, start=1):
        assert exported.full_number in text
        assert f"page {n} of {len(pages)}" in text


def test_every_line_item_is_printed(exported):
    text = re.sub(r"\s+", " ", " ".join(page_texts(exported.pdf_path)))
    quote = exported.quote
    for line in quote.lines:
        assert format_amount(line.total, quote.currency) in text
        if line.mpn:
            assert line.mpn in text.replace(" ", "")
    assert any(line.kind == "service" for line in quote.lines)


def test_printed_totals_add_up(exported):
    text = re.sub(r"\s+", " ", page_texts(exported.pdf_path)[0])
    amounts = {label: Decimal(value.replace(",", "")) for label, value in re.findall(
        r"(Subtotal|Net|Total|Tax \([\d.]+ %\)) ([\d,]+\.\d\d) USD", text)}
    discount = Decimal(re.search(r"Discount on quote \([\d.]+ %\) −([\d,]+\.\d\d)", text)
                       .group(1).replace(",", ""))
    assert amounts["Subtotal"] - discount == amounts["Net"]
    tax = next(v for k, v in amounts.items() if k.startswith("Tax"))
    assert amounts["Net"] + tax == amounts["Total"]
    assert sum(line.total for line in exported.quote.lines) == amounts["Subtotal"]


def test_hostile_and_non_latin_text_printed_literally(exported, request_):
    text = " ".join(page_texts(exported.pdf_path))
    customer = request_.customer
    assert customer.name == "Zoë Łukasiewicz, 株式会社テスト"
    for needle in (customer.name, customer.company, "<b>Bold & Co</b>", "</para>", "😀", "🚀",
                   "Workstations & <Sons>"):
        assert needle in text, needle


def test_data_file_hash_is_printed_and_matches(exported):
    data = exported.data_path.read_text(encoding="utf-8")
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    assert digest == exported.data_sha256
    assert digest in " ".join(page_texts(exported.pdf_path))
    quote = load_quote(data)
    assert quote.full_number == exported.full_number
    assert quote.build.sha256 == hashlib.sha256(quote.build.text.encode()).hexdigest()


def test_export_is_deterministic(resolved, report, request_, settings, tmp_path):
    first = issue_quote(resolved, request_, settings, tmp_path / "a" / "q.pdf",
                        register=QuoteRegister(tmp_path / "a.sqlite3"), report=report)
    second = issue_quote(resolved, request_, settings, tmp_path / "b" / "q.pdf",
                         register=QuoteRegister(tmp_path / "b.sqlite3"), report=report)
    assert first.pdf_path.read_bytes() == second.pdf_path.read_bytes()
    assert first.data_path.read_bytes() == second.data_path.read_bytes()
    info = pypdf.PdfReader(first.pdf_path).metadata
    assert info["/CreationDate"].startswith("D:20260305")


def test_workload_section_has_table_and_chart(exported):
    text = " ".join(page_texts(exported.pdf_path))
    assert exported.quote.workload is not None
    assert "Workload estimate" in text and "tokens/s" in text
    assert "simultaneous users (line: estimate" in text


def test_fine_tuning_workload_prints_training_memory(resolved, report, request_, settings, register,
                                                    tmp_path):
    from configurator.build import FinetuneOptions

    workload = resolved.build.workload.model_copy(update={
        "task": "finetune", "finetune": FinetuneOptions(method="qlora", sequence_length=4096)})
    tuned = resolve(resolved.build.model_copy(update={"workload": workload}), resolved.catalog)
    result = issue_quote(tuned, request_, settings, tmp_path / "ft.pdf", register=register,
                         report=report)
    section = result.quote.workload
    assert section.task == "finetune" and section.context == 4096 and section.training is not None
    parts = section.training
    assert section.vram_per_gpu_gb == pytest.approx(
        parts.weights_gb + parts.gradients_gb + parts.optimizer_gb + parts.activations_gb
        + parts.overhead_gb, abs=0.3)
    text = " ".join(page_texts(result.pdf_path))
    assert "Workload estimate: fine-tuning" in text and "QLoRA fine-tuning (rank 16)" in text
    assert "Trainable parameters" in text and "tokens/s" not in text


def test_quote_without_workload(resolved, report, request_, settings, register, tmp_path):
    result = issue_quote(resolved, request_, settings, tmp_path / "q.pdf", register=register,
                         report=report, estimate=lambda _: None)
    assert "Workload estimate" not in " ".join(page_texts(result.pdf_path))


def test_build_with_errors_needs_override(catalog, example, request_, settings, register,
                                          tmp_path):
    broken = resolve(load_build(example("mes2x-dual-rtx5090-nvme-m2d-sb")), catalog)
    report = validate(broken)
    assert not report.ok
    with pytest.raises(UnquotableBuildError):
        issue_quote(broken, request_, settings, tmp_path / "q.pdf", register=register,
                    report=report)
    assert register.entries() == [] and not (tmp_path / "q.pdf").exists()
    reason = "Customer fits <own> PSU & cooler"
    overridden = request_.model_copy(update={"override_reason": reason})
    result = issue_quote(broken, overridden, settings, tmp_path / "q.pdf", register=register,
                         report=report, estimate=lambda _: None)
    text = " ".join(page_texts(result.pdf_path))
    assert reason in text and "Quoted despite the compatibility errors" in text
    assert "LANE-SLOT-DISABLED" in text


def test_every_character_of_a_name_has_a_glyph(resolved, report, request_, settings, register, tmp_path):
    from configurator.quote.model import Customer
    from configurator.quote.render.fonts import font, runs

    name = "김철수 · 王小明 · Zoë 😀🚀👍🎉 · Ωμέγα · Жанна"
    for font_name, piece in runs(name):
        assert all(ord(c) in font(font_name).covered for c in piece if c != " "), (font_name, piece)
    request = request_.model_copy(update={"customer": Customer(name=name, company="", address="",
                                                                 email="", po_reference="")})
    result = issue_quote(resolved, request, settings, tmp_path / "k.pdf", register=register, report=report)
    reader = pypdf.PdfReader(result.pdf_path)
    assert name in " ".join(page.extract_text() for page in reader.pages)
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("Nanum" in f for f in fonts) and any("Symbola" in f for f in fonts), fonts


def test_part_numbers_never_break_across_lines(catalog, example, request_, settings, register, tmp_path):
    resolved = resolve(load_build(example("mes2x-dual-rtx5090")), catalog)
    result = issue_quote(resolved, request_, settings, tmp_path / "m.pdf", register=register)
    lines = [line for page in pypdf.PdfReader(result.pdf_path).pages for line in page.extract_text().splitlines()]
    for quoted in result.quote.lines:
        if quoted.mpn:
            assert any(quoted.mpn in line for line in lines), quoted.mpn


def test_page_one_states_the_site_and_that_the_workload_does_not_fit(catalog, example, request_,
                                                                     settings, register, tmp_path):
    from configurator.build import Workload, load_build, resolve
    from configurator.quote import issue_quote

    build = load_build(example("mes2x-dual-rtx5090")).with_circuit("230v16a").model_copy(
        update={"workload": Workload(model="llama-3.3-70b", weights="fp8", context=32768, concurrency=8)})
    result = issue_quote(resolve(build, catalog), request_, settings, tmp_path / "q.pdf", register=register)
    pages = page_texts(result.pdf_path)
    first = " ".join(pages[0].split())
    assert "checked for a 230 V / 16 A wall circuit" in first
    assert "The customer's workload does not fit this build" in first
    customer_pages = " ".join(pages[:-1])
    assert "WORKLOAD-FIT" not in customer_pages and "SHA-256" not in customer_pages
    assert "parallelism: Replicas" in " ".join(" ".join(pages).split())
    assert "WORKLOAD-FIT" in pages[-1] and result.data_sha256 in pages[-1]
