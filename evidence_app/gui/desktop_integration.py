"""What the desktop needs from the app before a window opens: a display and an icon.

The icon lives in the project's top-level `resources/` (a freedesktop hicolor tree shared
with the installers). It is found in a frozen build's folder, in the source tree, in the
`share/icons` that a wheel install puts under the Python prefix, or in the desktop's theme.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ID = "org.evidenceapp.EvidenceApp"
_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _icon_theme_roots() -> list[Path]:
    roots = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen) / "resources" / "icons" / "hicolor")
    roots.append(Path(__file__).resolve().parents[2] / "resources" / "icons" / "hicolor")
    roots.append(Path(sys.prefix) / "share" / "icons" / "hicolor")
    return roots


def application_icon() -> QIcon:
    for root in _icon_theme_roots():
        if not (root / "scalable" / "apps" / f"{APP_ID}.svg").is_file():
            continue
        icon = QIcon()
        for size in _ICON_SIZES:
            png = root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
            if png.is_file():
                icon.addFile(str(png))
        icon.addFile(str(root / "scalable" / "apps" / f"{APP_ID}.svg"))
        return icon
    return QIcon.fromTheme(APP_ID)


def missing_display() -> str | None:
    """Why no window can open here, in one line, or None.

    Without this check Qt aborts with a core dump and a page of plugin diagnostics.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "Evidence App needs a graphical desktop: no display was found (DISPLAY and "
        "WAYLAND_DISPLAY are unset). Start it from a desktop session; the command line "
        "(evidence-app --help) works without one."
    )
