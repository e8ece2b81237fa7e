"""Dockable panels of the main window; each gets the document it shows, never the window."""
