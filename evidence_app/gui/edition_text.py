"""A text as one edition of the exhibition prints it — a photo's caption, a testimony's
excerpt — edited in that edition's language.

The composer gives the text and how to save it (core.exhibition_composition.set_caption or
set_excerpt): a new revision of the record, in the text itself when the edition is in the
language it is written in, otherwise as its translation for that language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from evidence_app.gui.jobs import Worker

Save = Callable[[str], object]  # the text as typed → stored, in the background


class EditionTextEditor(QWidget):
    saved = Signal()  # the record is saved: what is shown must be composed again
    said = Signal(str)  # a status line: saving, or why it failed

    def __init__(
        self, worker: Worker, placeholder: str, button: str, saving: str, lines: int = 1
    ) -> None:
        super().__init__()
        self._worker, self._saving = worker, saving
        self._save: Save | None = None
        self.field: QLineEdit | QPlainTextEdit
        if lines > 1:  # an excerpt: a paragraph, not a line
            self.field = QPlainTextEdit()
            self.field.setMaximumHeight(self.field.fontMetrics().lineSpacing() * lines + 12)
        else:
            self.field = QLineEdit()
            self.field.returnPressed.connect(self.save)
        self.field.setPlaceholderText(placeholder)
        self.button = QPushButton(button)
        self.button.clicked.connect(self.save)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.button)
        self.edit(None, None)

    def text(self) -> str:
        field = self.field
        return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()

    def edit(self, text: str | None, save: Save | None) -> None:
        """Show `text` as the edition prints it, saved by `save` (None: nothing to edit)."""
        self._save = save
        if isinstance(self.field, QPlainTextEdit):
            self.field.setPlainText(text or "")
        else:
            self.field.setText(text or "")
        self.field.setEnabled(save is not None)
        self.button.setEnabled(save is not None)

    def save(self) -> None:
        save, text = self._save, self.text()
        if save is None:
            return
        self.said.emit(self._saving)
        job = self._worker.submit(lambda _job: save(text))
        job.succeeded.connect(lambda _revision: self.saved.emit())
        job.failed.connect(self.said.emit)
