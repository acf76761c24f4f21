"""The chosen photo's caption, edited for one edition's language.

Saved by the core (core.exhibition_composition.set_caption) as a new revision of the photo's
evidence record: the caption itself when the edition is in the language it is written in,
otherwise its translation for that language.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from evidence_app.core.exhibition_composition import ComposedPhoto, set_caption
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Worker


class CaptionEditor(QWidget):
    saved = Signal()  # the record is saved: what is shown must be composed again
    said = Signal(str)  # a status line: saving, or why it failed

    def __init__(self, worker: Worker, vault: Vault) -> None:
        super().__init__()
        self._worker, self._vault = worker, vault
        self._photo: ComposedPhoto | None = None
        self._language = ""
        self.line = QLineEdit()
        self.line.setPlaceholderText(tr("Caption in this edition's language"))
        self.line.returnPressed.connect(self.save)
        self.button = QPushButton(tr("Save caption"))
        self.button.clicked.connect(self.save)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.edit(None, "")

    def edit(self, photo: ComposedPhoto | None, language: str) -> None:
        """Show `photo`'s caption as the `language` edition prints it (none: nothing to edit)."""
        self._photo, self._language = photo, language
        self.line.setText(photo.caption if photo else "")
        self.line.setEnabled(photo is not None)
        self.button.setEnabled(photo is not None)

    def save(self) -> None:
        photo, language, vault, text = self._photo, self._language, self._vault, self.line.text()
        if photo is None:
            return
        self.said.emit(tr("Saving the caption…"))
        job = self._worker.submit(lambda _job: set_caption(vault, photo.sha256, language, text))
        job.succeeded.connect(lambda _revision: self.saved.emit())
        job.failed.connect(self.said.emit)
