"""Paper size of the printed quote: US Letter or ISO A4.

A store that sets none prints on the paper of its locale's territory. The territories that use
Letter are those of the Unicode CLDR paper-size data; every other territory uses A4.
"""

from __future__ import annotations

import locale
import os
import re
from typing import Literal

Paper = Literal["letter", "a4"]
PAPERS: tuple[Paper, ...] = ("letter", "a4")
PAPER_NAMES = {"letter": "Letter", "a4": "A4"}

LETTER_TERRITORIES = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"})

# "en_US.UTF-8", "fr_CA@euro", "es-MX", Windows' "English_United States.1252" has no code.
_TERRITORY = re.compile(r"^[A-Za-z]{2,3}[_-]([A-Z]{2})\b")


def paper_for_locale(name: str | None) -> Paper:
    match = _TERRITORY.match(name or "")
    return "letter" if match and match.group(1) in LETTER_TERRITORIES else "a4"


def locale_paper() -> Paper:
    """The paper of this machine's locale: LC_PAPER is the POSIX category for it, then the
    general locale variables, then the process's locale."""
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        if os.environ.get(variable):
            return paper_for_locale(os.environ[variable])
    return paper_for_locale(locale.getlocale()[0])
