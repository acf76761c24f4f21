"""Launcher: `python main.py` starts the Evidence App desktop application."""

import sys

from evidence_app.gui.app import run

if __name__ == "__main__":
    sys.exit(run(sys.argv))
