"""A bad file in the store's own parts folder: the app starts, with a banner naming it."""

from __future__ import annotations

import pytest

from configurator.parts import load_catalog
from configurator.parts.catalog import user_parts_dir
from configurator.ui.document import BuildDocument
from configurator.ui.estimates import Estimator
from configurator.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_banner_names_each_left_out_file_and_hides_when_there_is_none(qtbot, catalog):
    folder = user_parts_dir() / "psu"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    window = MainWindow(BuildDocument(load_catalog(), estimator=Estimator()), session=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    banner = window.left_out
    assert banner.isVisible() and "1 of your own part or model file could" in banner.label.text()
    box = banner.details_box()
    assert str(folder / "mine.toml") in box.detailedText()
    assert "nests too deeply" in box.detailedText()
    banner.dismiss.click()
    assert not banner.isVisible()

    clean = MainWindow(BuildDocument(catalog, estimator=Estimator()), session=False)
    qtbot.addWidget(clean)
    assert clean.left_out.isHidden()
