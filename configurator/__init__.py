"""AI-workstation build configurator: catalog, compatibility graph, estimates and quotes."""


def __getattr__(name: str):
    # Read on first use: importlib.metadata alone costs a quick command tens of milliseconds.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("ai-workstation-configurator")
    except metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
        from configurator.paths import read_version

        version = read_version()
    globals()["__version__"] = version
    return version
