"""Where the files of an import came from: captured by, received on and via, held before.

Every field may stay empty. "Captured by" offers the vault's people by name and takes a name
typed instead; a custodian's name names a person when it is typed as that person is listed
(or as person:REF). Dates are typed as the interface language writes them. What the form
gives is records.provenance's shape, which the ingest checks before it reads any file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from evidence_app.core import records_service
from evidence_app.core.ingest_service import typed_party
from evidence_app.core.records_service import (
    RECEIPT_CHANNELS,
    Unreadable,
    date_examples,
    label_of,
    parse_date,
    vocabulary,
)
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import language, tr
from evidence_app.gui.jobs import Worker

_NAME, _DATE, _PURPOSE = range(3)


class UnreadProvenance(ValueError):
    """A date typed in the form cannot be read; the message is in the interface language."""


def _people(vault: Vault) -> list[tuple[str, str]]:
    return [
        (ref, label_of("person", ref, body))
        for ref, body in records_service.list_records(vault, "person")
    ]


class ProvenanceForm(QGroupBox):
    def __init__(self, worker: Worker, vault: Vault) -> None:
        super().__init__(tr("Where it came from (optional)"))
        examples = date_examples(language())
        self.captured_by = QComboBox()
        self.captured_by.setEditable(True)
        self.captured_by.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        typed = self.captured_by.lineEdit()
        assert typed is not None  # editable
        typed.setPlaceholderText(tr("a name, or pick a person"))
        self.received_on = QLineEdit()
        self.received_on.setPlaceholderText(f"{examples['day']}, {examples['month']}")
        self.received_via = QComboBox()
        self.received_via.addItem("—", None)
        channels = vocabulary(RECEIPT_CHANNELS)
        for code in channels.codes:
            self.received_via.addItem(channels.label(code, language()), code)
        self.custodians = QTableWidget(0, 3)
        self.custodians.setHorizontalHeaderLabels([tr("Name"), tr("Date"), tr("Purpose")])
        self.custodians.horizontalHeader().setSectionResizeMode(
            _PURPOSE, QHeaderView.ResizeMode.Stretch
        )
        self.custodians.verticalHeader().hide()
        self.custodians.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.custodians.setMaximumHeight(96)
        self.custodians.setToolTip(
            tr(
                "Who held it before it reached you, oldest first. To name a person of the "
                "vault, type them as “Captured by” lists them."
            )
        )
        add = QPushButton(tr("Add"))
        add.clicked.connect(lambda: self.add_custodian())
        remove = QPushButton(tr("Remove"))
        remove.clicked.connect(self._remove_custodian)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        held = QHBoxLayout()
        held.addWidget(self.custodians, 1)
        held.addLayout(buttons)
        form = QFormLayout(self)
        form.addRow(tr("Captured by"), self.captured_by)
        form.addRow(tr("Received on"), self.received_on)
        form.addRow(tr("Received via"), self.received_via)
        form.addRow(tr("Held before"), held)
        self._people: dict[str, str] = {}  # label → ref
        job = worker.submit(lambda _job: _people(vault), read_only=True)
        job.succeeded.connect(self._fill_people)

    def _fill_people(self, people: list[tuple[str, str]]) -> None:
        typed = self.captured_by.currentText()
        self.captured_by.clear()
        for ref, label in people:
            self.captured_by.addItem(label, ref)
            self._people[label] = ref
        self.captured_by.setEditText(typed)

    def add_custodian(self, name: str = "", date: str = "", purpose: str = "") -> None:
        row = self.custodians.rowCount()
        self.custodians.insertRow(row)
        for column, text in ((_NAME, name), (_DATE, date), (_PURPOSE, purpose)):
            self.custodians.setItem(row, column, QTableWidgetItem(text))

    def _remove_custodian(self) -> None:
        rows = sorted({index.row() for index in self.custodians.selectedIndexes()}, reverse=True)
        for row in rows or [self.custodians.rowCount() - 1]:
            self.custodians.removeRow(row)

    def _party(self, text: str) -> dict[str, str]:
        if text.strip() in self._people:
            return {"person": self._people[text.strip()]}
        return typed_party(text)  # a name, or person:REF as on the command line

    def _cell(self, row: int, column: int) -> str:
        item = self.custodians.item(row, column)
        return item.text().strip() if item is not None else ""

    @staticmethod
    def _date(text: str, field: str) -> str | None:
        try:
            return parse_date(text, language())
        except Unreadable as error:
            problem = tr(error.refusal.value).format(**error.params)
            raise UnreadProvenance(f"{field}: {problem}") from None

    def value(self) -> dict[str, Any] | None:
        """The provenance typed, or None for none; raise UnreadProvenance for a bad date."""
        value: dict[str, Any] = {}
        if party := self._party(self.captured_by.currentText()):
            value["captured_by"] = party
        if received := self._date(self.received_on.text(), tr("Received on")):
            value["received_on"] = received
        if self.received_via.currentData():
            value["received_via"] = self.received_via.currentData()
        chain = []
        for row in range(self.custodians.rowCount()):
            name, date, purpose = (self._cell(row, column) for column in range(3))
            if not (name or date or purpose):
                continue  # a row added and left empty
            custodian: dict[str, Any] = self._party(name)
            if when := self._date(date, tr("Held before")):
                custodian["date"] = when
            if purpose:
                custodian["purpose"] = purpose
            chain.append(custodian)  # without a name the ingest refuses it, saying so
        if chain:
            value["custodians"] = chain
        return value or None
