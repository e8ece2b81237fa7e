"""Part models and the catalog that loads them from parts_db/."""

from configurator.parts.catalog import Catalog, load_catalog
from configurator.parts.loading import CatalogError, Problem
from configurator.parts.models import (
    PART_TYPES,
    Case,
    Cooler,
    Cpu,
    Gpu,
    M2Slot,
    MemoryKit,
    Motherboard,
    PartBase,
    PcieSlot,
    Price,
    Psu,
    SharingRule,
    Storage,
)

__all__ = [
    "PART_TYPES", "Case", "Catalog", "CatalogError", "Cooler", "Cpu", "Gpu", "M2Slot",
    "MemoryKit", "Motherboard", "PartBase", "PcieSlot", "Price", "Problem", "Psu",
    "SharingRule", "Storage", "load_catalog",
]
