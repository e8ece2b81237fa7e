"""One build's GPU memory reads the same on screen, in the CLI and on the quote: 10⁹-byte GB,
total = the card's memory, usable = the share the serving engine may take."""

from __future__ import annotations

import datetime as dt
import json
import re

import pypdf
from PySide6.QtCore import Qt

from configurator.build import load_build, resolve
from configurator.cli import main
from configurator.quote import QuoteSettings, default_request, issue_quote
from configurator.rules import validate

BUILD = "es620-dual-rtx5090"  # two RTX 5090s, each sold as "32 GB", i.e. 32 GiB
CARD_BYTES = 32 * 2**30
TOTAL = f"{CARD_BYTES / 1e9:.1f} GB"  # 34.4 GB
USABLE = f"{0.9 * CARD_BYTES / 1e9:.1f} GB"  # the engine's default 90 %: 30.9 GB
BUILD_TOTAL = f"{2 * CARD_BYTES / 1e9:.1f} GB"  # 68.7 GB
BUDGET = f"{USABLE} usable ({TOTAL} total)"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_total_and_usable_memory_agree_in_every_view(qtbot, window, catalog, example, capsys, tmp_path):
    path = example(BUILD)
    assert window.files.open_path(path, ask=False)
    assert BUILD_TOTAL in window.summary.vram.text()
    assert f"{BUILD_TOTAL} (2 × {TOTAL})" in window.summary.vram.toolTip()
    qtbot.waitUntil(lambda: BUDGET in window.workload.result.text(), timeout=5000)
    bars = window.document.state.estimate.bars
    assert {f"{b.total_gb:.1f} GB" for b in bars} == {TOTAL}
    assert {f"{b.usable_gb:.1f} GB" for b in bars} == {USABLE}
    chart = window.charts.vram
    window.charts.refresh()
    assert chart.legend.getLabel(chart.limit).text == f"Usable: {USABLE} of {TOTAL}"
    assert f"GPU 1: {BUDGET}" in chart.toolTip()

    parts = window.parts
    parts.categories.setCurrentRow(5)
    assert parts.select_part("nvidia-rtx-5090-fe")
    model = parts.table.model()
    row = parts.table.currentIndex().row()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert model.index(row, headers.index("VRAM\nGB")).data() + " GB" == TOTAL

    assert main(["estimate", "--build", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.count(BUDGET) == 2 and "10⁹ bytes" in text
    assert main(["estimate", "--build", str(path), "--json"]) == 0
    per_gpu = json.loads(capsys.readouterr().out)["per_gpu"]
    assert {(f"{g['vram_total_gb']:.1f} GB", f"{g['usable_gb']:.1f} GB") for g in per_gpu} == {(TOTAL, USABLE)}

    resolved = resolve(load_build(path), catalog)
    settings = QuoteSettings(store_name="Store")
    exported = issue_quote(resolved, default_request(settings, issue_date=dt.date(2026, 3, 5)), settings,
                           tmp_path / "quote.pdf", report=validate(resolved))
    quote = exported.quote
    assert {r.label: r.value for r in quote.technical.spec}["Total GPU memory"] == f"{BUILD_TOTAL} (2 × {TOTAL})"
    assert (quote.workload.vram_capacity_gb, quote.workload.vram_usable_gb) == (34.4, 30.9)
    pdf = _flat(" ".join(p.extract_text() for p in pypdf.PdfReader(exported.pdf_path).pages))
    assert BUDGET in pdf and BUILD_TOTAL in pdf
    assert pdf.count("10⁹ bytes") == 1
