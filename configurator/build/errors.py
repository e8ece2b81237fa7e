"""Errors for build files that cannot be read or do not match the catalog."""


class BuildError(ValueError):
    """A build file is unreadable, malformed or refers to parts or slots that do not exist."""
