"""The interface's languages: English as written in the code, Russian and Ukrainian from
catalogs in `evidence_app/resources/translations/`. Dates and numbers follow the language's
locale. A test checks that every string the interface shows has both translations.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from PySide6.QtCore import QDateTime, QLocale, Qt

LANGUAGES = {"en": "English", "ru": "Русский", "uk": "Українська"}
_current = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    source = resources.files("evidence_app.resources").joinpath("translations", f"{language}.json")
    data: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    return data


def set_language(language: str) -> None:
    global _current
    _current = language if language in LANGUAGES else "en"
    QLocale.setDefault(locale())


def language() -> str:
    return _current


def locale() -> QLocale:
    return QLocale({"en": "en_GB", "ru": "ru_RU", "uk": "uk_UA"}[_current])


def tr(text: str) -> str:
    """The text in the current language; English when a translation is missing."""
    return catalog(_current).get(text, text)


def format_time(iso: str | None) -> str:
    """An ISO 8601 time (UTC or with an offset) in the reader's locale, or a dash."""
    if not iso:
        return "—"
    moment = QDateTime.fromString(iso.replace("Z", "+00:00"), Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return locale().toString(moment, QLocale.FormatType.ShortFormat)


def format_count(number: int) -> str:
    return locale().toString(number)


def format_size(size: int) -> str:
    return locale().formattedDataSize(size)
