"""About box: version, catalog size and date, Qt version."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from configurator import __version__
from configurator.parts import Catalog


def catalog_date(catalog: Catalog) -> str:
    """The newest price date in the catalog: how current the numbers are."""
    dates = [p.price.as_of for p in catalog]
    return max(dates).isoformat() if dates else "empty catalog"


def about_text(catalog: Catalog) -> str:
    return (
        f"<h3>AI-workstation build configurator {__version__}</h3>"
        f"<p>Catalog: {len(catalog)} parts, prices as of {catalog_date(catalog)}.</p>"
        "<p>Bandwidth figures are GB/s per direction. Estimates are estimates: they carry an "
        "uncertainty band and are no substitute for a benchmark on the real machine.</p>"
        f"<p>Qt {qVersion()}, PySide6 {PySide6.__version__}</p>"
    )


def show_about(parent: QWidget, catalog: Catalog) -> None:
    QMessageBox.about(parent, "About the configurator", about_text(catalog))
