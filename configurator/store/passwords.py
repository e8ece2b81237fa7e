"""Database passwords in the system keyring, one per user, server and database.

``keyring`` is imported only when a server is used: finding its backend takes time.
"""

from __future__ import annotations

from configurator.paths import APP_NAME
from configurator.store.errors import StoreConfigError

SERVICE = f"{APP_NAME} database"


def keyring_user(user: str, host: str, port: int | None, database: str) -> str:
    return f"{user}@{host}:{port or 5432}/{database}"


def get_password(account: str) -> str | None:
    """The stored password, or None if there is none or no keyring on this system."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account)
    except KeyringError:
        return None


def set_password(account: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        if password:
            keyring.set_password(SERVICE, account, password)
        elif keyring.get_password(SERVICE, account) is not None:
            keyring.delete_password(SERVICE, account)
    except KeyringError as exc:
        raise StoreConfigError(f"the password cannot be kept: no usable system keyring "
                               f"({type(exc).__name__})") from None
