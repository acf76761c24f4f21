"""The "Observations" tab of the item view: what the accountability dossier will say of
this item's metadata and links, in the interface's language (export.observations)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from evidence_app.core import similar_service
from evidence_app.core.similar_service import Observation, sentence
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Worker


class ItemObservations(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._wanted: str | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)

    def clear(self) -> None:
        self._wanted = None
        self.text.clear()

    def show_item(self, vault: Vault, item_id: str) -> None:
        self._wanted = item_id
        job = self._worker.submit(
            lambda _job: (item_id, similar_service.item_observations(vault, item_id)),
            read_only=True,
        )
        job.succeeded.connect(lambda found: self._shown(*found))
        job.failed.connect(self.text.setText)

    def _shown(self, item_id: str, found: list[Observation]) -> None:
        if item_id != self._wanted:  # another item was chosen meanwhile
            return
        if not found:
            self.text.setText(tr("Nothing to observe in this item's metadata and links."))
            return
        self.text.setText("\n\n".join(f"• {sentence(o.code, o.params, tr)}" for o in found))
