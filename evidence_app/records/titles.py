"""How a record is named to a person: words from its own text, and its ref."""

from __future__ import annotations

from typing import Any

from evidence_app.records.schema import RECORD_KINDS


def _text(value: Any) -> str:
    if isinstance(value, dict):  # a testimony's sections: the first one written
        return next((str(text) for text in value.values() if text), "")
    return str(value) if value else ""


def name_of(kind: str, ref: str, body: dict[str, Any]) -> str:
    """The words a record is known by (a pseudonym, a title, a date and a first line), or
    its ref when it has none."""
    schema = RECORD_KINDS[kind]
    texts = [_text(body.get(key)) for key in schema.title]
    if schema.title_joined:
        texts = [" ".join(text for text in texts if text)]
    text = next((text for text in texts if text), "")
    return text.splitlines()[0][:60] if text else ref


def title_of(kind: str, ref: str, body: dict[str, Any]) -> str:
    """Its ref, then its name: how the command line names a record."""
    name = name_of(kind, ref, body)
    return f"{ref} — {name}" if name != ref else ref


def label_of(kind: str, ref: str, body: dict[str, Any]) -> str:
    """Its name, then its ref in brackets: how lists, pickers and search show a record."""
    name = name_of(kind, ref, body)
    return f"{name} ({ref})" if name != ref else ref
