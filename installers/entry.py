"""The packaged program: no arguments opens the desktop app; arguments are the CLI's."""

import sys

from evidence_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["gui"]))
