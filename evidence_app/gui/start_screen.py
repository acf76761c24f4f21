"""Before the workspace: unlock a vault, or create one and write its recovery code down."""

from __future__ import annotations

import math
import secrets
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import vault_service
from evidence_app.core.errors import BadInput, EvidenceAppError
from evidence_app.core.unlocking import UnlockSecret
from evidence_app.core.vault_service import MIN_PASSPHRASE_CHARS, Vault, is_vault
from evidence_app.gui.file_dialogs import choose_file, choose_folder, documents_folder
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.lock_screen import show_toggle, unlock_in_background
from evidence_app.gui.recovery_code_view import RecoveryCodeView
from evidence_app.gui.vault_changes import ORG_KEY, PASSPHRASE, RECOVERY, unlock_secret


def strength_hint(passphrase: str) -> str:
    """A rough guide, not a promise: length and variety of characters."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return tr("Too short: use at least {count} characters.").format(count=MIN_PASSPHRASE_CHARS)
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    pool += 66 if any(ord(c) > 127 for c in passphrase) else 0
    bits = len(set(passphrase)) * math.log2(max(pool, 2)) * min(1.0, len(passphrase) / 16)
    if bits < 50:
        return tr("Weak: add more unrelated words.")
    if bits < 80:
        return tr("Fair: one or two more words would make it strong.")
    return tr("Strong.")


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a40000;")
    return label


def _centred(parent: QWidget) -> QVBoxLayout:
    """A column of readable width in the middle of the window; returns its layout."""
    column = QWidget()
    column.setMaximumWidth(760)
    outer = QHBoxLayout(parent)
    outer.addStretch(1)
    outer.addWidget(column, 4)
    outer.addStretch(1)
    return QVBoxLayout(column)


def _folder_row(field: QLineEdit, parent: QWidget, new_vault: QLabel | None = None) -> QHBoxLayout:
    """The folder field and its "Choose…"; for a new vault (`new_vault` is where to say what
    is wrong with the folder) the chooser starts in the documents folder, where the dialog's
    "Create New Folder" makes the vault's own folder."""
    row = QHBoxLayout()
    browse = QPushButton(tr("Choose…"))

    def choose() -> None:
        start = documents_folder() if new_vault is not None else field.text()
        folder = choose_folder(parent, tr("Vault folder"), start)
        if not folder:
            return
        field.setText(folder)
        if new_vault is not None:
            try:
                vault_service.check_new_vault_folder(Path(folder))
            except EvidenceAppError as error:
                new_vault.setText(tr(str(error)))
            else:
                new_vault.clear()

    browse.clicked.connect(choose)
    row.addWidget(field, 1)
    row.addWidget(browse)
    return row


class UnlockPage(QWidget):
    unlocked = Signal(object)  # the open Vault
    create_requested = Signal()

    def __init__(self, worker: Worker, folder: Path) -> None:
        super().__init__()
        self._worker = worker
        self.folder = QLineEdit(str(folder))
        self.kind = QComboBox()
        self.kind.addItem(tr("Passphrase"), PASSPHRASE)
        self.kind.addItem(tr("Recovery code"), RECOVERY)
        self.kind.addItem(tr("Organisation key file"), ORG_KEY)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.unlock)
        self.show_secret = show_toggle(self.secret, label=tr("Show what I type"))
        self.recent = QListWidget()
        self.recent.itemClicked.connect(self._recent_chosen)
        self.recent_label = QLabel(tr("Recently opened vaults"))
        self.recent.hide()
        self.recent_label.hide()
        self.key_browse = QPushButton(tr("Choose…"))
        self.key_browse.clicked.connect(self._choose_key_file)
        self.key_browse.hide()
        self.unlock_button = QPushButton(tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.create_button = QPushButton(tr("Create a new vault…"))
        self.create_button.clicked.connect(self.create_requested)
        self.message = _message_label()
        self.kind.currentIndexChanged.connect(self._kind_changed)

        title = QLabel(tr("Open your vault"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.recent_label, self.recent)
        form.addRow(tr("Vault folder"), _folder_row(self.folder, self))
        form.addRow(tr("Unlock with"), self.kind)
        self.secret_label = QLabel(tr("Passphrase"))
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.key_browse)
        form.addRow(self.secret_label, secret_row)
        form.addRow("", self.show_secret)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = _centred(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_folder(self, folder: Path | None, recent: list[Path]) -> None:
        """Come here from the lock screen: its folder filled in, the recent vaults offered."""
        if folder is not None:
            self.folder.setText(str(folder))
        self.recent.clear()
        for path in recent:
            entry = QListWidgetItem(f"{path.name}  —  {path}")
            entry.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(entry)
        rows = max(1, self.recent.count())
        self.recent.setFixedHeight(
            rows * self.recent.sizeHintForRow(0) + 2 * self.recent.frameWidth() + 4
        )
        self.recent.setVisible(bool(recent))
        self.recent_label.setVisible(bool(recent))
        self.message.clear()
        self.secret.setFocus()

    def _recent_chosen(self, entry: QListWidgetItem) -> None:
        self.folder.setText(str(entry.data(Qt.ItemDataRole.UserRole)))
        self.secret.setFocus()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.secret.clear()
        self.key_browse.setVisible(kind == ORG_KEY)
        self.show_secret.setVisible(kind != ORG_KEY)
        self.show_secret.setChecked(False)
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Normal if kind == ORG_KEY else QLineEdit.EchoMode.Password
        )
        self.secret_label.setText(
            {PASSPHRASE: tr("Passphrase"), RECOVERY: tr("Recovery code"), ORG_KEY: tr("Key file")}[
                kind
            ]
        )

    def _choose_key_file(self) -> None:
        chosen = choose_file(self, tr("Organisation key file"))
        if chosen:
            self.secret.setText(chosen)

    def _secret(self) -> UnlockSecret:
        return unlock_secret(str(self.kind.currentData()), self.secret.text())

    def unlock(self) -> None:
        folder = Path(self.folder.text()).expanduser()
        if not is_vault(folder):
            self.message.setText(tr("There is no vault in this folder."))
            return
        try:
            secret = self._secret()
        except BadInput as error:
            self.message.setText(str(error))
            return
        self.secret.clear()
        unlock_in_background(
            self._worker,
            folder,
            secret,
            (self.unlock_button,),
            self.message,
            self.unlocked.emit,
            self.secret.setFocus,
        )


class CreatePage(QWidget):
    created = Signal(object)  # the open Vault, once the recovery code was written down
    back = Signal()

    def __init__(self, worker: Worker, folder: Path, kdf_seconds: float = 1.0) -> None:
        super().__init__()
        self._worker = worker
        self._kdf_seconds = kdf_seconds
        self._vault: Vault | None = None
        self._code = ""
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        # Step 1: where, who, which passphrase.
        first = QWidget()
        self.folder = QLineEdit(str(folder))
        self.name = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_passphrase = show_toggle(self.passphrase, self.repeat)
        self.strength = QLabel(strength_hint(""))
        self.passphrase.textChanged.connect(lambda text: self.strength.setText(strength_hint(text)))
        self.message = _message_label()
        self.create_button = QPushButton(tr("Create vault"))
        self.create_button.clicked.connect(self.create_vault)
        cancel = QPushButton(tr("Back"))
        cancel.clicked.connect(self.back)
        form = QFormLayout()
        form.addRow(tr("Vault folder"), _folder_row(self.folder, self, self.message))
        form.addRow(tr("Your name (signs the custody log)"), self.name)
        form.addRow(tr("Passphrase"), self.passphrase)
        form.addRow(tr("Passphrase again"), self.repeat)
        form.addRow("", self.show_passphrase)
        form.addRow("", self.strength)
        title = QLabel(tr("Create a vault"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        first_layout = _centred(first)
        first_layout.addStretch(1)
        first_layout.addWidget(title)
        first_layout.addLayout(form)
        first_layout.addWidget(self.message)
        first_layout.addLayout(buttons)
        first_layout.addStretch(2)
        self.stack.addWidget(first)

        # Step 2: the recovery code, written down and checked.
        second = QWidget()
        self.code_view = RecoveryCodeView(worker)
        self.code_label = self.code_view.code_label
        self.written = QCheckBox(tr("I have written the recovery code on paper"))
        self.check_label = QLabel()
        self.check_field = QLineEdit()
        self.check_message = _message_label()
        self.finish_button = QPushButton(tr("Finish"))
        self.finish_button.clicked.connect(self.finish)
        explanation = QLabel(
            tr(
                "This recovery code opens the vault if you forget the passphrase or use travel "
                "mode. It is shown only now. Write it on paper or print the recovery sheet, and "
                "keep it apart from this computer. Never photograph it; if you save the sheet, "
                "save it on a USB stick you keep apart, not on this computer."
            )
        )
        explanation.setWordWrap(True)
        second_layout = _centred(second)
        second_layout.addStretch(1)
        second_layout.addWidget(explanation)
        second_layout.addWidget(self.code_view)
        second_layout.addWidget(self.written)
        second_layout.addWidget(self.check_label)
        second_layout.addWidget(self.check_field)
        second_layout.addWidget(self.check_message)
        second_layout.addWidget(self.finish_button)
        second_layout.addStretch(2)
        self.stack.addWidget(second)
        self._group = 0

    def create_vault(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self.message.setText(tr("The two passphrases differ."))
            return
        if len(self.passphrase.text().strip()) < MIN_PASSPHRASE_CHARS:
            self.message.setText(strength_hint(self.passphrase.text()))
            return
        folder = Path(self.folder.text()).expanduser()
        passphrase, name, seconds = self.passphrase.text(), self.name.text(), self._kdf_seconds
        self.passphrase.clear()
        self.repeat.clear()
        self.create_button.setEnabled(False)
        self.message.setText(tr("Creating the vault and tuning the passphrase's protection…"))
        job = self._worker.submit(
            lambda _job: vault_service.create_vault(folder, passphrase, name, kdf_seconds=seconds)
        )
        job.succeeded.connect(self._created)
        job.failed.connect(self._failed)

    def _failed(self, message: str) -> None:
        self.create_button.setEnabled(True)
        self.message.setText(message)

    def _created(self, created: vault_service.CreatedVault) -> None:
        self.create_button.setEnabled(True)
        self.message.clear()
        self._vault, self._code = created.vault, created.recovery_code
        self.code_view.show_code(self._code, created.vault)
        groups = self._code.split("-")
        self._group = secrets.randbelow(len(groups))
        self.check_label.setText(
            tr("To check your copy, type group {number} of the code:").format(
                number=self._group + 1
            )
        )
        self.stack.setCurrentIndex(1)

    def finish(self) -> None:
        if not self.written.isChecked():
            self.check_message.setText(tr("Write the code down first."))
            return
        expected = self._code.split("-")[self._group]
        if self.check_field.text().strip().upper() != expected:
            self.check_message.setText(tr("That is not what the code says; compare your copy."))
            return
        vault, self._vault = self._vault, None
        self._code = ""
        self.code_view.forget()
        self.check_field.clear()
        self.stack.setCurrentIndex(0)
        self.created.emit(vault)
