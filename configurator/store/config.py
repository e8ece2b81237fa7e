"""Which database this installation uses, and which store it is. No database library is loaded.

- ``CONFIGURATOR_DATABASE_URL`` (e.g. ``postgresql://consultant@db.example:5432/store``) or the
  URL saved from File › Store database; with neither, a SQLite file in the user data folder.
- The password is never kept here: it lives in the system keyring (see ``passwords``). A URL
  given with a password has it removed before it is saved, and every message shows a URL
  through ``redact``.
- ``store`` is the installation's store code (``NYC``); quote numbers carry it
  (``Q-NYC-2026-0042``). Empty means the plain prefix.
- ``sync_minutes``: how often the open app syncs with the store database (it also syncs at
  start); 0 means only at start and on request.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from configurator import paths
from configurator.fileio import atomic_write_text
from configurator.store.errors import StoreConfigError, StoreError

CONFIG_FILE = "store.json"
URL_ENV = "CONFIGURATOR_DATABASE_URL"
LOCAL_FILE = "quotes.sqlite3"
STORE_CODE = re.compile(r"^[A-Z0-9]{0,8}$")
SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
SYNC_MINUTES = 5
MAX_SYNC_MINUTES = 24 * 60


@dataclass(frozen=True)
class StoreConfig:
    store: str = ""
    database_url: str = ""
    sync_minutes: int = SYNC_MINUTES

    @property
    def url(self) -> str:
        """The URL in force: the environment's, else the saved one, else the local file."""
        return os.environ.get(URL_ENV, "").strip() or self.database_url or local_url()

    @property
    def is_server(self) -> bool:
        return is_server_url(self.url)


def local_path() -> Path:
    return paths.user_data_dir() / LOCAL_FILE


def local_url(path: Path | None = None) -> str:
    return f"sqlite:///{path or local_path()}"


def is_server_url(url: str) -> bool:
    return url.split("://", 1)[0].lower() in SERVER_SCHEMES


def config_path() -> Path:
    return paths.user_data_dir() / CONFIG_FILE


def load_config(path: Path | None = None) -> StoreConfig:
    path = path or config_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return StoreConfig()
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise StoreConfigError(f"{path} cannot be read ({exc}); repair or remove it") from None
    if not isinstance(raw, dict):
        raise StoreConfigError(f"{path} is not a store settings file; repair or remove it")
    return make_config(str(raw.get("store", "")), str(raw.get("database_url", "")),
                       raw.get("sync_minutes", SYNC_MINUTES))


def make_config(store: str, database_url: str, sync_minutes: object = SYNC_MINUTES) -> StoreConfig:
    """Checked settings; a password in the URL is refused (it belongs in the keyring)."""
    store = store.strip().upper()
    if not STORE_CODE.match(store):
        raise StoreConfigError(f"store code '{store[:20]}' must be up to 8 letters or digits, "
                               "like NYC")
    url = database_url.strip()
    if url and password_in(url):
        raise StoreConfigError(f"the database URL {redact(url)} holds a password; it is kept in "
                               "the system keyring instead")
    if isinstance(sync_minutes, bool) or not isinstance(sync_minutes, int) \
            or not 0 <= sync_minutes <= MAX_SYNC_MINUTES:
        raise StoreConfigError(f"sync every {str(sync_minutes)[:20]} minutes: give a whole number "
                               f"from 0 (only at start) to {MAX_SYNC_MINUTES}")
    return StoreConfig(store, url, sync_minutes)


def save_config(config: StoreConfig, path: Path | None = None) -> None:
    atomic_write_text(path or config_path(), json.dumps(asdict(config), indent=2) + "\n")


def password_in(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


_QUERY_SECRET = re.compile(r"(?i)(password|passwd|pwd)=[^&]*")


def redact(url: str) -> str:
    """The URL without its password, fit for a message or a log. Never fails."""
    if url.lower().startswith("sqlite"):
        return url
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}@{host}"
        text = urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        # Unparseable: keep only what cannot be a secret.
        text = url.split("://", 1)[0] + "://…" if "://" in url else "(not a URL)"
    return _QUERY_SECRET.sub(r"\1=***", text)
