"""The PySide6 desktop app. The only package that imports Qt or pyqtgraph; nothing imports it."""

from configurator.ui.compat import protect_singletons

protect_singletons()
