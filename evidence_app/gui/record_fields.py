"""The editor of each type of record field (records.schema): a widget, its value shown and
read back. Vocabulary fields show labels in the interface language and store codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from evidence_app.core.records_service import (
    SECTION_LABELS,
    Unreadable,
    date_examples,
    format_date,
    format_number,
    parse_date,
    parse_number,
    vocabulary,
)
from evidence_app.gui.i18n import language, tr

# Which records a reference field may name, given (kind → [(ref, title)]).
Choices = Callable[[str], list[tuple[str, str]]]


class Unread(ValueError):
    """What is typed in a field cannot be read (`error` says why); `part` and `row` say where
    within the field, as the validator's problems do (records.problems)."""

    def __init__(self, error: Unreadable, part: str | None = None, row: int | None = None):
        super().__init__(str(error))
        self.error, self.part, self.row = error, part, row


class FieldEditor:
    key: str
    label: str
    # Called when a person finishes typing in the field, for the form to check it at once.
    on_edited: Callable[[FieldEditor], None] | None = None

    def widget(self) -> QWidget:
        raise NotImplementedError

    def load(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        """The value as records store it; raise Unread when what is typed cannot be read."""
        raise NotImplementedError

    def outlined(self, part: str | None) -> QWidget | None:
        """The widget that holds `part` of the value, to outline (None: the whole field)."""
        return None

    def _edited(self) -> None:
        if self.on_edited is not None:
            self.on_edited(self)


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
    """A number as the interface language writes it (records.local_formats)."""

    def widget(self) -> QWidget:
        edit = super().widget()
        self._edit.editingFinished.connect(self._edited)  # type: ignore[union-attr]
        return edit

    def load(self, value: Any) -> None:
        super().load(format_number(value, language()))

    def value(self) -> Any:
        try:
            return parse_number(super().value() or "", language())
        except Unreadable as error:
            raise Unread(error) from None


@dataclass
class PartialDate(Text):
    """A date, a month or a year as the interface language writes them; stored as ISO."""

    def widget(self) -> QWidget:
        edit = super().widget()
        assert isinstance(self._edit, QLineEdit)
        self._edit.setPlaceholderText(_examples())
        self._edit.editingFinished.connect(self._edited)
        return edit

    def load(self, value: Any) -> None:
        super().load(format_date(value, language()))

    def value(self) -> Any:
        try:
            return parse_date(super().value() or "", language())
        except Unreadable as error:
            raise Unread(error) from None


def _examples() -> str:
    examples = date_examples(language())
    return f"{examples['day']}, {examples['month']}, {examples['year']}"


def typed_date(text: str, part: str | None = None, row: int | None = None) -> str | None:
    try:
        return parse_date(text, language())
    except Unreadable as error:
        raise Unread(error, part, row) from None


@dataclass
class Names(Text):
    """A list of names typed with commas between them."""

    def load(self, value: Any) -> None:
        super().load(", ".join(value or []))

    def value(self) -> Any:
        text = super().value() or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class ScrollSafeCombo(QComboBox):
    """A drop-down that the wheel turns only once it was clicked or tabbed into: a form is
    scrolled with the wheel, and passing over a choice must not change it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area around the form takes it


@dataclass
class Code(FieldEditor):
    key: str
    label: str
    vocabulary_name: str

    def widget(self) -> QWidget:
        self._combo = ScrollSafeCombo()
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
        self._combo = ScrollSafeCombo()
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
        self._from.setPlaceholderText(tr("from ({examples} …)").format(examples=_examples()))
        self._to.setPlaceholderText(tr("to"))
        for edit in (self._from, self._to):
            edit.editingFinished.connect(self._edited)
            row.addWidget(edit)
        return box

    def load(self, value: Any) -> None:
        value = value or {}
        self._from.setText(format_date(value.get("from"), language()))
        self._to.setText(format_date(value.get("to"), language()))

    def value(self) -> Any:
        first = typed_date(self._from.text(), "from")
        last = typed_date(self._to.text(), "to")
        return {"from": first, "to": last} if first or last else None

    def outlined(self, part: str | None) -> QWidget | None:
        return {"from": self._from, "to": self._to}.get(part or "")


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


# The consent matrix's rows, in the order a researcher asks about them (records.consent).
