"""The interface's languages: English as written in the code, Russian and Ukrainian from
catalogs in `evidence_app/resources/translations/`. Dates and numbers follow the language's
locale. A test checks that every string the interface shows has both translations.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, Qt, QTranslator

from evidence_app.core.words import catalog as catalog

LANGUAGES = {"en": "English", "ru": "Русский", "uk": "Українська"}
_current = "en"
# Qt's own words (standard buttons, file dialogs, context menus) in the interface language.
_qt_translator: QTranslator | None = None


def set_language(language: str) -> None:
    global _current
    _current = language if language in LANGUAGES else "en"
    QLocale.setDefault(locale())
    _translate_qt(_current)


def _translate_qt(language: str) -> None:
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _qt_translator = translator


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
    """Binary multiples with the units people read in their file manager: КБ and МБ in
    Russian and Ukrainian (Qt's IEC default says KiB in every language)."""
    if size < 1024:  # Qt's "512 байты" gets the plural wrong
        return tr("{count} B").format(count=format_count(size))
    text = locale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)
    return text.replace("кБ", "КБ")
