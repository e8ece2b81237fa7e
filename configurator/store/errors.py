"""What can go wrong with the store database, each as one line a person can act on.

Importing this module costs nothing: no database library is loaded.
"""

from __future__ import annotations

from pathlib import Path

from configurator.errors import EnvironmentProblemError


class StoreError(EnvironmentProblemError):
    """The store database cannot be used as it is; the message is one line."""

    exit_code = 3  # the machine or the network, not the input


class StoreConfigError(StoreError):
    """The database URL or the installation's store settings are wrong."""

    exit_code = 2


class StoreUnreachableError(StoreError):
    """The server cannot be reached, refused the login, or dropped the connection."""


class StoreLockedError(StoreError):
    """Another program (or, on a server, another machine) holds the register's lock too long."""

    def __init__(self, where: str, waited_s: float, *, server: bool = False):
        self.where = where
        holder = "another computer of the store" if server else "another program"
        super().__init__(
            f"the quote register {where} is locked by {holder} (a quote or a price import "
            f"in progress?) and stayed locked for {waited_s:g} s; nothing was changed, try again")


class WriteCancelledError(StoreError):
    """The person cancelled a write (one waiting for the register, say); nothing changed."""


class StoreDamagedError(StoreError):
    """The local register file is not an intact SQLite database; it is never modified."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(
            f"the quote register {path} is damaged ({reason}) and was left unchanged; move it "
            f"aside (rename it, e.g. to {path.name}.damaged) to start a new register, and keep "
            "it to recover its quotes")


class SchemaTooNewError(StoreError):
    """The database was upgraded by a newer version of the app."""
