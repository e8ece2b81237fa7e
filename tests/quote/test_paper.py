"""Paper size: Letter or A4 from the request, the store's setting or the locale, on every page."""

from __future__ import annotations

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER

from configurator.cli import main
from configurator.quote import QuoteSettings, issue_quote, load_quote
from configurator.quote.paper import locale_paper, paper_for_locale

SIZES = {"a4": A4, "letter": LETTER}


def page_sizes(path) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
            for p in pypdf.PdfReader(path).pages}


@pytest.mark.parametrize(("name", "paper"), [
    ("en_US.UTF-8", "letter"), ("fr_CA.UTF-8", "letter"), ("es_MX", "letter"),
    ("en_PH.utf8", "letter"), ("es-CL", "letter"), ("en_GB.UTF-8", "a4"), ("de_DE@euro", "a4"),
    ("en_AU.UTF-8", "a4"), ("C", "a4"), ("POSIX", "a4"), ("", "a4"), (None, "a4"),
])
def test_paper_of_a_locale(name, paper):
    assert paper_for_locale(name) == paper


def test_lc_paper_decides_over_lang(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    assert locale_paper() == "letter"
    assert QuoteSettings().paper_size() == "letter"
    assert QuoteSettings(paper="a4").paper_size() == "a4"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_page_has_the_paper_asked_for(paper, resolved, report, request_, settings,
                                            register, tmp_path):
    other = "a4" if paper == "letter" else "letter"
    result = issue_quote(resolved, request_.model_copy(update={"paper": paper}),
                         settings.model_copy(update={"paper": other}), tmp_path / "q.pdf",
                         register=register, report=report)
    width, height = SIZES[paper]
    assert page_sizes(result.pdf_path) == {(round(width, 1), round(height, 1))}
    assert load_quote(result.data_path.read_text(encoding="utf-8")).paper == paper


@pytest.mark.parametrize(("lang", "paper"), [("en_US.UTF-8", "letter"), ("de_DE.UTF-8", "a4")])
def test_the_store_setting_else_the_locale_decides(lang, paper, monkeypatch, resolved, report,
                                                   request_, settings, register, tmp_path):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_PAPER", raising=False)
    monkeypatch.setenv("LANG", lang)
    by_locale = issue_quote(resolved, request_, settings, tmp_path / "a.pdf",
                            register=register, report=report)
    assert by_locale.quote.paper == paper
    by_setting = issue_quote(resolved, request_, settings.model_copy(update={"paper": "a4"}),
                             tmp_path / "b.pdf", register=register, report=report)
    assert by_setting.quote.paper == "a4"


def test_a_quote_from_before_the_setting_stays_on_a4(resolved, report, request_, settings,
                                                     register, tmp_path):
    result = issue_quote(resolved, request_, settings.model_copy(update={"paper": "letter"}),
                         tmp_path / "q.pdf", register=register, report=report)
    old = result.quote.model_dump(mode="json")
    del old["paper"]
    assert type(result.quote).model_validate(old).paper == "a4"


@pytest.mark.parametrize("paper", ["letter", "A4"])
def test_cli_paper_option(paper, example, tmp_path, capsys):
    out = tmp_path / "q.pdf"
    assert main(["quote", str(example("es620-dual-rtx5090")), "-o", str(out),
                 "--paper", paper]) == 0
    width, height = SIZES[paper.lower()]
    assert page_sizes(out) == {(round(width, 1), round(height, 1))}


def test_cli_rejects_another_paper(example, tmp_path, capsys):
    assert main(["quote", str(example("es620-dual-rtx5090")), "-o", str(tmp_path / "q.pdf"),
                 "--paper", "legal"]) == 2
    assert "letter" in capsys.readouterr().err
