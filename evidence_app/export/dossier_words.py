"""The language an accountability dossier is written in.

Each part of the dossier keeps its fixed words in English in a module-level dict; the
Russian and Ukrainian words are in the translation catalogs the interface reads too
(kernel.catalogs, keyed by the English), so that a word is translated once and the
interface and the dossier say the same thing. Codes (custody actions, vocabularies, reasons,
observations) are said through the same catalogs. `manifest.json` records the language; its
keys and codes stay English, for programs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from evidence_app.custody.events import ACTION_WORDS
from evidence_app.kernel.catalogs import LANGUAGES, translator
from evidence_app.kernel.errors import BadInput

__all__ = [
    "LANGUAGES",
    "action_words",
    "checked_language",
    "decimal",
    "language_name",
    "language_of",
    "localized",
]

K = TypeVar("K")

# The languages testimonies and their translations are most often in, by ISO 639 code, named
# in English; the catalogs name them in Russian and Ukrainian. A code not listed is printed
# as it was recorded.
LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "crh": "Crimean Tatar",
    "tt": "Tatar",
    "ce": "Chechen",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "uz": "Uzbek",
    "tg": "Tajik",
    "az": "Azerbaijani",
    "hy": "Armenian",
    "ka": "Georgian",
    "ro": "Romanian",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
}


def checked_language(language: str) -> str:
    if language not in LANGUAGES:
        raise BadInput(f"A dossier can be written in {', '.join(LANGUAGES)}, not {language!r}.")
    return language


def language_of(manifest: Mapping[str, Any]) -> str:
    """The manifest's language; English for a dossier made before languages were recorded."""
    language = manifest.get("language")
    return language if language in LANGUAGES else "en"


def localized(words: Mapping[K, str], language: str) -> dict[K, str]:
    """`words` (English) in `language`, key for key."""
    translate = translator(language)
    return {key: translate(text) for key, text in words.items()}


def language_name(code: object, language: str) -> str:
    """The language `code` names, as `language` calls it ("ru": Russian, русский, російська)."""
    text = str(code or "").strip()
    name = LANGUAGE_NAMES.get(text.lower())
    return translator(language)(name) if name else text


def decimal(value: object, language: str) -> str:
    """A number as the language writes it: 50.5 in English, 50,5 in Russian and Ukrainian."""
    text = str(value)
    return text if language == "en" else text.replace(".", ",")


def action_words(action: str, translate: Callable[[str], str]) -> str:
    """A custody action as words; an action this version does not know, as its code."""
    return translate(ACTION_WORDS[action]) if action in ACTION_WORDS else action
