"""QSettings kept in the user data folder, so tests and portable installs stay self-contained."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from configurator import paths

RECENT_KEY = "files/recent"
MAX_RECENT = 8


def app_settings() -> QSettings:
    return QSettings(str(paths.user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def remember_recent(settings: QSettings, path: str) -> list[str]:
    files = [path, *(p for p in recent_files(settings) if p != path)][:MAX_RECENT]
    settings.setValue(RECENT_KEY, files)
    return files
