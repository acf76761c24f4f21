"""Editors for records, built from the records schema: one row per field, in its order.

Saving goes through the records service, which validates exactly as an import does. What a
field holds that cannot be read (a date the calendar lacks) and what the service refuses are
shown at the field, outlined, with the field's label and a message in the interface
language (records.problems gives each refusal a code and parameters for that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_app.core import dossier_impact
from evidence_app.core.records_service import (
    CONSENT_ENTRY,
    RECORD_KINDS,
    SECTION_LABELS,
    Field,
    InvalidDocument,
    Problem,
    Type,
    format_number,
)
from evidence_app.core.vault_service import Vault
from evidence_app.gui.consent_matrix import Consent
from evidence_app.gui.i18n import language, tr
from evidence_app.gui.record_fields import (
    Choices,
    Code,
    Codes,
    FieldEditor,
    Flag,
    Names,
    Number,
    PartialDate,
    Period,
    Ref,
    Refs,
    Sections,
    Text,
    Unread,
)
from evidence_app.gui.record_rows import Group, Photos, Rows, YesNo
from evidence_app.gui.testimony_translations import Translations


def _label(field: Field) -> str:
    return field.label or ""


# The editor of each type of field. Translations and excerpts have none: they are kept as
# loaded and edited elsewhere (by import).
EDITORS: dict[Type, Callable[[Field, Choices], FieldEditor]] = {
    Type.TEXT: lambda f, _c: Text(f.key, _label(f)),
    Type.LONG_TEXT: lambda f, _c: Text(f.key, _label(f), multiline=True),
    Type.DATE: lambda f, _c: PartialDate(f.key, _label(f)),
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
    Type.YES_NO: lambda f, _c: YesNo(f.key, _label(f)),
    Type.ITEMS: lambda f, choices: Photos(f.key, _label(f), choices),
    Type.GROUP: lambda f, choices: Group(f.key, _label(f), _parts(f, choices)),
    Type.ROWS: lambda f, choices: Rows(
        f.key, _label(f), f.parts, lambda part: EDITORS[part.type](part, choices)
    ),
    Type.SECTION_TRANSLATIONS: lambda f, _c: Translations(f.key, _label(f)),
}


def _parts(field: Field, choices: Choices) -> list[FieldEditor]:
    return [EDITORS[part.type](part, choices) for part in field.parts]


def shown_fields(kind: str) -> list[Field]:
    """The fields of `kind` its editor shows: those with a label, in the schema's order."""
    return [field for field in RECORD_KINDS[kind].fields if field.label is not None]


def fields_of(kind: str, choices: Choices) -> list[FieldEditor]:
    return [EDITORS[field.type](field, choices) for field in shown_fields(kind)]


# Within a field: the labels of a consent entry's columns, a period's ends, a testimony's
# sections, the parts of a group or of rows.
_PART_LABELS = {
    **{
        part.key: part.label or ""
        for kind in RECORD_KINDS.values()
        for field in kind.fields
        for part in field.parts
    },
    **{field.key: field.label or "" for field in CONSENT_ENTRY},
    "from": "from",
    "to": "to",
    **SECTION_LABELS,
}
_OUTLINE = (
    "QLineEdit, QPlainTextEdit, QTableView, QListView, QTabWidget::pane"
    " { border: 1px solid #c62828; border-radius: 2px; }"
)


def said(label: str, message: str, part: str | None = None, row: int | None = None) -> str:
    """A refusal as a person reads it: the field by its label, then what is wrong."""
    label, part = tr(label), tr(_PART_LABELS.get(part, part)) if part else None
    if row is not None and part:
        return tr("{label}, row {row}, {part}: {message}").format(
            label=label, row=row + 1, part=part, message=message
        )
    if row is not None:
        return tr("{label}, row {row}: {message}").format(label=label, row=row + 1, message=message)
    if part:
        return tr("{label}, {part}: {message}").format(label=label, part=part, message=message)
    return tr("{label}: {message}").format(label=label, message=message)


def _message(template: str, params: Mapping[str, Any]) -> str:
    """A message template in the interface language, its numbers as the language writes them."""
    shown = {
        key: format_number(value, language()) if isinstance(value, float | int) else value
        for key, value in params.items()
    }
    return tr(template).format(**shown)


class FieldsRefused(ValueError):
    """The form holds what cannot be saved; the message names each field, as `said` does."""


class RecordForm(QWidget):
    """The fields of one kind of record, in a form."""

    def __init__(self, kind: str, choices: Choices) -> None:
        super().__init__()
        self.kind = kind
        self._loaded: dict[str, Any] = {}
        self._clean: tuple[str, dict[str, Any]] = ("", {})  # what saving would have written
        self.fields = fields_of(kind, choices)
        form = QFormLayout(self)
        self.ref = QLineEdit()
        self._notes: dict[str, QLabel] = {}
        self._shown: dict[str, QWidget] = {}
        self._outlined: list[QWidget] = []
        self._ref_row = self._noted("ref", self.ref)
        form.addRow(tr("Reference"), self._ref_row)
        self._form_layout = form
        for field in self.fields:
            field.on_edited = self._check
            form.addRow(tr(field.label), self._noted(field.key, field.widget()))

    def _noted(self, key: str, widget: QWidget) -> QWidget:
        """The field's widget with room below it for what is wrong with it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        note = QLabel()
        note.setWordWrap(True)
        note.setStyleSheet("color: #c62828;")
        note.hide()
        column.addWidget(note)
        self._notes[key], self._shown[key] = note, widget
        return box

    def problem_at(self, key: str) -> str:
        """What the form shows as wrong with field `key` ("" when nothing)."""
        note = self._notes[key]
        return note.text() if not note.isHidden() else ""

    def _mark(self, key: str, text: str, outlined: QWidget | None) -> None:
        note = self._notes.get(key)
        if note is None:
            return
        note.setText("\n".join(filter(None, (note.text(), text))))
        note.show()
        widget = outlined or self._shown[key]
        widget.setStyleSheet(_OUTLINE)
        self._outlined.append(widget)

    def _unmark(self, key: str | None = None) -> None:
        """Clear what is shown as wrong with field `key`, or with every field."""
        for note_key, note in self._notes.items():
            if key in (None, note_key):
                note.clear()
                note.hide()
        for widget in list(self._outlined):
            if key is None or self._owner(widget) == key:
                widget.setStyleSheet("")
                self._outlined.remove(widget)

    def _owner(self, widget: QWidget) -> str | None:
        return next(
            (
                key
                for key, shown in self._shown.items()
                if widget is shown or shown.isAncestorOf(widget)
            ),
            None,
        )

    def _check(self, field: FieldEditor) -> None:
        """A person finished typing in `field`: say at once whether it can be read."""
        self._unmark(field.key)
        try:
            field.value()
        except Unread as unread:
            self._show_unread(field, unread)

    def _show_unread(self, field: FieldEditor, unread: Unread) -> str:
        message = _message(unread.error.refusal.value, unread.error.params)
        text = said(field.label, message, unread.part, unread.row)
        self._mark(field.key, text, field.outlined(unread.part))
        return text

    def hide_ref(self) -> None:
        """For a form whose record is named elsewhere (an item's links): no ref row."""
        self._form_layout.setRowVisible(self._ref_row, False)

    def field(self, key: str) -> FieldEditor:
        return next(field for field in self.fields if field.key == key)

    def refill_choices(self) -> None:
        """The records its pickers offer changed: list them again, keeping what is typed."""
        for field in self.fields:
            if isinstance(field, (Ref, Refs)):
                field.refill()

    def load(self, ref: str, body: dict[str, Any]) -> None:
        self._unmark()
        self.ref.setText(ref)
        self.ref.setReadOnly(bool(ref))
        # What the form does not show (translations, chosen excerpts …) is kept as loaded,
        # so saving from the form never drops it.
        self._loaded = dict(body)
        for field in self.fields:
            field.load(body.get(field.key))
        self.mark_clean()

    def _as_saved(self) -> tuple[str, dict[str, Any]]:
        """What saving would write, read quietly: a field that cannot be read counts as its
        refusal, so typing something unreadable is a change too."""
        values: dict[str, Any] = {}
        for field in self.fields:
            try:
                values[field.key] = field.value()
            except Unread as unread:
                values[field.key] = ("unread", str(unread), unread.part, unread.row)
        return self.ref.text().strip(), {**self._loaded, **values}

    def mark_clean(self) -> None:
        """What the form holds now is where it starts from (a record loaded, a new one begun)."""
        self._clean = self._as_saved()

    def saved(self, ref: str, body: dict[str, Any]) -> None:
        """`body` was saved as `ref`: it is what the form compares with and goes back to.
        What was typed while the save ran stays in the fields."""
        self._loaded, self._clean = dict(body), (ref, dict(body))

    def is_dirty(self) -> bool:
        """Whether saving would write something other than what was loaded or saved last.

        Compared as the editors read their values back, not with the stored body: a record
        stored with its keys in another order, or with empty fields, is not a change."""
        return self._as_saved() != self._clean

    @property
    def loaded_body(self) -> dict[str, Any]:
        return self._loaded

    def revert(self) -> None:
        """Show again what was loaded (or saved last), dropping what was typed since."""
        ref, readonly = self._clean[0], self.ref.isReadOnly()
        self.load(ref, self._loaded)
        self.ref.setReadOnly(readonly)

    def body(self) -> dict[str, Any]:
        """The record as the form holds it; raise FieldsRefused, each field that cannot be
        read marked, when some cannot."""
        self._unmark()
        values, refused = {}, []
        for field in self.fields:
            try:
                values[field.key] = field.value()
            except Unread as unread:
                refused.append(self._show_unread(field, unread))
        if refused:
            raise FieldsRefused("\n".join(refused))
        return {**self._loaded, **values}

    def show_problems(self, problems: Iterable[Problem]) -> str:
        """Mark the fields the records service refused; the messages, one a line."""
        self._unmark()
        labels = {"ref": "Reference", "sha256": "Reference"}
        labels.update((field.key, field.label) for field in self.fields)
        lines = []
        for problem in problems:
            key = problem.field or ""
            text = said(
                labels.get(key, key),
                _message(problem.message.value, problem.params),
                problem.part,
                problem.row,
            )
            editor = next((field for field in self.fields if field.key == key), None)
            self._mark(key, text, editor.outlined(problem.part) if editor else None)
            lines.append(text)
        return "\n".join(lines)


def save_or_refuse(
    vault: Vault, kind: str, ref: str, body: dict[str, Any]
) -> dossier_impact.Saved | list[Problem]:
    """Save through the records service (on the worker), with what the save makes fall out
    of a dossier; what it refuses, as problems for the form to show at its fields. A refusal
    without them is raised as it is."""
    try:
        return dossier_impact.save_record(vault, kind, ref, body)
    except InvalidDocument as refused:
        if len(refused.problems) < len(refused.errors):
            raise
        return refused.problems
