"""Vault settings → Key slots: every way the vault opens, an organisation's key added, a
slot removed. The same core functions as `evidence-app vault slots add-sealed | remove`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import vault_service
from evidence_app.core.errors import BadInput
from evidence_app.core.vault_notices import OLD_COPIES_NOTICE, SLOT_REMOVED
from evidence_app.core.vault_results import SlotDescription
from evidence_app.core.vault_service import Vault
from evidence_app.gui.file_dialogs import choose_file
from evidence_app.gui.i18n import format_time, tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.vault_changes import ChangeTab


def kind_name(kind: str) -> str:
    names = {
        "passphrase": tr("Passphrase"),
        "recovery": tr("Recovery code"),
        "sealed": tr("Organisation key"),
    }
    return names.get(kind, kind)


def slot_details(slot: SlotDescription) -> str:
    if slot.damaged is not None:
        return tr("Damaged: {error}").format(error=slot.damaged)
    if slot.kdf is not None:
        return tr("Argon2id, {count} MiB").format(count=slot.kdf.memory_mib)
    if slot.public_key is not None:
        return slot.public_key
    return ""


def public_key_text(path: Path) -> str:
    """A public key file as `org-key generate` prints it, or one line of base64."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise BadInput(tr("The key file cannot be read.")) from None
    for line in lines:  # the private key file names its public key in a comment
        if line.startswith("# public key:"):
            return line.split(":", 1)[1].strip()
    if any(line.strip() and not line.startswith("#") for line in lines[:-1]):
        raise BadInput(tr("This file does not hold one public key."))
    return lines[-1].strip() if lines else ""


class KeySlotsTab(ChangeTab):
    def __init__(self, worker: Worker, vault: Vault) -> None:
        super().__init__(worker, vault)
        self.question: QMessageBox | None = None
        self.slots = QTreeWidget()
        self.slots.setHeaderLabels([tr("Opens with"), tr("Name"), tr("Added"), tr("Slot details")])
        self.slots.setRootIsDecorated(False)
        self.slots.itemSelectionChanged.connect(self._selection_changed)
        self.remove_button = QPushButton(tr("Remove this slot…"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.ask_to_remove)
        self.public_key = QLineEdit()
        self.public_key.setPlaceholderText(tr("the organisation's public key (base64)"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._choose_public_key)
        self.label = QLineEdit()
        self.label.setPlaceholderText(tr("whose key this is, e.g. the legal team"))
        self.add_button = QPushButton(tr("Add the organisation key"))
        self.add_button.clicked.connect(self.add_org_key)

        key_row = QHBoxLayout()
        key_row.addWidget(self.public_key, 1)
        key_row.addWidget(browse)
        adding = QGroupBox(tr("Add an organisation key"))
        add_form = QFormLayout(adding)
        explained = QLabel(
            tr(
                "The organisation's private key will open this vault, for example if you "
                "lose the passphrase and the recovery code. Add only a key your organisation "
                "gave you in person or read out to you."
            )
        )
        explained.setWordWrap(True)
        add_form.addRow(explained)
        add_form.addRow(tr("Public key"), key_row)
        add_form.addRow(tr("Name"), self.label)
        add_form.addRow("", self.add_button)
        proof = QFormLayout()
        proof.addRow(tr("Confirm with"), self.proof)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.slots, 1)
        layout.addLayout(remove_row)
        layout.addWidget(adding)
        layout.addLayout(proof)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)

    def controls(self) -> list[QWidget]:
        return [self.proof, self.add_button, self.remove_button, self.slots]

    def show_slots(self, slots: tuple[SlotDescription, ...]) -> None:
        self.slots.clear()
        for slot in slots:
            row = QTreeWidgetItem(
                [
                    kind_name(slot.kind),
                    slot.label or "",
                    format_time(slot.created),
                    slot_details(slot),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, slot.id)
            row.setData(1, Qt.ItemDataRole.UserRole, slot.kind)
            self.slots.addTopLevelItem(row)
        for column in range(3):
            self.slots.resizeColumnToContents(column)
        self._selection_changed()

    def _selected(self) -> QTreeWidgetItem | None:
        chosen = self.slots.selectedItems()
        return chosen[0] if chosen else None

    def _selection_changed(self) -> None:
        row = self._selected()
        passphrase = row is not None and row.data(1, Qt.ItemDataRole.UserRole) == "passphrase"
        self.remove_button.setEnabled(row is not None and not passphrase)
        self.remove_button.setToolTip(
            tr("The passphrase is removed by turning travel mode on.") if passphrase else ""
        )

    def _choose_public_key(self) -> None:
        chosen = choose_file(self, tr("Organisation public key"))
        if not chosen:
            return
        try:
            self.public_key.setText(public_key_text(Path(chosen)))
        except BadInput as error:
            self.say(str(error), error=True)

    def add_org_key(self) -> None:
        try:
            public_key = vault_service.parse_public_key(self.public_key.text())
        except BadInput as error:
            self.say(tr(str(error)), error=True)
            return
        label = self.label.text().strip()
        vault = self.vault
        self.run(
            lambda _job: vault_service.add_sealed_slot(vault, public_key, label),
            lambda _slot: self._added(),
        )

    def _added(self) -> None:
        self.public_key.clear()
        self.label.clear()
        self.say(tr("The organisation key was added; its private key now opens this vault."))

    def ask_to_remove(self) -> None:
        row = self._selected()
        if row is None:
            return
        slot_id = str(row.data(0, Qt.ItemDataRole.UserRole))
        what = row.text(0) + (f" ({row.text(1)})" if row.text(1) else "")
        self.question = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Remove a key slot"),
            tr("Remove “{what}”? It will no longer open this vault.").format(what=what),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        remove = self.question.button(QMessageBox.StandardButton.Yes)
        remove.setText(tr("Remove"))
        remove.clicked.connect(lambda: self.remove(slot_id))
        self.question.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.question.open()

    def remove(self, slot_id: str) -> None:
        vault = self.vault
        self.run(
            lambda _job: vault_service.remove_slot(vault, slot_id),
            lambda _slot: self.say(tr(SLOT_REMOVED) + " " + tr(OLD_COPIES_NOTICE)),
        )
