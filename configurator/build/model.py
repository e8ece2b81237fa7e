"""A build: the chosen parts, their quantities and where each card or drive sits.

The build file is JSON with a schema version (see README, "Build files"). This module only
knows its shape; ``configurator.build.resolve`` checks it against a catalog.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from configurator.build.site import DEFAULT_CIRCUIT, Site

SCHEMA_VERSION = 1

UNTITLED = "Untitled build"
ParallelMode = Literal["replicas", "pp", "tp"]
# The words the app, the quote and the command line use for each layout.
PARALLEL_LABELS = {"replicas": "Replicas", "pp": "Pipeline (PP)", "tp": "Tensor (TP)"}
Task = Literal["inference", "finetune"]
FinetuneMethod = Literal["full", "lora", "qlora"]


class BuildItem(BaseModel):
    """One line of the build: a catalog part, how many, and the slots its units sit in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    part: str = Field(min_length=1, max_length=80)
    quantity: int = Field(default=1, ge=1, le=64, strict=True)
    slots: list[str] = Field(default_factory=list, description="one slot id per placed unit")

    @model_validator(mode="after")
    def _slots_fit_quantity(self) -> BuildItem:
        if len(self.slots) > self.quantity:
            raise ValueError(
                f"{len(self.slots)} slots given for {self.quantity} unit(s) of '{self.part}'"
            )
        twice = sorted({s for s in self.slots if self.slots.count(s) > 1})
        if twice:
            raise ValueError(f"'{self.part}' lists slot '{twice[0]}' twice")
        return self


class FinetuneOptions(BaseModel):
    """How the customer wants to fine-tune: the estimator's training-memory inputs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: FinetuneMethod = "lora"
    sequence_length: int = Field(default=2048, ge=16, le=1_000_000)
    micro_batch: int = Field(default=1, ge=1, le=1024)
    gradient_checkpointing: bool = True
    optimizer: Literal["adamw", "adamw-8bit", "paged-adamw-8bit"] = "adamw"
    sharding: Literal["ddp", "fsdp"] = "fsdp"
    lora_rank: int = Field(default=16, ge=1, le=4096)
    trainer: Literal["hf", "torchtune", "unsloth"] = "hf"


class ServiceLevels(BaseModel):
    """What the customer asked each user to get; a recommended build carries the levels it was
    chosen for, so the quote can state them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_tokens_per_user: float | None = Field(default=None, gt=0, le=100_000,
                                              description="output tokens/s each user sees, at least")
    max_ttft_s: float | None = Field(default=None, gt=0, le=3600,
                                     description="time to first token, seconds, at most")

    @property
    def any(self) -> bool:
        return self.min_tokens_per_user is not None or self.max_ttft_s is not None


class Workload(BaseModel):
    """What the customer wants to run; read by the estimator and the workload-aware rules.
    Serving fields describe inference; ``finetune`` holds the training set-up when ``task`` is
    fine-tuning (its defaults when absent)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    task: Task = "inference"
    model: str
    weights: str = "bf16"
    kv_cache: Literal["bf16", "fp8"] = "bf16"
    context: int = Field(default=8192, ge=128, le=2_000_000)
    concurrency: int = Field(default=1, ge=1, le=4096)
    input_tokens: int = Field(default=1000, ge=1, le=2_000_000)
    output_tokens: int = Field(default=1000, ge=1, le=2_000_000)
    parallel: ParallelMode = "replicas"
    gpus: int | None = Field(default=None, ge=1, le=64, description="GPUs used; default all")
    mem_util: float = Field(default=0.9, gt=0.1, le=1.0)
    finetune: FinetuneOptions | None = None
    service: ServiceLevels | None = None

    @property
    def training(self) -> FinetuneOptions:
        return self.finetune or FinetuneOptions()


class Build(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(default=SCHEMA_VERSION, strict=True)
    name: str = Field(default=UNTITLED, max_length=200)
    notes: str = Field(default="", max_length=10_000)
    items: list[BuildItem] = Field(default_factory=list)
    workload: Workload | None = None
    site: Site | None = None

    @property
    def circuit(self) -> str:
        """The wall circuit of the customer's site; 120 V / 15 A when the build names none."""
        return self.site.circuit if self.site else DEFAULT_CIRCUIT

    def with_circuit(self, circuit: str) -> Build:
        return self.model_copy(update={"site": Site(circuit=circuit)})

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(
                f"schema version {value} is not supported (this app reads version {SCHEMA_VERSION})"
            )
        return value

    @model_validator(mode="after")
    def _slot_used_once(self) -> Build:
        seen: dict[str, str] = {}
        for item in self.items:
            for slot in item.slots:
                if slot in seen:
                    raise ValueError(f"slot '{slot}' is given to both '{seen[slot]}' and '{item.part}'")
                seen[slot] = item.part
        return self

    def with_items(self, items: list[BuildItem]) -> Build:
        return self.model_copy(update={"items": list(items)})
