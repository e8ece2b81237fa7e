"""The Quote dialog and the quote register window."""

from configurator.ui.quote.dialog import QuoteDialog
from configurator.ui.quote.register_faults import offer_move_aside
from configurator.ui.quote.register_window import RegisterWindow
from configurator.ui.quote.settings_dialog import SellerSettingsDialog

__all__ = ["QuoteDialog", "RegisterWindow", "SellerSettingsDialog", "offer_move_aside"]
