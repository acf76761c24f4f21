"""How a record is named to a person: its ref followed by words from its own text."""

from __future__ import annotations

from typing import Any


def title_of(kind: str, ref: str, body: dict[str, Any]) -> str:
    if kind == "testimony":
        sections = body.get("sections") or {}
        first = next((text for text in sections.values() if text), "")
        body = {
            "description": " ".join(part for part in (body.get("interviewed_on"), first) if part)
        }
    for key in ("title", "name", "pseudonym", "finding", "description", "caption"):
        if body.get(key):
            text = str(body[key]).splitlines()[0]
            return f"{ref} — {text[:60]}"
    return ref
