"""AI-workstation build configurator: catalog, compatibility graph, estimates and quotes."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("ai-workstation-configurator")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
    from configurator.paths import read_version as _read_version

    __version__ = _read_version()
