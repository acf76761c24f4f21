"""Render the PNG icons and installer artwork in resources/ from the one SVG icon.

The PNGs are committed so that packaging needs no renderer; run this again after changing
`resources/icons/hicolor/scalable/apps/org.evidenceapp.EvidenceApp.svg`:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installers/render_artwork.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
APP_ID = "org.evidenceapp.EvidenceApp"
# A freedesktop hicolor tree, so packagers copy it as it is and Icon=APP_ID finds it.
ICON_THEME = RESOURCES / "icons" / "hicolor"
ICON_SVG = ICON_THEME / "scalable" / "apps" / f"{APP_ID}.svg"
# The sizes the freedesktop icon theme, Windows and macOS ask for.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
NAVY_TOP, NAVY_BOTTOM = QColor("#2b4c73"), QColor("#16283f")


def icon_image(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def banner(renderer: QSvgRenderer, width: int, height: int, icon_side: int, title: bool) -> QImage:
    """Installer artwork: the icon on the app's navy ground, optionally with its name."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, height)
    gradient.setColorAt(0, NAVY_TOP)
    gradient.setColorAt(1, NAVY_BOTTOM)
    painter.fillRect(0, 0, width, height, gradient)
    top = (height - icon_side) / 2 if not title else height * 0.18
    renderer.render(painter, QRectF((width - icon_side) / 2, top, icon_side, icon_side))
    if title:
        painter.setPen(QColor("#f4f1ea"))
        painter.setFont(QFont("DejaVu Sans", max(10, width // 12), QFont.Weight.Bold))
        text_box = QRectF(0, top + icon_side + height * 0.05, width, height * 0.2)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignHCenter, "Evidence App")
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        print(f"cannot read {ICON_SVG}", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        folder = ICON_THEME / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        icon_image(renderer, size).save(str(folder / f"{APP_ID}.png"))
    installer = RESOURCES / "installer"
    installer.mkdir(exist_ok=True)
    # Inno Setup's wizard pictures (Windows) and a disk image background (macOS).
    banner(renderer, 164, 314, 120, title=True).save(str(installer / "wizard-large.bmp"))
    banner(renderer, 55, 58, 48, title=False).save(str(installer / "wizard-small.bmp"))
    banner(renderer, 600, 400, 160, title=True).save(str(installer / "dmg-background.png"))
    # The program's own icon for PyInstaller: .ico (Windows) and .icns (macOS).
    largest = Image.open(ICON_THEME / "512x512" / "apps" / f"{APP_ID}.png")
    largest.save(installer / "evidence-app.ico", sizes=[(s, s) for s in ICON_SIZES if s <= 256])
    largest.save(installer / "evidence-app.icns")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
