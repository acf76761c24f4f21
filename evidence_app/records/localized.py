"""Texts given in several languages: case titles, captions, testimony excerpts.

A record keeps its text as written (`caption`, `title`, an excerpt's `text`), optionally the
`language` it is written in, and `translations` by language code, each holding the same
fields. An edition in one language prints the translation where there is one and the text
as written otherwise, and says which texts it printed as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from evidence_app.records.problems import Message

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class TextChecker(Protocol):
    def error(self, path: str, message: Message, **params: Any) -> None: ...

    def text(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> str: ...


def parse_language(c: TextChecker, obj: dict[str, Any], path: str) -> str:
    language = c.text(obj, "language", path)
    if language and not LANGUAGE_CODE.match(language):
        c.error(f"{path}.language", Message.NOT_A_LANGUAGE)
    return language


def parse_translations(
    c: TextChecker, obj: dict[str, Any], path: str, fields: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    """`translations`: {language: {field: text}}, only `fields`, blank ones dropped."""
    value = obj.get("translations")
    if value is None:
        return {}
    if not isinstance(value, dict):
        c.error(f"{path}.translations", Message.NOT_TRANSLATIONS)
        return {}
    parsed: dict[str, dict[str, str]] = {}
    for language, texts in value.items():
        where = f"{path}.translations.{language}"
        if not isinstance(language, str) or not LANGUAGE_CODE.match(language):
            c.error(where, Message.NOT_A_LANGUAGE_KEY)
            continue
        if not isinstance(texts, dict):
            c.error(where, Message.NOT_TRANSLATED_TEXTS, fields=", ".join(fields))
            continue
        for key in texts:
            if key not in fields:
                c.error(f"{where}.{key}", Message.UNKNOWN_FIELD, allowed=", ".join(fields))
        given = {key: c.text(texts, key, where) for key in fields}
        if any(given.values()):
            parsed[language] = {key: text for key, text in given.items() if text}
    return parsed


def parse_excerpts(c: TextChecker, obj: dict[str, Any], path: str) -> list[dict[str, Any]]:
    """A testimony's `excerpts` chosen for publication: [{text, translations}]."""
    value = obj.get("excerpts", [])
    if not isinstance(value, list):
        c.error(f"{path}.excerpts", Message.NOT_EXCERPTS)
        return []
    excerpts = []
    for index, entry in enumerate(value):
        where = f"{path}.excerpts[{index}]"
        if not isinstance(entry, dict):
            c.error(where, Message.NOT_AN_EXCERPT)
            continue
        excerpt: dict[str, Any] = {"text": c.text(entry, "text", where, required=True)}
        translations = parse_translations(c, entry, where, ("text",))
        if translations:
            excerpt["translations"] = translations
        excerpts.append(excerpt)
    return excerpts


@dataclass(frozen=True)
class Localized:
    text: str
    as_written: bool  # no translation into the edition's language: printed as written


def localized(body: dict[str, Any], field: str, language: str, written_in: str = "") -> Localized:
    translated = (body.get("translations") or {}).get(language, {}).get(field, "")
    if translated:
        return Localized(str(translated), False)
    text = str(body.get(field) or "")
    return Localized(text, bool(text) and (written_in or body.get("language")) != language)
