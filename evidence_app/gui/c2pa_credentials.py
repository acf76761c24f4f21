"""The item view's line on a C2PA manifest: the verdict in the interface's language, then
what the manifest claims (generator, signer, time, actions, validation codes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from evidence_app.core.item_results import ShownItem
from evidence_app.core.words import C2PA_WORDS, c2pa_facts
from evidence_app.gui.i18n import tr

HEADING = C2PA_WORDS["heading"]


class C2paCredentials(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_item(self, item: ShownItem) -> bool:
        """Shows the item's manifest; False (and empty) when it carries none."""
        lines = []
        for credential in item.credentials:
            if credential.kind != "c2pa":
                continue
            (_heading, verdict), *details = c2pa_facts(credential.status, credential.summary, tr)
            lines += [verdict, *(f"{label}: {value}" for label, value in details)]
        self.setText("\n".join(lines))
        return bool(lines)
