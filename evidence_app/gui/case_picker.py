"""Choosing a case by its title, or making a new one on the spot; refs are never typed.

`CasePicker` is the combo the import, export and "Link to case…" dialogs share: case
titles from the vault's case records, each ref shown beside it in grey, and "New case…",
which asks only for a title (the ref is made from it by the core).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import case_refs, links_service
from evidence_app.core.case_refs import CaseChoice
from evidence_app.core.links_service import LinkChange, LinkResult
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Worker


def case_label(case: CaseChoice) -> str:
    """A case as a list shows it: its title first, its ref after it."""
    return case.title if case.title == case.ref else f"{case.title}  ({case.ref})"


class NewCaseDialog(QDialog):
    """Asks the new case's title; the core makes its ref."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New case"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("e.g. Penal colony 6, 2023"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Title"), self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.title.text().strip():
            super().accept()


class CasePicker(QWidget):
    """A combo of the vault's cases by title, and a "New case…" button beside it."""

    loaded = Signal()  # the list of cases is (re)filled
    failed = Signal(str)

    def __init__(self, worker: Worker, vault: Vault, allow_none: bool = False) -> None:
        super().__init__()
        self._worker, self._vault, self._allow_none = worker, vault, allow_none
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(24)
        self.new_button = QPushButton(tr("New case…"))
        self.new_button.clicked.connect(self.ask_new_case)
        self.ref_label = QLabel()
        self.ref_label.setStyleSheet("color: gray;")
        self.combo.currentIndexChanged.connect(lambda _i: self.ref_label.setText(self.ref or ""))
        # Tests and callers may supply the title instead of a person typing it.
        self.ask_title: Callable[[], str | None] = self._ask_title
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.new_button)
        self.reload()

    @property
    def ref(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def reload(self, select: str | None = None) -> None:
        vault = self._vault
        job = self._worker.submit(lambda _job: case_refs.list_cases(vault), read_only=True)
        job.succeeded.connect(lambda cases: self._fill(cases, select or self.ref))
        job.failed.connect(self.failed.emit)

    def _fill(self, cases: list[CaseChoice], select: str | None) -> None:
        self.combo.clear()
        if self._allow_none or not cases:
            self.combo.addItem(tr("No case") if self._allow_none else tr("No case yet"), None)
        for case in cases:
            self.combo.addItem(case_label(case), case.ref)
        if select is not None and self.combo.findData(select) >= 0:
            self.combo.setCurrentIndex(self.combo.findData(select))
        self.loaded.emit()

    def _ask_title(self) -> str | None:
        dialog = NewCaseDialog(self)
        return dialog.title.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_new_case(self) -> None:
        title = self.ask_title()
        if not title:
            return
        vault = self._vault
        self.new_button.setEnabled(False)
        job = self._worker.submit(lambda _job: case_refs.create_case(vault, title))

        def made(case: CaseChoice) -> None:
            self.new_button.setEnabled(True)
            self.reload(select=case.ref)

        def refused(message: str) -> None:
            self.new_button.setEnabled(True)
            self.failed.emit(message)

        job.succeeded.connect(made)
        job.failed.connect(refused)


class LinkToCaseDialog(QDialog):
    """Files the chosen items under one case in one action; their other links stay."""

    def __init__(
        self, parent: QWidget | None, worker: Worker, vault: Vault, item_ids: list[str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Link to case"))
        self.setMinimumWidth(520)  # room for a case's title and its ref
        self._worker, self._vault, self.item_ids = worker, vault, item_ids
        self.result_of_link: LinkResult | None = None
        self.picker = CasePicker(worker, vault)
        self.message = QLabel(tr("Items chosen: {count}").format(count=len(item_ids)))
        self.message.setWordWrap(True)
        self.picker.failed.connect(self.message.setText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Link"))
        self.buttons.accepted.connect(self.link)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Case"), self.picker)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def link(self) -> None:
        case, vault, item_ids = self.picker.ref, self._vault, self.item_ids
        if case is None:
            self.message.setText(tr("Choose a case, or make a new one."))
            return
        self.buttons.setEnabled(False)
        change = LinkChange(add_cases=[case])
        job = self._worker.submit(lambda _job: links_service.set_links(vault, item_ids, change))

        def done(result: LinkResult) -> None:
            self.result_of_link = result
            self.accept()

        def refused(message: str) -> None:
            self.buttons.setEnabled(True)
            self.message.setText(message)

        job.succeeded.connect(done)
        job.failed.connect(refused)
