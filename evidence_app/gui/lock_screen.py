"""The lock screen: the vault the person was using, shut, and one field to open it again.

A stressed person who locked the app (or whom the app locked) must meet their own vault
again, not an offer to create a new one: the screen names the vault and its folder and asks
for the passphrase, and nothing else. The folders of recently opened vaults are remembered
in the app's settings (never a name or any content) unless the person switched that off or
the vault is in travel mode, whose point is that the laptop does not lead to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import vault_service
from evidence_app.core.errors import BadInput, EvidenceAppError
from evidence_app.core.unlocking import Passphrase, UnlockSecret, recovery_code
from evidence_app.core.vault_service import LockedVault, Vault, in_travel_mode, is_vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.settings import AppSettings


def show_toggle(*fields: QLineEdit, label: str = "") -> QCheckBox:
    """A "show passphrase" box: typing blind under stress is where mistakes come from."""
    box = QCheckBox(label or tr("Show passphrase"))

    def toggled(shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in fields:
            field.setEchoMode(mode)

    box.toggled.connect(toggled)
    return box


def unlock_in_background(
    worker: Worker,
    folder: Path,
    secret: UnlockSecret,
    controls: tuple[QWidget, ...],
    message: QLabel,
    on_opened: Callable[[Vault], None],
    on_refused: Callable[[], None],
) -> None:
    """Unlock off the GUI thread (the key derivation takes a second or more), the controls
    disabled meanwhile; a refusal is said in `message` and the person may try again."""
    for control in controls:
        control.setEnabled(False)
    message.setText(tr("Unlocking…"))
    job = worker.submit(lambda _job: vault_service.unlock_vault(folder, secret))

    def done() -> None:
        for control in controls:
            control.setEnabled(True)

    def opened(vault: Vault) -> None:
        done()
        message.clear()
        on_opened(vault)

    def refused(text: str) -> None:
        done()
        message.setText(text)
        on_refused()

    job.succeeded.connect(opened)
    job.failed.connect(refused)


def vault_to_offer(settings: AppSettings) -> Path | None:
    """The vault the start screen opens on: the last one opened, else the default folder's."""
    for folder in [*settings.recent_vaults, settings.vault_folder]:
        if is_vault(folder):
            return folder
    return None


def remember(settings: AppSettings, vault: Vault) -> None:
    if in_travel_mode(vault.slots):
        settings.forget_vault(vault.path)
    else:
        settings.remember_vault(vault.path)


class LockScreen(QWidget):
    unlocked = Signal(object)  # the open Vault
    other_requested = Signal(object)  # "Open another vault…", with this vault's folder

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self.vault: LockedVault | None = None
        self.name = QLabel()
        self.name.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.folder = QLabel()
        self.folder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.folder.setWordWrap(True)
        self.folder.setStyleSheet("color: #555555;")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret_label = QLabel(tr("Passphrase"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.unlock)
        self.secret_label.setBuddy(self.secret)
        self.show_secret = show_toggle(self.secret)
        self.unlock_button = QPushButton(tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #a40000;")
        self.other_link = QPushButton(tr("Open another vault…"))
        self.other_link.setFlat(True)
        self.other_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.other_link.setStyleSheet("color: #1a5fb4; text-decoration: underline; border: 0;")
        self.other_link.clicked.connect(
            lambda: self.other_requested.emit(self.vault.path if self.vault else None)
        )

        column = QWidget()
        column.setMaximumWidth(460)
        layout = QVBoxLayout(column)
        layout.addStretch(2)
        layout.addWidget(self.name)
        layout.addWidget(self.folder)
        layout.addSpacing(18)
        layout.addWidget(self.secret_label)
        layout.addWidget(self.secret)
        layout.addWidget(self.show_secret)
        layout.addWidget(self.message)
        layout.addWidget(self.unlock_button)
        layout.addSpacing(12)
        layout.addWidget(self.other_link, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 3)
        outer.addStretch(1)

    def show_vault(self, folder: Path) -> bool:
        """Show the lock screen for the vault in `folder`; False if vault.json is unreadable."""
        try:
            self.vault = vault_service.locked_vault(folder)
        except EvidenceAppError:
            self.vault = None
            return False
        self.name.setText(self.vault.name)
        self.folder.setText(str(self.vault.path))
        # In travel mode no passphrase opens the vault: the same one field takes the code.
        self.secret_label.setText(
            tr("Passphrase") if self.vault.passphrase_opens else tr("Recovery code")
        )
        self.show_secret.setText(
            tr("Show passphrase") if self.vault.passphrase_opens else tr("Show the code")
        )
        self.secret.clear()
        self.show_secret.setChecked(False)  # whoever comes next does not see it typed
        self.message.clear()
        self.unlock_button.setEnabled(True)
        self.secret.setEnabled(True)
        return True

    def _secret(self, text: str) -> UnlockSecret:
        assert self.vault is not None
        if not text:
            raise BadInput(tr("Type the passphrase."))
        return Passphrase(text) if self.vault.passphrase_opens else recovery_code(text)

    def unlock(self) -> None:
        if self.vault is None or not self.unlock_button.isEnabled():
            return
        folder = self.vault.path
        try:
            secret = self._secret(self.secret.text())
        except BadInput as error:
            self.message.setText(tr(str(error)))
            self.secret.setFocus()
            return
        self.secret.clear()
        unlock_in_background(
            self._worker,
            folder,
            secret,
            (self.secret, self.unlock_button),
            self.message,
            self.unlocked.emit,
            self.secret.setFocus,
        )
