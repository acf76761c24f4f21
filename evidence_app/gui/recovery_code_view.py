"""The recovery code on screen, as it will be copied: whole groups, four to a line.

A wrapped line that splits a group ("ABC" at the end of one line, "DE" at the start of the
next) is how a code gets copied wrong; so the label never wraps, its lines are fixed, and
no numbers stand between the groups to be copied by mistake (the printed sheet numbers them).
The code can also be printed: "Print or save a recovery sheet…" writes a one-page PDF where
the person chooses, built in memory so no other copy reaches the disk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_app.core.recovery_sheet_service import code_lines, write_recovery_sheet
from evidence_app.core.vault_service import Vault
from evidence_app.gui.file_dialogs import choose_new_file
from evidence_app.gui.i18n import language, locale, tr
from evidence_app.gui.jobs import Worker


def code_text(code: str) -> str:
    """Lines of whole groups; the groups apart by three spaces that are not line breaks."""
    return "\n".join("\u00a0\u00a0\u00a0".join(line) for line in code_lines(code))


def long_date(iso: str) -> str:
    """The day written out ("2 декабря 2026 г."): a sheet kept for years needs no guessing."""
    moment = QDateTime.fromString(iso.replace("Z", "+00:00"), Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        return iso
    return locale().toString(moment.toLocalTime().date(), QLocale.FormatType.LongFormat)


def code_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(15)
    font.setBold(True)
    return font


class RecoveryCodeView(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._code = ""
        self._vault: Vault | None = None
        self.code_label = QLabel()
        self.code_label.setFont(code_font())
        self.code_label.setWordWrap(False)
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet(
            "background: #f6f5f4; border: 1px solid #c0bfbc; padding: 12px;"
        )
        self.sheet_button = QPushButton(tr("Print or save a recovery sheet…"))
        self.sheet_button.clicked.connect(self.save_sheet)
        self.sheet_message = QLabel()
        self.sheet_message.setWordWrap(True)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label)
        code_row.addStretch(1)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_button)
        sheet_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(code_row)
        layout.addLayout(sheet_row)
        layout.addWidget(self.sheet_message)

    def show_code(self, code: str, vault: Vault) -> None:
        self._code, self._vault = code, vault
        self.code_label.setText(code_text(code))
        self.sheet_message.clear()

    def forget(self) -> None:
        self._code, self._vault = "", None
        self.code_label.clear()
        self.sheet_message.clear()

    def save_sheet(self, destination: Path | None = None) -> None:
        """Ask where (unless told), then write the sheet in the background."""
        if not self._code or self._vault is None:
            return
        if destination is None:
            chosen = choose_new_file(self, tr("Save the recovery sheet"), "PDF (*.pdf)")
            if not chosen:
                return
            destination = Path(chosen)
        if destination.suffix.lower() != ".pdf":
            destination = destination.with_name(destination.name + ".pdf")
        code, folder, words = self._code, self._vault.path, language()
        # The folder names the vault, as on the lock screen: the name inside is the
        # keeper's own, and a sheet found alone should not name them.
        name, created = folder.name, long_date(self._vault.vault_file.created)
        self.sheet_button.setEnabled(False)
        self.sheet_message.setText(tr("Saving the recovery sheet…"))
        job = self._worker.submit(
            lambda _job: write_recovery_sheet(destination, code, name, folder, created, words),
            read_only=True,
        )
        job.succeeded.connect(self._saved)
        job.failed.connect(self._failed)

    def _saved(self, path: Path) -> None:
        self.sheet_button.setEnabled(True)
        self.sheet_message.setText(
            tr("Saved: {path}. Print it, then keep it apart from this computer.").format(path=path)
        )

    def _failed(self, message: str) -> None:
        self.sheet_button.setEnabled(True)
        self.sheet_message.setText(message)
