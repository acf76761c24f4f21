"""Editors for records, built from a description of each kind's fields.

Every kind (case, person, facility, testimony, incident, prison-condition finding) is a
list of fields; each field knows how to show a value and read it back. Vocabulary fields
show labels in the interface language and store codes. Saving goes through the records
service, which validates exactly as an import does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.records_service import CONSENT_SCOPES, TESTIMONY_SECTIONS, vocabulary
from evidence_app.gui.i18n import language, tr

# Which records a reference field may name, given (kind → [(ref, title)]).
Choices = Callable[[str], list[tuple[str, str]]]


class Field:
    key: str
    label: str

    def widget(self) -> QWidget:
        raise NotImplementedError

    def load(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError


@dataclass
class Text(Field):
    key: str
    label: str
    multiline: bool = False

    def widget(self) -> QWidget:
        self._edit: QLineEdit | QPlainTextEdit = QPlainTextEdit() if self.multiline else QLineEdit()
        return self._edit

    def load(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self._edit, QPlainTextEdit):
            self._edit.setPlainText(text)
        else:
            self._edit.setText(text)

    def value(self) -> Any:
        if isinstance(self._edit, QPlainTextEdit):
            return self._edit.toPlainText().strip() or None
        return self._edit.text().strip() or None


@dataclass
class Number(Text):
    def value(self) -> Any:
        text = super().value()
        if text is None:
            return None
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return text  # the service reports it with the field's path


@dataclass
class Names(Text):
    """A list of names typed with commas between them."""

    def load(self, value: Any) -> None:
        super().load(", ".join(value or []))

    def value(self) -> Any:
        text = super().value() or ""
        return [part.strip() for part in text.split(",") if part.strip()]


@dataclass
class Code(Field):
    key: str
    label: str
    vocabulary_name: str

    def widget(self) -> QWidget:
        self._combo = QComboBox()
        self._combo.addItem("—", None)
        words = vocabulary(self.vocabulary_name)
        for code in words.codes:
            self._combo.addItem(words.label(code, language()), code)
        return self._combo

    def load(self, value: Any) -> None:
        index = self._combo.findData(value)
        self._combo.setCurrentIndex(max(index, 0))

    def value(self) -> Any:
        return self._combo.currentData()


class _Checklist(Field):
    """Several choices ticked in a list."""

    def _make(self, choices: list[tuple[str, str]]) -> QWidget:
        self._list = QListWidget()
        self._fill(choices)
        self._list.setMaximumHeight(120)
        return self._list

    def _fill(self, choices: list[tuple[str, str]]) -> None:
        self._list.clear()
        for code, title in choices:
            entry = QListWidgetItem(title)
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self._list.addItem(entry)

    def load(self, value: Any) -> None:
        chosen = set(value or [])
        for row in range(self._list.count()):
            entry = self._list.item(row)
            checked = entry.data(Qt.ItemDataRole.UserRole) in chosen
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def value(self) -> Any:
        return [
            self._list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self._list.count())
            if self._list.item(row).checkState() == Qt.CheckState.Checked
        ]


@dataclass
class Codes(_Checklist):
    key: str
    label: str
    vocabulary_name: str

    def widget(self) -> QWidget:
        words = vocabulary(self.vocabulary_name)
        return self._make([(code, words.label(code, language())) for code in words.codes])


@dataclass
class Refs(_Checklist):
    key: str
    label: str
    kind: str
    choices: Choices

    def widget(self) -> QWidget:
        return self._make(self.choices(self.kind))

    def refill(self) -> None:
        """List the records that exist now; what was ticked stays ticked."""
        ticked = self.value()
        self._fill(self.choices(self.kind))
        self.load(ticked)


@dataclass
class Ref(Field):
    key: str
    label: str
    kind: str
    choices: Choices

    def widget(self) -> QWidget:
        self._combo = QComboBox()
        self._fill()
        return self._combo

    def _fill(self) -> None:
        self._combo.addItem("—", None)
        for ref, title in self.choices(self.kind):
            self._combo.addItem(title, ref)

    def refill(self) -> None:
        """List the records that exist now; what was chosen stays chosen."""
        chosen = self.value()
        self._combo.clear()
        self._fill()
        self.load(chosen)

    def load(self, value: Any) -> None:
        self._combo.setCurrentIndex(max(self._combo.findData(value), 0))

    def value(self) -> Any:
        return self._combo.currentData()


@dataclass
class Flag(Field):
    key: str
    label: str

    def widget(self) -> QWidget:
        self._box = QCheckBox()
        return self._box

    def load(self, value: Any) -> None:
        self._box.setChecked(bool(value))

    def value(self) -> Any:
        return self._box.isChecked()


@dataclass
class Period(Field):
    key: str
    label: str

    def widget(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self._from, self._to = QLineEdit(), QLineEdit()
        self._from.setPlaceholderText(tr("from (2023, 2023-03 …)"))
        self._to.setPlaceholderText(tr("to"))
        row.addWidget(self._from)
        row.addWidget(self._to)
        return box

    def load(self, value: Any) -> None:
        value = value or {}
        self._from.setText(value.get("from") or "")
        self._to.setText(value.get("to") or "")

    def value(self) -> Any:
        first, last = self._from.text().strip(), self._to.text().strip()
        return {"from": first or None, "to": last or None} if first or last else None


class Sections(Field):
    """The Istanbul Protocol sections of a testimony, one tab each."""

    key = "sections"
    label = "Account"

    def widget(self) -> QWidget:
        self._tabs = QTabWidget()
        self._edits: dict[str, QPlainTextEdit] = {}
        for name in TESTIMONY_SECTIONS:
            edit = QPlainTextEdit()
            self._edits[name] = edit
            self._tabs.addTab(edit, tr(SECTION_TITLES[name]))
        self._tabs.setMinimumHeight(220)
        return self._tabs

    def load(self, value: Any) -> None:
        value = value or {}
        for name, edit in self._edits.items():
            edit.setPlainText(value.get(name, ""))
        filled = [index for index, name in enumerate(self._edits) if value.get(name)]
        self._tabs.setCurrentIndex(filled[0] if filled else 0)

    def value(self) -> Any:
        return {
            name: edit.toPlainText().strip()
            for name, edit in self._edits.items()
            if edit.toPlainText().strip()
        }

    def edit(self, name: str) -> QPlainTextEdit:
        return self._edits[name]


SECTION_TITLES = {
    "background": "Background",
    "arrest": "Arrest",
    "detention": "Detention",
    "treatment": "Treatment",
    "injuries": "Injuries",
    "psychological_effects": "Psychological effects",
    "medical_examination": "Medical examination",
    "aftermath": "Aftermath",
    "narrative": "Narrative",
}

CONSENT_COLUMNS = ["scope", "given_on", "recorded_by", "note", "withdrawn_on"]


class Consent(Field):
    """The consent ledger of a person: one row per purpose given, with its dates."""

    key = "consent"
    label = "Consent"

    def widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(CONSENT_COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [tr("Purpose"), tr("Given on"), tr("Recorded by"), tr("Note"), tr("Withdrawn on")]
        )
        self.table.setMinimumHeight(110)
        self.table.setColumnWidth(0, 190)
        add = QPushButton(tr("Add consent"))
        add.clicked.connect(lambda: self._add_row({"scope": "internal"}))
        layout.addWidget(self.table)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _add_row(self, entry: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        scope = QComboBox()
        for code in CONSENT_SCOPES:
            scope.addItem(tr(SCOPE_TITLES[code]), code)
        scope.setCurrentIndex(max(scope.findData(entry.get("scope")), 0))
        self.table.setCellWidget(row, 0, scope)
        for column, key in enumerate(CONSENT_COLUMNS[1:], start=1):
            self.table.setItem(row, column, QTableWidgetItem(str(entry.get(key) or "")))

    def load(self, value: Any) -> None:
        self.table.setRowCount(0)
        for entry in value or []:
            self._add_row(entry)

    def value(self) -> Any:
        entries = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            assert isinstance(combo, QComboBox)
            entry: dict[str, Any] = {"scope": combo.currentData()}
            for column, key in enumerate(CONSENT_COLUMNS[1:], start=1):
                cell = self.table.item(row, column)
                text = cell.text().strip() if cell is not None else ""
                entry[key] = text or None
            entries.append(entry)
        return entries


SCOPE_TITLES = {
    "internal": "Documentation only",
    "legal": "Courts and prosecutors",
    "public_anonymous": "Public, without name",
    "public_named": "Public, with name",
}


def fields_of(kind: str, choices: Choices) -> list[Field]:
    if kind == "case":
        return [Text("title", "Title"), Text("description", "Description", multiline=True)]
    if kind == "person":
        return [
            Text("pseudonym", "Pseudonym"),
            Text("full_name", "Full name"),
            Names("aliases", "Other names"),
            Number("birth_year", "Birth year"),
            Text("citizenship", "Citizenship"),
            Text("contact", "Contact"),
            Codes("roles", "Roles", "roles"),
            Consent(),
        ]
    if kind == "facility":
        return [
            Text("name", "Name"),
            Code("kind", "Kind", "facility_kinds"),
            Text("region", "Region"),
            Number("lat", "Latitude"),
            Number("lon", "Longitude"),
            Text("operator", "Operator"),
            Names("aliases", "Other names"),
        ]
    if kind == "testimony":
        return [
            Ref("case", "Case", "case", choices),
            Ref("witness", "Witness", "person", choices),
            Text("interviewer", "Interviewer"),
            Text("interviewed_on", "Interviewed on"),
            Text("place", "Place"),
            Text("language", "Language (ru, uk, en …)"),
            Code("mode", "Mode of interview", "interview_modes"),
            Period("period", "Period held"),
            Codes("methods", "Methods", "methods"),
            Refs("facilities", "Facilities", "facility", choices),
            Sections(),
        ]
    if kind == "incident":
        return [
            Ref("case", "Case", "case", choices),
            Ref("facility", "Facility", "facility", choices),
            Text("date", "Date (2023, 2023-05 …)"),
            Refs("victims", "Victims", "person", choices),
            Refs("perpetrators", "Alleged perpetrators", "person", choices),
            Codes("methods", "Methods", "methods"),
            Refs("sources", "Sources", "testimony", choices),
            Text("description", "Description", multiline=True),
        ]
    if kind == "condition":
        return [
            Ref("facility", "Facility", "facility", choices),
            Text("observed", "Observed (2023 …)"),
            Period("period", "Period"),
            Code("rule", "Mandela Rules topic", "mandela_rules_topics"),
            Text("finding", "Finding", multiline=True),
            Refs("sources", "Sources", "testimony", choices),
        ]
    if kind == "evidence":  # what an item shows, whom and where; named by its SHA-256
        return [
            Text("caption", "Caption", multiline=True),
            Refs("cases", "Cases", "case", choices),
            Refs("people", "People shown or concerned", "person", choices),
            Ref("facility", "Facility", "facility", choices),
            Ref("incident", "Incident", "incident", choices),
            Flag("publishable", "Publishable although it shows no one"),
        ]
    raise KeyError(kind)


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

    def field(self, key: str) -> Field:
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
