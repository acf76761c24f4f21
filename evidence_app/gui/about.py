"""Help → About and Help → User guide: what this program is and where its vault lives."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from evidence_app import __version__
from evidence_app.gui.desktop_integration import application_icon
from evidence_app.gui.i18n import tr

LICENCE = "GPL-3.0-or-later"


def user_guide() -> Path | None:
    """The README that came with this copy: beside a frozen build, or in the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "README.md"] if frozen else []
    candidates.append(Path(__file__).resolve().parents[2] / "README.md")
    return next((path for path in candidates if path.is_file()), None)


def open_user_guide() -> bool:
    guide = user_guide()
    return guide is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide)))


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, vault_folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About Evidence App"))
        icon = QLabel()
        icon.setPixmap(application_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<h2>Evidence App {__version__}</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(
            "<p>"
            + tr(
                "Keeps testimonies, photographs and documents in an encrypted vault with a "
                "signed chain of custody, and exports dossiers for exhibitions and for courts."
            )
            + "</p><p>"
            + tr("Licence: {licence}").format(licence=LICENCE)
            + "</p><p>"
            + tr("Vault folder: {folder}").format(folder=vault_folder)
            + "</p>"
        )
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (icon, title, self.text, buttons):
            layout.addWidget(widget)
