"""Errors for build files that cannot be read or do not match the catalog."""

from configurator.errors import OneLineError


class BuildError(OneLineError):
    """A build file is unreadable, malformed or refers to parts or slots that do not exist."""
