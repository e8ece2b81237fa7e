"""The technical pages: spec summary, effective PCIe links, power budget, compatibility result,
and the workload estimate with its chart."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from configurator.parts.vram import BASIS, budget_label, gb_label
from configurator.quote.model import Quote, WorkloadSection
from configurator.quote.render.chart import throughput_chart
from configurator.quote.render.fonts import BOLD, markup
from configurator.quote.render.styles import (
    ALERT_TEXT,
    BODY,
    CELL,
    CELL_RIGHT,
    HEADING,
    LABEL,
    SMALL,
    STRONG,
    SUBHEADING,
    grid_table_style,
    para,
)
from configurator.rules import CIRCUITS

STATUS_WORDS = {
    "buildable": "Buildable: no errors, no warnings.",
    "warnings": "Buildable with warnings (listed below).",
    "errors": "The build has compatibility errors (listed below).",
}
VERDICT_WORDS = {
    "buildable": "every compatibility check passes",
    "warnings": "it can be built; the technical summary lists what to watch",
    "errors": "it has compatibility errors, listed in the technical summary",
}
SOURCE_WORDS = {"cpu": "CPU", "chipset": "chipset"}


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def verdict(quote: Quote) -> list[Flowable]:
    """Page 1 in words: the site the build was checked for, the result, and whether the
    customer's workload runs on it."""
    tech = quote.technical
    checked = (f": checked for a {circuit_words(tech.power.circuit)} wall circuit at the "
               f"customer's site; {VERDICT_WORDS.get(tech.status, tech.status)}.")
    out: list[Flowable] = [Paragraph(
        f'<font name="{BOLD}">{markup(tech.build_name, bold=True)}</font>{markup(checked)}', BODY)]
    section = quote.workload
    if section is not None and section.summary:
        if section.fits:
            out.append(para(f"The customer's workload: {sentence(section.summary)}"))
        else:
            out.append(para(f"The customer's workload does not fit this build. {sentence(section.summary)}",
                            ALERT_TEXT))
    return out


def appendix(quote: Quote, data_sha256: str, width: float) -> list[Flowable]:
    """For the customer's engineers: the check codes and the hashes that tie this PDF to its
    data file and the build file."""
    tech = quote.technical
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        para("Technical appendix", HEADING),
        para(f"Build file ({quote.build.name}) SHA-256 {quote.build.sha256}", SMALL),
        para(f"Quote data (JSON) SHA-256 {data_sha256}", SMALL),
    ]
    if tech.findings:
        rows = [[para(h, LABEL) for h in ("Severity", "Check", "Finding")]]
        rows += [[para(f.severity, CELL), para(f.code, CELL), para(sentence(f.message), SMALL)]
                 for f in tech.findings]
        table = Table(rows, colWidths=[18 * mm, 42 * mm, width - 60 * mm], repeatRows=1)
        table.setStyle(grid_table_style())
        out += [Spacer(1, 4), table]
    return out


def technical_page(quote: Quote, width: float) -> list[Flowable]:
    tech = quote.technical
    out: list[Flowable] = [
        para("Technical summary", HEADING),
        para(tech.build_name, STRONG),
        para("Specification", SUBHEADING),
    ]
    spec = Table([[para(row.label, LABEL), para(row.value, CELL)] for row in tech.spec],
                 colWidths=[35 * mm, width - 35 * mm])
    spec.setStyle(grid_table_style(header_rows=0))
    out.append(spec)
    out.append(para(f"Memory in this quote: {BASIS}.", SMALL))

    out.append(para("Effective PCIe links (per direction)", SUBHEADING))
    if tech.links:
        rows = [[para(h, LABEL) for h in ("Slot", "Device", "Link", "Lanes from")]]
        rows += [[para(link.slot, CELL), para(link.device, CELL), para(link.link, CELL),
                  para(SOURCE_WORDS.get(link.source, link.source), CELL)] for link in tech.links]
        table = Table(rows, colWidths=[35 * mm, width - 120 * mm, 60 * mm, 25 * mm], repeatRows=1)
        table.setStyle(grid_table_style())
        out.append(table)
    else:
        out.append(para("No cards or drives placed in board slots."))

    p = tech.power
    out.append(para("Power budget", SUBHEADING))
    out.append(para(
        f"About {p.sustained_w:,} W sustained and {p.peak_w:,} W in short peaks on a "
        f"{p.psu_w:,} W power supply ({p.load_pct:g} % load); about {p.wall_w:,} W at the wall "
        f"on a {circuit_words(p.circuit)} circuit."))

    out.append(para("Compatibility check", SUBHEADING))
    out.append(para(STATUS_WORDS.get(tech.status, tech.status),
                    ALERT_TEXT if tech.status == "errors" else STRONG))
    if tech.override_reason:
        out.append(para(f"Override reason: {tech.override_reason}", ALERT_TEXT))
    findings = [f for f in tech.findings if f.severity in ("error", "warning")]
    if findings:
        words = {"error": "Error", "warning": "Warning"}
        rows = [[para(h, LABEL) for h in ("", "Finding")]]
        rows += [[para(words[f.severity], ALERT_TEXT if f.severity == "error" else CELL),
                  _finding_cell(f)] for f in findings]
        table = Table(rows, colWidths=[18 * mm, width - 18 * mm], repeatRows=1)
        table.setStyle(grid_table_style())
        out.append(table)
    return out


def _finding_cell(finding) -> list[Flowable]:
    """The message, then each catalog value it rests on that no source confirms, so the
    reader checks the manual before relying on it."""
    cell = [para(sentence(finding.message), CELL)]
    cell += [para(text, SMALL) for text in finding.unconfirmed]
    return cell


def workload_section(section: WorkloadSection, width: float) -> list[Flowable]:
    if section.training is not None:
        return _training_section(section, width)
    kv = "FP8" if section.kv_cache == "fp8" else "BF16"
    out: list[Flowable] = [
        para("Workload estimate", HEADING),
        para(f"{section.model}, {section.weights} weights, {kv} KV cache, "
             f"{section.context:,}-token context, {section.concurrency:,} simultaneous users "
             f"on {section.gpus} GPU(s); parallelism: {section.parallel or section.layout}"
             f"{f', running as {section.layout}' if section.parallel and section.layout else ''}."),
        Spacer(1, 4),
    ]
    facts = [
        ("Fits", "yes" if section.fits else "no"),
        ("VRAM per GPU", f"{gb_label(section.vram_per_gpu_gb)} for weights, activations and runtime "
                         f"+ {gb_label(section.kv_cache_per_gpu_gb)} KV cache, of "
                         f"{_of_card(section)}"),
        *(("Service level", level) for level in section.service_levels),
    ]
    facts_table = Table([[para(label, LABEL), para(value, CELL)] for label, value in facts],
                        colWidths=[35 * mm, width - 35 * mm])
    facts_table.setStyle(grid_table_style(header_rows=0))
    out.append(facts_table)
    if section.rows:
        rows = [[para(h, LABEL) for h in ("Throughput", "Estimate", "Likely range")]]
        rows += [[para(r.label, CELL), para(f"{r.tokens_per_s:,.0f} tokens/s", CELL_RIGHT),
                  para(f"{r.low:,.0f} – {r.high:,.0f} tokens/s", CELL_RIGHT)]
                 for r in section.rows]
        table = Table(rows, colWidths=[width - 90 * mm, 35 * mm, 55 * mm], repeatRows=1)
        table.setStyle(grid_table_style())
        out += [Spacer(1, 4), table]
    if section.curve:
        out += [Spacer(1, 8), throughput_chart(section.curve, section.concurrency, width)]
    for text in (section.summary, section.note):
        if text:
            out.append(para(text, SMALL))
    return [KeepTogether(out)]


def _training_section(section: WorkloadSection, width: float) -> list[Flowable]:
    t = section.training
    out: list[Flowable] = [
        para("Workload estimate: fine-tuning", HEADING),
        para(f"{section.model} on {section.gpus} GPU(s): {t.setup}."),
        Spacer(1, 4),
    ]
    facts = [
        ("Fits", "yes" if section.fits else "no"),
        ("Memory per GPU", f"{gb_label(section.vram_per_gpu_gb)} of {_of_card(section)}"),
        ("Base weights", f"{gb_label(t.weights_gb)} ({section.weights})"),
        ("Gradients", gb_label(t.gradients_gb)),
        ("Optimizer state", gb_label(t.optimizer_gb)),
        ("Activations", gb_label(t.activations_gb)),
        ("Runtime overhead", gb_label(t.overhead_gb)),
        ("Trainable parameters", f"{t.trainable_params_b:,.3g} billion"),
    ]
    table = Table([[para(label, LABEL), para(value, CELL)] for label, value in facts],
                  colWidths=[40 * mm, width - 40 * mm])
    table.setStyle(grid_table_style(header_rows=0))
    out.append(table)
    for text in (section.summary, section.note):
        if text:
            out.append(para(text, SMALL))
    return [KeepTogether(out)]


def _of_card(section: WorkloadSection) -> str:
    usable = section.vram_capacity_gb if section.vram_usable_gb is None else section.vram_usable_gb
    return budget_label(usable, section.vram_capacity_gb)


def circuit_words(circuit: str) -> str:
    """'120v15a' as a buyer reads it: '120 V / 15 A'."""
    return CIRCUITS[circuit].name if circuit in CIRCUITS else circuit
