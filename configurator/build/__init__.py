"""Builds: the chosen parts and placements, their file format, and binding to a catalog."""

from configurator.build.edits import apply_edit, describe_edit, parse_edit
from configurator.build.errors import BuildError
from configurator.build.examples import ExampleBuild, example_builds
from configurator.build.io import dump_build, load_build, parse_build, save_build
from configurator.build.model import (
    PARALLEL_LABELS,
    SCHEMA_VERSION,
    Build,
    BuildItem,
    FinetuneOptions,
    ServiceLevels,
    Workload,
)
from configurator.build.resolve import ResolvedBuild, Unit, resolve
from configurator.build.site import CIRCUITS, DEFAULT_CIRCUIT, Site, WallCircuit

__all__ = [
    "CIRCUITS", "DEFAULT_CIRCUIT", "PARALLEL_LABELS", "SCHEMA_VERSION", "Build", "BuildError", "BuildItem",
    "ExampleBuild",
    "FinetuneOptions", "ResolvedBuild", "ServiceLevels", "Site", "Unit", "WallCircuit", "Workload", "apply_edit",
    "describe_edit", "dump_build", "example_builds", "parse_edit", "load_build", "parse_build",
    "resolve", "save_build",
]
