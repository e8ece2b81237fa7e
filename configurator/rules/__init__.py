"""Compatibility rules, one per module, listed explicitly so nothing is found by import magic."""

from configurator.rules._common import CIRCUITS, CheckContext, Finding, Fix, Rule, Unconfirmed
from configurator.rules.fit.board_standard import BoardStandard
from configurator.rules.fit.chassis_board import ChassisBoard
from configurator.rules.fit.cooler_height import CoolerHeight
from configurator.rules.fit.cpu_chipset import CpuChipset
from configurator.rules.fit.form_factor import BoardFitsCase
from configurator.rules.fit.gpu_length import GpuLength
from configurator.rules.fit.incomplete import Incomplete
from configurator.rules.fit.memory import Memory
from configurator.rules.fit.memory_channels import MemoryChannels
from configurator.rules.fit.no_free_slot import NoFreeSlot
from configurator.rules.fit.psu_length import PsuLength
from configurator.rules.fit.slot_blocked import SlotBlocked
from configurator.rules.fit.socket import Socket
from configurator.rules.lanes.chipset_gpu import ChipsetGpu
from configurator.rules.lanes.cpu_budget import CpuBudget
from configurator.rules.lanes.narrow_link import NarrowLink
from configurator.rules.lanes.shared_usb4 import SharedUsb4
from configurator.rules.lanes.slot_disabled import SlotDisabled
from configurator.rules.lanes.slot_narrowed import SlotNarrowed
from configurator.rules.lanes.unconfirmed_wiring import UnconfirmedWiring
from configurator.rules.lanes.workload_link import WorkloadLink
from configurator.rules.power.circuit import Circuit
from configurator.rules.power.connectors import Connectors
from configurator.rules.power.psu_wattage import PsuWattage
from configurator.rules.report import Report, validate, validate_with_graph
from configurator.rules.thermal.consumer_24x7 import Consumer24x7
from configurator.rules.thermal.heat_load import HeatLoad
from configurator.rules.thermal.passive_gpu import PassiveGpu
from configurator.rules.thermal.stacked_gpus import StackedGpus
from configurator.rules.workload.fit import WorkloadFit

RULES: tuple[type[Rule], ...] = (
    Incomplete,
    BoardFitsCase,
    ChassisBoard,
    BoardStandard,
    GpuLength,
    CoolerHeight,
    PsuLength,
    SlotBlocked,
    Socket,
    CpuChipset,
    Memory,
    MemoryChannels,
    NoFreeSlot,
    SlotDisabled,
    SlotNarrowed,
    ChipsetGpu,
    NarrowLink,
    CpuBudget,
    SharedUsb4,
    UnconfirmedWiring,
    WorkloadLink,
    WorkloadFit,
    PsuWattage,
    Connectors,
    Circuit,
    HeatLoad,
    PassiveGpu,
    StackedGpus,
    Consumer24x7,
)

__all__ = ["CIRCUITS", "RULES", "CheckContext", "Finding", "Fix", "Report", "Rule", "Unconfirmed", "validate",
           "validate_with_graph"]
