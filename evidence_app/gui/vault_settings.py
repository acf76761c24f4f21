"""Vault → Vault settings…: the passphrase, travel mode, the key slots, the keys to compare
by phone and where the vault is. Each change calls the core function `evidence-app vault …`
calls, on the worker, and says what the command line says (core.vault_notices).

Travel mode's point is that this laptop no longer leads to the vault: once it is on, the
window closes the vault as a lock does and forgets its folder (`travel_mode_on`); only the
recovery code or the organisation key opens it again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import vault_service
from evidence_app.core.vault_notices import (
    OLD_COPIES_NOTICE,
    PASSPHRASE_CHANGED,
    TRAVEL_MODE_OFF,
    TRAVEL_MODE_WARNING,
)
from evidence_app.core.vault_results import PublicKeyInfo, VaultInfo
from evidence_app.core.vault_service import MIN_PASSPHRASE_CHARS, Vault
from evidence_app.gui.i18n import format_time, tr
from evidence_app.gui.jobs import Job, Worker
from evidence_app.gui.key_slots_tab import KeySlotsTab
from evidence_app.gui.lock_screen import show_toggle
from evidence_app.gui.recovery_code_view import code_font
from evidence_app.gui.start_screen import strength_hint
from evidence_app.gui.vault_changes import ChangeTab


def fingerprint_lines(fingerprint: str) -> str:
    """Groups of four characters, four groups a line: read aloud group by group, a line
    at a time, and compared on the other end of the phone."""
    groups = [fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4)]
    return "\n".join("  ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))


def travel_mode_is_on() -> str:
    return tr(
        "Travel mode is on: no passphrase opens this vault. Setting a passphrase turns "
        "travel mode off. Confirm with the recovery code or the organisation key."
    )


class PassphraseTab(ChangeTab):
    """Change the passphrase; in travel mode, set one, which turns travel mode off."""

    def __init__(self, worker: Worker, vault: Vault, kdf_seconds: float) -> None:
        super().__init__(worker, vault)
        self._kdf_seconds = kdf_seconds
        self.travel_mode = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.new = QLineEdit()
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.new.textChanged.connect(
            lambda text: self.strength.setText(strength_hint(text) if text else "")
        )
        self.change_button = QPushButton()
        self.change_button.clicked.connect(self.change)
        self.repeat.returnPressed.connect(self.change)
        form = QFormLayout()
        form.addRow(tr("Current secret"), self.proof)
        form.addRow(tr("New passphrase"), self.new)
        form.addRow("", self.strength)
        form.addRow(tr("Repeat it"), self.repeat)
        form.addRow("", show_toggle(self.proof.field, self.new, self.repeat))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def controls(self) -> list[QWidget]:
        return [self.proof, self.new, self.repeat, self.change_button]

    def show_state(self, travel_mode: bool) -> None:
        self.travel_mode = travel_mode
        self.proof.expect(travel_mode)
        if travel_mode:
            self.intro.setText(travel_mode_is_on())
            self.change_button.setText(tr("Set the passphrase and turn travel mode off"))
        else:
            self.intro.setText(
                tr(
                    "The new passphrase replaces the current one; nothing else is "
                    "re-encrypted. Several unrelated words are easy to remember and hard "
                    "to guess."
                )
            )
            self.change_button.setText(tr("Change the passphrase"))

    def change(self) -> None:
        new = self.new.text()
        if new != self.repeat.text():
            self.say(tr("The two passphrases differ."), error=True)
            return
        if len(new.strip()) < MIN_PASSPHRASE_CHARS:
            self.say(strength_hint(new), error=True)
            return
        vault, seconds, travel_mode = self.vault, self._kdf_seconds, self.travel_mode

        def work(job: Job) -> object:
            job.report(None, tr("Protecting the new passphrase; this takes a few seconds…"))
            if travel_mode:
                return vault_service.travel_mode_off(vault, new, seconds)
            return vault_service.change_passphrase(vault, new, seconds)

        self.run(work, lambda _slot: self._changed(travel_mode))

    def _changed(self, was_travel_mode: bool) -> None:
        self.new.clear()
        self.repeat.clear()
        if was_travel_mode:
            self.say(tr(TRAVEL_MODE_OFF))
        else:
            self.say(tr(PASSPHRASE_CHANGED) + " " + tr(OLD_COPIES_NOTICE))


class TravelTab(ChangeTab):
    """Turn travel mode on (the dialog's owner then closes the vault)."""

    turned_on = Signal(int)  # how many passphrase slots were removed
    turn_off_requested = Signal()

    def __init__(self, worker: Worker, vault: Vault) -> None:
        super().__init__(worker, vault)
        self.travel_mode = False
        self.state = QLabel()
        self.state.setStyleSheet("font-weight: bold;")
        self.explained = QLabel()
        self.explained.setWordWrap(True)
        self.understood = QCheckBox(
            tr("I have the recovery code or the organisation key, apart from this computer")
        )
        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(self.toggle)
        self.understood.toggled.connect(self._enable)
        self.form = QFormLayout()
        self.form.addRow(tr("Confirm with"), self.proof)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.explained)
        layout.addLayout(self.form)
        layout.addWidget(self.understood)
        layout.addWidget(self.toggle_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def controls(self) -> list[QWidget]:
        return [self.proof, self.understood, self.toggle_button]

    def _enable(self) -> None:
        self.toggle_button.setEnabled(self.travel_mode or self.understood.isChecked())

    def show_state(self, travel_mode: bool) -> None:
        self.travel_mode = travel_mode
        self.proof.expect(travel_mode)
        self.state.setText(tr("Travel mode is on.") if travel_mode else tr("Travel mode is off."))
        self.explained.setText(
            travel_mode_is_on()
            if travel_mode
            else tr(TRAVEL_MODE_WARNING)
            + "\n\n"
            + tr(
                "The vault closes at once and this computer forgets where it is. Take the "
                "recovery code or the organisation key with you, apart from this computer. "
                "Turning it off needs one of them and a new passphrase."
            )
        )
        for widget in (self.understood, self.proof, self.form.labelForField(self.proof)):
            widget.setVisible(not travel_mode)
        self.toggle_button.setText(
            tr("Turn travel mode off…") if travel_mode else tr("Turn travel mode on")
        )
        self._enable()

    def toggle(self) -> None:
        if self.travel_mode:  # a new passphrase is what turns it off
            self.turn_off_requested.emit()
            return
        vault = self.vault
        self.run(lambda _job: vault_service.travel_mode_on(vault), self.turned_on.emit)


class KeysTab(QWidget):
    """The public keys' fingerprints, grouped to be read out and compared by phone."""

    def __init__(self) -> None:
        super().__init__()
        explained = QLabel(
            tr(
                "Before you send or receive dossiers, read these out by phone to the person "
                "at the other end, or compare them on paper: their copy of your keys must "
                "show the same characters. The command evidence-app vault info shows them too."
            )
        )
        explained.setWordWrap(True)
        self.identity = self._fingerprint_label()
        self.transfer = self._fingerprint_label()
        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        for heading, label in (
            (tr("Signing key (Ed25519): signs the custody log and dossiers"), self.identity),
            (tr("Transfer key (X25519): others encrypt hand-overs to it"), self.transfer),
        ):
            layout.addSpacing(8)
            layout.addWidget(QLabel(f"<b>{heading}</b>"))
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    @staticmethod
    def _fingerprint_label() -> QLabel:
        label = QLabel()
        label.setFont(code_font())
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet("background: #f6f5f4; border: 1px solid #c0bfbc; padding: 8px;")
        return label

    def show_keys(self, identity: PublicKeyInfo, transfer: PublicKeyInfo | None) -> None:
        self.identity.setText(fingerprint_lines(identity.fingerprint))
        self.transfer.setText(
            tr("None yet: it is made when the vault next opens for writing.")
            if transfer is None
            else fingerprint_lines(transfer.fingerprint)
        )


class LocationTab(QWidget):
    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.folder = QLabel(str(vault.path))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.vault_id = QLabel()
        self.vault_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.created = QLabel()
        self.keeper = QLabel()
        open_button = QPushButton(tr("Open the folder"))
        path = vault.path
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        explained = QLabel(
            tr(
                "Everything in this folder except vault.json is encrypted. To move the vault "
                "or back it up, lock it and copy the whole folder."
            )
        )
        explained.setWordWrap(True)
        form = QFormLayout()
        button_row = QHBoxLayout()
        button_row.addWidget(open_button)
        button_row.addStretch(1)
        form.addRow(tr("Folder"), self.folder)
        form.addRow("", button_row)
        form.addRow(tr("Vault id"), self.vault_id)
        form.addRow(tr("Created"), self.created)
        form.addRow(tr("Keeper"), self.keeper)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explained)
        layout.addStretch(1)

    def show_info(self, info: VaultInfo) -> None:
        self.vault_id.setText(info.vault_id)
        self.created.setText(format_time(info.created))
        self.keeper.setText(info.keeper)


class VaultSettingsDialog(QDialog):
    travel_mode_on = Signal(int)  # passphrase slots removed; the owner closes the vault
    slots_changed = Signal()  # e.g. travel mode turned off: the vault may be remembered again

    def __init__(
        self, parent: QWidget | None, worker: Worker, vault: Vault, kdf_seconds: float = 1.0
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Vault settings"))
        self._worker, self.vault = worker, vault
        self.info: VaultInfo | None = None
        self.passphrase = PassphraseTab(worker, vault, kdf_seconds)
        self.travel = TravelTab(worker, vault)
        self.key_slots = KeySlotsTab(worker, vault)
        self.keys = KeysTab()
        self.location = LocationTab(vault)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.passphrase, tr("Passphrase"))
        self.tabs.addTab(self.travel, tr("Travel mode"))
        self.tabs.addTab(self.key_slots, tr("Key slots"))
        self.tabs.addTab(self.keys, tr("Fingerprints"))
        self.tabs.addTab(self.location, tr("Location"))
        for tab in (self.passphrase, self.travel, self.key_slots):
            tab.changed.connect(self.load)
            tab.changed.connect(self.slots_changed)
        self.travel.turned_on.connect(self.travel_mode_on)
        self.travel.turn_off_requested.connect(lambda: self.tabs.setCurrentWidget(self.passphrase))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self._show_state(vault_service.in_travel_mode(vault.slots))
        self.load()

    def load(self) -> None:
        """Read what vault.json and the catalog say now (slots, keys) on the reader."""
        vault = self.vault
        job = self._worker.submit(lambda _job: vault_service.vault_info(vault), read_only=True)
        job.succeeded.connect(self._show)

    def _show(self, info: VaultInfo) -> None:
        self.info = info
        self._show_state(info.travel_mode)
        self.key_slots.show_slots(info.slots)
        self.keys.show_keys(info.identity, info.transfer_key)
        self.location.show_info(info)

    def _show_state(self, travel_mode: bool) -> None:
        self.passphrase.show_state(travel_mode)
        self.travel.show_state(travel_mode)
