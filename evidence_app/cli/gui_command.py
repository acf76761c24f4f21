"""`evidence-app gui`: start the desktop app (what `python main.py` runs)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    gui = commands.add_parser("gui", parents=[common], help="start the desktop app")
    gui.set_defaults(handler=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    # Imported here so that no other command ever loads Qt.
    from evidence_app.gui.app import run

    return run([])
