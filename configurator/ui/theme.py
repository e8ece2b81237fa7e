"""Colours that read on light and dark palettes: status, bandwidth and severity."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# Bandwidth bands in GB/s per direction: x16 Gen5 down to a starved chipset link.
_BANDWIDTH_STOPS = ((48.0, "#2e9d5b"), (24.0, "#6aa84f"), (12.0, "#d39b1e"), (0.1, "#d9662b"))
DISABLED_COLOR = "#c0392b"
HIGHLIGHT_COLOR = "#1f77d0"
SERIES = {
    "weights": "#4c78a8",
    "kv": "#f58518",
    "activations": "#54a24b",
    "overhead": "#9d755d",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def bandwidth_color(gbps: float, disabled: bool = False) -> QColor:
    if disabled or gbps <= 0:
        return QColor(DISABLED_COLOR)
    for floor, color in _BANDWIDTH_STOPS:
        if gbps >= floor:
            return QColor(color)
    return QColor(_BANDWIDTH_STOPS[-1][1])


def link_color(gbps: float, kind: str, disabled: bool = False) -> QColor:
    """A GPU link on the bandwidth scale; a drive against what a drive's four lanes can carry,
    so a PCIe 5.0 x4 SSD at full speed is as green as a PCIe 5.0 x16 card."""
    return bandwidth_color(gbps * (4 if kind == "storage" else 1), disabled)


def status_colors(status: str, palette: QPalette) -> tuple[str, str]:
    """(background, text) for the build status chip."""
    dark = is_dark(palette)
    return {
        "buildable": ("#1e7b45", "#ffffff") if not dark else ("#3fb96f", "#0b1f12"),
        "warnings": ("#b36b00", "#ffffff") if not dark else ("#f0b44c", "#2a1a00"),
        "errors": ("#b3261e", "#ffffff") if not dark else ("#f28b82", "#2b0905"),
        "incomplete": ("#e3e5e8", "#2d3136") if not dark else ("#4a4e55", "#e6e6e6"),
    }[status]


def dark_palette() -> QPalette:
    """A dark Fusion palette, for people who run the app in a dark room or on a dark desktop."""
    p = QPalette()
    window, base, text = QColor(40, 42, 46), QColor(28, 29, 32), QColor(230, 230, 230)
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor(36, 38, 42)),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, base),
        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.Highlight, QColor(42, 110, 190)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.Link, QColor(110, 170, 240)),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
    ):
        p.setColor(role, color)
    grey = QColor(120, 120, 120)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


def apply_theme(app, *, dark: bool) -> None:
    """Fusion looks the same on every OS, which keeps screenshots and training material valid."""
    from PySide6.QtWidgets import QStyleFactory

    app.setStyle(QStyleFactory.create("Fusion"))
    palette = dark_palette() if dark else app.style().standardPalette()
    app.setPalette(palette)
