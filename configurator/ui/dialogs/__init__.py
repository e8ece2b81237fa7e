"""Dialogs: about, crash recovery and price import."""
