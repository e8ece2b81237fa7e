"""What a consultant records for the whole store (a confirmed value, a user part, a measured
calibration run) goes to the store database in one transaction, stamped with who, on which
machine and when. If the database cannot take it (the chain's server out of reach, the local
register locked), the change waits in ``outbox.json`` in the user data folder, with its original
stamp, and the next sync sends it (``shared.sync``). Each change goes into the outbox before
the database is tried (``keep``) and leaves it once the database has it (``KeptChange.send``),
so a program ended mid-attempt loses nothing. The change is in the local files as well, so
this machine uses it at once either way.

No database library is loaded until something is really written.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
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


@dataclass(frozen=True)
class KeptChange:
    """Entries already in the outbox, to be sent (``send``) now or by the next sync."""

    entries: tuple[dict, ...]
    what: str  # 'The confirmation is', 'The measured runs are'

    def send(self) -> str:
        """Record the entries in the store database in one transaction and take them out of the
        outbox. Returns '' when they are there, else the one line to show: that the change is
        kept on this computer until the next sync, and why. May wait for the connection
        timeout, so the app calls it on a worker thread."""
        # Found out of reach a moment ago: no new wait for the connection to time out.
        reason = cache.recently_unreachable()
        if reason is None:
            try:
                from configurator.store import shared
                from configurator.store.engine import open_store

                with open_store().write() as conn:
                    for entry in self.entries:
                        shared.apply_entry(conn, entry)
                remove({entry["id"] for entry in self.entries})
                return ""
            except StoreUnreachableError as exc:
                reason = one_line(exc)
                cache.note_unreachable(reason)
            except StoreError as exc:
                reason = one_line(exc)
        return f"{self.what} kept on this computer and sent at the next sync: {reason}"


def keep(kind: str, items: list[dict], what: str) -> KeptChange:
    """Put ``items`` (of one ``kind``) in the outbox first, so a change is never lost even if
    the program ends before the database answers; ``send`` then records them."""
    entries = tuple(make_entry(kind, data) for data in items)
    with _lock:
        _write([*pending(), *entries])
    return KeptChange(entries, what)


def share(kind: str, items: list[dict], what: str) -> str:
    """``keep`` and ``send`` at once, for the command line."""
    return keep(kind, items, what).send()
