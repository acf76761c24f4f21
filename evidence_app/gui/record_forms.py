"""Editors for records, built from the records schema: one row per field, in its order.

Saving goes through the records service, which validates exactly as an import does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from evidence_app.core.records_service import RECORD_KINDS, Field, Type
from evidence_app.gui.i18n import tr
from evidence_app.gui.record_fields import (
    Choices,
    Code,
    Codes,
    Consent,
    FieldEditor,
    Flag,
    Names,
    Number,
    Period,
    Ref,
    Refs,
    Sections,
    Text,
)


def _label(field: Field) -> str:
    return field.label or ""


# The editor of each type of field. Translations and excerpts have none: they are kept as
# loaded and edited elsewhere (by import).
EDITORS: dict[Type, Callable[[Field, Choices], FieldEditor]] = {
    Type.TEXT: lambda f, _c: Text(f.key, _label(f)),
    Type.LONG_TEXT: lambda f, _c: Text(f.key, _label(f), multiline=True),
    Type.DATE: lambda f, _c: Text(f.key, _label(f)),
    Type.LANGUAGE: lambda f, _c: Text(f.key, _label(f)),
    Type.NAMES: lambda f, _c: Names(f.key, _label(f)),
    Type.NUMBER: lambda f, _c: Number(f.key, _label(f)),
    Type.CODE: lambda f, _c: Code(f.key, _label(f), f.vocabulary or ""),
    Type.CODES: lambda f, _c: Codes(f.key, _label(f), f.vocabulary or ""),
    Type.REF: lambda f, choices: Ref(f.key, _label(f), f.target or "", choices),
    Type.REFS: lambda f, choices: Refs(f.key, _label(f), f.target or "", choices),
    Type.FLAG: lambda f, _c: Flag(f.key, _label(f)),
    Type.PERIOD: lambda f, _c: Period(f.key, _label(f)),
    Type.SECTIONS: lambda f, _c: Sections(f.key, _label(f)),
    Type.CONSENT: lambda f, _c: Consent(f.key, _label(f)),
}


def shown_fields(kind: str) -> list[Field]:
    """The fields of `kind` its editor shows: those with a label, in the schema's order."""
    return [field for field in RECORD_KINDS[kind].fields if field.label is not None]


def fields_of(kind: str, choices: Choices) -> list[FieldEditor]:
    return [EDITORS[field.type](field, choices) for field in shown_fields(kind)]


class RecordForm(QWidget):
    """The fields of one kind of record, in a form."""

    def __init__(self, kind: str, choices: Choices) -> None:
        super().__init__()
        self.kind = kind
        self._loaded: dict[str, Any] = {}
        self.fields = fields_of(kind, choices)
        form = QFormLayout(self)
        self.ref = QLineEdit()
        form.addRow(tr("Reference"), self.ref)
        for field in self.fields:
            form.addRow(tr(field.label), field.widget())

    def field(self, key: str) -> FieldEditor:
        return next(field for field in self.fields if field.key == key)

    def refill_choices(self) -> None:
        """The records its pickers offer changed: list them again, keeping what is typed."""
        for field in self.fields:
            if isinstance(field, (Ref, Refs)):
                field.refill()

    def load(self, ref: str, body: dict[str, Any]) -> None:
        self.ref.setText(ref)
        self.ref.setReadOnly(bool(ref))
        # What the form does not show (translations, chosen excerpts …) is kept as loaded,
        # so saving from the form never drops it.
        self._loaded = dict(body)
        for field in self.fields:
            field.load(body.get(field.key))

    def body(self) -> dict[str, Any]:
        return {**self._loaded, **{field.key: field.value() for field in self.fields}}
