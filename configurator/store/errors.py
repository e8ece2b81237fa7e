"""What can go wrong with the store database, each as one line a person can act on.

Importing this module costs nothing: no database library is loaded.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store database cannot be used as it is; the message is one line."""

    exit_code = 3  # an environment problem, not bad input


class StoreConfigError(StoreError):
    """The database URL or the installation's store settings are wrong."""

    exit_code = 2


class StoreUnreachableError(StoreError):
    """The server cannot be reached, refused the login, or dropped the connection."""


class StoreLockedError(StoreError):
    """Another program holds the local register's write lock for too long."""


class StoreDamagedError(StoreError):
    """The local register file is not a database; it is never modified."""


class SchemaTooNewError(StoreError):
    """The database was upgraded by a newer version of the app."""


class NumberClashError(StoreError):
    """A quote number being copied to a server is already used there for another quote."""
