"""How a record is named to a person: its ref followed by words from its own text."""

from __future__ import annotations

from typing import Any

from evidence_app.records.schema import RECORD_KINDS


def _text(value: Any) -> str:
    if isinstance(value, dict):  # a testimony's sections: the first one written
        return next((str(text) for text in value.values() if text), "")
    return str(value) if value else ""


def title_of(kind: str, ref: str, body: dict[str, Any]) -> str:
    schema = RECORD_KINDS[kind]
    texts = [_text(body.get(key)) for key in schema.title]
    if schema.title_joined:
        texts = [" ".join(text for text in texts if text)]
    text = next((text for text in texts if text), "")
    return f"{ref} — {text.splitlines()[0][:60]}" if text else ref
