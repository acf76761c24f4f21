"""The editor of each type of record field (records.schema): a widget, its value shown and
read back. Vocabulary fields show labels in the interface language and store codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from evidence_app.core.records_service import (
    CONSENT_ENTRY,
    CONSENT_SCOPES,
    SECTION_LABELS,
    vocabulary,
)
from evidence_app.gui.i18n import language, tr

# Which records a reference field may name, given (kind → [(ref, title)]).
Choices = Callable[[str], list[tuple[str, str]]]


class FieldEditor:
    key: str
    label: str

    def widget(self) -> QWidget:
        raise NotImplementedError

    def load(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError


@dataclass
class Text(FieldEditor):
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
class Code(FieldEditor):
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


class _Checklist(FieldEditor):
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
class Ref(FieldEditor):
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
class Flag(FieldEditor):
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
class Period(FieldEditor):
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


@dataclass
class Sections(FieldEditor):
    """The Istanbul Protocol sections of a testimony, one tab each."""

    key: str
    label: str

    def widget(self) -> QWidget:
        self._tabs = QTabWidget()
        self._edits: dict[str, QPlainTextEdit] = {}
        for name, title in SECTION_LABELS.items():
            edit = QPlainTextEdit()
            self._edits[name] = edit
            self._tabs.addTab(edit, tr(title))
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


CONSENT_COLUMNS = [field.key for field in CONSENT_ENTRY]  # the purpose (a choice) first, then text


@dataclass
class Consent(FieldEditor):
    """The consent ledger of a person: one row per purpose given, with its dates."""

    key: str
    label: str

    def widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(CONSENT_COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(field.label or "") for field in CONSENT_ENTRY])
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
