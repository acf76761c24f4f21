"""Controlled vocabularies (methods, facility kinds, Mandela Rules topics …), shipped as data.

Each vocabulary is one JSON file in `evidence_app/resources/vocabularies/` with English,
Russian and Ukrainian labels, so translators and researchers can read and extend it without
touching code. Records store codes; people see labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("en", "ru", "uk")
# How an item reached the person who brought it into the vault (records.provenance).
RECEIPT_CHANNELS = "receipt_channels"
_PACKAGE = "evidence_app.resources"


class UnknownCode(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    code: str
    labels: dict[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: dict[str, str]
    terms: tuple[Term, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)

    def validate(self, code: str) -> str:
        if code not in self.codes:
            raise UnknownCode(f"unknown code {code!r}; allowed: {', '.join(self.codes)}")
        return code

    def label(self, code: str, language: str = "en") -> str:
        for term in self.terms:
            if term.code == code:
                return term.label(language)
        return code  # a code from a newer vocabulary still shows as itself

    def title(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels["en"]


def vocabulary_names() -> list[str]:
    folder = resources.files(_PACKAGE).joinpath("vocabularies")
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir())


@cache
def vocabulary(name: str) -> Vocabulary:
    source = resources.files(_PACKAGE).joinpath("vocabularies", f"{name}.json")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyError(f"no vocabulary named {name!r}") from None
    terms = tuple(Term(entry["code"], dict(entry["label"])) for entry in data["codes"])
    return Vocabulary(name, dict(data["label"]), terms)
