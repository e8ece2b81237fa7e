"""Pydantic models for every part kind. Field names carry their units.

Parts are frozen: a catalog entry never changes while the app runs; price overrides produce
a new instance with ``model_copy``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from configurator.parts.loading import WebAddress
from configurator.parts.vram import card_bytes

PartId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", max_length=80)]
SlotId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_()./-]+$", max_length=40)]
LaneSource = Literal["cpu", "chipset"]
PcieGen = Literal[1, 2, 3, 4, 5, 6]
Lanes = Literal[1, 2, 4, 8, 16]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Price(_Frozen):
    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    as_of: dt.date


class ValueSource(_Frozen):
    """Where one value of a part comes from: confirmed in a source, or estimated and why."""

    status: Literal["confirmed", "estimated"]
    source: int | None = Field(default=None, ge=1, description="which of the part's sources, from 1")
    ref: str = Field(default="", max_length=400, description="short quote or page reference")
    why: str = Field(default="", max_length=600, description="how an estimate was made")
    by: str = Field(default="", max_length=80, description="who confirmed it from a manual in hand")
    on: dt.date | None = Field(default=None, description="when that person confirmed it")

    @model_validator(mode="after")
    def _says_where_or_why(self) -> ValueSource:
        if self.status == "estimated" and not self.why:
            raise ValueError("why: an estimated value says how it was estimated")
        if self.status == "confirmed":
            if not self.ref:
                raise ValueError("ref: a confirmed value quotes its source or names the page")
            if self.source is None and not (self.by and self.on):
                raise ValueError("source: a confirmed value names its source (or who confirmed it, and when)")
        return self


# Fields that identify or describe a part rather than state a value a rule could read.
NOT_VALUES = frozenset({"id", "kind", "brand", "model", "price", "sources", "notes", "provenance"})
# List fields whose items have their own provenance key: 'pcie_slots.PCIEX16', 'sharing.2'.
ITEM_FIELDS = frozenset({"pcie_slots", "m2_slots", "sharing"})


class PartBase(_Frozen):
    id: PartId
    kind: str
    brand: str = Field(min_length=1)
    model: str = Field(min_length=1)
    mpn: str | None = Field(default=None, description="manufacturer part number")
    price: Price
    sources: list[WebAddress] = Field(min_length=1)
    notes: str = ""
    provenance: dict[str, ValueSource] = Field(
        default_factory=dict,
        description="per value: confirmed (which source, what it says) or estimated (why); "
                    "'default' covers the values not listed",
    )

    @property
    def name(self) -> str:
        return f"{self.brand} {self.model}"

    @classmethod
    def value_fields(cls) -> list[str]:
        return [name for name in cls.model_fields if name not in NOT_VALUES]

    def provenance_keys(self) -> set[str]:
        """Every key a provenance entry may use for this part."""
        keys = {"default", *self.value_fields()}
        for field in ITEM_FIELDS & keys:
            items = getattr(self, field)
            if field == "sharing":
                keys |= {f"sharing.{n}" for n in range(1, len(items) + 1)}
            else:
                keys |= {f"{field}.{item.id}" for item in items}
        return keys

    @model_validator(mode="after")
    def _provenance_names_real_fields_and_sources(self) -> PartBase:
        if not self.provenance:
            return self
        keys = self.provenance_keys()
        for key, entry in self.provenance.items():
            if key not in keys:
                raise ValueError(f"provenance.{key}: a {self.kind} has no field or item '{key}'")
            if entry.source is not None and entry.source > len(self.sources):
                raise ValueError(f"provenance.{key}: source {entry.source} is out of range; the part "
                                 f"lists {len(self.sources)} source(s), numbered from 1")
        return self


# --- case -------------------------------------------------------------------------------

FormFactor = Literal["Mini-ITX", "Micro-ATX", "ATX", "E-ATX", "CEB", "EEB", "SSI-CEB", "SSI-EEB"]


class Case(PartBase):
    kind: Literal["case"] = "case"
    form_factors: list[FormFactor] = Field(min_length=1)
    max_board_width_mm: float | None = Field(default=None, gt=0, le=400)
    max_gpu_length_mm: float = Field(gt=100, le=600)
    max_cooler_height_mm: float = Field(gt=20, le=250)
    max_psu_length_mm: float = Field(gt=100, le=400)
    expansion_slots: int = Field(ge=1, le=20)
    vertical_slots: int = Field(default=0, ge=0, le=8)
    rack_units: int | None = Field(default=None, ge=1, le=10)
    fan_positions: int = Field(ge=0, le=30)
    fans_included: int = Field(ge=0, le=30)
    airflow_w: float = Field(
        gt=0, le=10000,
        description="heat the case can remove with its stock and supported fans at a ~15 °C rise",
    )
    passive_gpu_airflow: bool = Field(
        default=False,
        description="a ducted fan wall that forces air through passively cooled (server) GPUs",
    )
    airflow_basis: Literal["estimated", "rated"] = Field(
        default="estimated",
        description="estimated from fan positions, or the configuration the maker rates it to cool",
    )
    dual_psu: bool = False
    psu_bays: int = Field(default=1, ge=1, le=8, description="PSU modules the chassis holds")
    psu_redundancy: Literal["none", "n+1", "n+n"] = Field(
        default="none", description="how a server chassis shares load across its PSU modules"
    )
    boards: list[str] = Field(
        default_factory=list,
        description="a barebone chassis: the only boards it takes (its own); empty for a case "
                    "that takes any board of its form factors",
    )
    psu_form_factors: list[Literal["ATX", "SFX", "CRPS"]] = Field(
        default_factory=list,
        description="the PSU form factors its bays take, where the chassis restricts them "
                    "(a barebone's own CRPS modules); empty for an ordinary ATX bay",
    )


# --- motherboard ---------------------------------------------------------------------------


class PcieSlot(_Frozen):
    id: SlotId
    physical: Lanes = 16
    lanes: Lanes
    gen: PcieGen
    source: LaneSource
    position: int = Field(
        ge=1, le=20, description="expansion-bracket position counted from the top (1 = topmost)"
    )

    @model_validator(mode="after")
    def _wired_within_its_size(self) -> PcieSlot:
        if self.lanes > self.physical:
            raise ValueError(f"lanes: x{self.lanes} wired in an x{self.physical} slot is impossible")
        return self


class M2Slot(_Frozen):
    id: SlotId
    lanes: Lanes = 4
    gen: PcieGen
    source: LaneSource
    sata: bool = False
    lengths: list[int] = Field(default_factory=lambda: [2280])


class SharingRule(_Frozen):
    """A manual's footnote: populating some slots narrows, disables or shares another resource."""

    when_populated: list[SlotId] = Field(min_length=1)
    match: Literal["any", "all"] = "any"
    effect: Literal["narrow", "disable", "share"]
    target: SlotId = Field(description="a PCIe or M.2 slot id, or USB4 / SATA")
    lanes: Lanes | None = Field(default=None, description="width after narrowing")
    note: str = ""

    @model_validator(mode="after")
    def _narrow_needs_lanes(self) -> SharingRule:
        if self.effect == "narrow" and self.lanes is None:
            raise ValueError("a 'narrow' rule needs 'lanes'")
        return self


SHARED_RESOURCES = {"USB4", "SATA"}


class Motherboard(PartBase):
    kind: Literal["motherboard"] = "motherboard"
    socket: str
    chipset: str
    form_factor: FormFactor
    width_mm: float = Field(gt=100, le=400, description="long edge, along the slots (ATX 305)")
    depth_mm: float = Field(
        gt=100, le=400, description="short edge, what cases limit as board width (ATX 244)"
    )
    sockets: int = Field(default=1, ge=1, le=2, description="CPU sockets")
    memory_type: Literal["DDR4", "DDR5"]
    memory_module: Literal["UDIMM", "RDIMM"] = "UDIMM"
    dimm_slots: int = Field(ge=1, le=32)
    memory_channels: int | None = Field(
        default=None, ge=1, le=24, description="memory channels wired to the DIMM slots (all sockets)"
    )
    max_memory_gb: int = Field(ge=8, le=4096)
    chipset_uplink_gen: PcieGen = 4
    chipset_uplink_lanes: Lanes = 4
    usb4: bool = False
    pcie_slots: list[PcieSlot] = Field(min_length=1)
    m2_slots: list[M2Slot] = Field(default_factory=list)
    sharing: list[SharingRule] = Field(default_factory=list)
    cpu_lanes_reserved: int = Field(
        default=0, ge=0, le=32, description="CPU lanes wired to onboard devices (USB4, LAN)"
    )

    @model_validator(mode="after")
    def _slot_ids_unique_and_rules_resolve(self) -> Motherboard:
        ids = [s.id for s in self.pcie_slots] + [s.id for s in self.m2_slots]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate slot ids: {', '.join(dupes)}")
        known = set(ids)
        for n, rule in enumerate(self.sharing):
            for ref in [*rule.when_populated, rule.target]:
                if ref not in known and ref not in SHARED_RESOURCES:
                    raise ValueError(f"sharing[{n}] refers to unknown slot '{ref}'")
        positions = [s.position for s in self.pcie_slots]
        if len(set(positions)) != len(positions):
            raise ValueError("two PCIe slots share one position")
        if self.memory_channels and self.dimm_slots % self.memory_channels:
            raise ValueError(f"memory_channels: {self.dimm_slots} DIMM slots do not spread evenly "
                             f"over {self.memory_channels} channels")
        return self

    def pcie_slot(self, slot_id: str) -> PcieSlot | None:
        return next((s for s in self.pcie_slots if s.id == slot_id), None)

    def m2_slot(self, slot_id: str) -> M2Slot | None:
        return next((s for s in self.m2_slots if s.id == slot_id), None)


# --- CPU, cooler, memory ----------------------------------------------------------------------


class Cpu(PartBase):
    kind: Literal["cpu"] = "cpu"
    socket: str
    cores: int = Field(ge=1, le=256)
    tdp_w: float = Field(gt=0, le=1000)
    peak_power_w: float = Field(gt=0, le=1500, description="package power limit (PPT / PL2)")
    pcie_gen: PcieGen
    pcie_lanes_usable: int = Field(ge=4, le=160, description="lanes for slots and devices")
    pcie_lanes_chipset: int = Field(default=4, ge=0, le=16)
    memory_type: Literal["DDR4", "DDR5"]
    memory_module: list[Literal["UDIMM", "RDIMM"]] = Field(default_factory=lambda: ["UDIMM"])
    memory_channels: int = Field(ge=1, le=12)
    chipsets: list[str] = Field(
        default_factory=list,
        description="board chipsets the maker supports the CPU on; empty: any board of its socket",
    )


class Cooler(PartBase):
    kind: Literal["cooler"] = "cooler"
    cooler_type: Literal["air", "liquid"]
    sockets: list[str] = Field(min_length=1)
    height_mm: float = Field(gt=10, le=250, description="height above the board; for AIOs the pump block")
    radiator_mm: int | None = Field(default=None, ge=120, le=480)
    max_tdp_w: float = Field(gt=0, le=1000)


class MemoryKit(PartBase):
    kind: Literal["memory"] = "memory"
    memory_type: Literal["DDR4", "DDR5"]
    module: Literal["UDIMM", "RDIMM"] = "UDIMM"
    modules: int = Field(ge=1, le=16)
    module_gb: int = Field(ge=4, le=512)
    speed_mts: int = Field(ge=1600, le=10000)
    ecc: bool = False

    @property
    def capacity_gb(self) -> int:
        return self.modules * self.module_gb


# --- storage ----------------------------------------------------------------------------------


class Storage(PartBase):
    kind: Literal["storage"] = "storage"
    interface: Literal["nvme", "sata"]
    form_factor: Literal["M.2 2230", "M.2 2280", "M.2 22110", "2.5in", "3.5in", "U.2"]
    capacity_gb: int = Field(ge=16, le=200000)
    pcie_gen: PcieGen | None = None
    pcie_lanes: Lanes | None = None
    power_w: float = Field(default=8, gt=0, le=40)

    @model_validator(mode="after")
    def _nvme_needs_link(self) -> Storage:
        if self.interface == "nvme" and (self.pcie_gen is None or self.pcie_lanes is None):
            raise ValueError("an NVMe drive needs pcie_gen and pcie_lanes")
        return self

    @property
    def m2_length(self) -> int | None:
        if self.form_factor.startswith("M.2 "):
            return int(self.form_factor.removeprefix("M.2 "))
        return None


# --- GPU ----------------------------------------------------------------------------------------

PowerConnector = Literal["12v-2x6", "8-pin-pcie", "8-pin-eps"]


class Gpu(PartBase):
    kind: Literal["gpu"] = "gpu"
    gpu_class: Literal["consumer", "workstation", "datacenter"]
    gpu_vendor: Literal["nvidia", "amd", "intel"] = Field(
        default="nvidia", description="who makes the GPU chip; decides the serving software stack"
    )
    vram_gb: float = Field(gt=0, le=512, description="memory as the spec sheet prints it (binary GB)")
    memory_type: str
    bandwidth_gbps: float = Field(gt=50, le=10000, description="memory bandwidth, GB/s")
    bf16_tflops: float = Field(gt=1, le=5000, description="dense BF16, FP32 accumulate")
    fp8_tflops: float | None = Field(default=None, gt=1, le=10000, description="dense FP8")
    fp4_tflops: float | None = Field(default=None, gt=1, le=20000, description="dense FP4")
    int8_tops: float | None = Field(default=None, gt=1, le=10000, description="dense INT8")
    board_power_w: float = Field(gt=10, le=1500)
    power_connectors: dict[PowerConnector, int] = Field(default_factory=dict)
    pcie_gen: PcieGen
    pcie_lanes: Lanes = 16
    slot_width: float = Field(ge=1, le=5, description="bracket slots the card occupies")
    length_mm: float = Field(gt=50, le=450)
    height_mm: float | None = Field(default=None, gt=50, le=200)
    cooler: Literal["open-air", "flow-through", "blower", "passive"]
    nvlink: bool = False
    p2p: bool = Field(description="peer-to-peer over PCIe supported by the driver")
    ecc: bool = False
    mig_instances: int = Field(default=0, ge=0, le=7)

    @field_validator("power_connectors")
    @classmethod
    def _positive_counts(cls, value: dict[str, int]) -> dict[str, int]:
        for name, count in value.items():
            if not 0 < count <= 8:
                raise ValueError(f"{name}: count must be 1..8")
        return value

    @property
    def vram_bytes(self) -> float:
        return card_bytes(self.vram_gb)


# --- PSU -----------------------------------------------------------------------------------------


class Psu(PartBase):
    kind: Literal["psu"] = "psu"
    wattage_w: float = Field(gt=200, le=5000, description="continuous rating at 230 V")
    wattage_115v_w: float | None = Field(
        default=None, gt=200, le=5000, description="rating on a 100-120 V line when lower"
    )
    high_line_only: bool = Field(
        default=False, description="runs on 200-240 V only; no 100-120 V input at all"
    )
    atx_version: str
    efficiency: Literal["Bronze", "Gold", "Platinum", "Titanium"]
    efficiency_at_50pct: float = Field(ge=0.8, le=0.99)
    connectors: dict[PowerConnector, int] = Field(description="native GPU/CPU power outputs")
    length_mm: float = Field(gt=100, le=400)
    form_factor: Literal["ATX", "SFX", "CRPS"] = "ATX"
    transient_pct: float = Field(
        default=200, ge=100, le=300, description="excursion rating, % of rating for 100 µs"
    )


PART_TYPES: dict[str, type[PartBase]] = {
    "case": Case,
    "motherboard": Motherboard,
    "cpu": Cpu,
    "cooler": Cooler,
    "memory": MemoryKit,
    "storage": Storage,
    "gpu": Gpu,
    "psu": Psu,
}

AnyPart = Case | Motherboard | Cpu | Cooler | MemoryKit | Storage | Gpu | Psu
