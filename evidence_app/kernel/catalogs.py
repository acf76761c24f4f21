"""The translation catalogs: English as written in the code is the key, Russian and
Ukrainian come from `evidence_app/resources/translations/`. The interface (gui.i18n) and the
dossiers read the same catalogs, so a word is translated once for both."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources

LANGUAGES = ("en", "ru", "uk")


@cache
def catalog(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    source = resources.files("evidence_app.resources").joinpath("translations", f"{language}.json")
    data: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    return data


def translator(language: str) -> Callable[[str], str]:
    """The text in `language`; English where a translation is missing."""
    words = catalog(language)
    return lambda text: words.get(text) or text
