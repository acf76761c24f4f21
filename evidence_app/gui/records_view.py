"""A list of records of one kind beside its editor, with every saved revision at hand."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import dossier_impact, records_service
from evidence_app.core.record_results import RevisionView
from evidence_app.core.records_service import Problem, label_of
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.case_page import CasePage
from evidence_app.gui.consent_words import fell_out_message, left_out_label
from evidence_app.gui.i18n import format_time, tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.record_forms import FieldsRefused, RecordForm, save_or_refuse
from evidence_app.gui.unsaved_guard import Proceed, may_leave

KIND_TITLES = {
    "case": "Cases",
    "testimony": "Testimonies",
    "person": "People",
    "facility": "Facilities",
    "incident": "Incidents",
    "condition": "Prison conditions",
}
_PREFIX = {
    "case": "case",
    "testimony": "t",
    "person": "p",
    "facility": "f",
    "incident": "i",
    "condition": "c",
}
# The kinds every view loads: what its form's pickers offer (cases, witnesses, facilities,
# sources) and the numbering of new records.
_PICKED = ("case", "person", "facility", "testimony")


class HistoryDialog(QDialog):
    """Two revisions side by side: pick any two from the list."""

    def __init__(self, parent: QWidget, kind: str, ref: str, revisions: list[RevisionView]):
        super().__init__(parent)
        self.setWindowTitle(tr("History of {ref}").format(ref=ref))
        self.revisions = revisions
        self.older, self.newer = QListWidget(), QListWidget()
        self.left, self.right = QPlainTextEdit(), QPlainTextEdit()
        for pane in (self.left, self.right):
            pane.setReadOnly(True)
        for listing in (self.older, self.newer):
            for revision in revisions:
                listing.addItem(
                    tr("Revision {number}, {time}").format(
                        number=revision.revision, time=format_time(revision.saved_at)
                    )
                )
        self.older.currentRowChanged.connect(lambda row: self._show(self.left, row))
        self.newer.currentRowChanged.connect(lambda row: self._show(self.right, row))
        panes = QHBoxLayout()
        for listing, pane in ((self.older, self.left), (self.newer, self.right)):
            column = QVBoxLayout()
            listing.setMaximumHeight(110)
            column.addWidget(listing)
            column.addWidget(pane)
            panes.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addLayout(panes)
        self.resize(900, 600)
        if revisions:
            self.older.setCurrentRow(max(0, len(revisions) - 2))
            self.newer.setCurrentRow(len(revisions) - 1)

    def _show(self, pane: QPlainTextEdit, row: int) -> None:
        if 0 <= row < len(self.revisions):
            revision = self.revisions[row]
            pane.setPlainText(
                f"SHA-256 {revision.sha256}\n\n"
                + json.dumps(revision.body, ensure_ascii=False, indent=2)
            )


class RecordsView(QWidget):
    def __init__(self, worker: Worker, kind: str) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self.kind = kind
        self._choices: dict[str, list[tuple[str, str]]] = {}
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = QPushButton(tr("New"))
        self.new_button.clicked.connect(self.new_record)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())
        self.history_button = QPushButton(tr("History…"))
        self.history_button.clicked.connect(self.show_history)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.left_out = left_out_label()  # what a save just made fall out of a dossier
        self.form = RecordForm(kind, self._choices_of)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.form)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.new_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.scroll_area, 1)
        self.evidence = QLabel()  # for testimonies: what the vault holds of the witness
        self.evidence.setWordWrap(True)
        right_layout.addWidget(self.evidence)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.left_out)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        # A case opens on its overview; its record is one tab further.
        self.case_page = CasePage(worker) if kind == "case" else None
        self.tabs = QTabWidget()
        if self.case_page is not None:
            self.tabs.addTab(self.case_page, tr("Overview"))
            self.tabs.addTab(right, tr("Details"))
            right = self.tabs
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_editing(False)

    def _choices_of(self, kind: str) -> list[tuple[str, str]]:
        return self._choices.get(kind, [])

    def _set_editing(self, editing: bool) -> None:
        self.form.setEnabled(editing)
        self.save_button.setEnabled(editing)
        self.history_button.setEnabled(editing and bool(self.form.ref.text()))

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        if self.case_page is not None:
            self.case_page.set_vault(vault)
        self.list.clear()
        self.form.load("", {})
        self.message.clear()
        self._set_editing(False)
        if vault is not None:
            self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what this view shows of the records a write changed, nothing else."""
        changed_kinds = {kind for kind, _ref in changes.records}
        watched = {*_PICKED, self.kind, *(("evidence",) if self.kind == "testimony" else ())}
        if self._vault is not None and changed_kinds & watched:
            self.refresh(changed=changes)
        if self.case_page is not None and (changes.items or changes.records or changes.exports):
            self.case_page.refresh()

    def refresh(self, select: str | None = None, changed: Changes | None = None) -> None:
        """Load the list and the pickers' choices again; with `select`, open that record."""
        if self._vault is None:
            return
        vault = self._vault

        def load(_job: Any) -> dict[str, list[tuple[str, dict[str, Any]]]]:
            kinds = {*_PICKED, self.kind}
            loaded = {kind: records_service.list_records(vault, kind) for kind in kinds}
            if self.kind == "testimony":  # the photos an injury may be linked to
                photos = records_service.photo_choices(vault)
                loaded["item"] = [(sha256, {"title": title}) for sha256, title in photos]
            return loaded

        job = self._worker.submit(load, read_only=True)
        job.succeeded.connect(lambda loaded: self._loaded(loaded, select, changed))
        job.failed.connect(self.message.setText)

    def _loaded(
        self,
        loaded: dict[str, list[tuple[str, dict[str, Any]]]],
        select: str | None,
        changed: Changes | None,
    ) -> None:
        self._choices = {
            kind: [
                (ref, body["title"] if kind == "item" else label_of(kind, ref, body))
                for ref, body in records
            ]
            for kind, records in loaded.items()
        }
        self.form.refill_choices()
        shown = self.form.ref.text() if self.form.ref.isReadOnly() else None
        current = select or shown
        self.list.blockSignals(True)
        self.list.clear()
        for ref, body in loaded[self.kind]:
            entry = QListWidgetItem(label_of(self.kind, ref, body))
            entry.setData(Qt.ItemDataRole.UserRole, (ref, body))
            self.list.addItem(entry)
            if ref == current:
                self.list.setCurrentItem(entry)
        self.list.blockSignals(False)
        entry = self.list.currentItem()
        if entry is None:
            return
        # What is being typed into the form is kept, unless the record itself was saved.
        if select is not None or (changed and current in changed.records_of(self.kind)):
            self._open(entry)
        elif changed and changed.records_of("evidence"):
            self._load_evidence(entry.data(Qt.ItemDataRole.UserRole)[1])

    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        """A person chose another record in the list: first, what is typed here."""
        if current is None:
            return
        ref = current.data(Qt.ItemDataRole.UserRole)[0]
        if ref == self.form.ref.text() or may_leave(self, self, lambda: self._select(ref)):
            self._open(current)
        else:  # the list points at the record still in the form
            self._select(self.form.ref.text(), quietly=True)

    def _select(self, ref: str, quietly: bool = False) -> None:
        self.list.blockSignals(quietly)
        try:
            for row in range(self.list.count()):
                if self.list.item(row).data(Qt.ItemDataRole.UserRole)[0] == ref:
                    self.list.setCurrentRow(row)
                    break
            else:
                self.list.setCurrentRow(-1)
        finally:
            self.list.blockSignals(False)

    def _open(self, current: QListWidgetItem) -> None:
        ref, body = current.data(Qt.ItemDataRole.UserRole)
        if ref != self.form.ref.text():
            self.message.clear()
            self.left_out.hide()
        self.form.load(ref, body)
        self._set_editing(True)
        if self.case_page is not None:
            self.case_page.show_case(ref)
        self._load_evidence(body)

    def _load_evidence(self, body: dict[str, Any]) -> None:
        self.evidence.clear()
        self.evidence.setToolTip("")
        if self.kind == "testimony" and body.get("witness") and self._vault is not None:
            vault, witness = self._vault, body["witness"]
            job = self._worker.submit(
                lambda _job: records_service.evidence_of_people(vault, [witness]), read_only=True
            )
            job.succeeded.connect(self._show_evidence)
            job.failed.connect(self.evidence.setText)

    def _show_evidence(self, linked: list[tuple[str, str]]) -> None:
        if not linked:
            self.evidence.setText(tr("No evidence is linked to this witness yet."))
            return
        lines = [f"• {name}" for _sha256, name in linked]
        self.evidence.setText(tr("Evidence linked to this witness:") + "\n" + "\n".join(lines))
        # The hashes, for whoever must tell two files of one name apart.
        self.evidence.setToolTip("\n".join(f"{name}: {sha256}" for sha256, name in linked))

    # -- unsaved work (unsaved_guard.Keeper) ----------------------------------------------

    def unsaved(self) -> str | None:
        if self._vault is None or not self.form.isEnabled() or not self.form.is_dirty():
            return None
        title = label_of(self.kind, self.form.ref.text(), self.form.loaded_body)
        return tr("The changes to {title} are not saved.").format(title=title)

    def save_then(self, proceed: Proceed) -> None:
        self.save(then=proceed)

    def discard(self) -> None:
        self.form.revert()
        self.message.clear()

    def new_record(self) -> None:
        if not may_leave(self, self, self.new_record):
            return
        self.list.clearSelection()
        existing = {ref for ref, _title in self._choices.get(self.kind, [])}
        number = len(existing) + 1
        while f"{_PREFIX[self.kind]}-{number}" in existing:
            number += 1
        self.form.load("", {})
        self.form.ref.setText(f"{_PREFIX[self.kind]}-{number}")
        self.form.ref.setReadOnly(False)
        self.form.mark_clean()  # a new record with nothing typed in it loses nothing
        self.message.setText(tr("A new record: fill it in and save."))
        if self.case_page is not None:
            self.tabs.setCurrentIndex(1)
        self._set_editing(True)

    def save(self, then: Proceed | None = None) -> None:
        """Save the form; then, once it is saved, `then` (what the person asked for next)."""
        if self._vault is None:
            return
        try:
            body = self.form.body()
        except FieldsRefused as unreadable:
            self.message.setText(tr("Not saved:") + "\n" + str(unreadable))
            return
        vault, kind, typed = self._vault, self.kind, self.form.ref.text().strip()
        new = not self.form.ref.isReadOnly()
        self.save_button.setEnabled(False)

        def save_it(_job: object) -> tuple[str, dossier_impact.Saved | list[Problem]]:
            ref = records_service.free_ref(vault, kind, typed) if new else typed
            return ref, save_or_refuse(vault, kind, ref, body)

        job = self._worker.submit(save_it)

        def done(result: tuple[str, dossier_impact.Saved | list[Problem]]) -> None:
            # The list and every view's pickers refresh when the write's changes arrive.
            ref, saved = result
            self.save_button.setEnabled(True)
            if isinstance(saved, list):
                self.message.setText(tr("Not saved:") + "\n" + self.form.show_problems(saved))
                return
            if self.form.ref.text() == typed:
                self.form.ref.setText(ref)
                self.form.ref.setReadOnly(True)
                self.form.saved(ref, body)
                self._set_editing(True)
            self.message.setText(
                tr("Nothing changed.")
                if saved.revision is None
                else tr("Saved as revision {number}.").format(number=saved.revision)
            )
            self.left_out.setText(fell_out_message(saved.fell_out, name_people=kind != "person"))
            self.left_out.setVisible(bool(saved.fell_out))
            if then is not None:
                then()

        def refused(message: str) -> None:
            self.save_button.setEnabled(True)
            self.message.setText(message)

        job.succeeded.connect(done)
        job.failed.connect(refused)

    def show_history(self) -> None:
        if self._vault is None or not self.form.ref.text():
            return
        vault, kind, ref = self._vault, self.kind, self.form.ref.text()
        job = self._worker.submit(
            lambda _job: records_service.record_revisions(vault, kind, ref), read_only=True
        )
        job.succeeded.connect(lambda revisions: self._open_history(ref, revisions))

    def _open_history(self, ref: str, revisions: list[RevisionView]) -> None:
        self.history = HistoryDialog(self, self.kind, ref, revisions)
        self.history.show()
