"""A change to how the vault opens, as the settings tabs make it: proof first, then the job.

The vault is already open, but a window left unlocked must not be enough to add someone's
key, replace the passphrase or turn travel mode on: each change asks again for a secret
that opens the vault (`vault_service.confirm_secret`, one key derivation on the worker),
exactly as the command line needs one for every `vault …` command. What was typed stays in
the fields when a change is refused, so the person corrects one field and tries again; it
is cleared once the change is made, and never leaves the fields otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from evidence_app.core import vault_service
from evidence_app.core.errors import BadInput
from evidence_app.core.unlocking import Passphrase, UnlockSecret, org_key, recovery_code
from evidence_app.core.vault_service import Vault
from evidence_app.gui.file_dialogs import choose_file
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Job, Worker

PASSPHRASE, RECOVERY, ORG_KEY = "passphrase", "recovery", "org_key"
ERROR_STYLE = "color: #a40000;"


def unlock_secret(kind: str, text: str) -> UnlockSecret:
    """What a person typed (or the key file they chose) as the secret of its kind."""
    if kind == RECOVERY:
        return recovery_code(text)
    if kind == ORG_KEY:
        try:
            return org_key(Path(text).read_text(encoding="utf-8"), text)
        except (OSError, UnicodeDecodeError):
            raise BadInput(tr("The key file cannot be read.")) from None
    if not text:
        raise BadInput(tr("Type the passphrase."))
    return Passphrase(text)


class SecretField(QWidget):
    """Which secret, and the secret: a passphrase, a recovery code or a key file."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = QComboBox()
        self.kind.addItem(tr("Passphrase"), PASSPHRASE)
        self.kind.addItem(tr("Recovery code"), RECOVERY)
        self.kind.addItem(tr("Organisation key file"), ORG_KEY)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.browse = QPushButton(tr("Choose…"))
        self.browse.clicked.connect(self._choose_key_file)
        self.browse.hide()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.field, 1)
        row.addWidget(self.browse)

    def expect(self, travel_mode: bool) -> None:
        """Offer the secret that opens the vault now: in travel mode, no passphrase does."""
        self.kind.setCurrentIndex(self.kind.findData(RECOVERY if travel_mode else PASSPHRASE))

    def _kind_changed(self) -> None:
        key_file = self.kind.currentData() == ORG_KEY
        self.field.clear()
        self.browse.setVisible(key_file)
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if key_file else QLineEdit.EchoMode.Password
        )

    def _choose_key_file(self) -> None:
        chosen = choose_file(self, tr("Organisation key file"))
        if chosen:
            self.field.setText(chosen)

    def secret(self) -> UnlockSecret:
        return unlock_secret(str(self.kind.currentData()), self.field.text())

    def clear(self) -> None:
        self.field.clear()


class ChangeTab(QWidget):
    """A settings tab that changes the vault's slots: its proof field, a busy bar, and one
    line saying what happened or why nothing did."""

    changed = Signal()  # a change was made: the dialog shows the vault afresh

    def __init__(self, worker: Worker, vault: Vault) -> None:
        super().__init__()
        self._worker, self.vault = worker, vault
        self.proof = SecretField()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.job: Job | None = None

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def controls(self) -> list[QWidget]:
        """What is disabled while a change runs."""
        return [self.proof]

    def run(self, work: Callable[[Job], Any], done: Callable[[Any], None]) -> None:
        """Check the proof, then `work(job)`, on the worker; `done(result)` on success."""
        try:
            secret = self.proof.secret()
        except BadInput as error:  # e.g. a recovery code mistyped: core's words, translated
            self.say(tr(str(error)), error=True)
            return
        vault = self.vault

        def checked_then_work(job: Job) -> Any:
            job.report(None, tr("Checking that this secret opens the vault…"))
            vault_service.confirm_secret(vault, secret)
            return work(job)

        self._set_busy(True)
        self.job = self._worker.submit(checked_then_work)
        self.job.progressed.connect(lambda _fraction, text: self.say(text))
        self.job.succeeded.connect(lambda result: self._succeeded(done, result))
        self.job.failed.connect(self._failed)
        # Only a lock cancels it, and the lock closes this dialog too.
        self.job.cancelled.connect(lambda: self._failed(tr("The vault was locked.")))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for control in self.controls():
            control.setEnabled(not busy)

    def _succeeded(self, done: Callable[[Any], None], result: Any) -> None:
        self.job = None
        self._set_busy(False)
        self.proof.clear()
        self.changed.emit()  # before `done`, which may close the vault (travel mode)
        done(result)

    def _failed(self, message: str) -> None:
        self.job = None
        self._set_busy(False)
        self.say(message, error=True)
        self.proof.field.setFocus()
        self.proof.field.selectAll()
