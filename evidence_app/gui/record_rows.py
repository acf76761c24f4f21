"""Editors of the fields made of parts (records.schema GROUP and ROWS), of a yes-or-no, and
of the photos an injury is seen in.

A group shows its parts on one line (consent to the interview: given, date, how recorded);
rows are a small table of such lines, one per entry, with a button to add a line and one to
remove each. Every part is edited by the editor of its type, so dates are typed as the
interface language writes them there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.records_service import Field
from evidence_app.gui.i18n import tr
from evidence_app.gui.record_fields import Choices, FieldEditor, ScrollSafeCombo, Unread

MakeEditor = Callable[[Field], FieldEditor]


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


@dataclass
class YesNo(FieldEditor):
    """Yes, no, or not recorded: a "no" (a statement not read back) is worth recording."""

    key: str
    label: str

    def widget(self) -> QWidget:
        self._combo = ScrollSafeCombo()
        for text, value in (("—", None), (tr("Yes"), True), (tr("No"), False)):
            self._combo.addItem(text, value)
        return self._combo

    def load(self, value: Any) -> None:
        self._combo.setCurrentIndex({None: 0, True: 1, False: 2}.get(value, 0))

    def value(self) -> Any:
        return self._combo.currentData()


@dataclass
class Photos(FieldEditor):
    """Items of the vault ticked in a drop-down menu; the button counts them. The menu lists
    the vault's images as they are when it opens, and keeps what is ticked even when the
    list does not show it (yet)."""

    key: str
    label: str
    choices: Choices
    chosen: list[str] = field(default_factory=list)

    def widget(self) -> QWidget:
        self.button = QToolButton()
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMinimumWidth(120)  # "Фотографии…" in full, with the arrow
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._fill)
        self.button.setMenu(self.menu)
        self._show()
        return self.button

    def _fill(self) -> None:
        self.menu.clear()
        titles = dict(self.choices("item"))
        for sha256 in self.chosen:
            titles.setdefault(sha256, sha256[:12])
        for sha256, title in titles.items():
            action = QAction(title, self.menu)
            action.setCheckable(True)
            action.setChecked(sha256 in self.chosen)
            action.setData(sha256)
            action.toggled.connect(lambda on, sha256=sha256: self.tick(sha256, on))
            self.menu.addAction(action)

    def tick(self, sha256: str, on: bool) -> None:
        if on and sha256 not in self.chosen:
            self.chosen.append(sha256)
        elif not on and sha256 in self.chosen:
            self.chosen.remove(sha256)
        self._show()

    def _show(self) -> None:
        count = len(self.chosen)
        self.button.setText(tr("Photos: {count}").format(count=count) if count else tr("Photos…"))

    def load(self, value: Any) -> None:
        self.chosen = list(value or [])
        self._show()

    def value(self) -> Any:
        return list(self.chosen)


@dataclass
class Group(FieldEditor):
    """The parts of one object on one line, each under its label."""

    key: str
    label: str
    parts: list[FieldEditor]

    def widget(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, part in enumerate(self.parts):
            grid.addWidget(QLabel(tr(part.label)), 0, column)
            grid.addWidget(part.widget(), 1, column)
        return box

    def load(self, value: Any) -> None:
        for part in self.parts:
            part.load((value or {}).get(part.key))

    def value(self) -> Any:
        values = {}
        for part in self.parts:
            try:
                values[part.key] = part.value()
            except Unread as unread:
                raise Unread(unread.error, part.key) from None
        return None if all(_empty(v) for v in values.values()) else values

    def outlined(self, part: str | None) -> QWidget | None:
        return None


@dataclass
class Rows(FieldEditor):
    """Entries as lines of a small table: a heading per part, a line per entry, a button to
    add a line and one to take each away. Lines left empty are not saved."""

    key: str
    label: str
    parts: tuple[Field, ...]
    make: MakeEditor
    lines: list[list[FieldEditor]] = field(default_factory=list)

    def widget(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        for index, part in enumerate(self.parts):
            self._grid.addWidget(QLabel(f"<b>{tr(part.label or '')}</b>"), 0, index)
        self._grid.setColumnStretch(len(self.parts) - 1, 1)
        column.addLayout(self._grid)
        self.add_button = QPushButton(tr("Add a line"))
        self.add_button.clicked.connect(lambda: self.add_line())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self._widgets: list[list[QWidget]] = []
        self._next_row = 1  # grid rows are not reused: a removed line leaves its row empty
        return box

    def add_line(self, value: dict[str, Any] | None = None) -> list[FieldEditor]:
        editors = [self.make(part) for part in self.parts]
        row, self._next_row = self._next_row, self._next_row + 1
        widgets = []
        for index, editor in enumerate(editors):
            widget = editor.widget()
            editor.load((value or {}).get(editor.key))
            self._grid.addWidget(widget, row, index)
            widgets.append(widget)
        remove = QPushButton("✕")
        remove.setToolTip(tr("Remove this line"))
        remove.setFixedWidth(28)
        remove.clicked.connect(lambda: self._remove(editors))
        self._grid.addWidget(remove, row, len(editors))
        widgets.append(remove)
        self.lines.append(editors)
        self._widgets.append(widgets)
        return editors

    def _remove(self, editors: list[FieldEditor]) -> None:
        index = self.lines.index(editors)
        for widget in self._widgets.pop(index):
            widget.hide()
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.lines.pop(index)

    def load(self, value: Any) -> None:
        while self.lines:
            self._remove(self.lines[-1])
        for entry in value or []:
            self.add_line(entry)

    def value(self) -> Any:
        rows = []
        for row, editors in enumerate(self.lines):
            values = {}
            for editor in editors:
                try:
                    values[editor.key] = editor.value()
                except Unread as unread:
                    raise Unread(unread.error, editor.key, row) from None
            if not all(_empty(v) for v in values.values()):
                rows.append(values)
        return rows
