"""The customer's site: the wall circuit the machine will run on.

The same build can be fine on 230 V and trip a 15 A breaker, so the circuit belongs to the
customer's site; a build file carries it (``"site": {"circuit": "230v16a"}``) so every view,
the command line and the quote check the build against the same supply.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, field_validator


class WallCircuit(NamedTuple):
    """A site's supply. ``volts`` is what each PSU sees; a three-phase feed carries ``phases``
    times one phase's current, with the PSUs spread across the phases."""

    volts: int
    amps: int
    phases: int = 1
    label: str = ""

    @property
    def breaker_w(self) -> float:
        return float(self.volts * self.amps * self.phases)

    @property
    def continuous_w(self) -> float:
        """80 % of the breaker rating: the North American rule for loads running three hours or
        more, applied everywhere for margin."""
        return 0.8 * self.breaker_w

    @property
    def name(self) -> str:
        return self.label or f"{self.volts} V / {self.amps} A"

    @property
    def low_line(self) -> bool:
        """A 100-120 V supply, on which many PSUs are derated."""
        return self.volts < 200


CIRCUITS = {
    "120v15a": WallCircuit(120, 15),
    "120v20a": WallCircuit(120, 20),
    "208v30a": WallCircuit(208, 30),
    "230v16a": WallCircuit(230, 16),
    "230v32a": WallCircuit(230, 32),
    # A 400 V three-phase CEE 16 A feed, the usual supply of a European server room or rack.
    "400v16a-3ph": WallCircuit(230, 16, phases=3, label="400 V three-phase / 16 A"),
}
DEFAULT_CIRCUIT = "120v15a"


class Site(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    circuit: str = DEFAULT_CIRCUIT

    @field_validator("circuit")
    @classmethod
    def _known_circuit(cls, value: str) -> str:
        if value not in CIRCUITS:
            raise ValueError(f"unknown circuit '{value}' (known: {', '.join(CIRCUITS)})")
        return value
