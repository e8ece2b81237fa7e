"""The quote as data: what the consultant asks for (QuoteRequest) and what is issued (Quote).

A ``Quote`` holds every figure and every string the PDF prints, so the PDF is a pure function
of it. Its JSON is the machine-readable file beside the PDF and the register's copy; loading
that JSON back and rendering it gives the same PDF, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from configurator.quote.money import percent_of, total
from configurator.quote.paper import Paper

QUOTE_FORMAT = "configurator-quote/1"
Percent = Decimal
EARLIEST_ISSUE, LATEST_ISSUE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def text_field(max_chars: int, max_lines: int = 1):
    """A string the PDF prints: at most ``max_chars`` characters on at most ``max_lines`` lines,
    no control characters. Long lines wrap; the line bound keeps a block within one page."""

    def check(value: str) -> str:
        if _CONTROL.search(value):
            raise ValueError("contains control characters")
        lines = value.count("\n") + 1
        if lines > max_lines:
            raise ValueError("must be one line" if max_lines == 1
                             else f"has {lines} lines, at most {max_lines}")
        return value

    return Annotated[str, Field(max_length=max_chars), AfterValidator(check)]


Line200 = text_field(200)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- what the consultant enters --------------------------------------------------------------


class Customer(_Frozen):
    name: Line200 = ""
    company: Line200 = ""
    address: text_field(1000, 8) = ""
    email: Line200 = ""
    po_reference: text_field(100) = ""


class ServiceRequest(_Frozen):
    key: str
    description: Annotated[Line200, Field(min_length=1)]
    quantity: int = Field(default=1, ge=1, le=999)
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    discount_pct: Percent = Field(default=Decimal(0), ge=0, le=100)


class QuoteRequest(_Frozen):
    customer: Customer = Customer()
    consultant: Line200 = ""
    services: tuple[ServiceRequest, ...] = Field(default=(), max_length=50)
    line_discounts: dict[str, Percent] = Field(default_factory=dict, description="part id -> %")
    discount_pct: Percent = Field(default=Decimal(0), ge=0, le=100)
    tax_rate_pct: Percent = Field(default=Decimal(0), ge=0, le=100)
    validity_days: int = Field(default=30, ge=1, le=365)
    override_reason: text_field(2000, 40) = ""
    paper: Paper | None = Field(default=None, description="None: the store's setting")
    issue_date: dt.date

    @field_validator("issue_date")
    @classmethod
    def _plausible_date(cls, value: dt.date) -> dt.date:
        # Also keeps valid_until (issue date + validity) a representable date.
        if not EARLIEST_ISSUE <= value <= LATEST_ISSUE:
            raise ValueError(f"{value.isoformat()} is outside {EARLIEST_ISSUE.year}–{LATEST_ISSUE.year}")
        return value

    @model_validator(mode="after")
    def _line_discounts_are_percentages(self) -> QuoteRequest:
        for part_id, pct in self.line_discounts.items():
            if not Decimal(0) <= pct <= Decimal(100):
                raise ValueError(f"discount on '{part_id}' is {pct} %, outside 0–100 %")
        return self


# --- what is issued ---------------------------------------------------------------------------


class Seller(_Frozen):
    store_name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    tax_id: str = ""
    contact: str = Field(default="", description="quotes issued before phone and e-mail were apart")


class QuoteLine(_Frozen):
    position: int
    kind: Literal["part", "service"]
    ref: str = Field(description="catalog part id or service key")
    mpn: str = ""
    description: str
    quantity: int
    unit_price: Decimal
    discount_pct: Percent = Decimal(0)
    gross: Decimal
    discount: Decimal
    total: Decimal

    @model_validator(mode="after")
    def _adds_up(self) -> QuoteLine:
        if self.gross != self.unit_price * self.quantity:
            raise ValueError(f"line {self.position}: gross is not quantity × unit price")
        if self.discount != percent_of(self.gross, self.discount_pct):
            raise ValueError(f"line {self.position}: discount does not match its percentage")
        if self.total != self.gross - self.discount:
            raise ValueError(f"line {self.position}: total is not gross − discount")
        return self


class Totals(_Frozen):
    subtotal: Decimal
    discount_pct: Percent
    discount: Decimal
    net: Decimal
    tax_rate_pct: Percent
    tax: Decimal
    total: Decimal


class SpecRow(_Frozen):
    label: str
    value: str


class LinkRow(_Frozen):
    slot: str
    device: str
    link: str
    source: str


class PowerSummary(_Frozen):
    sustained_w: int
    peak_w: int
    psu_w: int
    load_pct: float
    wall_w: int
    circuit: str


class FindingRow(_Frozen):
    severity: Literal["error", "warning", "info"]
    code: str
    message: str
    unconfirmed: tuple[str, ...] = ()  # catalog values the finding rests on that no source confirms


class Technical(_Frozen):
    build_name: str
    status: str
    spec: tuple[SpecRow, ...]
    links: tuple[LinkRow, ...]
    power: PowerSummary
    findings: tuple[FindingRow, ...]
    override_reason: str = ""

    def of_severity(self, severity: str) -> list[FindingRow]:
        return [f for f in self.findings if f.severity == severity]


class ThroughputRow(_Frozen):
    label: str
    tokens_per_s: float
    low: float
    high: float


class CurvePoint(_Frozen):
    concurrency: int
    tokens_per_s: float
    low: float
    high: float


class TrainingMemory(_Frozen):
    """Fine-tuning memory on each GPU, GB."""

    weights_gb: float
    gradients_gb: float
    optimizer_gb: float
    activations_gb: float
    overhead_gb: float
    trainable_params_b: float
    setup: str = Field(description="method, sequence length, micro-batch, checkpointing, optimizer, sharding")


class WorkloadSection(_Frozen):
    task: Literal["inference", "finetune"] = "inference"
    model: str
    weights: str
    kv_cache: str = "bf16"
    context: int = Field(description="tokens; for fine-tuning, the training sequence length")
    concurrency: int = Field(description="requests; for fine-tuning, the micro-batch per GPU")
    gpus: int
    layout: str = ""
    parallel: str = Field(default="", description="the layout asked for, in the app's words")
    fits: bool = True
    vram_per_gpu_gb: float = Field(description="weights, activations and runtime on the fullest GPU")
    kv_cache_per_gpu_gb: float = 0.0
    vram_capacity_gb: float = Field(description="the card's total memory")
    vram_usable_gb: float | None = Field(
        default=None, description="the share the engine may use, the budget the fit is checked against")
    rows: tuple[ThroughputRow, ...] = ()
    curve: tuple[CurvePoint, ...] = Field(default=(), description="output tokens/s by concurrency")
    training: TrainingMemory | None = Field(default=None, description="set when task is finetune")
    service_levels: tuple[str, ...] = Field(
        default=(), description="the service levels the build was chosen for, each with its estimate")
    summary: str = ""
    note: str = ""


class BuildFile(_Frozen):
    name: str
    text: str = Field(description="the build file exactly as hashed")
    sha256: str


class Quote(_Frozen):
    format: Literal["configurator-quote/1"] = QUOTE_FORMAT
    number: str = Field(description="base number, e.g. Q-2026-0042")
    revision: int = Field(ge=0)
    issue_date: dt.date
    valid_until: dt.date
    currency: str
    payment_terms: str
    lead_time: str
    seller: Seller
    customer: Customer
    consultant: str
    lines: tuple[QuoteLine, ...]
    totals: Totals
    technical: Technical
    workload: WorkloadSection | None = None
    terms: tuple[str, ...]
    build: BuildFile
    generator: str
    # Quotes issued before the setting existed were printed on A4.
    paper: Paper = "a4"

    @property
    def full_number(self) -> str:
        return full_number(self.number, self.revision)

    @model_validator(mode="after")
    def _totals_add_up(self) -> Quote:
        t = self.totals
        checks = {
            "subtotal": t.subtotal == total(line.total for line in self.lines),
            "discount": t.discount == percent_of(t.subtotal, t.discount_pct),
            "net": t.net == t.subtotal - t.discount,
            "tax": t.tax == percent_of(t.net, t.tax_rate_pct),
            "total": t.total == t.net + t.tax,
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            raise ValueError(f"quote totals do not add up: {', '.join(wrong)}")
        return self


def full_number(number: str, revision: int) -> str:
    """'Q-2026-0042' for the first issue, 'Q-2026-0042-R1' for the first re-issue."""
    return f"{number}-R{revision}" if revision else number
