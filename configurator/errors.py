"""What a failure becomes: one line for the person, the full traceback in a log file.

Exit codes (the command line's contract): 2 bad input, 3 a problem with the machine rather
than the input (``EnvironmentProblemError``: an unusable user data folder, a locked or damaged
register, a full disk), 4 an unexpected error. Imports nothing from the project but ``paths``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import traceback
from pathlib import Path

from configurator import paths

LOG_FILE = "configurator.log"
MAX_LOG_BYTES = 1_000_000
MAX_LINE_CHARS = 600

# Newlines and control characters in a value would split a message over several lines (faking
# output lines) or drive the terminal; they are printed escaped, the way Python writes them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class OneLineError(ValueError):
    """Bad input whose message stays one line: control characters and newlines that came with
    the input (a part id, a cell) are escaped."""

    def __init__(self, message: object = ""):
        super().__init__(escape_control(str(message)))


class EnvironmentProblemError(Exception):
    """The machine, not the input, is at fault; the message says what to do. Exit code 3."""


def escape_control(text: str) -> str:
    return _CONTROL.sub(lambda m: _NAMED.get(m[0], f"\\u{ord(m[0]):04x}"), text)


def one_line(text: object, limit: int = MAX_LINE_CHARS) -> str:
    """``text`` as one printable line, shortened in the middle if very long."""
    line = escape_control(str(text))
    if len(line) > limit:
        keep = (limit - 5) // 2
        line = f"{line[:keep]} […] {line[-keep:]}"
    return line


def os_problem(exc: OSError, doing: str = "use") -> str:
    """'cannot write /data/quotes.sqlite3: No space left on device'."""
    target = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or type(exc).__name__
    return f"cannot {doing} {target}: {reason}"


def log_file() -> Path:
    return paths.user_data_dir() / "logs" / LOG_FILE


def log_failure(exc: BaseException, context: str) -> Path | None:
    """Append ``exc``'s traceback to the log; where it went, or None if nowhere was writable
    (the user data folder may be the very thing that is broken)."""
    text = "".join(traceback.format_exception(exc))
    entry = f"--- {dt.datetime.now().isoformat(timespec='seconds')} {context}\n{text}\n"
    for candidate in _log_candidates():
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            if candidate.is_file() and candidate.stat().st_size > MAX_LOG_BYTES:
                os.replace(candidate, candidate.with_suffix(".log.1"))
            with candidate.open("a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(entry)
        except OSError:
            continue
        return candidate
    return None


def _log_candidates() -> list[Path]:
    fallback = Path(tempfile.gettempdir()) / f"{paths.APP_NAME}-{LOG_FILE}"
    try:
        return [log_file(), fallback]
    except OSError:
        return [fallback]
