"""What a consultant records for the whole store (a confirmed value, a user part, a measured
calibration run) goes to the store database in one transaction, stamped with who, on which
machine and when. If the database cannot take it (the chain's server out of reach, the local
register locked), the change waits in ``outbox.json`` in the user data folder, with its original
stamp, and the next sync sends it (``shared.sync``). The change is in the local files as well,
so this machine uses it at once either way.

No database library is loaded until something is really written.
"""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

from configurator import paths
from configurator.errors import one_line
from configurator.fileio import atomic_write_text
from configurator.store import cache
from configurator.store.errors import StoreError, StoreUnreachableError

OUTBOX_FILE = "outbox.json"
KINDS = ("confirmation", "user_part", "calibration_run")
_lock = threading.Lock()  # the GUI adds while the background sync sends


def outbox_path() -> Path:
    return paths.user_data_dir() / OUTBOX_FILE


def pending() -> list[dict]:
    """The changes still waiting, oldest first; an unreadable file counts as none waiting and
    is left as it is."""
    try:
        raw = json.loads(outbox_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = raw.get("pending") if isinstance(raw, dict) else None
    return [e for e in entries or [] if isinstance(e, dict) and e.get("kind") in KINDS
            and isinstance(e.get("data"), dict) and isinstance(e.get("id"), str)]


def _write(entries: list[dict]) -> None:
    atomic_write_text(outbox_path(), json.dumps({"pending": entries}, indent=1) + "\n")


def remove(ids: set[str]) -> None:
    """Drop the entries the database has taken; entries added meanwhile stay."""
    with _lock:
        left = [e for e in pending() if e["id"] not in ids]
        if left:
            _write(left)
        else:
            outbox_path().unlink(missing_ok=True)


def make_entry(kind: str, data: dict) -> dict:
    from configurator.store.config import load_config
    from configurator.store.engine import actor, now

    user, machine = actor()
    try:
        store = load_config().store
    except StoreError:
        store = ""
    return {"id": uuid.uuid4().hex, "kind": kind, "data": data, "store": store,
            "by": user, "on": machine, "at": now().isoformat()}


def share(kind: str, items: list[dict], what: str) -> str:
    """Record ``items`` (of one ``kind``) in the store database in one transaction. Returns ''
    when they are there, else the one line to show: that ``what`` is kept on this computer
    until the next sync, and why."""
    entries = [make_entry(kind, data) for data in items]
    # Found out of reach a moment ago: no new wait for the connection to time out.
    reason = cache.recently_unreachable()
    if reason is None:
        try:
            from configurator.store import shared
            from configurator.store.engine import open_store

            with open_store().write() as conn:
                for entry in entries:
                    shared.apply_entry(conn, entry)
            return ""
        except StoreUnreachableError as exc:
            reason = one_line(exc)
            cache.note_unreachable(reason)
        except StoreError as exc:
            reason = one_line(exc)
    with _lock:
        _write([*pending(), *entries])
    return f"{what} kept on this computer and sent at the next sync: {reason}"
